// Placement of anonymous clone instances, in the order Pacemaker 2.1.5 follows: every
// instance first takes the clone's constraints and its own stickiness, instances that run
// stay where they run when no node is better for them, the others go to the best nodes that
// have no instance yet; at most clone-max instances are placed, one per node.

#include <algorithm>

#include "crmd/scheduler/placement.h"
#include "crmd/scheduler/promotion.h"
#include "crmd/scheduler/utilization.h"

namespace keel {
namespace {

// A failure recorded against one instance (or against the clone where no instance runs any
// more) counts for the clone: Pacemaker keeps fail counts and hard errors per clone and node.
void ShareFailures(WorkingSet& ws, const CloneInfo& clone) {
  for (int i : clone.instances) {
    RscInfo& rsc = ws.rscs[i];
    for (const NodeHistory& h : clone.inactive) ApplyFailures(ws, rsc, h);
    for (int other : clone.instances) {
      if (other == i) continue;
      for (const NodeHistory& h : ws.rscs[other].history) {
        if (h.fail_count > 0 || h.hard_error != 0) ApplyFailures(ws, rsc, h);
      }
    }
  }
}

int AvailableNodes(const WorkingSet& ws) {
  int count = 0;
  for (int n = 0; n < static_cast<int>(ws.nodes.size()); ++n) count += Available(ws, n) ? 1 : 0;
  return count;
}

// The clone's own score on a node: the instance's without its stickiness. Pacemaker lets no
// instance run where the clone scores below zero, whatever an instance's stickiness adds.
bool CloneAllows(const RscInfo& rsc, int node) {
  Score score = rsc.weights[node];
  if (node == rsc.CurrentNode() && rsc.managed && !score.IsMinusInfinite()) {
    score = Score(score.value() - rsc.stickiness.value());
  }
  return score.value() >= 0;
}

// Where the instance runs now: for the first member of a group instance, where any of its
// members runs (Pacemaker places a group instance by the node of its active members).
int InstanceNode(const WorkingSet& ws, const RscInfo& rsc) {
  if (rsc.CurrentNode() >= 0 || rsc.group < 0 || ws.clones[rsc.clone].cloned_group < 0) {
    return rsc.CurrentNode();
  }
  for (int m : ws.groups[rsc.group].members) {
    if (ws.rscs[m].CurrentNode() >= 0) return ws.rscs[m].CurrentNode();
  }
  return -1;
}

// Instances that run, healthy, then failed ones, each with the best score where it runs
// first; then the inactive ones in instance order; last those on nodes that cannot run
// resources or where the clone itself (its locations, before colocations) scores below
// zero: Pacemaker 2.1.5 stops such an instance and starts an inactive one elsewhere rather
// than moving it. Which instance goes where decides whose history, and so whose promotion
// score, a node keeps.
std::vector<int> InstanceOrder(const WorkingSet& ws, const CloneInfo& clone) {
  auto rank = [&](int r) {
    const RscInfo& rsc = ws.rscs[r];
    int node = InstanceNode(ws, rsc);
    if (node < 0) return 3;
    if (!Available(ws, node) || clone.node_scores[node].value() < 0) return 4;
    return rsc.failed ? 1 : 0;
  };
  std::vector<int> order = clone.instances;
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    int ra = rank(a), rb = rank(b);
    if (ra != rb) return ra < rb;
    if (ra == 3) return false;
    const RscInfo &x = ws.rscs[a], &y = ws.rscs[b];
    return x.weights[InstanceNode(ws, x)] > y.weights[InstanceNode(ws, y)];
  });
  return order;
}

// The best score among nodes the instance may still take and no other instance runs on.
Score BestOpen(const WorkingSet& ws, const CloneInfo& clone, const RscInfo& rsc,
               const std::vector<int>& count, int limit) {
  Score best = Score::MinusInfinity();
  for (size_t n = 0; n < ws.nodes.size(); ++n) {
    const int node = static_cast<int>(n);
    if (!Available(ws, node) || count[n] >= limit || rsc.weights[n] <= best) continue;
    // A node where another instance (a failed one) still runs is not open to this one.
    if (std::any_of(clone.instances.begin(), clone.instances.end(),
                    [&](int i) { return &ws.rscs[i] != &rsc && ws.rscs[i].ActiveOn(node); })) {
      continue;
    }
    best = rsc.weights[n];
  }
  return best;
}

// What makes Choose() stop a resource wherever it could run (it says why).
bool MustStop(const WorkingSet& ws, const RscInfo& rsc) {
  const ClusterSettings& s = ws.settings;
  return rsc.target_stopped || rsc.force_stop ||
         (!s.have_quorum && rsc.needs_quorum && s.no_quorum_policy == NoQuorumPolicy::kStop);
}

void Place(WorkingSet& ws, RscInfo& rsc, int node, std::vector<int>& count, int& placed) {
  rsc.target = node;
  ws.nodes[node].assigned++;
  count[node]++;
  placed++;
}

}  // namespace

void ApplyCloneFailures(WorkingSet& ws) {
  for (const CloneInfo& clone : ws.clones) ShareFailures(ws, clone);
}

