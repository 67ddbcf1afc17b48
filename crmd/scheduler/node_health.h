#pragma once
// node-health-strategy: the "#health-*" node attributes (red / yellow / green or a score)
// summed per node into a location score for every resource, as Pacemaker applies them.
// Internal to the scheduler.

#include "crmd/scheduler/working_set.h"

namespace keel {

// Adds each node's health score (none: nothing) to every primitive's weight there; a
// negative score spares resources with meta allow-unhealthy-nodes=true.
void ApplyNodeHealth(WorkingSet& ws);

}  // namespace keel
