#include "crmd/scheduler/promotion.h"

#include <algorithm>
#include <optional>

#include "crmd/scheduler/location_targets.h"
#include "crmd/scheduler/placement.h"
#include "crmd/scheduler/rules.h"

namespace keel {
namespace {

std::optional<Score> NodeScoreAttr(const WorkingSet& ws, int node, const std::string& name) {
  auto it = ws.nodes[node].attrs.find("master-" + name);
  if (it == ws.nodes[node].attrs.end()) return std::nullopt;
  auto score = Score::Parse(it->second);
  return score ? std::optional<Score>(*score) : std::optional<Score>(Score(0));
}

// Another instance, or an instance beyond clone-max (an orphan that stops), is active there.
bool OtherInstanceActiveOn(const WorkingSet& ws, const CloneInfo& clone, int r, int node) {
  auto extra = [&](const Orphan& o) {
    return o.id.starts_with(clone.child_id + ":") &&
           std::find(o.active_nodes.begin(), o.active_nodes.end(), node) != o.active_nodes.end();
  };
  return std::any_of(clone.instances.begin(), clone.instances.end(),
                     [&](int i) { return i != r && ws.rscs[i].ActiveOn(node); }) ||
         std::any_of(ws.orphans.begin(), ws.orphans.end(), extra);
}

bool KnownOn(const RscInfo& rsc, int node) {
  return rsc.HistoryOn(node) != nullptr ||
         std::find(rsc.known_nodes.begin(), rsc.known_nodes.end(), node) != rsc.known_nodes.end();
}

// The promotion score agents set for the instance on `node`: master-<id> under the name its
// history there has ("p:1", "p"), else its own id, else the primitive's. As in Pacemaker, an
// instance that ran elsewhere gets none on a node where another instance is active, or where
// no instance has any history, unless it has history there itself. (Probes count for the
// clone; counting them for the instance Pacemaker hands them to agreed less often with
// crm_simulate 2.1.5 on random cases, as Keel's instance numbering differs from its own.)
std::optional<Score> PromotionScore(const WorkingSet& ws, const CloneInfo& clone, int r, int node) {
  const RscInfo& rsc = ws.rscs[r];
  const NodeHistory* here = rsc.HistoryOn(node);
  const bool clone_known = !clone.known_on.empty() && clone.known_on[node];
  const bool allowed =
      rsc.ActiveOn(node) || (!OtherInstanceActiveOn(ws, clone, r, node) && clone_known);
  const bool known_anywhere = !rsc.history.empty();
  if (!allowed && known_anywhere && !KnownOn(rsc, node)) return std::nullopt;
  if (rsc.weights[node].value() < 0) return std::nullopt;
  std::string name = (here != nullptr && !here->lrm_id.empty()) ? here->lrm_id : rsc.id;
  if (auto score = NodeScoreAttr(ws, node, name)) return score;
  if (name != clone.child_id) return NodeScoreAttr(ws, node, clone.child_id);
  return std::nullopt;
}

// Location constraints (or their rules) with role Promoted on the clone, on `node`.
Score PromotedLocations(WorkingSet& ws, const CloneInfo& clone, RscInfo& rsc, int node) {
  Score total(0);
  for (const LocationConstraint* loc_ptr : ws.locations) {
    const LocationConstraint& loc = *loc_ptr;
    if (loc.rsc != clone.id) continue;
    const bool promoted = NormalRole(loc.role) == "Promoted";
    if (promoted && loc.node && loc.score && ws.NodeIndex(*loc.node) == node) {
      total += *loc.score;
      rsc.promotion_detail += ", location " + loc.id + " " + loc.score->ToString();
    }
    const std::optional<ValueSources> values =
        UsesValueSource(loc) ? ValueSourcesOf(ws.cib->configuration, loc.rsc) : std::nullopt;
    for (const Rule& rule : loc.rules) {
      if (!promoted && NormalRole(rule.role) != "Promoted") continue;
      if (!LocationRuleMatches(rule, ws.nodes[node].attrs, ws.now.epoch_seconds,
                               values ? &*values : nullptr)) {
        continue;
      }
      Score score = RuleScore(rule, ws.nodes[node].attrs);
      total += score;
      rsc.promotion_detail += ", location " + loc.id + " rule " + rule.id + " " + score.ToString();
    }
  }
  return total;
}

const std::string* AttrOf(const WorkingSet& ws, int node, const std::string& attr) {
  auto it = ws.nodes[node].attrs.find(attr.empty() ? std::string("#uname") : attr);
  return it == ws.nodes[node].attrs.end() ? nullptr : &it->second;
}

// `node` shares the colocation's node attribute (#uname by default) with one of `nodes`.
bool SharesAttribute(const WorkingSet& ws, const Colocation& col, int node,
                     const std::vector<int>& nodes) {
  const std::string* mine = AttrOf(ws, node, col.node_attribute);
  return mine != nullptr && std::any_of(nodes.begin(), nodes.end(), [&](int n) {
           const std::string* theirs = AttrOf(ws, n, col.node_attribute);
           return theirs != nullptr && *theirs == *mine;
         });
}

// The clone's role colocated with a placed primitive or clone: the score counts where the
// instance shares the primary's node (negated for the unpromoted role); away from it, an
// infinite colocation of the promoted role rules the instance out. A primitive placed
// nowhere counts for nothing; a clone with no instance in the role rules out as well.
Score RoleColocations(const WorkingSet& ws, const CloneInfo& clone, RscInfo& rsc, Score priority) {
  for (int c : clone.role_colocations) {
    const Colocation& col = ws.role_colocations[c];
    const std::vector<int> nodes = PrimaryNodes(ws, col);
    if (nodes.empty() && col.primary_clone < 0) continue;
    if (!SharesAttribute(ws, col, rsc.target, nodes)) {
      if (col.score.IsInfinite() && col.dependent_role == "Promoted") {
        priority = Score::MinusInfinity();
        rsc.promotion_detail += ", away from colocation " + col.id + "'s primary -INFINITY";
      }
      continue;
    }
    int64_t sign = col.dependent_role == "Unpromoted" ? -1 : 1;
    priority += Score(sign * col.score.value());
    rsc.promotion_detail +=
        ", colocation " + col.id + " " + Score(sign * col.score.value()).ToString();
  }
  return priority;
}

// Merges into `scores` the preferences of what is colocated with the clone (with
// `promoted_only`, only what is colocated with its promoted role), each clone once.
void MergeDependentsForPromotion(WorkingSet& ws, int index, std::vector<Score>& scores,
                                 bool promoted_only) {
  const std::vector<int> as_primary = ws.clones[index].as_primary;
  std::vector<char> merged_clone(ws.clones.size(), 0);
  for (int c : as_primary) {
    const Colocation& col = ws.colocations[c];
    if (!col.influence || (promoted_only && col.primary_role != "Promoted")) continue;
    const int dep_clone = ws.rscs[col.dependent].clone;
    if (dep_clone >= 0 && merged_clone[dep_clone]) continue;
    if (dep_clone >= 0) merged_clone[dep_clone] = 1;
    double factor = static_cast<double>(col.score.value()) / Score::kInfinity;
    MergePositive(scores, Merge(ws, col.dependent, scores, factor, false, col.node_attribute));
  }
}

// Ranks the placed instances as Pacemaker does: the clone's node scores with what is
// colocated with it, plus each instance's priority on its node, then what is colocated with
// the promoted role merged once more (a node the merge would take below zero keeps 1 when
// it was positive, 0 when it was 0); each instance's rank is its node's score. What the
// promoted role is colocated with counts once, in the priority
// (coloc-optional-promoted-dependent-*).
void RankInstances(WorkingSet& ws, int index) {
  std::vector<Score> scores = ws.clones[index].node_scores;
  MergeDependentsForPromotion(ws, index, scores, false);
  const std::vector<int> instances = ws.clones[index].instances;
  auto ranked = [&](const RscInfo& rsc) {
    return rsc.target >= 0 && rsc.sort_index.value() >= 0 && !rsc.sort_index.IsInfinite();
  };
  for (int r : instances) {
    if (ranked(ws.rscs[r])) scores[ws.rscs[r].target] += ws.rscs[r].sort_index;
  }
  MergeDependentsForPromotion(ws, index, scores, true);
  for (int r : instances) {
    if (ranked(ws.rscs[r])) ws.rscs[r].sort_index = scores[ws.rscs[r].target];
  }
}

void SetPriorities(WorkingSet& ws, int index) {
  CloneInfo& clone = ws.clones[index];
  for (int r : clone.instances) {
    RscInfo& rsc = ws.rscs[r];
    rsc.promote = false;
    if (rsc.target < 0) {
      rsc.promotion_priority = rsc.sort_index = Score::MinusInfinity();
      rsc.role_reason = "not placed";
      continue;
    }
    Score priority = Score(-1);
    rsc.promotion_detail = "no promotion score -1";
    if (rsc.target_unpromoted) {
      priority = Score::MinusInfinity();
      if (rsc.role_reason.empty()) rsc.role_reason = "target-role is Unpromoted";
      rsc.promotion_detail = "never promoted";
    } else if (auto score = PromotionScore(ws, clone, r, rsc.target)) {
      priority = *score;
      rsc.promotion_detail = "promotion score " + score->ToString();
    }
    priority += PromotedLocations(ws, clone, rsc, rsc.target);
    rsc.promotion_priority = RoleColocations(ws, clone, rsc, priority);
    rsc.sort_index = rsc.promotion_priority;
    // Unmanaged and blocked instances keep their role, and a promoted one counts.
    if ((!rsc.managed || rsc.blocked) && rsc.promoted_now) rsc.sort_index = Score::Infinity();
  }
}

// An infinite colocation of the promoted role needs its primary placed with the instance
// once unrunnable starts are ruled out (promoted-with-blocked).
bool PrimariesStayWith(const WorkingSet& ws, const CloneInfo& clone, const RscInfo& rsc) {
  for (int c : clone.role_colocations) {
    const Colocation& col = ws.role_colocations[c];
    if (!col.score.IsInfinite() || col.dependent_role != "Promoted") continue;
    if (!SharesAttribute(ws, col, rsc.target, PrimaryNodes(ws, col))) return false;
  }
  return true;
}

// Pacemaker's last tie-break between instances: healthy active ones first, then those
// active on a node that cannot keep them, then failed ones, then inactive ones.
int TieRank(const WorkingSet& ws, const RscInfo& rsc) {
  if (rsc.active_nodes.empty()) return 3;
  if (rsc.failed) return 2;
  const int node = rsc.CurrentNode();
  return (node >= 0 && Available(ws, node)) ? 0 : 1;
}

// Promotes the best ranked instances of the clone (for a clone of a group: the first
// member's instances, standing for their group instances).
void ChooseRoles(WorkingSet& ws, int index) {
  CloneInfo& clone = ws.clones[index];
  std::vector<int> order = clone.instances;
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    const RscInfo &x = ws.rscs[a], &y = ws.rscs[b];
    if (x.sort_index != y.sort_index) return x.sort_index > y.sort_index;
    if (x.promoted_now != y.promoted_now) return x.promoted_now;
    // Instances on one node share its rank: their own promotion scores decide between them.
    if (x.target == y.target && x.promotion_priority != y.promotion_priority) {
      return x.promotion_priority > y.promotion_priority;
    }
    return TieRank(ws, x) < TieRank(ws, y);
  });
  std::vector<int> per_node(ws.nodes.size(), 0);
  int promoted = 0;
  const ClusterSettings& s = ws.settings;
  for (int r : order) {
    RscInfo& rsc = ws.rscs[r];
    if (rsc.target < 0) continue;
    const bool frozen = !rsc.managed || rsc.blocked;
    if (frozen) {  // unmanaged and blocked instances keep their role; a promoted one counts
      rsc.promote = rsc.promoted_now;
      per_node[rsc.target] += rsc.promote ? 1 : 0;
      promoted += rsc.promote ? 1 : 0;
      continue;
    }
    if (rsc.sort_index.value() < 0 || rsc.promotion_priority.value() < 0) {
      if (rsc.role_reason.empty()) rsc.role_reason = "no positive promotion score";
      continue;
    }
    if (promoted >= clone.promoted_max) {
      rsc.role_reason = "promoted-max " + std::to_string(clone.promoted_max) + " reached";
      continue;
    }
    if (!Available(ws, rsc.target)) continue;
    if (per_node[rsc.target] >= clone.promoted_node_max) {
      rsc.role_reason = "promoted-node-max reached on " + ws.nodes[rsc.target].name;
      continue;
    }
    if (!rsc.promoted_now && !s.have_quorum && s.no_quorum_policy == NoQuorumPolicy::kFreeze) {
      rsc.role_reason = "no quorum (freeze): not promoted";
      continue;
    }
    rsc.promote = true;
    rsc.role_reason.clear();
    per_node[rsc.target]++;
    promoted++;
  }
}

