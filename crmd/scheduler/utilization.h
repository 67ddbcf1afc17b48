#pragma once
// Utilization and placement-strategy (utilization, minimal, balanced): what nodes offer and
// resources need, read from <utilization> sets, checked and consumed as primitives are
// placed. With placement-strategy=default none of this runs. Internal to the scheduler.

#include "crmd/scheduler/working_set.h"

namespace keel {

// True when ws's placement-strategy makes the scheduler look at utilization.
bool UsesUtilization(const WorkingSet& ws);

// Fills WorkingSet::capacity and WorkingSet::utilization (clone instances take their
// primitive's).
Errors ReadUtilization(const Cib& cib, WorkingSet& ws);

// Before r is placed: bans (-INFINITY) the nodes that lack the remaining capacity for r and
// the not yet placed resources colocated with it (INFINITY, both ways), when some node has
// it; otherwise the nodes that lack capacity for r alone. Returns the node with the most
// remaining capacity in that second case (a tie-breaker among r's best nodes), else -1.
int BanInsufficientCapacity(WorkingSet& ws, int r);

// Node has the remaining capacity for rsc's utilization.
bool FitsOn(const WorkingSet& ws, const RscInfo& rsc, int node);

// Takes rsc's utilization from node's remaining capacity.
void ConsumeCapacity(WorkingSet& ws, const RscInfo& rsc, int node);

// Compares the remaining capacity of two nodes attribute by attribute: below zero when a has
// more in more attributes than b, above zero for the reverse, zero when even.
int CompareCapacity(const WorkingSet& ws, int a, int b);

}  // namespace keel
