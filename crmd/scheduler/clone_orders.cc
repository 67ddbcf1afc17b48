#include "crmd/scheduler/clone_orders.h"

#include <algorithm>

namespace keel {
namespace {

// Interleaved, and the first clone has its clone-min instances: with fewer, the order
// blocks the whole then-clone (BlockUnrunnable), as Pacemaker does.
bool Interleaved(const WorkingSet& ws, const OrderInfo& o) {
  if (!o.first.is_clone || !o.then.is_clone || !ws.clones[o.then.index].interleave) return false;
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
      std::vector<int> partners;
      for (int a : {PartnerOn(ws, first, then.target, false),
                    PartnerOn(ws, first, then.CurrentNode(), true)}) {
        if (a >= 0 && std::find(partners.begin(), partners.end(), a) == partners.end()) {
          partners.push_back(a);
        }
      }
      for (int a : partners) {
        OrderInfo pair = o;
        pair.first = EntityRef{false, a};
        pair.then = EntityRef{false, b};
        kept.push_back(pair);
      }
      bool unpaired = PartnerOn(ws, first, then.target, false) < 0;
      if (o.kind == OrderKind::kMandatory && o.first_task == "start" && o.then_task == "start" &&
          then.target >= 0 && unpaired && then.managed && !then.blocked) {
        then.target = -1;
        then.unrunnable_start = true;
        then.unrunnable_reason = "due to unrunnable " + first.id + " start on that node";
      }
    }
  }
  ws.orders = std::move(kept);
}

}  // namespace keel
