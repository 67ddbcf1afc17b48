#include "crmd/scheduler/graph.h"

#include <algorithm>
#include <optional>
#include <queue>

#include "crmd/scheduler/clone_notify.h"
#include "crmd/scheduler/plan.h"

namespace keel {
namespace {

constexpr int64_t kDefaultTimeoutMs = 20'000;

int64_t TimeoutFor(const Primitive* p, const std::string& task, int64_t interval_ms) {
  if (p != nullptr) {
    for (const Operation& op : p->operations) {
      if (op.name == task && op.interval_ms == interval_ms && op.timeout_ms) return *op.timeout_ms;
    }
  }
  return kDefaultTimeoutMs;
}

// Half-open range of action indices; a primitive's probes, stops and monitors are each
// created together, so a range is enough.
struct Range {
  int begin = 0;
  int end = 0;
};

class GraphBuilder {
 public:
  GraphBuilder(const WorkingSet& ws, Transition& out)
      : ws_(ws),
        out_(out),
        starts_(ws.rscs.size(), -1),
        stops_(ws.rscs.size()),
        probes_(ws.rscs.size()),
        monitors_(ws.rscs.size()),
        demotes_(ws.rscs.size()),
        promotes_(ws.rscs.size(), -1),
        fences_(ws.nodes.size(), -1) {}

  void Build() {
    out_.actions.reserve(CountActions());
    AddFences();
    if (AddReprobes()) {
      // What the re-probes find is the state to plan from: nothing else until they are in.
      out_.notes.push_back("re-probing resources out of maintenance before planning");
      return;
    }
    AddProbes();
    AddCancels();
    AddDemotes();
    AddStops();
    AddStarts();
    AddPromotes();
    AddMonitors();
    AddOrphanStops();
    AddResourceEdges();
    AddUnfenceEdges();
    AddOrderEdges();
    AddGroupEdges();
    AddOrderedCloneEdges();
    AddPromotableEdges();
    AddLoadEdges();
    AddCloneNotifications(ws_, fences_, out_);
    AddFailCountClears();
    Sort();
  }

 private:
  int Add(Action action) {
    out_.actions.push_back(std::move(action));
    return static_cast<int>(out_.actions.size()) - 1;
  }

  // Builds the action in place (no temporary: the graph can hold hundreds of thousands).
  int AddFor(const RscInfo& r, const char* task, int node, int64_t interval, const char* reason) {
    Action& a = out_.actions.emplace_back();
    a.task = task;
    a.resource = r.id;
    a.node = ws_.nodes[node].name;
    a.interval_ms = interval;
    a.timeout_ms = TimeoutFor(r.primitive, a.task, interval);
    a.reason = reason;
    return static_cast<int>(out_.actions.size()) - 1;
  }

  // Expired fail counts are deleted on their node, as Pacemaker's clear_failcount does (with
  // the failure's history entry); on a node that is not online they wait.
  void AddFailCountClears() {
    std::vector<std::pair<int, std::string>> clears = ws_.expired_fail_counts;
    std::sort(clears.begin(), clears.end());
    clears.erase(std::unique(clears.begin(), clears.end()), clears.end());
    for (const auto& [n, id] : clears) {
      if (ws_.nodes[n].membership != NodeMembership::kOnline) continue;
      Action& a = out_.actions.emplace_back();
      a.task = "clear_failcount";
      a.resource = id;
      a.node = ws_.nodes[n].name;
      a.reason = "failure-timeout expired";
    }
  }

  // has_history: r has a history on n (r.HistoryOn(n), which the caller knows).
  bool ProbeWanted(const RscInfo& r, int n, bool has_history) const {
    const NodeInfo& node = ws_.nodes[n];
    if (node.membership != NodeMembership::kOnline || node.maintenance || node.fence) return false;
    if (ws_.settings.maintenance_mode) return false;
    if (std::binary_search(r.no_probe_nodes.begin(), r.no_probe_nodes.end(), n)) return false;
    if (r.clone >= 0) return CloneProbeWanted(r, n, has_history);
    return !has_history;
  }

  // An anonymous clone is probed once per node where none of its instances has history:
  // by the instance placed there, else by its first instance. A unique one, per instance.
  bool CloneProbeWanted(const RscInfo& r, int n, bool has_history) const {
    const CloneInfo& clone = ws_.clones[r.clone];
    // A globally-unique clone's instances are distinct resources: each is probed.
    if (clone.globally_unique) return !has_history;
    if (!clone.known_on.empty() && clone.known_on[n]) return false;
    int prober = clone.instances.front();
    for (int i : clone.instances) {
      if (ws_.rscs[i].target == n) prober = i;
    }
    return &ws_.rscs[prober] == &r;
  }

