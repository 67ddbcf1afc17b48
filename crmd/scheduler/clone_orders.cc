#include "crmd/scheduler/clone_orders.h"

#include <algorithm>

namespace keel {
namespace {

// Interleaved, and the first clone has its clone-min instances: with fewer, the order
// blocks the whole then-clone (BlockUnrunnable), as Pacemaker does.
bool Interleaved(const WorkingSet& ws, const OrderInfo& o) {
  if (!o.first.is_clone || !o.then.is_clone || !ws.clones[o.then.index].interleave) return false;
  if (!o.require_all) return false;  // any one instance of first, wherever it is
  const CloneInfo& first = ws.clones[o.first.index];
  auto placed = std::count_if(first.instances.begin(), first.instances.end(),
                              [&](int a) { return ws.rscs[a].target >= 0; });
  return placed >= first.clone_min;
}

// The first clone's instance placed on (or, with `current`, running on) `node`, or -1.
int PartnerOn(const WorkingSet& ws, const CloneInfo& first, int node, bool current) {
  if (node < 0) return -1;
  for (int a : first.instances) {
    const RscInfo& r = ws.rscs[a];
    if (current ? r.ActiveOn(node) : r.target == node) return a;
  }
  return -1;
}

}  // namespace

void ExpandInterleavedOrders(WorkingSet& ws) {
  std::vector<OrderInfo> kept;
  for (const OrderInfo& o : ws.orders) {
    if (!Interleaved(ws, o)) {
      kept.push_back(o);
      continue;
    }
    const CloneInfo& first = ws.clones[o.first.index];
    for (int b : ws.clones[o.then.index].instances) {
      RscInfo& then = ws.rscs[b];
      // The partner where the instance is placed; one that stops pairs with the instance
      // running where it runs now (its stop comes first). A moving instance is not held by
      // the partner it leaves behind.
      int partner = then.target >= 0 ? PartnerOn(ws, first, then.target, false)
                                     : PartnerOn(ws, first, then.CurrentNode(), true);
      if (partner >= 0) {
        OrderInfo pair = o;
        pair.first = EntityRef{false, partner};
        pair.then = EntityRef{false, b};
        kept.push_back(pair);
      }
      bool unpaired = then.target >= 0 && partner < 0;
      // After a promote: the partner there must end promoted.
      const bool promote = o.first_task == "promote";
      if (promote && then.target >= 0 && partner >= 0 && !ws.rscs[partner].promote) {
        unpaired = true;
      }
      if (o.kind == OrderKind::kMandatory && (o.first_task == "start" || promote) &&
          o.then_task == "start" && unpaired && then.managed && !then.blocked) {
        then.target = -1;
        then.unrunnable_start = true;
        then.unrunnable_reason =
            "due to unrunnable " + first.id + " " + o.first_task + " on that node";
      }
    }
  }
  ws.orders = std::move(kept);
}

}  // namespace keel