// A group instance's promotion priority: the sum of the promotion scores its members have
// (-1 when none has one), plus the clone's locations with role Promoted once, plus every
// member's role colocations. It is kept on the first member's instance.
void SetGroupPriorities(WorkingSet& ws, const ClonedGroupInfo& cg) {
  const int lead_clone = cg.member_clones.front();
  const size_t count = ws.clones[lead_clone].instances.size();
  for (size_t i = 0; i < count; ++i) {
    RscInfo& lead = ws.rscs[ws.clones[lead_clone].instances[i]];
    lead.promote = false;
    if (lead.target < 0) {
      lead.promotion_priority = lead.sort_index = Score::MinusInfinity();
      lead.role_reason = "not placed";
      continue;
    }
    std::optional<Score> sum;
    bool never = false, frozen_promoted = false, partial = false;
    for (int m : cg.member_clones) {
      const int r = ws.clones[m].instances[i];
      const RscInfo& member = ws.rscs[r];
      never |= member.target_unpromoted;
      partial |= member.target != lead.target;
      frozen_promoted |= (!member.managed || member.blocked) && member.promoted_now;
      if (member.target != lead.target) continue;
      if (auto score = PromotionScore(ws, ws.clones[m], r, lead.target)) {
        sum = sum.value_or(Score(0)) + *score;
      }
    }
    Score priority = sum.value_or(Score(-1));
    lead.promotion_detail =
        sum ? "members' promotion scores " + priority.ToString() : "no promotion score -1";
    if (never) {
      priority = Score::MinusInfinity();
      lead.role_reason = "target-role is Unpromoted";
      lead.promotion_detail = "never promoted";
    } else if (partial) {  // the instance never runs whole, so it cannot be promoted (bug-1822)
      priority = Score::MinusInfinity();
      lead.role_reason = "a member of " + ws.groups[lead.group].id + " cannot run there";
      lead.promotion_detail = "not promoted while partly placed";
    }
    priority += PromotedLocations(ws, ws.clones[lead_clone], lead, lead.target);
    for (int m : cg.member_clones) {
      RscInfo& member = ws.rscs[ws.clones[m].instances[i]];
      if (member.target != lead.target) continue;
      priority = RoleColocations(ws, ws.clones[m], lead, priority);
    }
    lead.promotion_priority = lead.sort_index = priority;
    if (frozen_promoted) lead.sort_index = Score::Infinity();
  }
}

