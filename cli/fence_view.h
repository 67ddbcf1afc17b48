#pragma once
// Fencing as the CLI shows it, from the CIB text (pure): the history kept in the status
// (<status><fencing-history>, written by the DC) and the configured fence devices with the
// nodes each can fence per its static configuration. For `crm fencing history` and
// `crm status`.

#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "fencing/fence_history.h"
#include "xml/base/error.h"

namespace keel {

// The history in `cib_xml`, oldest first; only records for `target` when it is not empty.
// No history element: an empty list. Errors: the CIB or the history does not parse.
std::expected<std::vector<FenceRecord>, Error> FenceHistoryFromCibText(std::string_view cib_xml,
                                                                       std::string_view target);

// {"history":[{"id":..,"target":..,"action":..,"state":..,"reason":..,"origin":..,
// "executor":..,"requesters":[..],"requested_ms":..,"completed_ms":..|null,"attempts":[..]}]}
std::string FenceHistoryJson(const std::vector<FenceRecord>& records);

struct FenceDeviceView {
  std::string id;
  std::string agent;
  std::string host_check;            // static-list, dynamic-list, status, none
  std::vector<std::string> targets;  // configured nodes it can fence per its static config
};

// Every stonith primitive; `nodes` are the configured node names (targets are among them;
// with dynamic-list/status the agent decides at fencing time: targets stay empty).
std::vector<FenceDeviceView> FenceDevicesFromCibText(std::string_view cib_xml,
                                                     const std::vector<std::string>& nodes);

// `crm status` lines: the devices, then the newest record per target when it failed
// ("Failed Fencing Actions") or succeeded ("Fencing"), and pending ones. Empty when there is
// no device and no history.
// The same for `crm status --json`: `"fence_devices":[{"id","agent","host_check","targets"}],
// "fencing_history":[...records as in FenceHistoryJson...]` (members to add to an object).
std::string FencingStatusJsonMembers(const std::vector<FenceDeviceView>& devices,
                                     const std::vector<FenceRecord>& history);

std::string RenderFencingStatus(const std::vector<FenceDeviceView>& devices,
                                const std::vector<FenceRecord>& history);

}  // namespace keel
