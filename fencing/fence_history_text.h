#pragma once
// Fencing history as text for operators (`crm fencing history`, `crm status`). Pure.

#include <string>
#include <vector>

#include "fencing/fence_history.h"

namespace keel {

// One line per record, oldest first, e.g.
//   reboot of n3 succeeded: executor n2, origin n1, requested by crmd, 2026-11-24 06:00:00Z (0.4s)
//   off of n3 FAILED: fencing n3 failed: level 1 (ipmi): timed out; origin n1, ...
//   reboot of n3 pending: origin n1, requested by n1, since 2026-11-24 06:00:00Z
// With `verbose`, each agent attempt follows on an indented line.
std::string FormatFenceHistory(const std::vector<FenceRecord>& records, bool verbose);

// The newest completed record for `target`, or nullptr: "when was n3 last fenced, and did it work".
const FenceRecord* LastFencing(const std::vector<FenceRecord>& records, const std::string& target);

}  // namespace keel
