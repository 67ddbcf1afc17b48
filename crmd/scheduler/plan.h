#pragma once
// From placement to changes: which primitives stop where and start where, after mandatory
// orderings block starts ("unrunnable A start") and imply restarts ("required A start").
// Internal to the scheduler.

#include "crmd/scheduler/working_set.h"

namespace keel {

// Before assignment: resources on nodes that are unclean but cannot be fenced either count
// as stopped (fencing disabled) or stay blocked where they are (no quorum to fence).
void SettleUncleanNodes(WorkingSet& ws);

// After assignment: mandatory orders whose first start cannot run keep the then-resource
// stopped, and infinite colocations with a primary that cannot run do the same.
void BlockUnrunnable(WorkingSet& ws);

// The task an order's inverse uses: start <-> stop, promote <-> demote.
std::string InverseTask(const std::string& task);

// Stops and starts per primitive, then restarts implied by mandatory orders.
void PlanChanges(WorkingSet& ws);

}  // namespace keel
