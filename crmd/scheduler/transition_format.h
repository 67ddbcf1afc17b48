#pragma once
// A compact, stable text form of a transition: one line per decision, action and edge.
// Used by the golden tests (expected files) and handy in logs.

#include <string>

#include "crmd/scheduler/scheduler.h"

namespace keel {

// "placement vip: started node2 (Move: node1 is in standby)", "fence node1: reason",
// "action 3: vip_start_0 on node2", "edge 2 -> 3" ...
std::string FormatTransition(const Transition& transition);

// "started", "stopped" or "failed".
std::string PlacementStateName(PlacementState state);

}  // namespace keel