  // The role a monitor is for must be the role the resource ends in (an operation without a
  // role serves every role); a role change schedules the new role's monitors again.
  bool MonitorWanted(const RscInfo& rsc, const Operation& op) const {
    if (op.name != "monitor" || op.interval_ms <= 0) return false;
    if (op.enabled && !*op.enabled) return false;
    const std::string role = NormalRole(op.role);
    if (!role.empty() && role != NextRole(rsc)) return false;
    if (rsc.start || RoleChanges(rsc)) return true;
    const NodeHistory* h = rsc.HistoryOn(rsc.target);
    return h == nullptr || !std::binary_search(h->monitor_intervals.begin(),
                                               h->monitor_intervals.end(), op.interval_ms);
  }

  // The role an instance of a promotable clone ends in; "" for everything else.
  std::string NextRole(const RscInfo& rsc) const {
    const bool promotable = rsc.clone >= 0 && ws_.clones[rsc.clone].promotable;
    return !promotable ? "" : rsc.promote ? "Promoted" : "Unpromoted";
  }

  bool RoleChanges(const RscInfo& rsc) const {
    return rsc.promote_action ||
           std::binary_search(rsc.demote_nodes.begin(), rsc.demote_nodes.end(), rsc.target);
  }

  // An upper bound (a probe on every node): reserving never touches the memory, so the
  // slack costs address space only, and one pass over the probes is saved.
  size_t CountActions() const {
    size_t count = 0;
    for (const NodeInfo& n : ws_.nodes) count += (n.fence ? 1 : 0) + (n.unfence ? 1 : 0);
    for (const RscInfo& r : ws_.rscs) {
      count += ws_.nodes.size() + 2 * r.stop_nodes.size() + 2 + r.primitive->operations.size();
      for (const NodeHistory& h : r.history) count += h.monitor_intervals.size();
    }
    for (const Orphan& o : ws_.orphans) count += o.active_nodes.size() + o.promoted_nodes.size();
    return count;
  }

  void AddFences() {
    std::vector<int> order, unfence_order;
    for (int n = 0; n < static_cast<int>(ws_.nodes.size()); ++n) {
      if (ws_.nodes[n].fence) order.push_back(n);
      if (ws_.nodes[n].unfence) unfence_order.push_back(n);
    }
    auto by_name = [&](int a, int b) { return ws_.nodes[a].name < ws_.nodes[b].name; };
    std::sort(order.begin(), order.end(), by_name);
    std::sort(unfence_order.begin(), unfence_order.end(), by_name);
    for (int n : order) {
      Action a;
      a.task = "fence";
      a.node = ws_.nodes[n].name;
      a.timeout_ms = 60'000;
      a.reason = ws_.nodes[n].fence_reason;
      fences_[n] = Add(std::move(a));
    }
    for (int n : unfence_order) {
      Action a;
      a.task = "unfence";
      a.node = ws_.nodes[n].name;
      a.timeout_ms = 60'000;
      a.reason = ws_.nodes[n].unfence_reason;
      fences_[n] = Add(std::move(a));
    }
  }

  // A resource's probes differ only in their node: each is a copy of one made per resource
  // (there is a probe per resource and node, most of the graph).
  void AddProbes() {
    for (size_t r = 0; r < ws_.rscs.size(); ++r) {
      const RscInfo& rsc = ws_.rscs[r];
      probes_[r].begin = static_cast<int>(out_.actions.size());
      std::optional<Action> probe;
      auto history = rsc.history.begin();  // sorted by node, as n goes up
      for (int n = 0; n < static_cast<int>(ws_.nodes.size()); ++n) {
        while (history != rsc.history.end() && history->node < n) ++history;
        const bool has_history =
            (history != rsc.history.end() && history->node == n) ||
            std::binary_search(rsc.probed_nodes.begin(), rsc.probed_nodes.end(), n);
        if (!ProbeWanted(rsc, n, has_history)) continue;
        if (!probe) {
          probe.emplace();
          probe->task = "monitor";
          probe->resource = rsc.id;
          probe->interval_ms = 0;
          probe->timeout_ms = TimeoutFor(rsc.primitive, probe->task, 0);
          probe->reason = "probe";
        }
        out_.actions.push_back(*probe);
        out_.actions.back().node = ws_.nodes[n].name;
      }
      probes_[r].end = static_cast<int>(out_.actions.size());
    }
  }

