#pragma once
// Placement: node weights per primitive (symmetric-cluster, locations and rules,
// stickiness, fail counts), then assignment in Pacemaker's order (priority, then score on
// the current node, then best scores), each primitive placing the resources it is
// colocated with first and weighing in the preferences of those colocated with it.
// Internal to the scheduler.

#include "crmd/scheduler/working_set.h"

namespace keel {

// Weights before colocation: base, locations, stickiness, failures.
void InitWeights(WorkingSet& ws);

// Assigns every primitive a target node (or none), setting RscInfo::target.
void AssignAll(WorkingSet& ws);

}  // namespace keel
