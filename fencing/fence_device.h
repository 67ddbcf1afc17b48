#pragma once
// Fence devices from the CIB (primitives of class stonith) and which targets each can fence:
// pcmk_host_list, pcmk_host_map, pcmk_host_check, pcmk_host_argument, pcmk_<action>_action,
// pcmk_<action>_timeout, pcmk_delay_base, pcmk_delay_max. Other pcmk_* attributes are refused
// ("not supported").
// Pure: the answers a dynamic check needs from the agent are inputs, never fetched here.

#include <cstdint>
#include <expected>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fencing/fence_protocol.h"
#include "xml/base/error.h"
#include "xml/cib.h"

namespace keel {

enum class HostCheck { kStaticList, kDynamicList, kStatus, kNone };

std::string_view HostCheckName(HostCheck check);  // "static-list", "dynamic-list", ...

struct FenceDeviceConfig {
  std::string id;
  std::string agent;                   // the primitive's type, e.g. fence_keel_lab
  std::vector<AgentParam> params;      // instance attributes without pcmk_*, in order
  std::vector<std::string> host_list;  // pcmk_host_list
  std::vector<std::pair<std::string, std::string>> host_map;  // pcmk_host_map node -> plug
  HostCheck host_check = HostCheck::kDynamicList;
  // pcmk_<action>_action (off, reboot, on, list, status, monitor): the word sent instead.
  std::map<FenceAction, std::string> action_words;
  // pcmk_<action>_timeout: replaces fencing-timeout for that action.
  std::map<FenceAction, int64_t> action_timeouts_ms;
  std::string host_argument = "plug";  // pcmk_host_argument: key of the plug line; "none": not sent
  int64_t delay_base_ms = 0;           // pcmk_delay_base: wait before off/reboot
  int64_t delay_max_ms = 0;            // pcmk_delay_max: plus a pseudo-random part up to this
  std::string where;                   // "source:line (id)" for messages
  friend bool operator==(const FenceDeviceConfig&, const FenceDeviceConfig&) = default;
};

// One stonith primitive. pcmk_host_check defaults like Pacemaker: static-list when a host
// list or map is given, else dynamic-list. Errors (all of them) name the attribute and line.
std::expected<FenceDeviceConfig, Errors> FenceDeviceFromPrimitive(const Primitive& primitive,
                                                                  std::string_view source);

// Every stonith primitive at the top level of the configuration, in document order.
// A stonith primitive inside a group or clone is refused ("not supported").
std::expected<std::vector<FenceDeviceConfig>, Errors> FenceDevicesFromConfig(
    const Configuration& config, std::string_view source);

// The plug (port) value for `target`: its pcmk_host_map entry, else the target name.
std::string PlugFor(const FenceDeviceConfig& device, std::string_view target);

// The agent word for a fencing action after pcmk_*_action renames.
std::string AgentActionWord(const FenceDeviceConfig& device, FenceAction action);

// The delay before an off/reboot with `device` (0 for other actions): pcmk_delay_base plus, when
// pcmk_delay_max is larger, a part in [0, max - base] derived from `seed` (e.g. the operation
// id): spread like a random delay, yet the same on every replay.
int64_t FencingDelayMs(const FenceDeviceConfig& device, FenceAction action, std::string_view seed);

// The complete agent input for `action` against `target` (renamed action word, plug from
// pcmk_host_map, nodename, device parameters). list, list-status, monitor and metadata are
// device-wide: no plug or nodename is sent, and `target` may be empty.
std::expected<std::string, Error> DeviceStdin(const FenceDeviceConfig& device, FenceAction action,
                                              std::string_view target);

enum class Capability { kYes, kNo, kAskList, kAskStatus };

// What the configuration alone says about fencing `target` with `device`: yes/no for
// static-list and none, or which question to ask the agent for dynamic-list / status.
Capability StaticCapability(const FenceDeviceConfig& device, std::string_view target);

// The answer to kAskList: the target's name or its mapped plug is in the agent's list.
bool ListAllows(const FenceDeviceConfig& device, std::string_view target,
                const std::vector<ListedTarget>& list);

// For `crm configure verify` / lint: one warning per device that can fence none of
// `node_names` by its static host list or map (dynamic checks are not judged here). Each names
// the device's place.
Errors DevicesThatFenceNothing(const std::vector<FenceDeviceConfig>& devices,
                               const std::vector<std::string>& node_names);

// Checks a device's attributes against its agent's metadata: a required parameter without a
// value and without a default is an error; a parameter the agent does not know is a warning
// (code kNotFound) since fence-agents ignore it. action/plug/port/nodename are the fencer's.
Errors CheckDeviceAgainstMetadata(const FenceDeviceConfig& device, const FenceMetadata& metadata);

}  // namespace keel