  bool Reachable(int n) const {
    const NodeInfo& node = ws_.nodes[n];
    return node.membership == NodeMembership::kOnline && !node.fence;
  }

  // In maintenance (the resource's, its node's or the cluster's) its recurring monitors are
  // cancelled where they run: it is left exactly as it is, not even watched.
  void AddCancels() {
    for (const RscInfo& rsc : ws_.rscs) {
      if (rsc.primitive->resource_class == "stonith") continue;  // the fence-agent host's
      for (const NodeHistory& h : rsc.history) {
        if (!(rsc.maintenance || ws_.nodes[h.node].maintenance) || !Reachable(h.node)) continue;
        for (int64_t interval : h.monitor_intervals) {
          if (interval > 0) AddFor(rsc, "cancel", h.node, interval, "maintenance");
        }
      }
    }
  }

  // Out of maintenance where its monitors were cancelled: probed there again, since an
  // operator may have started or stopped it by hand meanwhile. Whether there were any.
  bool AddReprobes() {
    bool any = false;
    for (const RscInfo& rsc : ws_.rscs) {
      for (const NodeHistory& h : rsc.history) {
        if (!h.monitors_cancelled || rsc.maintenance || ws_.nodes[h.node].maintenance ||
            !Reachable(h.node)) {
          continue;
        }
        AddFor(rsc, "monitor", h.node, 0, kReprobeReason);
        any = true;
      }
    }
    return any;
  }

  // In reverse configuration order: members of a group, and the then-side of most
  // orders, stop before what precedes them, so edges mostly point forward and the
  // topological sort has little to move.
  void AddStops() {
    for (size_t r = ws_.rscs.size(); r-- > 0;) {
      const RscInfo& rsc = ws_.rscs[r];
      stops_[r].begin = static_cast<int>(out_.actions.size());
      for (int n : rsc.stop_nodes) {
        const char* why = n == rsc.target ? "restart" : (rsc.target >= 0 ? "move" : "stop");
        AddFor(rsc, "stop", n, 0, why);
      }
      stops_[r].end = static_cast<int>(out_.actions.size());
    }
  }

  // Demotes in the same reverse order as stops, each before the instance's stop there.
  void AddDemotes() {
    for (size_t r = ws_.rscs.size(); r-- > 0;) {
      const RscInfo& rsc = ws_.rscs[r];
      demotes_[r].begin = static_cast<int>(out_.actions.size());
      for (int n : rsc.demote_nodes) AddFor(rsc, "demote", n, 0, "demote");
      demotes_[r].end = static_cast<int>(out_.actions.size());
    }
  }

  void AddPromotes() {
    for (size_t r = 0; r < ws_.rscs.size(); ++r) {
      const RscInfo& rsc = ws_.rscs[r];
      if (rsc.promote_action) promotes_[r] = AddFor(rsc, "promote", rsc.target, 0, "promote");
    }
  }

  void AddStarts() {
    for (size_t r = 0; r < ws_.rscs.size(); ++r) {
      const RscInfo& rsc = ws_.rscs[r];
      if (rsc.start && rsc.target >= 0) starts_[r] = AddFor(rsc, "start", rsc.target, 0, "place");
    }
  }

  void AddMonitors() {
    for (size_t r = 0; r < ws_.rscs.size(); ++r) {
      const RscInfo& rsc = ws_.rscs[r];
      monitors_[r].begin = static_cast<int>(out_.actions.size());
      if (rsc.target >= 0 && rsc.managed && !rsc.blocked) {
        for (const Operation& op : rsc.primitive->operations) {
          if (!MonitorWanted(rsc, op)) continue;
          AddFor(rsc, "monitor", rsc.target, op.interval_ms, "watch");
          out_.actions.back().role = NextRole(rsc);
        }
      }
      monitors_[r].end = static_cast<int>(out_.actions.size());
    }
  }

