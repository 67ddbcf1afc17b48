#include "crmd/scheduler/graph.h"

#include <algorithm>
#include <queue>

namespace keel {
namespace {

constexpr int64_t kDefaultTimeoutMs = 20'000;

int64_t TimeoutFor(const WorkingSet& ws, const Primitive* p, const std::string& task,
                   int64_t interval_ms) {
  if (p != nullptr) {
    for (const Operation& op : p->operations) {
      if (op.name == task && op.interval_ms == interval_ms && op.timeout_ms) return *op.timeout_ms;
    }
  }
  (void)ws;
  return kDefaultTimeoutMs;
}

class GraphBuilder {
 public:
  GraphBuilder(const WorkingSet& ws, Transition& out)
      : ws_(ws), out_(out), starts_(ws.rscs.size()), stops_(ws.rscs.size()),
        probes_(ws.rscs.size()), monitors_(ws.rscs.size()), fences_(ws.nodes.size(), -1) {}

  void Build() {
    AddFences();
    AddProbes();
    AddStops();
    AddStarts();
    AddMonitors();
    AddOrphanStops();
    AddResourceEdges();
    AddOrderEdges();
    AddGroupEdges();
    Sort();
  }

 private:
  int Add(Action action) {
    out_.actions.push_back(std::move(action));
    return static_cast<int>(out_.actions.size()) - 1;
  }

  Action Make(const RscInfo& r, const std::string& task, int node, int64_t interval,
              std::string reason) {
    Action a;
    a.task = task;
    a.resource = r.id;
    a.node = ws_.nodes[node].name;
    a.interval_ms = interval;
    a.timeout_ms = TimeoutFor(ws_, r.primitive, task, interval);
    a.key = r.id + "_" + task + "_" + std::to_string(interval) + " on " + a.node;
    a.reason = std::move(reason);
    return a;
  }

  void AddFences() {
    std::vector<int> order;
    for (int n = 0; n < static_cast<int>(ws_.nodes.size()); ++n) {
      if (ws_.nodes[n].fence) order.push_back(n);
    }
    std::sort(order.begin(), order.end(),
              [&](int a, int b) { return ws_.nodes[a].name < ws_.nodes[b].name; });
    for (int n : order) {
      Action a;
      a.task = "fence";
      a.node = ws_.nodes[n].name;
      a.key = "fence " + a.node;
      a.timeout_ms = 60'000;
      a.reason = ws_.nodes[n].fence_reason;
      fences_[n] = Add(std::move(a));
    }
  }

  bool ProbeWanted(const RscInfo& r, int n) const {
    const NodeInfo& node = ws_.nodes[n];
    if (node.membership != NodeMembership::kOnline || node.maintenance || node.fence) return false;
    if (ws_.settings.maintenance_mode) return false;
    return r.HistoryOn(n) == nullptr;
  }

  void AddProbes() {
    for (size_t r = 0; r < ws_.rscs.size(); ++r) {
      for (int n = 0; n < static_cast<int>(ws_.nodes.size()); ++n) {
        if (!ProbeWanted(ws_.rscs[r], n)) continue;
        probes_[r].push_back(Add(Make(ws_.rscs[r], "monitor", n, 0, "probe: state unknown")));
      }
    }
  }

  void AddStops() {
    for (size_t r = 0; r < ws_.rscs.size(); ++r) {
      const RscInfo& rsc = ws_.rscs[r];
      for (int n : rsc.stop_nodes) {
        std::string why = n == rsc.target ? "restart" : (rsc.target >= 0 ? "move" : "stop");
        stops_[r].push_back(Add(Make(rsc, "stop", n, 0, why)));
      }
    }
  }

  void AddStarts() {
    for (size_t r = 0; r < ws_.rscs.size(); ++r) {
      const RscInfo& rsc = ws_.rscs[r];
      if (rsc.start && rsc.target >= 0) {
        starts_[r].push_back(Add(Make(rsc, "start", rsc.target, 0, "placed here")));
      }
    }
  }

  void AddMonitors() {
    for (size_t r = 0; r < ws_.rscs.size(); ++r) {
      const RscInfo& rsc = ws_.rscs[r];
      if (rsc.target < 0 || !rsc.managed || rsc.blocked) continue;
      const NodeHistory* h = rsc.HistoryOn(rsc.target);
      for (const Operation& op : rsc.primitive->operations) {
        if (op.name != "monitor" || op.interval_ms <= 0) continue;
        if (op.enabled && !*op.enabled) continue;
        if (!op.role.empty() && op.role != "Started") continue;
        bool recorded = h != nullptr && std::binary_search(h->monitor_intervals.begin(),
                                                           h->monitor_intervals.end(),
                                                           op.interval_ms);
        if (!rsc.start && recorded) continue;
        monitors_[r].push_back(
            Add(Make(rsc, "monitor", rsc.target, op.interval_ms, "recurring monitor")));
      }
    }
  }

