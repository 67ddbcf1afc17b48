#pragma once
// Orders between two clones, once instances are placed. With interleave=true on the
// then-clone, an order pairs instances node by node: the then-instance on a node waits for
// (and restarts with) the first clone's instance on that node, and cannot start where the
// first clone has no instance. Without interleave, or while the first clone has fewer than
// clone-min instances placed, the order stays between the whole clones.
// Internal to the scheduler.

#include "crmd/scheduler/working_set.h"

namespace keel {

// Replaces each interleaved clone -> clone order by orders between instance pairs (by the
// node each is placed on; for a then-instance that stops, by the node it runs on now), and
// keeps then-instances with no partner where they must start from starting.
void ExpandInterleavedOrders(WorkingSet& ws);

}  // namespace keel