  void AddOrphanStops() {
    if (!ws_.settings.stop_orphans || ws_.settings.maintenance_mode) return;
    for (const Orphan& orphan : ws_.orphans) {
      for (int n : orphan.active_nodes) {
        if (ws_.nodes[n].fence || ws_.nodes[n].maintenance) continue;
        int demote = -1;
        if (std::find(orphan.promoted_nodes.begin(), orphan.promoted_nodes.end(), n) !=
            orphan.promoted_nodes.end()) {
          Action d;
          d.task = "demote";
          d.resource = orphan.id;
          d.node = ws_.nodes[n].name;
          d.timeout_ms = kDefaultTimeoutMs;
          d.reason = orphan.reason;
          demote = Add(std::move(d));
        }
        Action a;
        a.task = "stop";
        a.resource = orphan.id;
        a.node = ws_.nodes[n].name;
        a.timeout_ms = kDefaultTimeoutMs;
        a.reason = orphan.reason;
        Edge(demote, Add(std::move(a)));
      }
    }
  }

  void Edge(int first, int then) {
    if (first >= 0 && then >= 0 && first != then) out_.edges.push_back(keel::Edge{first, then});
  }

  // Nothing runs on a node before it is unfenced; what stops there stops first.
  void AddUnfenceEdges() {
    if (std::none_of(ws_.nodes.begin(), ws_.nodes.end(),
                     [](const NodeInfo& n) { return n.unfence; })) {
      return;  // the common case: no need to look up every action's node
    }
    for (size_t i = 0; i < out_.actions.size(); ++i) {
      const Action& a = out_.actions[i];
      if (a.task == "fence" || a.task == "unfence" || a.resource.empty()) continue;
      auto node = ws_.NodeIndex(a.node);
      if (!node || !ws_.nodes[*node].unfence) continue;
      if (a.task == "stop") {
        Edge(static_cast<int>(i), fences_[*node]);
      } else {
        Edge(fences_[*node], static_cast<int>(i));
      }
    }
  }

  void AddResourceEdges() {
    for (size_t r = 0; r < ws_.rscs.size(); ++r) {
      int start = starts_[r];
      if (start < 0) continue;
      for (int p = probes_[r].begin; p < probes_[r].end; ++p) Edge(p, start);
      if (ws_.rscs[r].clone >= 0) {  // every probe of the clone before any instance starts
        for (int i : ws_.clones[ws_.rscs[r].clone].instances) {
          for (int p = probes_[i].begin; p < probes_[i].end; ++p) Edge(p, start);
        }
      }
      for (int s = stops_[r].begin; s < stops_[r].end; ++s) Edge(s, start);
      for (int n : ws_.rscs[r].active_nodes) Edge(fences_[n], start);
      // As Pacemaker: a node about to be fenced may run a resource whose state there is
      // unknown (never probed: a node not seen since the cluster started); start after it.
      for (size_t n = 0; n < ws_.nodes.size(); ++n) {
        if (!ws_.nodes[n].fence || KnownOn(ws_, ws_.rscs[r], static_cast<int>(n))) continue;
        const auto& active = ws_.rscs[r].active_nodes;
        if (std::find(active.begin(), active.end(), static_cast<int>(n)) == active.end()) {
          Edge(fences_[n], start);
        }
      }
      for (int m = monitors_[r].begin; m < monitors_[r].end; ++m) Edge(start, m);
    }
  }

  std::vector<int> Acts(EntityRef ref, const std::string& task) const {
    std::vector<int> acts;
    for (int m : ws_.Members(ref)) {
      if (task == "start") {
        if (starts_[m] >= 0) acts.push_back(starts_[m]);
      } else if (task == "promote") {
        if (promotes_[m] >= 0) acts.push_back(promotes_[m]);
      } else if (task == "demote") {
        for (int d = demotes_[m].begin; d < demotes_[m].end; ++d) acts.push_back(d);
      } else {
        for (int s = stops_[m].begin; s < stops_[m].end; ++s) acts.push_back(s);
      }
    }
    return acts;
  }

  void Connect(EntityRef a, const std::string& ta, EntityRef b, const std::string& tb) {
    for (int x : Acts(a, ta)) {
      for (int y : Acts(b, tb)) Edge(x, y);
    }
  }

  void AddOrderEdges() {
    for (const OrderInfo& o : ws_.orders) {
      Connect(o.first, o.first_task, o.then, o.then_task);
      if (o.symmetrical)
        Connect(o.then, InverseTask(o.then_task), o.first, InverseTask(o.first_task));
    }
  }