  void AddOrphanStops() {
    if (!ws_.settings.stop_orphans) return;
    for (const Orphan& orphan : ws_.orphans) {
      for (int n : orphan.active_nodes) {
        if (ws_.nodes[n].fence) continue;
        Action a;
        a.task = "stop";
        a.resource = orphan.id;
        a.node = ws_.nodes[n].name;
        a.timeout_ms = kDefaultTimeoutMs;
        a.key = orphan.id + "_stop_0 on " + a.node;
        a.reason = "orphan: no longer in the configuration";
        Add(std::move(a));
      }
    }
  }

  void Edge(int first, int then) {
    if (first >= 0 && then >= 0 && first != then) out_.edges.push_back(keel::Edge{first, then});
  }

  void AddResourceEdges() {
    for (size_t r = 0; r < ws_.rscs.size(); ++r) {
      const RscInfo& rsc = ws_.rscs[r];
      for (int start : starts_[r]) {
        for (int probe : probes_[r]) Edge(probe, start);
        for (int stop : stops_[r]) Edge(stop, start);
        for (int n : rsc.active_nodes) Edge(fences_[n], start);
        for (int mon : monitors_[r]) Edge(start, mon);
      }
    }
  }

  std::vector<int> Acts(EntityRef ref, const std::string& task) const {
    std::vector<int> acts;
    for (int m : ws_.Members(ref)) {
      const auto& list = task == "start" ? starts_[m] : stops_[m];
      acts.insert(acts.end(), list.begin(), list.end());
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
      if (o.symmetrical) {
        Connect(o.then, o.then_task == "start" ? "stop" : "start", o.first,
                o.first_task == "start" ? "stop" : "start");
      }
    }
  }

  void AddGroupEdges() {
    for (const GroupInfo& g : ws_.groups) {
      for (size_t i = 0; i + 1 < g.members.size(); ++i) {
        EntityRef a{false, g.members[i]}, b{false, g.members[i + 1]};
        Connect(a, "start", b, "start");
        Connect(b, "stop", a, "stop");
      }
    }
  }

  // Kahn's algorithm, lowest creation index first; cycles (from contradictory orders) keep
  // their creation order at the end.
  void Sort() {
    std::sort(out_.edges.begin(), out_.edges.end(), [](const keel::Edge& a, const keel::Edge& b) {
      return a.first != b.first ? a.first < b.first : a.then < b.then;
    });
    out_.edges.erase(std::unique(out_.edges.begin(), out_.edges.end()), out_.edges.end());
    const size_t n = out_.actions.size();
    std::vector<std::vector<int>> next(n);
    std::vector<int> indegree(n, 0);
    for (const keel::Edge& e : out_.edges) {
      next[e.first].push_back(e.then);
      indegree[e.then]++;
    }
    std::priority_queue<int, std::vector<int>, std::greater<>> ready;
    for (size_t i = 0; i < n; ++i) {
      if (indegree[i] == 0) ready.push(static_cast<int>(i));
    }
    std::vector<int> order;
    std::vector<char> placed(n, 0);
    while (!ready.empty()) {
      int i = ready.top();
      ready.pop();
      order.push_back(i);
      placed[i] = 1;
      for (int j : next[i]) {
        if (--indegree[j] == 0) ready.push(j);
      }
    }
    for (size_t i = 0; i < n; ++i) {
      if (!placed[i]) order.push_back(static_cast<int>(i));
    }
    std::vector<int> position(n);
    std::vector<Action> sorted;
    sorted.reserve(n);
    for (size_t k = 0; k < order.size(); ++k) {
      position[order[k]] = static_cast<int>(k);
      sorted.push_back(std::move(out_.actions[order[k]]));
    }
    out_.actions = std::move(sorted);
    for (keel::Edge& e : out_.edges) e = keel::Edge{position[e.first], position[e.then]};
    std::sort(out_.edges.begin(), out_.edges.end(), [](const keel::Edge& a, const keel::Edge& b) {
      return a.first != b.first ? a.first < b.first : a.then < b.then;
    });
  }

  const WorkingSet& ws_;
  Transition& out_;
  std::vector<std::vector<int>> starts_, stops_, probes_, monitors_;
  std::vector<int> fences_;
};

}  // namespace

void BuildGraph(const WorkingSet& ws, Transition& transition) {
  GraphBuilder(ws, transition).Build();
}

}  // namespace keel
