#pragma once
// Cluster options the scheduler reads (crm_config), with Pacemaker's defaults and both
// spellings of renamed options (stonith-enabled / fencing-enabled). Pure.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "crmd/scheduler/working_set.h"
#include "xml/cib.h"

namespace keel {

// Pacemaker's truth values: true/yes/on/y/1 and false/no/off/n/0 (any case).
std::optional<bool> ParseTruth(std::string_view text);

// A cluster option by either spelling, read as Pacemaker reads crm_config: the set
// "cib-bootstrap-options" first, then by score, sets whose rule does not hold at `now`
// (epoch seconds) skipped (without `now` no date expression holds); nullopt when unset.
std::optional<std::string> SchedulerOption(const Configuration& config, std::string_view name,
                                           std::optional<int64_t> now = std::nullopt);

// All settings; `have_quorum` comes from the cluster view. no-quorum-policy=suicide (or
// fence) stays in force only with fencing enabled and a partition that has had quorum
// (`had_quorum`); otherwise it reads as stop, as in Pacemaker.
ClusterSettings ReadSettings(const Configuration& config, bool have_quorum, bool had_quorum = true,
                             std::optional<int64_t> now = std::nullopt);

}  // namespace keel
