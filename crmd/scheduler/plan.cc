#include "crmd/scheduler/plan.h"

#include <algorithm>

#include "crmd/scheduler/promotion.h"
#include "xml/base/ocf_rc.h"

namespace keel {
namespace {

std::string EntityId(const WorkingSet& ws, EntityRef ref) {
  if (ref.is_clone) return ws.clones[ref.index].id;
  return ref.is_group ? ws.groups[ref.index].id : ws.rscs[ref.index].id;
}

// A clone is runnable with clone-min instances placed (default 1); a group with all of its
// members.
bool Runnable(const WorkingSet& ws, EntityRef ref, bool require_all = true) {
  const std::vector<int> members = ws.Members(ref);
  auto placed = [&](int m) { return ws.rscs[m].target >= 0; };
  if (ref.is_clone) {
    const int needed = require_all ? ws.clones[ref.index].clone_min : 1;
    return std::count_if(members.begin(), members.end(), placed) >= needed;
  }
  return std::all_of(members.begin(), members.end(), placed);
}

// require-all=false: some first of the orders sharing this one's id and then can run.
bool AnyFirstRunnable(const WorkingSet& ws, const OrderInfo& o) {
  return std::any_of(ws.orders.begin(), ws.orders.end(), [&](const OrderInfo& other) {
    return !other.require_all && other.id == o.id && other.then.index == o.then.index &&
           other.then.is_clone == o.then.is_clone && other.then.is_group == o.then.is_group &&
           other.first_task == "start" && Runnable(ws, other.first, false);
  });
}

// A promotable clone's promote can run when some placed instance is to be promoted
// (crm_simulate 2.1.5 keeps what is ordered after it stopped otherwise).
bool Promotes(const WorkingSet& ws, EntityRef ref) {
  const std::vector<int> members = ws.Members(ref);
  return std::any_of(members.begin(), members.end(),
                     [&](int m) { return ws.rscs[m].target >= 0 && ws.rscs[m].promote; });
}

bool PrimaryRuns(const WorkingSet& ws, const Colocation& c) {
  if (c.primary_clone < 0) return ws.rscs[c.primary].target >= 0;
  const std::vector<int>& instances = ws.clones[c.primary_clone].instances;
  return std::any_of(instances.begin(), instances.end(), [&](int i) {
    const RscInfo& r = ws.rscs[i];
    if (c.primary_role == "Promoted") return r.target >= 0 && r.promote;
    if (c.primary_role == "Unpromoted") return r.target >= 0 && !r.promote;
    return r.target >= 0;
  });
}

std::string PrimaryName(const WorkingSet& ws, const Colocation& c) {
  return c.primary_clone < 0 ? ws.rscs[c.primary].id : ws.clones[c.primary_clone].id;
}

// Resources active on fenced nodes stop implicitly when the node is fenced.
bool ImpliedStop(const WorkingSet& ws, const RscInfo& rsc) {
  for (int n : rsc.active_nodes) {
    if (ws.nodes[n].fence) return true;
  }
  return false;
}

// What a clone does as a whole: its instances all stop, or it starts while none keeps
// running (one instance starting or stopping beside others that run does not count, as in
// Pacemaker: a resource ordered after a clone stays up while one instance runs).
bool CloneRequired(const WorkingSet& ws, EntityRef ref, const std::string& task) {
  bool any = false;
  for (int m : ws.Members(ref)) {
    const RscInfo& r = ws.rscs[m];
    bool stops = !r.stop_nodes.empty() || ImpliedStop(ws, r);
    bool stays = !r.active_nodes.empty() && r.target >= 0 && !stops && !r.start;
    if (stays) return false;
    if (task == "stop" && !r.active_nodes.empty() && !stops) return false;
    any |= task == "start" ? r.start : stops;
  }
  return any;
}

bool MembersRequired(const WorkingSet& ws, EntityRef ref, const std::string& task) {
  for (int m : ws.Members(ref)) {
    const RscInfo& r = ws.rscs[m];
    if (task == "start" && r.start) return true;
    if (task == "stop" && (!r.stop_nodes.empty() || ImpliedStop(ws, r))) return true;
    if (task == "promote" && r.promote_action) return true;
    if (task == "demote" && !r.demote_nodes.empty()) return true;
  }
  return false;
}

bool Required(const WorkingSet& ws, EntityRef ref, const std::string& task) {
  if (ref.is_clone && (task == "start" || task == "stop")) return CloneRequired(ws, ref, task);
  return MembersRequired(ws, ref, task);
}

// Before a clone that is not interleaved, any instance of the first clone that starts
// restarts every instance of the then-clone (Pacemaker 2.1.5: "due to required A running").
bool OrderFirstRequired(const WorkingSet& ws, const OrderInfo& o, const std::string& task) {
  if (o.first.is_clone && o.then.is_clone && task == "start") {
    return MembersRequired(ws, o.first, task);
  }
  return Required(ws, o.first, task);
}

void AddStop(RscInfo& r, int node) {
  auto pos = std::lower_bound(r.stop_nodes.begin(), r.stop_nodes.end(), node);
  if (pos == r.stop_nodes.end() || *pos != node) r.stop_nodes.insert(pos, node);
}

// Makes `task` happen for every member that can do it; true when something changed.
// A promote or demote asked of a promotable clone by an order adds nothing: its instances'
// roles are decided by promotion, and the order only sequences them (graph.cc).
bool Require(WorkingSet& ws, EntityRef ref, const std::string& task, const std::string& why) {
  bool changed = false;
  if (task == "promote" || task == "demote") return false;
  for (int m : ws.Members(ref)) {
    RscInfo& r = ws.rscs[m];
    if (!r.managed || r.blocked) continue;
    if (task == "start") {
      if (r.target < 0 || r.start) continue;
      AddStop(r, r.target);
      r.start = true;
    } else {
      bool added = false;
      for (int n : r.active_nodes) {
        if (ws.nodes[n].fence || std::binary_search(r.stop_nodes.begin(), r.stop_nodes.end(), n)) {
          continue;
        }
        AddStop(r, n);
        added = true;
      }
      if (!added) continue;
      if (r.target >= 0) r.start = true;
    }
    if (r.restart_reason.empty()) r.restart_reason = why;
    changed = true;
  }
  return changed;
}

// A group member that cannot be stopped (blocked or unmanaged while active) pins the
// members before it (their stops must wait for its stop) and the group cannot start anything.
void PinGroupsAroundBlockedMembers(WorkingSet& ws) {
  for (const GroupInfo& g : ws.groups) {
    int pinned = -1;
    for (size_t i = 0; i < g.members.size(); ++i) {
      const RscInfo& r = ws.rscs[g.members[i]];
      if ((r.blocked || !r.managed) && !r.active_nodes.empty()) pinned = static_cast<int>(i);
    }
    if (pinned < 0) continue;
    const std::string blocker = ws.rscs[g.members[pinned]].id;
    for (int i = 0; i < static_cast<int>(g.members.size()); ++i) {
      RscInfo& r = ws.rscs[g.members[i]];
      if (r.blocked || !r.managed) continue;
      std::string why = "due to unrunnable " + blocker + " stop (blocked)";
      if (r.active_nodes.empty()) {
        if (r.start) {
          r.start = false;
          r.target = -1;
          r.unrunnable_start = true;
          r.unrunnable_reason = why;
        }
      } else if (i < pinned && !r.stop_nodes.empty()) {
        r.stop_nodes.clear();
        r.start = false;
        r.blocked = true;
        r.block_reason = why;
      }
    }
  }
}

}  // namespace

std::string InverseTask(const std::string& task) {
  if (task == "start") return "stop";
  if (task == "stop") return "start";
  if (task == "promote") return "demote";
  return "promote";
}

void SettleUncleanNodes(WorkingSet& ws) {
  for (RscInfo& rsc : ws.rscs) {
    // Failures on an unclean node no longer matter: the node is (or must be) fenced. But
    // a stop that failed with a hard error (OCF 2-5) on a node that was shutting down and
    // cannot be fenced now stands (Pacemaker 2.1.5 shows it FAILED there, blocked).
    bool failed = false;
    for (const NodeHistory& h : rsc.history) {
      const NodeInfo& node = ws.nodes[h.node];
      bool hard_stop_failure = h.failed_stop && h.hard_error >= ocf_rc::kErrArgs &&
                               h.hard_error <= ocf_rc::kErrInstalled;
      bool stands = !node.unclean || (hard_stop_failure && node.shutdown && !node.fence &&
                                      ws.settings.fencing_enabled);
      if (h.active && h.failed && stands) failed = true;
    }
    rsc.failed = failed;
    if (rsc.block_node >= 0 && ws.nodes[rsc.block_node].unclean) {
      rsc.blocked = false;
      rsc.block_node = -1;
    }
    size_t kept = 0;  // filtered in place: most resources lose nothing here
    for (size_t i = 0; i < rsc.active_nodes.size(); ++i) {
      const int n = rsc.active_nodes[i];
      const NodeInfo& node = ws.nodes[n];
      if (node.unclean && !node.fence) {
        if (!ws.settings.fencing_enabled) continue;  // assumed stopped
        rsc.blocked = true;
        rsc.block_reason = node.name + " is unclean and cannot be fenced";
      }
      rsc.active_nodes[kept++] = n;
    }
    rsc.active_nodes.resize(kept);
  }
  for (Orphan& orphan : ws.orphans) {
    std::erase_if(orphan.active_nodes, [&](int n) {
      return ws.nodes[n].unclean && !ws.nodes[n].fence && !ws.settings.fencing_enabled;
    });
  }
}

void BlockUnrunnable(WorkingSet& ws) {
  // With fencing, a pending node counts as up: a resource never probed there might be
  // active there, and the node cannot run the probe yet, so Pacemaker starts it nowhere.
  for (RscInfo& r : ws.rscs) {
    if (!ws.settings.fencing_enabled) break;
    if (r.target < 0 || !r.managed || r.blocked || r.ActiveOn(r.target)) continue;
    for (int n = 0; n < static_cast<int>(ws.nodes.size()); ++n) {
      const NodeInfo& node = ws.nodes[n];
      if (node.membership != NodeMembership::kPending || node.unclean || KnownOn(ws, r, n) ||
          std::binary_search(r.no_probe_nodes.begin(), r.no_probe_nodes.end(), n)) {
        continue;
      }
      r.target = -1;
      r.unrunnable_start = true;
      r.unrunnable_reason = "blocked: not yet probed on pending node " + node.name;
      break;
    }
  }
  const size_t bound = ws.rscs.size() + ws.orders.size() + ws.colocations.size() + 2;
  for (size_t round = 0; round < bound; ++round) {
    bool changed = false;
    for (const OrderInfo& o : ws.orders) {
      const bool first_ok =
          o.first_task == "start" || (o.first_task == "promote" && o.first.is_clone);
      if (o.kind != OrderKind::kMandatory || !first_ok || o.then_task != "start") continue;
      if (o.first_task == "start" ? Runnable(ws, o.first, o.require_all) : Promotes(ws, o.first)) {
        continue;
      }
      if (!o.require_all && AnyFirstRunnable(ws, o)) continue;
      for (int m : ws.Members(o.then)) {
        RscInfo& r = ws.rscs[m];
        if (r.target < 0 || !r.managed || r.blocked) continue;
        // An asymmetrical order only keeps the then-resource from starting; one that is
        // healthy and staying where it runs is left alone.
        bool needs_start = r.active_nodes.empty() || r.failed || r.CurrentNode() != r.target;
        if (!o.symmetrical && !needs_start) continue;
        r.target = -1;
        r.unrunnable_start = true;
        r.unrunnable_reason = "due to unrunnable " + EntityId(ws, o.first) + " " + o.first_task;
        changed = true;
      }
    }
    for (const Colocation& c : ws.colocations) {
      RscInfo& dep = ws.rscs[c.dependent];
      if (!c.score.IsInfinite() || PrimaryRuns(ws, c) || dep.target < 0) continue;
      if (!dep.managed || dep.blocked) continue;
      dep.target = -1;
      dep.unrunnable_start = true;
      dep.unrunnable_reason = "due to unrunnable " + PrimaryName(ws, c) + " start";
      changed = true;
    }
    if (!changed) break;
  }
}

void PlanChanges(WorkingSet& ws) {
  for (RscInfo& r : ws.rscs) {
    if (!r.managed || r.blocked) continue;
    bool multiple = r.active_nodes.size() > 1;
    for (int n : r.active_nodes) {
      if (ws.nodes[n].fence) continue;  // stopped by fencing
      const NodeHistory* h = r.HistoryOn(n);
      bool failed_here = h != nullptr && h->failed;
      bool redefined = h != nullptr && h->definition_changed;
      if (n != r.target || multiple || failed_here || redefined) AddStop(r, n);
      if (n == r.target && r.restart_reason.empty()) {
        if (redefined) r.restart_reason = "due to resource definition change";
        // Unfencing a node restarts what runs there (it starts after the unfencing).
        if (ws.nodes[n].unfence && !redefined) {
          AddStop(r, n);
          r.restart_reason = "due to required stonith";
        }
      }
    }
    r.start = r.target >= 0 && (!r.ActiveOn(r.target) || ws.nodes[r.target].fence ||
                                std::binary_search(r.stop_nodes.begin(), r.stop_nodes.end(),
                                                   r.target));
  }
  const size_t bound = 2 * (ws.rscs.size() + 1) * (ws.orders.size() + 1);
  for (size_t round = 0; round < bound; ++round) {
    bool changed = false;
    PlanRoleChanges(ws);
    for (const OrderInfo& o : ws.orders) {
      if (o.kind != OrderKind::kMandatory) continue;
      if (o.symmetrical && OrderFirstRequired(ws, o, o.first_task)) {
        changed |= Require(ws, o.then, o.then_task,
                           "due to required " + EntityId(ws, o.first) + " " + o.first_task);
      }
      if (!o.symmetrical) continue;
      std::string inv_first = InverseTask(o.first_task);
      std::string inv_then = InverseTask(o.then_task);
      if (Required(ws, o.first, inv_first)) {
        changed |= Require(ws, o.then, inv_then,
                           "due to required " + EntityId(ws, o.first) + " " + inv_first);
      }
    }
    // Group members: a member that stops takes the members after it down too, and a member
    // that starts makes the members after it restart.
    for (const GroupInfo& g : ws.groups) {
      for (size_t i = 0; i + 1 < g.members.size(); ++i) {
        EntityRef first{false, g.members[i]}, then{false, g.members[i + 1]};
        if (Required(ws, first, "start")) {
          changed |= Require(ws, then, "start", "due to required " + ws.rscs[g.members[i]].id + " start");
        }
        if (Required(ws, first, "stop")) {
          changed |= Require(ws, then, "stop", "due to required " + ws.rscs[g.members[i]].id + " stop");
        }
      }
    }
    if (!changed) break;
  }
  PinGroupsAroundBlockedMembers(ws);
  PlanRoleChanges(ws);
}

}  // namespace keel
