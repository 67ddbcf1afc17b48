#pragma once
// Current state from the status section: for every resource and node, replays the
// operation history (by call-id) to find where it is active, what failed and how the
// failure asks to be handled; reads fail counts; marks nodes that must be fenced
// (failed stops, on-fail=fence, resources active on a lost node). Internal to the scheduler.

#include "crmd/scheduler/working_set.h"

namespace keel {

// Fills RscInfo::history/active_nodes/failed/blocked, WorkingSet::orphans and node fencing.
// Errors come from a WorkingSet::history that does not parse (nothing is decided then).
Errors UnpackHistory(WorkingSet& ws);

// Decides which unclean nodes get fenced (fencing enabled and quorum, or
// no-quorum-policy=ignore) and what happens to resources on nodes that cannot be fenced.
void DecideFencing(WorkingSet& ws);

}  // namespace keel
