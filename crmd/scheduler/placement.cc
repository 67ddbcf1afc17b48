#include "crmd/scheduler/placement.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <span>

#include "crmd/scheduler/location_targets.h"
#include "crmd/scheduler/node_health.h"
#include "crmd/scheduler/rules.h"
#include "crmd/scheduler/shutdown_lock.h"
#include "crmd/scheduler/tickets.h"
#include "crmd/scheduler/utilization.h"

namespace keel {
namespace {

// resource-discovery: "never" skips probes on the constraint's nodes; "exclusive" probes
// only on the nodes of exclusive constraints. Nodes named by rules are not resolved here:
// those constraints still place, and probes stay on (the safe side).
void ApplyDiscovery(WorkingSet& ws) {
  std::vector<std::vector<char>> exclusive;  // sized at the first such location
  for (const LocationConstraint* loc_ptr : ws.locations) {
    const LocationConstraint& loc = *loc_ptr;
    if (loc.resource_discovery.empty()) continue;  // the default, "always"
    if (loc.resource_discovery != "never" && loc.resource_discovery != "exclusive") continue;
    auto it = ws.entity_by_id.find(loc.rsc);
    auto node = loc.node ? ws.NodeIndex(*loc.node) : std::nullopt;
    if (it == ws.entity_by_id.end() || !node) continue;
    if (exclusive.empty()) exclusive.resize(ws.rscs.size());
    for (int m : ws.Members(it->second)) {
      if (loc.resource_discovery == "never") {
        ws.rscs[m].no_probe_nodes.push_back(*node);
      } else {
        exclusive[m].resize(ws.nodes.size(), 0);
        exclusive[m][*node] = 1;
      }
    }
  }
  if (exclusive.empty()) return;  // no location asked for less discovery
  for (size_t r = 0; r < ws.rscs.size(); ++r) {
    for (size_t n = 0; n < exclusive[r].size(); ++n) {
      if (!exclusive[r][n]) ws.rscs[r].no_probe_nodes.push_back(static_cast<int>(n));
    }
    auto& list = ws.rscs[r].no_probe_nodes;
    std::sort(list.begin(), list.end());
  }
}

void ApplyLocations(WorkingSet& ws) {
  const int n_nodes = static_cast<int>(ws.nodes.size());
  std::vector<std::vector<char>> allowed;
  if (!ws.settings.symmetric) allowed.assign(ws.rscs.size(), std::vector<char>(n_nodes, 0));
  for (const LocationConstraint* loc_ptr : ws.locations) {
    const LocationConstraint& loc = *loc_ptr;
    if (!NormalRole(loc.role).empty()) continue;  // role-based: promotion.cc
    auto it = ws.entity_by_id.find(loc.rsc);
    if (it == ws.entity_by_id.end()) continue;
    // A primitive's list is itself (no allocation: there is a location per resource).
    const int single = it->second.index;
    const bool primitive =
        !it->second.is_group && !it->second.is_clone && it->second.cloned_group < 0;
    const std::vector<int> many = primitive ? std::vector<int>() : ws.Members(it->second);
    const std::span<const int> members = primitive ? std::span<const int>(&single, 1) : many;
    // On a clone of a group the score goes to the first members (the others follow them, as
    // in Pacemaker, where the group instance takes it); every member is allowed there.
    std::span<const int> weighted = members;
    // A group's score goes to its first member too: what is colocated with a later member
    // weighs in only that member's own preferences (case group-location-first-member).
    if (it->second.is_group && !members.empty()) weighted = weighted.first(1);
    if (it->second.cloned_group >= 0) {
      const int first = ws.cloned_groups[it->second.cloned_group].member_clones.front();
      weighted = ws.clones[first].instances;
    }
    auto add = [&](int node, Score score, const std::string& what) {
      for (int m : weighted) AddWeight(ws, ws.rscs[m], node, score, what);
      for (int m : members) {
        if (!allowed.empty()) allowed[m][node] = 1;
      }
    };
    if (loc.node) {
      auto node = ws.NodeIndex(*loc.node);
      if (node && loc.score) add(*node, *loc.score, ws.explain ? "location " + loc.id : "");
    }
    const std::optional<ValueSources> values =
        UsesValueSource(loc) ? ValueSourcesOf(ws.cib->configuration, loc.rsc) : std::nullopt;
    for (const Rule& rule : loc.rules) {
      if (!NormalRole(rule.role).empty()) continue;
      for (int n = 0; n < n_nodes; ++n) {
        if (LocationRuleMatches(rule, ws.nodes[n].attrs, ws.now.epoch_seconds,
                                values ? &*values : nullptr)) {
          add(n, RuleScore(rule, ws.nodes[n].attrs), "location " + loc.id + " rule " + rule.id);
        }
      }
    }
  }
  ApplyDiscovery(ws);
  for (size_t r = 0; r < allowed.size(); ++r) {
    for (int n = 0; n < n_nodes; ++n) {
      if (!allowed[r][n]) {
        AddWeight(ws, ws.rscs[r], n, Score::MinusInfinity(),
                  "symmetric-cluster=false and no location allows it");
      }
    }
  }
}

void ApplyStickinessAndFailures(WorkingSet& ws, RscInfo& rsc) {
  int current = rsc.CurrentNode();
  if (rsc.managed && current >= 0 && rsc.stickiness.value() != 0) {
    AddWeight(ws, rsc, current, rsc.stickiness, "resource-stickiness");
  }
  for (const NodeHistory& h : rsc.history) ApplyFailures(ws, rsc, h);
}

}  // namespace

void ApplyFailures(WorkingSet& ws, RscInfo& rsc, const NodeHistory& h) {
  if (h.fail_count > 0 && h.fail_count >= rsc.migration_threshold) {
    AddWeight(ws, rsc, h.node, Score::MinusInfinity(),
              "fail count " + Score(h.fail_count).ToString() + " reached migration-threshold " +
                  Score(rsc.migration_threshold).ToString());
  }
  if (ws.nodes[h.node].unclean) return;  // fencing wipes whatever happened there
  if (h.hard_error == 6) {
    for (size_t n = 0; n < ws.nodes.size(); ++n) {
      AddWeight(ws, rsc, static_cast<int>(n), Score::MinusInfinity(),
                "not configured (OCF rc 6 on " + ws.nodes[h.node].name + ")");
    }
  } else if (h.hard_error != 0) {
    AddWeight(ws, rsc, h.node, Score::MinusInfinity(),
              "hard error there (OCF rc " + std::to_string(h.hard_error) + ")");
  }
}

bool Available(const WorkingSet& ws, int node) { return ws.nodes[node].CanRun(); }

namespace {

bool CanRunAny(const WorkingSet& ws, const Weights& w) {
  for (size_t n = 0; n < w.size(); ++n) {
    if (w[n].value() >= 0 && Available(ws, static_cast<int>(n))) return true;
  }
  return false;
}

const std::string* Attr(const WorkingSet& ws, int node, const std::string& attr) {
  if (attr.empty()) return &ws.nodes[node].name;  // #uname, which MakeNode sets to the name
  auto it = ws.nodes[node].attrs.find(attr);
  return it == ws.nodes[node].attrs.end() ? nullptr : &it->second;
}

// The dependent's best score among available nodes sharing `node`'s attribute value.
Score BestMatching(const WorkingSet& ws, const RscInfo& rsc, int node, const std::string& attr) {
  if (attr.empty()) return Available(ws, node) ? rsc.weights[node] : Score::MinusInfinity();
  const std::string* value = Attr(ws, node, attr);
  Score best = Score::MinusInfinity();
  for (size_t m = 0; m < ws.nodes.size(); ++m) {
    const std::string* other = Attr(ws, static_cast<int>(m), attr);
    if (value && other && *value == *other && Available(ws, static_cast<int>(m)) &&
        rsc.weights[m] > best) {
      best = rsc.weights[m];
    }
  }
  return best;
}

}  // namespace

// Adds rsc's weights, scaled by factor, to `work`; then those of the resources colocated
// with it (backward) or that it is colocated with (forward). Rolls back when nothing
// could run afterwards.
Weights Merge(WorkingSet& ws, int r, const Weights& work, double factor, bool forward,
              const std::string& attr) {
  RscInfo& rsc = ws.rscs[r];
  if (rsc.merging) return work;
  rsc.merging = true;
  Weights out = work;
  for (size_t n = 0; n < out.size(); ++n) {
    Score score = BestMatching(ws, rsc, static_cast<int>(n), attr);
    if (factor < 0 && score.value() < 0) continue;
    double scaled = factor * static_cast<double>(score.value());
    int64_t weight = static_cast<int64_t>(scaled < 0 ? scaled - 0.5 : scaled + 0.5);
    if (weight == 0 && score.value() != 0) weight = factor > 0 ? 1 : -1;
    out[n] += Score(weight);
  }
  if (!CanRunAny(ws, out)) {
    rsc.merging = false;
    return work;
  }
  int sign = factor < 0 ? -1 : 1;
  for (int c : forward ? rsc.as_dependent : rsc.as_primary) {
    const Colocation& col = ws.colocations[c];
    int other = forward ? col.primary : col.dependent;
    if (other < 0 || (!forward && !col.influence)) continue;
    double f = sign * static_cast<double>(col.score.value()) / Score::kInfinity;
    out = Merge(ws, other, out, f, forward, col.node_attribute);
  }
  rsc.merging = false;
  return out;
}

std::vector<int> PrimaryNodes(const WorkingSet& ws, const Colocation& col) {
  std::vector<int> nodes;
  if (col.primary_clone < 0) {
    if (ws.rscs[col.primary].target >= 0) nodes.push_back(ws.rscs[col.primary].target);
    return nodes;
  }
  for (int i : ws.clones[col.primary_clone].instances) {
    const RscInfo& r = ws.rscs[i];
    if (r.target < 0) continue;
    // A failed instance that on-fail=block leaves in place is no instance to be with
    // (clone-fail-block-colocation).
    if (r.failed && r.blocked) continue;
    if (col.primary_role == "Promoted" && !r.promote) continue;
    if (col.primary_role == "Unpromoted" && r.promote) continue;
    nodes.push_back(r.target);
  }
  return nodes;
}

std::string PrimaryId(const WorkingSet& ws, const Colocation& col) {
  return col.primary_clone < 0 ? ws.rscs[col.primary].id : ws.clones[col.primary_clone].id;
}

void AssignPrimary(WorkingSet& ws, const Colocation& col) {
  if (col.primary_clone >= 0) {
    AssignClone(ws, col.primary_clone);
  } else {
    Assign(ws, col.primary);
  }
}

// The dependent follows (or avoids) its already placed primary; with a clone as primary,
// the nodes where its instances are placed.
void ApplyColocation(WorkingSet& ws, RscInfo& dep, const Colocation& col) {
  const std::vector<int> primary_nodes = PrimaryNodes(ws, col);
  // With a role of a promotable clone: the score where an instance takes that role; an
  // infinite one also rules out every other node (all of them when none takes it).
  const bool role = !col.primary_role.empty();
  const bool running = !primary_nodes.empty() || role;
  const int64_t score = col.score.value();
  if (!running && score < 0) return;
  Weights work = dep.weights;
  std::vector<Score> delta(work.size(), Score(0));
  for (size_t n = 0; n < work.size(); ++n) {
    Score add(0);
    if (!running) {
      add = Score(-score);
    } else {
      const std::string* mine = Attr(ws, static_cast<int>(n), col.node_attribute);
      bool same = false;
      for (int p : primary_nodes) {
        const std::string* value = Attr(ws, p, col.node_attribute);
        same |= value && mine && *value == *mine;
      }
      if (same && score < Score::kInfinity) add = col.score;
      if (!same && score >= Score::kInfinity) add = Score::MinusInfinity();
    }
    work[n] += add;
    delta[n] = add;
  }
  bool absolute = score <= -Score::kInfinity || score >= Score::kInfinity;
  if (!absolute && !CanRunAny(ws, work)) return;
  // Only explanations show it (AddWeight): not built for every colocation otherwise.
  const std::string what = !ws.explain ? ""
                                       : "colocation " + col.id + " with " + PrimaryId(ws, col) +
                                             (running ? "" : " (not running)");
  for (size_t n = 0; n < work.size(); ++n) {
    if (delta[n].value() != 0) AddWeight(ws, dep, static_cast<int>(n), delta[n], what);
  }
}

void MergePositive(Weights& scores, const Weights& merged) {
  for (size_t n = 0; n < scores.size(); ++n) {
    if (merged[n].value() >= 0 || scores[n].value() < 0) {
      scores[n] = merged[n];
    } else if (scores[n].value() > 0) {
      scores[n] = Score(1);
    }
  }
}

void TakeNode(WorkingSet& ws, const RscInfo& rsc, int node) {
  ws.nodes[node].assigned++;
  if (UsesUtilization(ws)) ConsumeCapacity(ws, rsc, node);
}

void Choose(WorkingSet& ws, RscInfo& rsc) {
  const ClusterSettings& s = ws.settings;
  int current = rsc.CurrentNode();
  if (!rsc.managed || rsc.blocked) {
    rsc.target = rsc.active_nodes.empty() ? -1 : rsc.active_nodes.front();
    if (rsc.target >= 0) TakeNode(ws, rsc, rsc.target);
    return;
  }
  if (rsc.target_stopped) {
    rsc.stop_reason = "target-role is Stopped";
    return;
  }
  if (rsc.force_stop) {
    rsc.stop_reason = rsc.force_stop_reason;
    return;
  }
  if (!s.have_quorum && rsc.needs_quorum && s.no_quorum_policy == NoQuorumPolicy::kStop) {
    rsc.stop_reason = "the partition has no quorum";
    return;
  }
  if (!s.have_quorum && rsc.needs_quorum && s.no_quorum_policy == NoQuorumPolicy::kFreeze) {
    // Frozen where it runs; a failed one is not recovered (that would be a new start).
    if (current >= 0 && Available(ws, current) && !rsc.failed) {
      rsc.target = current;
      TakeNode(ws, rsc, current);
    } else {
      rsc.stop_reason = "the partition has no quorum (freeze)";
    }
    return;
  }
  const bool utilization = UsesUtilization(ws);
  const int prefer =
      utilization ? BanInsufficientCapacity(ws, static_cast<int>(&rsc - ws.rscs.data())) : -1;
  const bool minimal = s.placement_strategy == "minimal";
  const bool balanced = s.placement_strategy == "balanced";
  int best = -1;
  for (int n = 0; n < static_cast<int>(ws.nodes.size()); ++n) {
    if (!Available(ws, n) || rsc.weights[n].value() < 0) continue;
    if (best < 0) {
      best = n;
      continue;
    }
    const Score a = rsc.weights[n], b = rsc.weights[best];
    if (a != b) {
      if (a > b) best = n;
      continue;
    }
    const NodeInfo &na = ws.nodes[n], &nb = ws.nodes[best];
    // minimal packs: among equal scores only the name counts (Pacemaker skips the rest).
    if (minimal) {
      if (ws.name_rank[n] < ws.name_rank[best]) best = n;
      continue;
    }
    if (balanced) {
      const int by_capacity = CompareCapacity(ws, n, best);
      if (by_capacity != 0) {
        if (by_capacity < 0) best = n;
        continue;
      }
    }
    if (na.assigned != nb.assigned) {
      if (na.assigned < nb.assigned) best = n;
      continue;
    }
    if (best == current) continue;
    if (n == current || ws.name_rank[n] < ws.name_rank[best]) best = n;
  }
  // Pacemaker then keeps a resource where it runs when that node ties with the best one and
  // the best score is positive (stickiness, a location): among zero scores, fewest wins.
  // When no node has room for it and its colocated resources, the one with the most room
  // left wins among the best (Pacemaker's preferred node, checked before the current one).
  if (best >= 0 && prefer >= 0 && rsc.weights[prefer] >= rsc.weights[best] &&
      Available(ws, prefer) && rsc.weights[prefer].value() >= 0) {
    best = prefer;
  } else if (best >= 0 && current >= 0 && current != best && Available(ws, current) &&
             rsc.weights[best].value() > 0 && rsc.weights[current] == rsc.weights[best]) {
    best = current;
  }
  rsc.target = best;
  if (best >= 0) {
    TakeNode(ws, rsc, best);
  } else {
    rsc.stop_reason = "no node can run it";
  }
}

void FollowPrimaries(WorkingSet& ws, int r) {
  for (int c : std::vector<int>(ws.rscs[r].as_dependent)) {
    const Colocation& col = ws.colocations[c];
    AssignPrimary(ws, col);
    // A primary still being placed (a colocation loop back to r) constrains nothing yet,
    // as in Pacemaker; it weighs r's preferences in when it is placed.
    if (col.primary_clone < 0 && !ws.rscs[col.primary].assigned) continue;
    ApplyColocation(ws, ws.rscs[r], col);
  }
}

void MergeDependent(WorkingSet& ws, int r, const Colocation& col) {
  if (!col.influence && !ws.rscs[col.dependent].active_nodes.empty()) return;
  double factor = static_cast<double>(col.score.value()) / Score::kInfinity;
  Weights before = ws.rscs[r].weights;
  Weights after = Merge(ws, col.dependent, before, factor, false, col.node_attribute);
  RscInfo& rsc = ws.rscs[r];
  rsc.weights = after;
  if (ws.explain) {
    for (size_t n = 0; n < after.size(); ++n) {
      if (after[n] != before[n]) {
        rsc.contributions[n].push_back(ScoreContribution{
            "colocation " + col.id + ": preferences of " + ws.rscs[col.dependent].id,
            Score(after[n].value() - before[n].value())});
      }
    }
  }
}

void MergeDependents(WorkingSet& ws, int r, const std::vector<int>& colocations) {
  std::vector<char> merged_clone(ws.clones.size(), 0);
  for (int c : colocations) {
    const int dependent = ws.colocations[c].dependent;
    const int dependent_clone = ws.rscs[dependent].clone;
    if (dependent_clone < 0) {
      MergeDependent(ws, r, ws.colocations[c]);
      continue;
    }
    if (merged_clone[dependent_clone]) continue;
    merged_clone[dependent_clone] = 1;
    MergeCloneDependent(ws, r, ws.colocations[c]);
  }
}

// A clone counts once, with the clone's preferences: one of its instances' weights without
// that instance's stickiness (Pacemaker merges the clone's node scores).
void MergeCloneDependent(WorkingSet& ws, int r, const Colocation& col) {
  RscInfo& model = ws.rscs[col.dependent];
  int sticky_node = model.managed ? model.CurrentNode() : -1;
  auto finite = [](Score s) { return !s.IsInfinite() && !s.IsMinusInfinite(); };
  if (sticky_node >= 0 && !(finite(model.stickiness) && finite(model.weights[sticky_node]))) {
    sticky_node = -1;  // infinities do not subtract back
  }
  if (sticky_node >= 0) model.weights[sticky_node] += Score(-model.stickiness.value());
  MergeDependent(ws, r, col);
  if (sticky_node >= 0) model.weights[sticky_node] += model.stickiness;
}

void Assign(WorkingSet& ws, int r) {
  if (ws.rscs[r].clone >= 0) {
    AssignClone(ws, ws.rscs[r].clone);
    return;
  }
  if (ws.rscs[r].assigned || ws.rscs[r].assigning) return;
  ws.rscs[r].assigning = true;
  FollowPrimaries(ws, r);
  MergeDependents(ws, r, std::vector<int>(ws.rscs[r].as_primary));
  // A promotable clone whose role is colocated with r weighs in with its preferences too.
  for (int c : std::vector<int>(ws.rscs[r].as_role_primary)) {
    Colocation col = ws.role_colocations[c];
    col.dependent = ws.clones[col.dependent_clone].instances.front();
    MergeCloneDependent(ws, r, col);
  }
  RscInfo& rsc = ws.rscs[r];
  Choose(ws, rsc);
  rsc.assigned = true;
  rsc.assigning = false;
}

namespace {

struct Unit {
  int clone = -1;  // a clone is one unit: AssignClone places all its instances
  std::span<const int> members;  // a group's or a clone's list, else `single`
  int single = -1;
  std::span<const int> Members() const {
    return single >= 0 ? std::span<const int>(&single, 1) : members;
  }
  int64_t priority = 0;
  Score current_score = Score::MinusInfinity();
  Weights by_name;  // weights (with forward colocations) over nodes in comparison order
  int config_order = 0;
};

// A stable merge sort that splits as GLib's list sort does (first half: floor(n / 2)) and
// takes from the first half unless the second's head must go first: with a comparison that
// is not transitive, only the same algorithm ends in the same order.
template <typename T, typename Before>
void ListMergeSort(std::vector<T>& list, const Before& before) {
  if (list.size() < 2) return;
  const auto half = static_cast<std::ptrdiff_t>(list.size() / 2);
  std::vector<T> a(std::make_move_iterator(list.begin()),
                   std::make_move_iterator(list.begin() + half));
  std::vector<T> b(std::make_move_iterator(list.begin() + half),
                   std::make_move_iterator(list.end()));
  ListMergeSort(a, before);
  ListMergeSort(b, before);
  size_t i = 0, j = 0, k = 0;
  while (i < a.size() && j < b.size())
    list[k++] = before(b[j], a[i]) ? std::move(b[j++]) : std::move(a[i++]);
  while (i < a.size()) list[k++] = std::move(a[i++]);
  while (j < b.size()) list[k++] = std::move(b[j++]);
}

std::vector<Unit> AllocationUnits(WorkingSet& ws) {
  // With the default placement strategy Pacemaker assigns by priority alone, then in
  // configuration order; other strategies also compare the score on the current node, then
  // the scores node by node, the nodes in Pacemaker's order (available first; balanced:
  // most capacity first; then by name).
  const bool by_priority_only = !UsesUtilization(ws);
  std::vector<int> name_order(ws.nodes.size());
  std::iota(name_order.begin(), name_order.end(), 0);
  const bool balanced = ws.settings.placement_strategy == "balanced";
  std::sort(name_order.begin(), name_order.end(), [&](int a, int b) {
    if (!by_priority_only && Available(ws, a) != Available(ws, b)) return Available(ws, a);
    if (!by_priority_only && balanced) {
      const int by_capacity = CompareCapacity(ws, a, b);
      if (by_capacity != 0) return by_capacity < 0;
    }
    return ws.nodes[a].name < ws.nodes[b].name;
  });
  std::vector<Unit> units;
  units.reserve(ws.rscs.size());
  std::vector<char> seen_group(ws.groups.size(), 0);
  for (int r = 0; r < static_cast<int>(ws.rscs.size()); ++r) {
    const RscInfo& rsc = ws.rscs[r];
    Unit unit;
    if (rsc.clone >= 0) {
      if (ws.clones[rsc.clone].instances.front() != r) continue;
      unit.clone = rsc.clone;
      unit.members = ws.clones[rsc.clone].instances;
      unit.priority = ws.clones[rsc.clone].priority;
      unit.config_order = static_cast<int>(units.size());
      units.push_back(std::move(unit));
      continue;
    }
    if (rsc.group >= 0) {
      if (seen_group[rsc.group]) continue;
      seen_group[rsc.group] = 1;
      unit.members = ws.groups[rsc.group].members;
    } else {
      unit.single = r;
    }
    const RscInfo& first = ws.rscs[unit.Members().front()];
    unit.priority = first.priority;
    unit.config_order = static_cast<int>(units.size());
    if (by_priority_only) {  // the scores below only order other strategies
      units.push_back(std::move(unit));
      continue;
    }
    Weights w = first.weights;
    // The resource's own scores are in already: a colocation chain back to it adds nothing.
    const int first_index = unit.Members().front();
    ws.rscs[first_index].merging = true;
    for (int c : first.as_dependent) {
      const Colocation& col = ws.colocations[c];
      // A clone primary weighs in with an instance's scores (-INFINITY where it cannot run).
      const int primary =
          col.primary >= 0 ? col.primary : ws.clones[col.primary_clone].instances.front();
      w = Merge(ws, primary, w, static_cast<double>(col.score.value()) / Score::kInfinity, true,
                col.node_attribute);
    }
    ws.rscs[first_index].merging = false;
    // A resource that runs nowhere has no score on a current node: -INFINITY (it goes after
    // every running one of its priority).
    unit.current_score = Score::MinusInfinity();
    int current = first.CurrentNode();
    if (current >= 0) unit.current_score = w[current];
    // A group that cannot stay whole where it runs (a member banned there, e.g. by its
    // migration-threshold) is placed after those that can (case failed-sticky-group).
    for (int m : unit.members) {
      if (current >= 0 && ws.rscs[m].weights[current] == Score::MinusInfinity()) {
        unit.current_score = Score::MinusInfinity();
      }
    }
    for (int n : name_order) unit.by_name.push_back(w[n]);
    units.push_back(std::move(unit));
  }
  auto first = [&](const Unit& a, const Unit& b) {
    if (a.priority != b.priority) return a.priority > b.priority;
    if (by_priority_only) return false;
    if (a.current_score != b.current_score) return a.current_score > b.current_score;
    for (size_t i = 0; i < std::min(a.by_name.size(), b.by_name.size()); ++i) {
      if (a.by_name[i] != b.by_name[i]) return a.by_name[i] > b.by_name[i];
    }
    return false;
  };
  if (by_priority_only) {
    // Usually all of one priority: already in order, and stable_sort would move every unit.
    if (!std::is_sorted(units.begin(), units.end(), first)) {
      std::stable_sort(units.begin(), units.end(), first);
    }
  } else {
    // The node-by-node comparison is not transitive: sort as Pacemaker's list sort does.
    ListMergeSort(units, first);
  }
  return units;
}

}  // namespace

void InitWeights(WorkingSet& ws) {
  const size_t n_nodes = ws.nodes.size();
  for (RscInfo& rsc : ws.rscs) {
    rsc.weights.assign(n_nodes, Score(0));
    if (ws.explain) rsc.contributions.assign(n_nodes, {});
  }
  ApplyLocations(ws);
  ApplyTicketBans(ws);
  ApplyNodeHealth(ws);
  for (RscInfo& rsc : ws.rscs) ApplyStickinessAndFailures(ws, rsc);
  ApplyCloneFailures(ws);
  ApplyShutdownLocks(ws);
}

void AssignAll(WorkingSet& ws) {
  for (const Unit& unit : AllocationUnits(ws)) {
    if (unit.clone >= 0) {
      AssignClone(ws, unit.clone);
      continue;
    }
    for (int r : unit.Members()) Assign(ws, r);
  }
}

}  // namespace keel
