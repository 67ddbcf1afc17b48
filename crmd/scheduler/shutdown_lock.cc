#include "crmd/scheduler/shutdown_lock.h"

#include <optional>

namespace keel {
namespace {

bool Lockable(const RscInfo& rsc) {
  return rsc.clone < 0 && rsc.primitive != nullptr && rsc.primitive->resource_class != "stonith";
}

// The node `rsc` is locked to, if any.
std::optional<int> LockedTo(WorkingSet& ws, const RscInfo& rsc) {
  for (int n : rsc.active_nodes) {
    const NodeInfo& node = ws.nodes[n];
    if (node.shutdown && node.membership == NodeMembership::kOnline) return n;
  }
  if (!rsc.active_nodes.empty()) return std::nullopt;
  for (const NodeHistory& h : rsc.history) {
    const NodeInfo& node = ws.nodes[h.node];
    if (!h.shutdown_lock_s || node.in_membership || node.unclean) continue;
    const int64_t limit = ws.settings.shutdown_lock_limit_s;
    if (limit > 0) {
      const int64_t expires = *h.shutdown_lock_s + limit;
      if (expires <= ws.now.epoch_seconds) continue;
      NoteRecheck(ws, expires, "shutdown-lock of " + rsc.id + " to " + node.name + " expires");
    }
    return h.node;
  }
  return std::nullopt;
}

}  // namespace

void ApplyShutdownLocks(WorkingSet& ws) {
  if (!ws.settings.shutdown_lock) return;
  for (RscInfo& rsc : ws.rscs) {
    if (!Lockable(rsc)) continue;
    std::optional<int> locked = LockedTo(ws, rsc);
    if (!locked) continue;
    for (int n = 0; n < static_cast<int>(ws.nodes.size()); ++n) {
      if (n == *locked) continue;
      AddWeight(ws, rsc, n, Score::MinusInfinity(), "shutdown-lock to " + ws.nodes[*locked].name);
    }
  }
}

}  // namespace keel