void AssignClone(WorkingSet& ws, int index) {
  if (ws.clones[index].assigned || ws.clones[index].assigning) return;
  ws.clones[index].assigning = true;
  const std::vector<int> instances = ws.clones[index].instances;
  const int clone_max = ws.clones[index].clone_max;
  const int limit = ws.clones[index].clone_node_max;
  if (!instances.empty()) {
    const RscInfo& model = ws.rscs[instances.front()];
    std::vector<Score> scores = model.weights;
    int current = model.managed ? model.CurrentNode() : -1;
    if (current >= 0 && !scores[current].IsInfinite() && !scores[current].IsMinusInfinite()) {
      scores[current] += Score(-model.stickiness.value());
    }
    // Better, from an instance not running there: it has no stickiness to take back there
    // (an infinite one cannot be taken back).
    for (int r : instances) {
      if (current < 0 || ws.rscs[r].ActiveOn(current)) continue;
      scores[current] = ws.rscs[r].weights[current];
      break;
    }
    ws.clones[index].node_scores = std::move(scores);
  }
  // What the promoted (or unpromoted) role is colocated with is placed first, as Pacemaker
  // places every primary of a clone's colocations before its instances.
  for (int c : std::vector<int>(ws.clones[index].role_colocations)) {
    AssignPrimary(ws, ws.role_colocations[c]);
  }
  for (int r : instances) FollowPrimaries(ws, r);
  // A group instance weighs in the members after it, as a group does: a member that cannot
  // run on a node keeps its whole instance off that node.
  if (ws.clones[index].cloned_group >= 0) {
    for (int r : instances) MergeDependents(ws, r, std::vector<int>(ws.rscs[r].as_primary));
  }
  // Dependents' preferences pull (or push) instances only when not every node gets one:
  // Pacemaker 2.1.5 places an instance on every node even where a dependent colocated
  // -INFINITY with the clone would rather run (golden case clone-avoided-by-dependent).
  const bool every_node = clone_max >= AvailableNodes(ws);
  if (!every_node) {
    // What is colocated with a role pulls and pushes instances like any dependent, but its
    // bans (-INFINITY) keep no instance off a node (promoted-dependent-ban; crm_simulate
    // 2.1.5 does push an instance away from a finite preference).
    std::vector<int> plain, with_role;
    for (int c : ws.clones[index].as_primary) {
      (ws.colocations[c].primary_role.empty() ? plain : with_role).push_back(c);
    }
    for (int r : instances) {
      MergeDependents(ws, r, plain);
      for (int c : with_role) {
        const Colocation& col = ws.colocations[c];
        if (!col.influence) continue;
        double factor = static_cast<double>(col.score.value()) / Score::kInfinity;
        Weights& weights = ws.rscs[r].weights;
        Weights merged = Merge(ws, col.dependent, weights, factor, false, col.node_attribute);
        for (size_t n = 0; n < weights.size(); ++n) {
          if (!merged[n].IsMinusInfinite() || weights[n].IsMinusInfinite()) weights[n] = merged[n];
        }
      }
    }
  }
  std::vector<int> count(ws.nodes.size(), 0);
  int placed = 0;
  // Unmanaged and blocked instances stay as they are and count where they are.
  for (int r : instances) {
    RscInfo& rsc = ws.rscs[r];
    if (rsc.managed && !rsc.blocked) continue;
    Choose(ws, rsc);
    rsc.assigned = true;
    if (rsc.target >= 0) {
      count[rsc.target]++;
      placed++;
    }
  }
  const std::vector<int> order = InstanceOrder(ws, ws.clones[index]);
  // Instances stay where they run only up to an even share of clone-max per node (Pacemaker
  // moves the extra ones of a clone-node-max > 1 clone: bug-lf-2445).
  const int share = std::min(limit, std::max(1, clone_max / std::max(1, AvailableNodes(ws))));
  for (int r : order) {
    RscInfo& rsc = ws.rscs[r];
    int node = InstanceNode(ws, rsc);
    if (rsc.assigned || node < 0 || rsc.failed || placed >= clone_max) continue;
    if (!Available(ws, node) || count[node] >= share || !CloneAllows(rsc, node)) continue;
    if (rsc.weights[node] < BestOpen(ws, ws.clones[index], rsc, count, limit) ||
        MustStop(ws, rsc) || (UsesUtilization(ws) && !FitsOn(ws, rsc, node))) {
      continue;
    }
    rsc.assigned = true;
    Place(ws, rsc, node, count, placed);
    if (UsesUtilization(ws)) ConsumeCapacity(ws, rsc, node);
  }
  for (int r : order) {
    RscInfo& rsc = ws.rscs[r];
    if (rsc.assigned) continue;
    rsc.assigned = true;
    if (placed >= clone_max) {
      rsc.target = -1;
      rsc.stop_reason = "clone-max " + std::to_string(clone_max) + " instances already placed";
      continue;
    }
    for (size_t n = 0; n < ws.nodes.size(); ++n) {
      if (rsc.weights[n].IsMinusInfinite()) continue;
      if (count[n] >= limit) {
        AddWeight(ws, rsc, static_cast<int>(n), Score::MinusInfinity(),
                  "an instance of " + ws.clones[index].id + " is placed there");
      } else if (!CloneAllows(rsc, static_cast<int>(n))) {
        AddWeight(ws, rsc, static_cast<int>(n), Score::MinusInfinity(),
                  "the clone scores below zero there (stickiness does not count)");
      }
    }
    Choose(ws, rsc);
    if (rsc.target >= 0) {
      ws.nodes[rsc.target].assigned--;
      Place(ws, rsc, rsc.target, count, placed);
    }
  }
  const int cloned_group = ws.clones[index].cloned_group;
  if (ws.clones[index].promotable && cloned_group < 0) SetInstanceRoles(ws, index);
  ws.clones[index].assigned = true;
  ws.clones[index].assigning = false;
  if (ws.clones[index].promotable && cloned_group >= 0) {
    // A group instance's role needs every member placed; the last one placed decides it.
    for (int m : std::vector<int>(ws.cloned_groups[cloned_group].member_clones)) {
      AssignClone(ws, m);
    }
    SetInstanceRoles(ws, index);
  }
}

}  // namespace keel
