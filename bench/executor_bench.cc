// Executor overhead: time from Submit to result for agents run one after another on one
// resource, through the same pieces crmd uses (qb_loop, posix_spawn, pidfd), and the RSS.
//
//   executor_bench [runs]    (default 200)
//
// Agents: ocf:heartbeat:Dummy monitor (a shell script sourcing ocf-shellfuncs: the realistic
// case) and /bin/true linked as an OCF agent (the executor's own floor: spawn, pipes, reap).
// Then Dummy monitors on 4 resources at once ("per action" = wall time / runs: throughput).
#include <qb/qbloop.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "crmd/executor/executor.h"
#include "crmd/executor/posix_process_runner.h"
#include "crmd/executor/qb_event_loop.h"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

long StatusKb(const char* field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(field, 0) == 0) return std::atol(line.c_str() + std::string(field).size() + 1);
  }
  return -1;
}

struct Figures {
  double median_ms, p99_ms, max_ms, total_s;
};

Figures Summarize(std::vector<double> ms, double total_s) {
  std::sort(ms.begin(), ms.end());
  auto at = [&](double q) {
    return ms[std::min(ms.size() - 1, static_cast<size_t>(q * ms.size()))];
  };
  return {at(0.5), at(0.99), ms.back(), total_s};
}

// Runs `runs` monitors of `agent`, keeping `parallel` in flight on as many resources (a new one
// is submitted when one finishes), and returns the Submit -> result latencies.
Figures RunBatch(const keel::ExecutorConfig& config, const std::string& agent, int runs,
                 int parallel, const std::string& state_dir) {
  qb_loop_t* qb = qb_loop_create();
  std::vector<Clock::time_point> submitted(runs + 1);
  std::vector<double> latencies;
  const auto begin = Clock::now();
  {
    keel::QbEventLoop loop(qb);
    keel::PosixProcessRunner runner(loop);
    int next = 0;
    std::unique_ptr<keel::Executor> executor;
    auto submit = [&](int slot) {
      keel::ActionRequest request;
      request.rsc_id = "r" + std::to_string(slot);
      request.agent = *keel::ParseAgentSpec(agent);
      request.action = "monitor";
      request.params = {{"state", state_dir + "/" + request.rsc_id + ".state"}};
      submitted[++next] = Clock::now();  // call ids count from 1, in submission order
      if (!executor->Submit(request)) qb_loop_stop(qb);
    };
    executor =
        std::make_unique<keel::Executor>(config, loop, runner, [&](const keel::ActionResult& r) {
          latencies.push_back(
              std::chrono::duration<double, std::milli>(Clock::now() - submitted[r.call_id])
                  .count());
          if (r.rc != keel::ocf_rc::kNotRunning && r.rc != keel::ocf_rc::kOk) {
            std::fprintf(stderr, "unexpected: %s\n", r.Summary().c_str());
          }
          if (next < runs) submit(std::stoi(r.rsc_id.substr(1)));
          if (static_cast<int>(latencies.size()) == runs) qb_loop_stop(qb);
        });
    for (int i = 0; i < parallel && i < runs; ++i) submit(i);
    loop.AddTimer(120000, [&] { qb_loop_stop(qb); });
    qb_loop_run(qb);
    executor.reset();
  }
  qb_loop_destroy(qb);
  return Summarize(latencies, std::chrono::duration<double>(Clock::now() - begin).count());
}

}  // namespace

int main(int argc, char** argv) {
  const int runs = argc > 1 ? std::atoi(argv[1]) : 200;
  char pattern[] = "/tmp/keel-exec-bench-XXXXXX";
  if (mkdtemp(pattern) == nullptr) return 1;
  const fs::path dir = pattern;
  fs::create_directories(dir / "ocf/resource.d/bench");
  fs::create_symlink("/bin/true", dir / "ocf/resource.d/bench/True");
  fs::create_symlink("/usr/lib/ocf/resource.d/heartbeat", dir / "ocf/resource.d/heartbeat");
  fs::create_symlink("/usr/lib/ocf/lib", dir / "ocf/lib");

  keel::ExecutorConfig config;
  config.ocf_root = (dir / "ocf").string();
  config.rsctmp = dir.string();
  const long rss_start = StatusKb("VmRSS:");

  std::printf("executor_bench: %d runs each, %ld CPUs\n", runs, sysconf(_SC_NPROCESSORS_ONLN));
  std::printf("%-44s %9s %9s %9s %12s\n", "case", "median", "p99", "max", "per action");
  struct Case {
    const char* name;
    const char* agent;
    int resources;
  };
  for (const Case& c : {Case{"/bin/true as OCF agent, 1 at a time", "ocf:bench:True", 1},
                        Case{"Dummy monitor, 1 at a time", "ocf:heartbeat:Dummy", 1},
                        Case{"Dummy monitor, 4 resources in parallel", "ocf:heartbeat:Dummy", 4}}) {
    Figures f = RunBatch(config, c.agent, runs, c.resources, dir.string());
    std::printf("%-44s %6.2f ms %6.2f ms %6.2f ms %9.2f ms\n", c.name, f.median_ms, f.p99_ms,
                f.max_ms, f.total_s * 1000 / runs);
  }
  std::printf("RSS: %ld kB at start, %ld kB now, peak %ld kB\n", rss_start, StatusKb("VmRSS:"),
              StatusKb("VmHWM:"));
  fs::remove_all(dir);
  return 0;
}