// Ranks group instances like instances of a primitive, with what is colocated with any
// member merged in.
void RankGroupInstances(WorkingSet& ws, const ClonedGroupInfo& cg) {
  const int lead_clone = cg.member_clones.front();
  std::vector<Score> scores = ws.clones[lead_clone].node_scores;
  for (int m : cg.member_clones) MergeDependentsForPromotion(ws, m, scores, false);
  const std::vector<int> instances = ws.clones[lead_clone].instances;
  auto ranked = [&](const RscInfo& rsc) {
    return rsc.target >= 0 && rsc.sort_index.value() >= 0 && !rsc.sort_index.IsInfinite();
  };
  for (int r : instances) {
    if (ranked(ws.rscs[r])) scores[ws.rscs[r].target] += ws.rscs[r].sort_index;
  }
  for (int m : cg.member_clones) MergeDependentsForPromotion(ws, m, scores, true);
  for (int r : instances) {
    if (ranked(ws.rscs[r])) ws.rscs[r].sort_index = scores[ws.rscs[r].target];
  }
}

// Every member of a group instance takes the role decided for the instance.
void SetGroupInstanceRoles(WorkingSet& ws, const ClonedGroupInfo& cg) {
  SetGroupPriorities(ws, cg);
  RankGroupInstances(ws, cg);
  const int lead_clone = cg.member_clones.front();
  ChooseRoles(ws, lead_clone);
  const std::vector<int>& leads = ws.clones[lead_clone].instances;
  for (size_t i = 0; i < leads.size(); ++i) {
    const RscInfo& lead = ws.rscs[leads[i]];
    for (int m : cg.member_clones) {
      RscInfo& member = ws.rscs[ws.clones[m].instances[i]];
      if (&member == &lead) continue;
      member.promotion_priority = lead.promotion_priority;
      member.sort_index = lead.sort_index;
      member.promotion_detail = lead.promotion_detail;
      member.role_reason = lead.role_reason;
      const bool frozen = !member.managed || member.blocked;
      member.promote = frozen ? member.promoted_now : lead.promote && member.target == lead.target;
    }
  }
}

}  // namespace

