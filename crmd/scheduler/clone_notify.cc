#include "crmd/scheduler/clone_notify.h"

#include <algorithm>
#include <array>
#include <unordered_map>

namespace keel {
namespace {

constexpr int64_t kDefaultNotifyTimeoutMs = 20'000;

std::string Join(const std::vector<std::string>& words) {
  if (words.empty()) return " ";  // Pacemaker's value for an empty list
  std::string out;
  for (const std::string& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

void AddList(std::vector<std::pair<std::string, std::string>>& meta, const std::string& name,
             const std::vector<NotifyEntry>& entries) {
  std::vector<std::string> resources, nodes;
  for (const NotifyEntry& e : entries) {
    resources.push_back(e.resource);
    nodes.push_back(e.node);
  }
  meta.emplace_back("notify_" + name + "_resource", Join(resources));
  meta.emplace_back("notify_" + name + "_uname", Join(nodes));
}

bool Contains(const std::vector<int>& sorted, int value) {
  return std::binary_search(sorted.begin(), sorted.end(), value);
}

// Where an instance stops in this transition: its stops, and the nodes fenced under it.
std::vector<int> StopNodes(const WorkingSet& ws, const RscInfo& r) {
  std::vector<int> nodes = r.stop_nodes;
  for (int n : r.active_nodes) {
    if (ws.nodes[n].fence && !Contains(r.stop_nodes, n)) nodes.push_back(n);
  }
  std::sort(nodes.begin(), nodes.end());
  return nodes;
}

std::vector<int> DemoteNodes(const WorkingSet& ws, const RscInfo& r) {
  std::vector<int> nodes = r.demote_nodes;
  if (r.promoted_now) {
    for (int n : r.active_nodes) {
      if (ws.nodes[n].fence && !Contains(r.demote_nodes, n)) nodes.push_back(n);
    }
  }
  std::sort(nodes.begin(), nodes.end());
  return nodes;
}

// The operations in transition order, each with its notifications.
enum Phase { kDemote, kStop, kStart, kPromote, kPhases };
constexpr std::array<const char*, kPhases> kPhaseTask = {"demote", "stop", "start", "promote"};

struct PhaseActions {
  std::vector<int> ops;      // the clone's own actions of the phase (pre-notifies go before)
  std::vector<int> implied;  // fences that stop or demote instances (post-notifies go after)
  std::vector<int> pre, post;
};

class CloneNotifier {
 public:
  CloneNotifier(const WorkingSet& ws, const std::vector<int>& fences, Transition& t, int clone)
      : ws_(ws),
        fences_(fences),
        t_(t),
        clone_(ws.clones[clone]),
        data_(CloneNotifyData(ws, clone)) {
    for (int i : clone_.instances) instance_[ws.rscs[i].id] = i;
  }

  void Run(const std::vector<std::vector<int>>& ops_by_phase) {
    std::array<PhaseActions, kPhases> phases;
    for (int p = 0; p < kPhases; ++p) phases[p].ops = ops_by_phase[p];
    for (int i : clone_.instances) {
      const RscInfo& r = ws_.rscs[i];
      for (int n : StopNodes(ws_, r)) {
        if (ws_.nodes[n].fence) phases[kStop].implied.push_back(fences_[n]);
      }
      for (int n : DemoteNodes(ws_, r)) {
        if (ws_.nodes[n].fence) phases[kDemote].implied.push_back(fences_[n]);
      }
    }
    // Who is active at each point: now, after the stops, after the starts.
    std::vector<NotifyEntry> now = Reachable(data_.active);
    std::vector<NotifyEntry> after_stops;
    for (const NotifyEntry& e : now) {
      if (!std::binary_search(data_.stop.begin(), data_.stop.end(), e)) after_stops.push_back(e);
    }
    std::vector<NotifyEntry> after_starts = after_stops;
    for (const NotifyEntry& e : Reachable(data_.start)) after_starts.push_back(e);
    std::sort(after_starts.begin(), after_starts.end());
    const std::array<std::pair<const std::vector<NotifyEntry>*, const std::vector<NotifyEntry>*>,
                     kPhases>
        recipients = {{{&now, &now},
                       {&now, &after_stops},
                       {&after_stops, &after_starts},
                       {&after_starts, &after_starts}}};
    for (int p = 0; p < kPhases; ++p) {
      PhaseActions& phase = phases[p];
      if (phase.ops.empty() && phase.implied.empty()) continue;
      phase.pre = AddNotifies(*recipients[p].first, "pre", kPhaseTask[p]);
      phase.post = AddNotifies(*recipients[p].second, "post", kPhaseTask[p]);
    }
    Chain(phases);
  }

 private:
  std::vector<NotifyEntry> Reachable(const std::vector<NotifyEntry>& entries) const {
    std::vector<NotifyEntry> out;
    for (const NotifyEntry& e : entries) {
      auto node = ws_.NodeIndex(e.node);
      const NodeInfo& n = ws_.nodes[*node];
      if (n.membership != NodeMembership::kOnline || n.fence || n.maintenance) continue;
      const RscInfo& r = ws_.rscs[instance_.at(e.resource)];
      if (!r.managed || r.blocked || r.maintenance) continue;
      out.push_back(e);
    }
    return out;
  }

  std::vector<int> AddNotifies(const std::vector<NotifyEntry>& to, const std::string& type,
                               const std::string& operation) {
    std::vector<int> added;
    auto meta = NotifyMeta(data_, type, operation);
    for (const NotifyEntry& e : to) {
      Action& a = t_.actions.emplace_back();
      a.task = "notify";
      a.resource = e.resource;
      a.node = e.node;
      a.timeout_ms = NotifyTimeout(ws_.rscs[instance_.at(e.resource)]);
      a.reason = type + "-" + operation + " notification";
      a.meta = meta;
      added.push_back(static_cast<int>(t_.actions.size()) - 1);
    }
    return added;
  }

  static int64_t NotifyTimeout(const RscInfo& r) {
    for (const Operation& op : r.primitive->operations) {
      if (op.name == "notify" && op.interval_ms == 0 && op.timeout_ms) return *op.timeout_ms;
    }
    return kDefaultNotifyTimeoutMs;
  }

  // Steps in order (pre, operation, post per phase); every notify step goes after the
  // nearest earlier step with actions and before the nearest later one.
  void Chain(const std::array<PhaseActions, kPhases>& phases) {
    struct Step {
      std::vector<int> in, out;  // what later steps wait for differs for implied stops
      bool notify = false;
    };
    std::vector<Step> steps;
    for (const PhaseActions& p : phases) {
      steps.push_back(Step{p.pre, p.pre, true});
      std::vector<int> out = p.ops;
      out.insert(out.end(), p.implied.begin(), p.implied.end());
      steps.push_back(Step{p.ops, out, false});
      steps.push_back(Step{p.post, p.post, true});
    }
    for (size_t k = 0; k < steps.size(); ++k) {
      if (!steps[k].notify || steps[k].in.empty()) continue;
      for (size_t j = k; j-- > 0;) {
        if (steps[j].out.empty()) continue;
        Connect(steps[j].out, steps[k].in);
        break;
      }
      for (size_t j = k + 1; j < steps.size(); ++j) {
        if (steps[j].in.empty()) continue;
        Connect(steps[k].out, steps[j].in);
        break;
      }
    }
  }

  void Connect(const std::vector<int>& first, const std::vector<int>& then) {
    for (int a : first) {
      for (int b : then) {
        if (a >= 0 && b >= 0 && a != b) t_.edges.push_back(Edge{a, b});
      }
    }
  }

  const WorkingSet& ws_;
  const std::vector<int>& fences_;
  Transition& t_;
  const CloneInfo& clone_;
  NotifyData data_;
  std::unordered_map<std::string, int> instance_;  // instance id -> resource index
};

}  // namespace

std::vector<std::pair<std::string, std::string>> NotifyMeta(const NotifyData& data,
                                                            const std::string& type,
                                                            const std::string& operation) {
  std::vector<std::pair<std::string, std::string>> meta;
  meta.emplace_back("notify_type", type);
  meta.emplace_back("notify_operation", operation);
  AddList(meta, "active", data.active);
  meta.emplace_back("notify_inactive_resource", Join(data.inactive));
  AddList(meta, "start", data.start);
  AddList(meta, "stop", data.stop);
  AddList(meta, "promote", data.promote);
  AddList(meta, "demote", data.demote);
  // Agents read the old names (master, slave) as much as the new ones.
  AddList(meta, "master", data.promoted);
  AddList(meta, "promoted", data.promoted);
  AddList(meta, "slave", data.unpromoted);
  AddList(meta, "unpromoted", data.unpromoted);
  meta.emplace_back("notify_all_uname", Join(data.all_nodes));
  std::sort(meta.begin(), meta.end());
  return meta;
}

NotifyData CloneNotifyData(const WorkingSet& ws, int clone) {
  const CloneInfo& c = ws.clones[clone];
  NotifyData d;
  for (int i : c.instances) {
    const RscInfo& r = ws.rscs[i];
    auto entry = [&](int n) { return NotifyEntry{r.id, ws.nodes[n].name}; };
    if (r.active_nodes.empty()) d.inactive.push_back(r.id);
    for (int n : r.active_nodes) {
      d.active.push_back(entry(n));
      if (c.promotable) (r.promoted_now ? d.promoted : d.unpromoted).push_back(entry(n));
    }
    if (r.start && r.target >= 0) d.start.push_back(entry(r.target));
    for (int n : StopNodes(ws, r)) d.stop.push_back(entry(n));
    if (r.promote_action && r.target >= 0) d.promote.push_back(entry(r.target));
    for (int n : DemoteNodes(ws, r)) d.demote.push_back(entry(n));
  }
  for (auto* list :
       {&d.active, &d.start, &d.stop, &d.promote, &d.demote, &d.promoted, &d.unpromoted}) {
    std::sort(list->begin(), list->end());
  }
  std::sort(d.inactive.begin(), d.inactive.end());
  for (const NodeInfo& n : ws.nodes) d.all_nodes.push_back(n.name);
  std::sort(d.all_nodes.begin(), d.all_nodes.end());
  return d;
}

void AddCloneNotifications(const WorkingSet& ws, const std::vector<int>& fences, Transition& t) {
  std::unordered_map<std::string, std::pair<int, int>> by_instance;  // -> clone, resource
  for (size_t c = 0; c < ws.clones.size(); ++c) {
    if (!ws.clones[c].notify) continue;
    for (int i : ws.clones[c].instances) by_instance[ws.rscs[i].id] = {static_cast<int>(c), i};
  }
  if (by_instance.empty()) return;
  std::unordered_map<int, std::vector<std::vector<int>>> ops;  // clone -> per phase
  for (size_t a = 0; a < t.actions.size(); ++a) {
    auto it = by_instance.find(t.actions[a].resource);
    if (it == by_instance.end()) continue;
    auto phase = std::find(kPhaseTask.begin(), kPhaseTask.end(), t.actions[a].task);
    if (phase == kPhaseTask.end()) continue;
    auto& lists = ops[it->second.first];
    lists.resize(kPhases);
    lists[phase - kPhaseTask.begin()].push_back(static_cast<int>(a));
  }
  for (size_t c = 0; c < ws.clones.size(); ++c) {
    if (!ws.clones[c].notify) continue;
    auto& lists = ops[static_cast<int>(c)];
    lists.resize(kPhases);
    CloneNotifier(ws, fences, t, static_cast<int>(c)).Run(lists);
  }
}

}  // namespace keel