  // With a placement strategy other than default, what stops on a node frees capacity there
  // before anything starts there (Pacemaker's load_stopped_NODE pseudo action).
  void AddLoadEdges() {
    if (ws_.settings.placement_strategy == "default") return;
    std::vector<std::vector<int>> stops_on(ws_.nodes.size());
    for (size_t r = 0; r < ws_.rscs.size(); ++r) {
      for (int s = stops_[r].begin; s < stops_[r].end; ++s) {
        if (auto node = ws_.NodeIndex(out_.actions[s].node)) stops_on[*node].push_back(s);
      }
    }
    for (size_t r = 0; r < ws_.rscs.size(); ++r) {
      if (starts_[r] < 0) continue;
      auto node = ws_.NodeIndex(out_.actions[starts_[r]].node);
      if (!node) continue;
      for (int s : stops_on[*node]) {
        if (out_.actions[s].resource != ws_.rscs[r].id) Edge(s, starts_[r]);
      }
    }
  }

  void AddGroupEdges() {
    for (const GroupInfo& g : ws_.groups) {
      for (size_t i = 0; i + 1 < g.members.size(); ++i) {
        EntityRef a{false, g.members[i]}, b{false, g.members[i + 1]};
        Connect(a, "start", b, "start");
        Connect(b, "stop", a, "stop");
        Connect(a, "promote", b, "promote");  // a promotable clone's group instance
        Connect(b, "demote", a, "demote");
      }
    }
  }

  // ordered=true: instances start one after another in instance order, and stop in reverse.
  void AddOrderedCloneEdges() {
    for (const CloneInfo& clone : ws_.clones) {
      if (!clone.ordered) continue;
      if (clone.cloned_group >= 0) {
        const ClonedGroupInfo& cg = ws_.cloned_groups[clone.cloned_group];
        if (&clone == &ws_.clones[cg.member_clones.front()]) AddOrderedGroupInstanceEdges(cg);
        continue;
      }
      int last_start = -1;
      std::vector<int> stops;
      for (int i : clone.instances) {
        if (starts_[i] >= 0) {
          Edge(last_start, starts_[i]);
          last_start = starts_[i];
        }
        for (int s = stops_[i].begin; s < stops_[i].end; ++s) stops.push_back(s);
      }
      for (size_t k = 1; k < stops.size(); ++k) Edge(stops[k], stops[k - 1]);
    }
  }

  // ordered=true on a clone of a group: each group instance starts once the one before it
  // has started (its last member), and stops before the one before it stops.
  void AddOrderedGroupInstanceEdges(const ClonedGroupInfo& cg) {
    int last_start = -1;
    std::vector<std::vector<int>> stops;
    for (int g : cg.instance_groups) {
      int first_here = -1;
      int last_here = -1;
      std::vector<int> here;
      for (int r : ws_.groups[g].members) {
        if (starts_[r] >= 0) {
          if (first_here < 0) first_here = starts_[r];
          last_here = starts_[r];
        }
        for (int s = stops_[r].begin; s < stops_[r].end; ++s) here.push_back(s);
      }
      if (first_here >= 0) {
        Edge(last_start, first_here);
        last_start = last_here;
      }
      if (!here.empty()) stops.push_back(std::move(here));
    }
    for (size_t k = 1; k < stops.size(); ++k) {
      for (int s : stops[k]) {
        for (int t : stops[k - 1]) Edge(s, t);
      }
    }
  }

  // A promotable clone: every demote before any stop and any promote, every start (and the
  // fencing of nodes where an instance ran) before any promote; monitors follow the role
  // change on their node.
  void AddPromotableEdges() {
    for (const CloneInfo& clone : ws_.clones) {
      if (!clone.promotable) continue;
      EntityRef ref{false, -1, true};
      ref.index = static_cast<int>(&clone - ws_.clones.data());
      // A clone of a group: every member's starts and stops count.
      if (clone.cloned_group >= 0) ref.cloned_group = clone.cloned_group;
      std::vector<int> demotes = Acts(ref, "demote"), promotes = Acts(ref, "promote");
      std::vector<int> stops = Acts(ref, "stop"), starts = Acts(ref, "start");
      for (int d : demotes) {
        for (int x : stops) Edge(d, x);
        for (int p : promotes) Edge(d, p);
      }
      for (int p : promotes) {
        for (int x : starts) Edge(x, p);
        for (int i : clone.instances) {
          for (int n : ws_.rscs[i].active_nodes) Edge(fences_[n], p);
        }
      }
      for (int i : clone.instances) {
        for (int m = monitors_[i].begin; m < monitors_[i].end; ++m) {
          Edge(promotes_[i], m);
          for (int d = demotes_[i].begin; d < demotes_[i].end; ++d) {
            if (out_.actions[d].node == out_.actions[m].node) Edge(d, m);
          }
        }
      }
    }
  }