void SetInstanceRoles(WorkingSet& ws, int index) {
  const int cg = ws.clones[index].cloned_group;
  if (cg < 0) {
    SetPriorities(ws, index);
    RankInstances(ws, index);
    ChooseRoles(ws, index);
    return;
  }
  // Roles are decided per group instance once every member clone is placed.
  for (int m : ws.cloned_groups[cg].member_clones) {
    if (m != index && !ws.clones[m].assigned) return;  // that member's placing decides
  }
  SetGroupInstanceRoles(ws, ws.cloned_groups[cg]);
}

namespace {

// The first side of a mandatory order before a promote can run: a start of a primitive or
// group with every member placed, of a clone with clone-min instances placed; a promote
// with some instance to be promoted.
bool FirstRunnable(const WorkingSet& ws, const OrderInfo& o) {
  const std::vector<int> members = ws.Members(o.first);
  auto placed = [&](int m) { return ws.rscs[m].target >= 0; };
  if (o.first_task == "promote") {
    return std::any_of(members.begin(), members.end(),
                       [&](int m) { return placed(m) && ws.rscs[m].promote; });
  }
  if (o.first_task != "start") return true;
  if (o.first.is_clone) {
    return std::count_if(members.begin(), members.end(), placed) >=
           ws.clones[o.first.index].clone_min;
  }
  return std::all_of(members.begin(), members.end(), placed);
}

}  // namespace

