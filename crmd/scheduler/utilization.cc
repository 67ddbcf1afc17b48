#include "crmd/scheduler/utilization.h"

#include <algorithm>
#include <charconv>

#include "crmd/scheduler/placement.h"
#include "crmd/scheduler/rules.h"

namespace keel {
namespace {

// The sets' values, the first applicable set (rules.h, read without a node as Pacemaker
// does) that names an attribute giving its value.
std::expected<Capacity, Error> ReadSets(const WorkingSet& ws, const std::vector<NvSet>& sets) {
  Capacity out;
  for (const NvSet* set : ApplicableSets(sets, RuleInput{.now = ws.now.epoch_seconds})) {
    for (const NvPair& pair : set->pairs) {
      int64_t value = 0;
      const char* end = pair.value.data() + pair.value.size();
      auto [ptr, ec] = std::from_chars(pair.value.data(), end, value);
      if (ec != std::errc() || ptr != end || value < 0) {
        return std::unexpected(Error{ErrorCode::kInvalid,
                                     "utilization '" + pair.name + "': '" + pair.value +
                                         "' is not a whole number >= 0 (id " + pair.id + ")",
                                     ws.Place(pair.id, pair.line)});
      }
      out.emplace(pair.name, value);
    }
  }
  return out;
}

int IndexOf(const WorkingSet& ws, const RscInfo& rsc) {
  return static_cast<int>(&rsc - ws.rscs.data());
}

bool HasCapacity(const WorkingSet& ws, int node, const Capacity& need) {
  const Capacity& have = ws.capacity[node];
  for (const auto& [name, value] : need) {
    auto it = have.find(name);
    if (value > (it == have.end() ? 0 : it->second)) return false;
  }
  return true;
}

bool Eligible(const WorkingSet& ws, const RscInfo& rsc, int node) {
  return Available(ws, node) && rsc.weights[node].value() >= 0;
}

// For the clone instance r: one unplaced instance of each clone colocated INFINITY with r's
// clone, a group instance with all its members (Pacemaker adds up what each instance brings
// along: colocated-utilization-clone). What is colocated with those is not followed.
void CollectCloneDependents(const WorkingSet& ws, int r, std::vector<int>& seen) {
  std::vector<int> clones_seen;
  for (int c : ws.clones[ws.rscs[r].clone].as_primary) {
    const Colocation& col = ws.colocations[c];
    if (!col.score.IsInfinite() || !col.dependent_role.empty() || !col.primary_role.empty()) {
      continue;
    }
    const RscInfo& dep = ws.rscs[col.dependent];
    if (dep.clone < 0 || dep.assigned ||
        std::find(clones_seen.begin(), clones_seen.end(), dep.clone) != clones_seen.end()) {
      continue;
    }
    clones_seen.push_back(dep.clone);
    const std::vector<int> one{col.dependent};
    for (int m : dep.group >= 0 ? ws.groups[dep.group].members : one) {
      if (std::find(seen.begin(), seen.end(), m) == seen.end()) seen.push_back(m);
    }
  }
}

// r and what is colocated with it, INFINITY and without roles, either way, transitively (a
// clone primary counts as its first instance; a clone instance brings one instance of each
// clone colocated with its clone, CollectCloneDependents). The chains are short: a list is
// cheaper than a mark per resource.
void Collect(const WorkingSet& ws, int r, int origin, std::vector<int>& seen) {
  if (std::find(seen.begin(), seen.end(), r) != seen.end()) return;
  seen.push_back(r);
  for (int c : ws.rscs[r].as_dependent) {
    const Colocation& col = ws.colocations[c];
    if (!col.score.IsInfinite() || !col.primary_role.empty()) continue;
    int primary = col.primary_clone >= 0 ? ws.clones[col.primary_clone].instances.front()
                                         : col.primary;
    if (primary != origin) Collect(ws, primary, origin, seen);
  }
  if (ws.rscs[r].clone >= 0) {
    if (r == origin) CollectCloneDependents(ws, r, seen);
    return;
  }
  for (int c : ws.rscs[r].as_primary) {
    const Colocation& col = ws.colocations[c];
    if (!col.score.IsInfinite() || !col.dependent_role.empty()) continue;
    if (col.dependent != origin) Collect(ws, col.dependent, origin, seen);
  }
}

void Ban(WorkingSet& ws, RscInfo& rsc, const Capacity& need, const std::string& what) {
  for (int n = 0; n < static_cast<int>(ws.nodes.size()); ++n) {
    if (Eligible(ws, rsc, n) && !HasCapacity(ws, n, need)) {
      AddWeight(ws, rsc, n, Score::MinusInfinity(), "not enough capacity left for " + what);
    }
  }
}

}  // namespace

bool UsesUtilization(const WorkingSet& ws) { return ws.settings.placement_strategy != "default"; }

Errors ReadUtilization(const Cib& cib, WorkingSet& ws) {
  Errors errors;
  ws.capacity.assign(ws.nodes.size(), Capacity{});
  ws.utilization.clear();
  ws.utilization.reserve(ws.rscs.size());
  for (const Node& node : cib.configuration.nodes) {
    auto index = ws.NodeIndex(node.uname.empty() ? node.id : node.uname);
    auto capacity = ReadSets(ws, node.utilization);
    if (!capacity) {
      errors.push_back(std::move(capacity.error()));
    } else if (index) {
      ws.capacity[*index] = std::move(*capacity);
    }
  }
  std::unordered_map<const Primitive*, Capacity> read;
  for (RscInfo& rsc : ws.rscs) {
    auto it = read.find(rsc.primitive);
    if (it == read.end()) {
      auto need = ReadSets(ws, rsc.primitive->utilization);
      if (!need) {
        errors.push_back(std::move(need.error()));
        need = Capacity{};
      }
      it = read.emplace(rsc.primitive, std::move(*need)).first;
    }
    ws.utilization.push_back(it->second);
  }
  return errors;
}

int BanInsufficientCapacity(WorkingSet& ws, int r) {
  std::vector<int> seen;
  Collect(ws, r, r, seen);
  Capacity sum;
  for (int i : seen) {
    if (ws.rscs[i].assigned && i != r) continue;
    for (const auto& [name, value] : ws.utilization[i]) sum[name] += value;
  }
  RscInfo& rsc = ws.rscs[r];
  bool any_capable = false;
  int most_capable = -1;
  for (int n = 0; n < static_cast<int>(ws.nodes.size()); ++n) {
    if (!Eligible(ws, rsc, n)) continue;
    any_capable |= HasCapacity(ws, n, sum);
    if (most_capable < 0 || CompareCapacity(ws, n, most_capable) < 0) most_capable = n;
  }
  if (any_capable) {
    Ban(ws, rsc, sum, rsc.id + " and its colocated resources");
    return -1;
  }
  Ban(ws, rsc, ws.utilization[r], rsc.id);
  return most_capable;
}

bool FitsOn(const WorkingSet& ws, const RscInfo& rsc, int node) {
  return HasCapacity(ws, node, ws.utilization[IndexOf(ws, rsc)]);
}

void ConsumeCapacity(WorkingSet& ws, const RscInfo& rsc, int node) {
  Capacity& have = ws.capacity[node];
  for (const auto& [name, value] : ws.utilization[IndexOf(ws, rsc)]) {
    auto it = have.find(name);
    // An attribute the node does not offer reads as 0 from then on, as in Pacemaker.
    if (it == have.end()) {
      have.emplace(name, 0);
    } else {
      it->second -= value;
    }
  }
}

int CompareCapacity(const WorkingSet& ws, int a, int b) {
  const Capacity &ca = ws.capacity[a], &cb = ws.capacity[b];
  auto value = [](const Capacity& c, const std::string& name) {
    auto it = c.find(name);
    return it == c.end() ? int64_t{0} : it->second;
  };
  int result = 0;
  auto compare = [&](const std::string& name) {
    const int64_t va = value(ca, name), vb = value(cb, name);
    if (va > vb) --result;
    if (va < vb) ++result;
  };
  for (const auto& entry : ca) compare(entry.first);
  for (const auto& entry : cb) {
    if (!ca.contains(entry.first)) compare(entry.first);
  }
  return result;
}

}  // namespace keel
