#pragma once
// The action graph of a planned transition: fence, probe, stop, start and monitor actions
// with "must finish before" edges, topologically sorted with a deterministic tie-break.
// Internal to the scheduler.

#include "crmd/scheduler/working_set.h"

namespace keel {

// Fills transition.actions and transition.edges from the plan in `ws`.
void BuildGraph(const WorkingSet& ws, Transition& transition);

}  // namespace keel