void PlanRoleChanges(WorkingSet& ws) {
  for (const OrderInfo& o : ws.orders) {
    if (o.kind != OrderKind::kMandatory || !o.then.is_clone || o.then_task != "promote") continue;
    if (FirstRunnable(ws, o)) continue;
    const std::string first = o.first.is_clone   ? ws.clones[o.first.index].id
                              : o.first.is_group ? ws.groups[o.first.index].id
                                                 : ws.rscs[o.first.index].id;
    for (int i : ws.clones[o.then.index].instances) {
      RscInfo& r = ws.rscs[i];
      if (!r.promote || !r.managed) continue;
      r.promote = false;
      r.role_reason = "due to unrunnable " + first + " " + o.first_task;
    }
  }
  for (const CloneInfo& clone : ws.clones) {
    if (!clone.promotable) continue;
    for (int i : clone.instances) {
      RscInfo& r = ws.rscs[i];
      if (r.target < 0) r.promote = false;
      if (r.promote && r.managed && !PrimariesStayWith(ws, clone, r)) {
        r.promote = false;
        r.role_reason = "what its promoted role is colocated with cannot run there";
      }
    }
  }
  // A group instance is promoted whole or not at all (orders and colocations act on one
  // member clone).
  for (const ClonedGroupInfo& cg : ws.cloned_groups) {
    if (!ws.clones[cg.member_clones.front()].promotable) continue;
    for (size_t i = 0; i < ws.clones[cg.member_clones.front()].instances.size(); ++i) {
      const RscInfo* dropped = nullptr;
      for (int m : cg.member_clones) {
        const RscInfo& r = ws.rscs[ws.clones[m].instances[i]];
        if (r.managed && !r.blocked && !r.promote && !r.role_reason.empty()) dropped = &r;
      }
      if (dropped == nullptr) continue;
      const std::string reason = dropped->role_reason;
      for (int m : cg.member_clones) {
        RscInfo& r = ws.rscs[ws.clones[m].instances[i]];
        if (!r.managed || r.blocked || !r.promote) continue;
        r.promote = false;
        r.role_reason = reason;
      }
    }
  }
  for (const CloneInfo& clone : ws.clones) {
    if (!clone.promotable) continue;
    for (int i : clone.instances) {
      RscInfo& r = ws.rscs[i];
      if (!r.managed || r.blocked) continue;
      r.demote_nodes.clear();
      if (r.promoted_now) {
        for (int n : r.active_nodes) {
          if (ws.nodes[n].fence) continue;  // fencing stops it
          bool stops = std::binary_search(r.stop_nodes.begin(), r.stop_nodes.end(), n);
          if (stops || !r.promote || n != r.target) r.demote_nodes.push_back(n);
        }
      }
      bool demoted_on_target =
          std::binary_search(r.demote_nodes.begin(), r.demote_nodes.end(), r.target);
      r.promote_action =
          r.promote && r.target >= 0 && (r.start || !r.promoted_now || demoted_on_target);
    }
  }
}

}  // namespace keel