  // By (first, then), duplicates removed. A counting sort on `first` (an action index): a
  // comparison sort of every edge cost more than the rest of the graph.
  static void SortEdges(std::vector<keel::Edge>& edges, size_t action_count) {
    // bucket_end[i]: first counts, then where bucket i's next edge goes, finally its end.
    std::vector<int> bucket_end(action_count + 1, 0);
    for (const keel::Edge& e : edges) bucket_end[e.first + 1]++;
    for (size_t i = 0; i < action_count; ++i) bucket_end[i + 1] += bucket_end[i];
    std::vector<keel::Edge> sorted(edges.size());
    for (const keel::Edge& e : edges) sorted[bucket_end[e.first]++] = e;
    int begin = 0;
    for (size_t i = 0; i < action_count; ++i) {
      if (bucket_end[i] - begin > 1) {
        std::sort(sorted.begin() + begin, sorted.begin() + bucket_end[i],
                  [](const keel::Edge& a, const keel::Edge& b) { return a.then < b.then; });
      }
      begin = bucket_end[i];
    }
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    edges = std::move(sorted);
  }

  // Kahn's algorithm, lowest creation index first; actions caught in a cycle (contradictory
  // orders) keep their creation order at the end. Edges are sorted, so they double as
  // compressed adjacency lists.
  void Sort() {
    SortEdges(out_.edges, out_.actions.size());
    // With every edge pointing forward, creation order is already the answer.
    if (std::all_of(out_.edges.begin(), out_.edges.end(),
                    [](const keel::Edge& e) { return e.first < e.then; })) {
      return;
    }
    const size_t n = out_.actions.size();
    std::vector<int> first_edge(n + 1, 0), indegree(n, 0);
    for (const keel::Edge& e : out_.edges) {
      first_edge[e.first + 1]++;
      indegree[e.then]++;
    }
    for (size_t i = 0; i < n; ++i) first_edge[i + 1] += first_edge[i];
    std::priority_queue<int, std::vector<int>, std::greater<>> ready;
    for (size_t i = 0; i < n; ++i) {
      if (indegree[i] == 0) ready.push(static_cast<int>(i));
    }
    std::vector<int> position(n, -1);
    int next = 0;
    while (!ready.empty()) {
      int i = ready.top();
      ready.pop();
      position[i] = next++;
      for (int k = first_edge[i]; k < first_edge[i + 1]; ++k) {
        if (--indegree[out_.edges[k].then] == 0) ready.push(out_.edges[k].then);
      }
    }
    std::string stuck;
    for (size_t i = 0; i < n; ++i) {
      if (position[i] >= 0) continue;
      position[i] = next++;
      stuck += (stuck.empty() ? "" : ", ") + out_.actions[i].Key();
    }
    if (!stuck.empty()) out_.notes.push_back("ordering cycle (contradictory orders): " + stuck);
    // Apply the permutation in place (cycle by cycle) to avoid a second copy of the actions.
    std::vector<int> target = position;
    for (size_t i = 0; i < n; ++i) {
      while (target[i] != static_cast<int>(i)) {
        int j = target[i];
        std::swap(out_.actions[i], out_.actions[j]);
        std::swap(target[i], target[j]);
      }
    }
    for (keel::Edge& e : out_.edges) e = keel::Edge{position[e.first], position[e.then]};
    SortEdges(out_.edges, out_.actions.size());
  }

  const WorkingSet& ws_;
  Transition& out_;
  std::vector<int> starts_;
  std::vector<Range> stops_, probes_, monitors_, demotes_;
  std::vector<int> promotes_;
  std::vector<int> fences_;
};

}  // namespace

std::string Action::Key() const {
  if (task == "fence" || task == "unfence") return task + " " + node;
  if (task == "notify") {
    auto value = [&](std::string_view name) {
      for (const auto& [key, v] : meta) {
        if (key == name) return v;
      }
      return std::string();
    };
    return resource + "_" + value("notify_type") + "_notify_" + value("notify_operation") +
           "_0 on " + node;
  }
  return resource + "_" + task + "_" + std::to_string(interval_ms) + " on " + node;
}

void BuildGraph(const WorkingSet& ws, Transition& transition) {
  GraphBuilder(ws, transition).Build();
}

}  // namespace keel
