// scheduler_bench: time and peak memory of Schedule() on generated CIBs.
//
// Each CIB has R primitives on N nodes: every 30 primitives the first 3 form a group, every
// primitive has a location constraint (score 100 on node i % N), every 10th is colocated
// with the one before it (score 500), and every 50th is ordered after the one before it.
// The status section records every primitive on its preferred node: the even ones running
// (start + monitor), the odd ones probed as stopped; on the other nodes there is no history,
// so the transition probes them there and starts the odd ones.
//
// The clone layout adds K anonymous clones ("cl0" ... of primitives "c0" ...), each running
// on every node; every 50th primitive (offset 25) is colocated with (INFINITY) and ordered
// after clone i % K, as a VIP is with a cloned proxy.
//
// Each (R, N, K) runs in a forked child so that its peak RSS (ru_maxrss) is its own. Printed:
// median schedule time over 5 runs, actions and edges in the transition, peak RSS.
// `scheduler_bench R N [K]` runs one size in-process (for profilers).

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "crmd/scheduler/scheduler.h"

namespace {

using keel::Cib;

keel::LrmRscOp Op(const std::string& rsc, const std::string& task, int rc, int64_t interval,
                  int64_t call, const std::string& node) {
  keel::LrmRscOp op;
  op.set_operation(task);
  op.set_operation_key(rsc + "_" + task + "_" + std::to_string(interval));
  op.set_id(op.operation_key());
  op.interval_ms = interval;
  op.call_id = call;
  op.rc_code = rc;
  op.set_on_node(node);
  return op;
}

keel::Primitive MakePrimitive(const std::string& id) {
  keel::Primitive p;
  p.id = id;
  p.resource_class = "ocf";
  p.provider = "heartbeat";
  p.type = "Dummy";
  keel::Operation mon;
  mon.id = id + "-monitor";
  mon.name = "monitor";
  mon.interval_ms = 10'000;
  p.operations.push_back(mon);
  return p;
}

void AddResources(Cib& cib, int r_count) {
  auto& resources = cib.configuration.resources;
  for (int i = 0; i < r_count;) {
    if (i % 30 == 0 && i + 3 <= r_count) {
      keel::Group g;
      g.id = "grp" + std::to_string(i);
      for (int k = 0; k < 3; ++k) g.primitives.push_back(MakePrimitive("r" + std::to_string(i + k)));
      resources.push_back(std::move(g));
      i += 3;
    } else {
      resources.push_back(MakePrimitive("r" + std::to_string(i)));
      ++i;
    }
  }
}

void AddConstraints(Cib& cib, int r_count, int n_count) {
  auto& c = cib.configuration;
  for (int i = 0; i < r_count; ++i) {
    std::string id = "r" + std::to_string(i);
    keel::LocationConstraint loc;
    loc.id = "loc-" + id;
    loc.rsc = id;
    loc.node = "node" + std::to_string(i % n_count);
    loc.score = keel::Score(100);
    c.locations.push_back(std::move(loc));
    bool grouped = i % 30 < 3;
    if (i % 10 == 5 && !grouped) {
      keel::ColocationConstraint col;
      col.id = "col-" + id;
      col.rsc = id;
      col.with_rsc = "r" + std::to_string(i - 1);
      col.score = keel::Score(500);
      c.colocations.push_back(std::move(col));
    }
    if (i % 50 == 7) {
      keel::OrderConstraint o;
      o.id = "ord-" + id;
      o.first = "r" + std::to_string(i - 1);
      o.then = id;
      c.orders.push_back(std::move(o));
    }
  }
}

void AddStatus(Cib& cib, int r_count, int n_count) {
  std::vector<keel::NodeState> states(n_count);
  for (int n = 0; n < n_count; ++n) {
    keel::NodeState& s = states[n];
    s.id = s.uname = "node" + std::to_string(n);
    s.in_ccm = "true";
    s.crmd = "online";
    s.join = s.expected = "member";
  }
  for (int i = 0; i < r_count; ++i) {
    std::string id = "r" + std::to_string(i);
    int n = i % n_count;
    keel::LrmResource lrm;
    lrm.id = id;
    lrm.resource_class = "ocf";
    lrm.provider = "heartbeat";
    lrm.type = "Dummy";
    if (i % 2 == 0) {
      lrm.ops.push_back(Op(id, "start", 0, 0, 2, states[n].uname));
      lrm.ops.push_back(Op(id, "monitor", 0, 10'000, 3, states[n].uname));
    } else {
      lrm.ops.push_back(Op(id, "monitor", 7, 0, 1, states[n].uname));
    }
    states[n].lrm_resources.push_back(std::move(lrm));
  }
  cib.status.node_states = std::move(states);
}

// K clones running everywhere, and every 50th primitive following one of them.
void AddClones(Cib& cib, int r_count, int k_count) {
  if (k_count <= 0) return;
  for (int k = 0; k < k_count; ++k) {
    keel::Clone clone;
    clone.id = "cl" + std::to_string(k);
    clone.child = MakePrimitive("c" + std::to_string(k));
    cib.configuration.resources.push_back(std::move(clone));
  }
  for (int i = 25; i < r_count; i += 50) {
    std::string id = "r" + std::to_string(i), clone = "cl" + std::to_string(i / 50 % k_count);
    keel::ColocationConstraint col;
    col.id = "col-" + id + "-" + clone;
    col.rsc = id;
    col.with_rsc = clone;
    col.score = keel::Score::Infinity();
    cib.configuration.colocations.push_back(std::move(col));
    keel::OrderConstraint o;
    o.id = "ord-" + clone + "-" + id;
    o.first = clone;
    o.then = id;
    cib.configuration.orders.push_back(std::move(o));
  }
  for (keel::NodeState& state : cib.status.node_states) {
    for (int k = 0; k < k_count; ++k) {
      std::string id = "c" + std::to_string(k);
      keel::LrmResource lrm;
      lrm.id = id;
      lrm.resource_class = "ocf";
      lrm.provider = "heartbeat";
      lrm.type = "Dummy";
      lrm.ops.push_back(Op(id, "start", 0, 0, 2, state.uname));
      lrm.ops.push_back(Op(id, "monitor", 0, 10'000, 3, state.uname));
      state.lrm_resources.push_back(std::move(lrm));
    }
  }
}

Cib Generate(int r_count, int n_count, int k_count) {
  Cib cib;
  cib.have_quorum = true;
  keel::NvSet opts;
  opts.id = "opts";
  opts.pairs.push_back(keel::NvPair{"o1", "fencing-enabled", "false", 0});
  cib.configuration.crm_config.push_back(opts);
  for (int n = 0; n < n_count; ++n) {
    keel::Node node;
    node.id = node.uname = "node" + std::to_string(n);
    cib.configuration.nodes.push_back(node);
  }
  AddResources(cib, r_count);
  AddConstraints(cib, r_count, n_count);
  AddStatus(cib, r_count, n_count);
  AddClones(cib, r_count, k_count);
  return cib;
}

// CPU time of this process (the machine may be shared: wall time includes waiting).
double CpuMs() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

void RunOne(int r_count, int n_count, int k_count) {
  Cib cib = Generate(r_count, n_count, k_count);
  keel::ClusterView view = keel::DeriveClusterView(cib);
  std::vector<double> ms, cpu_ms;
  size_t actions = 0, edges = 0;
  for (int run = 0; run < 5; ++run) {
    double cpu_start = CpuMs();
    auto start = std::chrono::steady_clock::now();
    auto t = keel::Schedule(cib, view, keel::TimePoint{1'700'000'000});
    auto end = std::chrono::steady_clock::now();
    cpu_ms.push_back(CpuMs() - cpu_start);
    if (!t) {
      std::printf("R=%d N=%d K=%d: error: %s\n", r_count, n_count, k_count,
                  keel::JoinErrors(t.error()).c_str());
      return;
    }
    actions = t->actions.size();
    edges = t->edges.size();
    ms.push_back(std::chrono::duration<double, std::milli>(end - start).count());
  }
  std::sort(ms.begin(), ms.end());
  std::sort(cpu_ms.begin(), cpu_ms.end());
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf(
      "R=%6d N=%3d K=%2d  schedule median %7.1f ms wall (min %6.1f, max %6.1f), %7.1f ms CPU"
      "  actions %7zu  edges %7zu  peak RSS %6.1f MB\n",
      r_count, n_count, k_count, ms[ms.size() / 2], ms.front(), ms.back(),
      cpu_ms[cpu_ms.size() / 2], actions, edges, usage.ru_maxrss / 1024.0);
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 3 || argc == 4) {  // one size, in this process (for profilers)
    RunOne(std::atoi(argv[1]), std::atoi(argv[2]), argc == 4 ? std::atoi(argv[3]) : 0);
    return 0;
  }
  const int sizes[][3] = {{1000, 16, 0}, {3000, 16, 0},  {10000, 16, 0}, {1000, 32, 0},
                          {3000, 32, 0}, {10000, 32, 0}, {1000, 16, 20}};
  for (const auto& s : sizes) {
    pid_t pid = fork();
    if (pid == 0) {
      RunOne(s[0], s[1], s[2]);
      _exit(0);
    }
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
        WEXITSTATUS(status) != 0) {
      std::printf("R=%d N=%d: child failed\n", s[0], s[1]);
      return 1;
    }
  }
  return 0;
}
