// scale_bench: Keel with many nodes and resources on a real lab cluster (lab/lab.sh: network
// namespaces, corosync knet, token 1000 ms, crmd on every node, no fencing). Root.
//   1. R ocf:heartbeat:Dummy resources (monitor 30 s, stickiness 100) loaded with one
//      `crm configure load update`: how long the commit takes to answer, and how long until every
//      resource runs (the probes of every resource on every node included), sampled every 0.5 s.
//      Before the load update it waits for the 1-minute load average to settle (the lab's own
//      start-up raises it) and prints the idle lab's load average at the commit.
//   2. What it cost: CPU seconds of crmd (its own) and of the agents crmd ran (its children's),
//      of corosync, the highest 1-minute load average, the runnable tasks (R or D) sampled
//      every 0.5 s per group (corosync / crmd / agents / other: what the load average counts),
//      peak RSS per crmd, bytes crmd wrote besides its log (the CIB on disk), action timeouts
//      logged, crmd exits.
//   3. Crash of the node holding the most resources (its link cut, its daemons SIGKILLed): time
//      until corosync's new membership on the DC and until every resource runs again.
// Prints a table per figure with the targets. See doc/benchmarks.md.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "bench/lab_driver.h"
#include "bench/lab_failover.h"
#include "bench/lab_report.h"
#include "bench/lab_runnable.h"
#include "bench/lab_timeline.h"

namespace keel::bench {
namespace {

using std::chrono::milliseconds;

struct Options {
  int nodes = 16;
  int resources = 100;
  bool crash = true;
  std::string build = KEEL_BINARY_DIR;
  std::string crmd, crm;
  int max_seconds = 900;
  double settle_load = 1.0;
  int settle_seconds = 240;
  bool keep = false;
};

constexpr const char* kUsage =
    "usage: scale_bench [--nodes N] [--resources R] [--no-crash] [--build DIR] [--crmd PATH]\n"
    "                   [--crm PATH] [--max-seconds S] [--settle-load X] [--settle-seconds S]\n"
    "                   [--keep]\n"
    "  --nodes N         lab nodes, 2..32 (default 16)\n"
    "  --resources R     ocf:heartbeat:Dummy resources, 1..5000 (default 100)\n"
    "  --no-crash        skip the crash of the node holding the most resources\n"
    "  --build DIR       where crmd/crmd and cli/crm are (default: this build)\n"
    "  --max-seconds S   bound of each wait for all resources to run (default 900)\n"
    "  --settle-load X   before the load update, wait until the 1-minute load average is\n"
    "                    below X (default 1.0; 0 waits not at all)\n"
    "  --settle-seconds S  bound of that wait; past it the bench goes on and says so\n"
    "                    (default 240)\n"
    "  --keep            keep the lab directory (logs) after the teardown\n";

std::expected<Options, std::string> ParseOptions(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto number = [&](int lo, int hi) -> std::expected<int, std::string> {
      if (i + 1 >= argc) return std::unexpected(arg + " needs a value");
      std::string v = argv[++i];
      char* end = nullptr;
      long n = std::strtol(v.c_str(), &end, 10);
      if (v.empty() || *end != '\0' || n < lo || n > hi) {
        return std::unexpected(arg + " must be a number in " + std::to_string(lo) + ".." +
                               std::to_string(hi) + ", not '" + v + "'");
      }
      return static_cast<int>(n);
    };
    std::expected<int, std::string> n = 0;
    if (arg == "--nodes") {
      if ((n = number(2, 32))) o.nodes = *n;
    } else if (arg == "--resources") {
      if ((n = number(1, 5000))) o.resources = *n;
    } else if (arg == "--max-seconds") {
      if ((n = number(10, 86400))) o.max_seconds = *n;
    } else if (arg == "--settle-seconds") {
      if ((n = number(0, 3600))) o.settle_seconds = *n;
    } else if (arg == "--settle-load") {
      if (i + 1 >= argc) return std::unexpected(arg + " needs a value");
      std::string v = argv[++i];
      char* end = nullptr;
      double x = std::strtod(v.c_str(), &end);
      if (v.empty() || *end != '\0' || x < 0 || x > 1000) {
        return std::unexpected(arg + " must be a number in 0..1000, not '" + v + "'");
      }
      o.settle_load = x;
    } else if (arg == "--no-crash") {
      o.crash = false;
    } else if (arg == "--keep") {
      o.keep = true;
    } else if (arg == "--build" || arg == "--crmd" || arg == "--crm") {
      if (i + 1 >= argc) return std::unexpected(arg + " needs a value");
      (arg == "--build" ? o.build : arg == "--crmd" ? o.crmd : o.crm) = argv[++i];
    } else {
      return std::unexpected("unknown argument '" + arg + "'");
    }
    if (!n) return std::unexpected(n.error());
  }
  if (o.crmd.empty()) o.crmd = o.build + "/crmd/crmd";
  if (o.crm.empty()) o.crm = o.build + "/cli/crm";
  for (const std::string& program : {o.crmd, o.crm}) {
    if (access(program.c_str(), X_OK) != 0) {
      return std::unexpected("no executable " + program +
                             " (build the crmd and crm targets, or pass --crmd / --crm)");
    }
  }
  return o;
}

std::string ConfigXml(int resources) {
  std::ostringstream out;
  out << "<cib admin_epoch=\"0\" epoch=\"0\" num_updates=\"0\"><configuration>\n"
         "<crm_config><cluster_property_set id=\"opts\">\n"
         "  <nvpair id=\"opts-fencing\" name=\"fencing-enabled\" value=\"false\"/>\n"
         "</cluster_property_set></crm_config>\n<nodes/>\n<resources>\n";
  for (int i = 1; i <= resources; ++i) {
    std::string id = "d" + std::to_string(i);
    out << "  <primitive id=\"" << id << "\" class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\">"
        << "<operations><op id=\"" << id
        << "-mon\" name=\"monitor\" interval=\"30s\" timeout=\"20s\"/></operations></primitive>\n";
  }
  out << "</resources>\n<constraints/>\n"
         "<rsc_defaults><meta_attributes id=\"rsc-options\">"
         "<nvpair id=\"rsc-options-stick\" name=\"resource-stickiness\" value=\"100\"/>"
         "</meta_attributes></rsc_defaults>\n"
         "</configuration><status/></cib>\n";
  return out.str();
}

// Resources running (a non-empty running_on) per node, and how many run somewhere, from one
// node's `crm status --json`; nullopt when crm fails.
struct Running {
  int total = 0;
  int failed = 0;
  std::map<std::string, int> per_node;
};

std::optional<Running> ReadRunning(Lab& lab, int k) {
  auto out = lab.Crm(k, {"status", "--json"});
  if (!out || out->exit_code != 0) return std::nullopt;
  Running r;
  const std::string& json = out->output;
  const std::string running = "\"running_on\":[";
  for (size_t at = json.find(running); at != std::string::npos;
       at = json.find(running, at + running.size())) {
    size_t open = at + running.size();
    if (json[open] != '"') continue;
    size_t close = json.find('"', open + 1);
    ++r.total;
    ++r.per_node[json.substr(open + 1, close - open - 1)];
  }
  const std::string failed = "\"failed_on\":[\"";
  for (size_t at = json.find(failed); at != std::string::npos; at = json.find(failed, at + 1)) {
    ++r.failed;
  }
  return r;
}

// A process's CPU seconds from /proc/PID/stat: its own (utime + stime) and its reaped
// children's (cutime + cstime).
struct Cpu {
  double self = 0, children = 0;
};

std::optional<Cpu> ProcCpu(pid_t pid) {
  std::string stat = ReadFile("/proc/" + std::to_string(pid) + "/stat");
  size_t paren = stat.rfind(')');
  if (paren == std::string::npos) return std::nullopt;
  std::istringstream in(stat.substr(paren + 2));
  std::vector<std::string> fields;
  for (std::string f; in >> f;) fields.push_back(f);
  // After the command: state is field 3; utime..cstime are fields 14..17 (1-based).
  if (fields.size() < 15) return std::nullopt;
  double tick = static_cast<double>(sysconf(_SC_CLK_TCK));
  auto at = [&](int field) { return std::strtod(fields[field - 3].c_str(), nullptr) / tick; };
  return Cpu{at(14) + at(15), at(16) + at(17)};
}

int64_t ProcWchar(pid_t pid) {
  std::istringstream in(ReadFile("/proc/" + std::to_string(pid) + "/io"));
  for (std::string key, value; in >> key >> value;) {
    if (key == "wchar:") return std::strtoll(value.c_str(), nullptr, 10);
  }
  return 0;
}

// Per node: the figures that grow while the resources start.
struct NodeCounters {
  Cpu crmd, corosync;
  SchedTimes crmd_sched, corosync_sched;
  int64_t crmd_wchar = 0, log_bytes = 0;
};

std::vector<NodeCounters> ReadCounters(Lab& lab, int nodes) {
  std::vector<NodeCounters> out(static_cast<size_t>(nodes) + 1);
  for (int k = 1; k <= nodes; ++k) {
    NodeCounters& c = out[static_cast<size_t>(k)];
    if (auto pid = lab.DaemonPid(k, "crmd")) {
      c.crmd = ProcCpu(*pid).value_or(Cpu{});
      c.crmd_wchar = ProcWchar(*pid);
      c.crmd_sched = ProcessSchedTimes(*pid);
    }
    if (auto pid = lab.DaemonPid(k, "corosync")) {
      c.corosync = ProcCpu(*pid).value_or(Cpu{});
      c.corosync_sched = ProcessSchedTimes(*pid);
    }
    c.log_bytes = FileSize(lab.CrmdLog(k));
  }
  return out;
}

double LoadAverage1() { return std::strtod(ReadFile("/proc/loadavg").c_str(), nullptr); }

struct StartFigures {
  double idle_load = 0;  // the 1-minute load average right before the load update
  RunnableSummary runnable;
  std::vector<double> kernel_samples;  // the runnable count of each of the kernel's load samples
  PhaseProfile phases;                 // /proc/loadavg's running tasks every 2 ms
  // From schedstat over the whole start, all nodes: mean tasks running and waiting for a CPU.
  double crmd_running = 0, crmd_waiting = 0, corosync_running = 0, corosync_waiting = 0;
  double commit_ms = 0;
  std::optional<double> all_running_ms;
  int running = 0, failed = 0;
  double max_load = 0;
  std::vector<double> crmd_cpu, agents_cpu, corosync_cpu, cib_mb, rss_mb, hwm_mb;
  int timeouts = 0, crmd_exits = 0;
};

// Every line of every crmd log (from offset) that says an action timed out.
int CountTimeouts(Lab& lab, int nodes) {
  int n = 0;
  for (int k = 1; k <= nodes; ++k) {
    std::istringstream in(ReadFile(lab.CrmdLog(k)));
    for (std::string line; std::getline(in, line);) {
      if (line.find("executor: ") != std::string::npos &&
          line.find(" timed out after ") != std::string::npos) {
        ++n;
      }
    }
  }
  return n;
}

std::expected<StartFigures, std::string> LoadAndStart(Lab& lab, const Options& o) {
  StartFigures f;
  std::string file = lab.settings().dir + "/scale-cib.xml";
  std::ofstream(file) << ConfigXml(o.resources);
  std::vector<NodeCounters> before = ReadCounters(lab, o.nodes);
  std::set<pid_t> corosyncs, crmds;
  for (int k = 1; k <= o.nodes; ++k) {
    if (auto pid = lab.DaemonPid(k, "corosync")) corosyncs.insert(*pid);
    if (auto pid = lab.DaemonPid(k, "crmd")) crmds.insert(*pid);
  }
  std::vector<RunnableSample> samples;
  std::atomic<bool> starting = true;
  std::thread sampler([&] {
    // One sample at a random moment of each 0.5 s: a fixed step would see the same moment of
    // crmd's 500 ms pacing period every time.
    uint64_t seed = static_cast<uint64_t>(NowUs());
    double load = LoadAverage1();
    for (int64_t slot = NowUs(); starting; slot += 500000) {
      seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
      int64_t at = slot + static_cast<int64_t>((seed >> 33) % 500000);
      int64_t wait = at - NowUs();
      if (wait > 0) std::this_thread::sleep_for(std::chrono::microseconds(wait));
      if (!starting) break;
      int64_t taken = NowUs();  // the walk through /proc takes 10-300 ms under load
      RunnableSnapshot snapshot = SampleRunnable(corosyncs, crmds);
      samples.push_back({taken, snapshot.counts, snapshot.in_d});
      if (double now = LoadAverage1(); now != load) {
        f.kernel_samples.push_back(KernelSampledActive(load, now));
        load = now;
      }
    }
  });
  std::thread profiler([&] {
    while (starting) {
      if (auto n = RunningNow(ReadFile("/proc/loadavg"))) f.phases.Add(NowUs(), *n);
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  });
  f.idle_load = LoadAverage1();
  int64_t t0 = NowUs();
  auto loaded = lab.Crm(1, {"configure", "load", "update", file});
  f.commit_ms = static_cast<double>(NowUs() - t0) / 1000.0;
  if (!loaded || loaded->exit_code != 0) {
    starting = false;
    sampler.join();
    profiler.join();
    return std::unexpected("crm configure load update: " +
                           (loaded ? loaded->output : loaded.error()));
  }
  std::vector<double> peak_rss(static_cast<size_t>(o.nodes) + 1, 0);
  WaitUntil(
      milliseconds(static_cast<int64_t>(o.max_seconds) * 1000),
      [&] {
        f.max_load = std::max(f.max_load, LoadAverage1());
        for (int k = 1; k <= o.nodes; ++k) {
          if (auto pid = lab.DaemonPid(k, "crmd")) {
            double mb = static_cast<double>(ProcStatusKb(*pid, "VmRSS").value_or(0)) / 1024.0;
            peak_rss[static_cast<size_t>(k)] = std::max(peak_rss[static_cast<size_t>(k)], mb);
          }
        }
        auto r = ReadRunning(lab, 1);
        if (!r) return false;
        f.running = r->total;
        f.failed = r->failed;
        if (r->total < o.resources) return false;
        f.all_running_ms = static_cast<double>(NowUs() - t0) / 1000.0;
        return true;
      },
      500);
  starting = false;
  sampler.join();
  profiler.join();
  f.runnable = Summarize(samples);
  std::vector<NodeCounters> after = ReadCounters(lab, o.nodes);
  const double elapsed_s = static_cast<double>(NowUs() - t0) / 1e6;
  for (int k = 1; k <= o.nodes; ++k) {
    const NodeCounters& b = before[static_cast<size_t>(k)];
    const NodeCounters& a = after[static_cast<size_t>(k)];
    f.crmd_running += (a.crmd_sched.run_s - b.crmd_sched.run_s) / elapsed_s;
    f.crmd_waiting += (a.crmd_sched.wait_s - b.crmd_sched.wait_s) / elapsed_s;
    f.corosync_running += (a.corosync_sched.run_s - b.corosync_sched.run_s) / elapsed_s;
    f.corosync_waiting += (a.corosync_sched.wait_s - b.corosync_sched.wait_s) / elapsed_s;
  }
  for (int k = 1; k <= o.nodes; ++k) {
    const NodeCounters& b = before[static_cast<size_t>(k)];
    const NodeCounters& a = after[static_cast<size_t>(k)];
    auto pid = lab.DaemonPid(k, "crmd");
    if (!pid) {
      ++f.crmd_exits;
      continue;
    }
    f.crmd_cpu.push_back(a.crmd.self - b.crmd.self);
    f.agents_cpu.push_back(a.crmd.children - b.crmd.children);
    f.corosync_cpu.push_back(a.corosync.self - b.corosync.self);
    double written =
        static_cast<double>((a.crmd_wchar - b.crmd_wchar) - (a.log_bytes - b.log_bytes));
    f.cib_mb.push_back(std::max(0.0, written) / 1e6);
    f.rss_mb.push_back(peak_rss[static_cast<size_t>(k)]);
    f.hwm_mb.push_back(static_cast<double>(ProcStatusKb(*pid, "VmHWM").value_or(0)) / 1024.0);
  }
  f.timeouts = CountTimeouts(lab, o.nodes);
  return f;
}

double Sum(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return s;
}

struct CrashFigures {
  int node = 0, moved = 0;
  double crash_to_membership_ms = -1, crash_to_all_running_ms = -1;
  // The last start that succeeded on a survivor after the crash, from the crmd logs: when the
  // moved resources ran, without the polling of crm status (-1 when none was logged).
  double crash_to_last_start_ms = -1;
};

std::expected<CrashFigures, std::string> CrashBusiestNode(Lab& lab, const Options& o) {
  auto r = ReadRunning(lab, 1);
  if (!r) return std::unexpected("crm status --json failed on n1");
  CrashFigures c;
  for (const auto& [node, count] : r->per_node) {
    int k = std::atoi(node.c_str() + 1);
    // Not n1: it is the node the bench asks.
    if (k > 1 && count > c.moved) c.node = k, c.moved = count;
  }
  if (c.node == 0) return std::unexpected("no node but n1 runs a resource");
  int64_t t0 = NowUs();
  if (auto out = lab.LabSh({"crash", std::to_string(c.node)}, milliseconds(20000)); !out) {
    return std::unexpected("lab.sh crash: " + out.error());
  }
  bool back = WaitUntil(
      milliseconds(static_cast<int64_t>(o.max_seconds) * 1000),
      [&] {
        auto now = ReadRunning(lab, 1);
        return now && now->total == o.resources &&
               now->per_node.count("n" + std::to_string(c.node)) == 0;
      },
      50);
  if (back) c.crash_to_all_running_ms = static_cast<double>(NowUs() - t0) / 1000.0;
  for (int k = 1; k <= o.nodes; ++k) {
    if (k == c.node) continue;
    auto events = ParseCorosyncLog(ReadFile(lab.CorosyncLog(k)), t0);
    if (auto formed = FirstAfter(events, t0 / 1000 * 1000, "A new membership")) {
      c.crash_to_membership_ms = static_cast<double>(formed->us - t0) / 1000.0;
      break;
    }
  }
  for (int k = 1; k <= o.nodes; ++k) {
    if (k == c.node) continue;
    for (const LogEvent& e : ParseCrmdLog(ReadFile(lab.CrmdLog(k)))) {
      if (e.us < t0 || e.text.find("_start_0 call=") == std::string::npos ||
          e.text.find(": ok (done)") == std::string::npos) {
        continue;
      }
      c.crash_to_last_start_ms =
          std::max(c.crash_to_last_start_ms, static_cast<double>(e.us - t0) / 1000.0);
    }
  }
  if (!back) return std::unexpected("not every resource ran again within --max-seconds");
  return c;
}

void Report(const Options& o, const StartFigures& f, const std::optional<CrashFigures>& c) {
  char title[160];
  std::snprintf(title, sizeof(title),
                "%d nodes x %d resources (ocf:heartbeat:Dummy, monitor 30 s), token 1000 ms",
                o.nodes, o.resources);
  std::vector<ReportRow> rows{
      {"1-minute load average at the commit (idle lab)", {f.idle_load}, "", ""},
      {"crm configure load update: answered", {f.commit_ms}, "< 1000 ms"},
      {"load update -> every resource runs",
       f.all_running_ms ? std::vector<double>{*f.all_running_ms} : std::vector<double>{},
       o.resources <= 100 ? "< 20000 ms" : "< 300000 ms"},
      {"highest 1-minute load average while starting", {f.max_load}, "< 8", ""},
      {"crmd CPU while starting, per node", f.crmd_cpu, "", "s"},
      {"agents' CPU (crmd's children), per node", f.agents_cpu, "", "s"},
      {"corosync CPU while starting, per node", f.corosync_cpu, "", "s"},
      {"crmd peak RSS (sampled / VmHWM), per node", f.rss_mb, "< 20 MB", "MB"},
      {"  VmHWM", f.hwm_mb, "", "MB"},
      {"bytes crmd wrote besides its log (CIB), per node", f.cib_mb, "", "MB"},
  };
  if (c && c->crash_to_all_running_ms >= 0) {
    rows.push_back({"crash -> corosync's new membership (first survivor)",
                    {c->crash_to_membership_ms},
                    "token + consensus = 2200 ms"});
    rows.push_back({"crash -> every resource runs again (crm status on n1)",
                    {c->crash_to_all_running_ms},
                    "membership + 1000 ms"});
    if (c->crash_to_last_start_ms >= 0) {
      rows.push_back({"crash -> last moved resource started (crmd logs)",
                      {c->crash_to_last_start_ms},
                      "membership + 1000 ms"});
    }
  }
  PrintTable(title, rows);
  const RunnableSummary& r = f.runnable;
  std::printf("runnable tasks (R or D) while starting, %d samples every 0.5 s, mean / max:",
              r.samples);
  for (int g = 0; g < kTaskGroups; ++g) {
    std::printf(" %s %.1f / %d,", kTaskGroupNames[static_cast<size_t>(g)],
                r.mean[static_cast<size_t>(g)], r.max[static_cast<size_t>(g)]);
  }
  std::printf(" all %.1f / %d, of them in D %.1f / %d\n", r.total_mean, r.total_max, r.in_d_mean,
              r.in_d_max);
  std::printf("  mean of all by time after the wall clock's 500 ms tick (pacing):");
  for (int b = 0; b < kPhaseBuckets; ++b) {
    std::printf(" %d-%d ms %.1f (%d)%s", b * 100, b * 100 + 100,
                r.phase_mean[static_cast<size_t>(b)], r.phase_samples[static_cast<size_t>(b)],
                b + 1 < kPhaseBuckets ? "," : "\n");
  }
  std::printf(
      "  exact means over the start (schedstat, all nodes): corosync %.2f on a CPU + %.2f "
      "waiting, crmd %.2f + %.2f; the rest of the running-now mean below is agents and others\n",
      f.corosync_running, f.corosync_waiting, f.crmd_running, f.crmd_waiting);
  std::printf(
      "  running now (/proc/loadavg, every 2 ms) by 20 ms after the 500 ms tick, mean/max:");
  for (int b = 0; b < PhaseProfile::kBins; ++b) {
    std::printf(" %d:%.1f/%d", b * 20, f.phases.Mean(b), f.phases.Max(b));
  }
  std::printf("; all %.1f\n", f.phases.MeanAll());
  std::printf(
      "  the kernel's load samples while starting (tasks it counted, from the 1-minute "
      "average's steps):");
  for (double n : f.kernel_samples) std::printf(" %.1f", n);
  std::printf("\n");
  std::printf(
      "running at the end of the wait: %d of %d, failed %d; action timeouts logged: %d; "
      "crmd exits: %d\n",
      f.running, o.resources, f.failed, f.timeouts, f.crmd_exits);
  double crmd = Sum(f.crmd_cpu), agents = Sum(f.agents_cpu), corosync = Sum(f.corosync_cpu);
  double total = crmd + agents + corosync;
  if (total > 0) {
    std::printf(
        "CPU while starting, all nodes: crmd %.1f s (%.0f%%), agents %.1f s (%.0f%%), "
        "corosync %.1f s (%.0f%%)\n",
        crmd, 100 * crmd / total, agents, 100 * agents / total, corosync, 100 * corosync / total);
  }
  if (c) {
    std::printf("crash of n%d (%d resources)%s\n", c->node, c->moved,
                c->crash_to_all_running_ms >= 0 ? "" : ": not recovered");
  }
}

int Run(const Options& o) {
  std::string name = "sb" + std::to_string(getpid());
  std::string dir = "/tmp/keel-lab/" + name;
  std::string failure;
  {
    LabSettings settings{std::string(KEEL_SOURCE_DIR) + "/lab/lab.sh",
                         std::filesystem::absolute(o.crmd),
                         std::filesystem::absolute(o.crm),
                         name,
                         dir,
                         ""};
    settings.nodes = o.nodes;
    Lab lab(settings);
    std::printf("lab %s: %d nodes, knet, token 1000 ms; load average at start: %s", name.c_str(),
                o.nodes, ReadFile("/proc/loadavg").c_str());
    std::fflush(stdout);
    auto up = lab.Up();
    if (!up) failure = "lab up: " + up.error();
    if (failure.empty() &&
        !WaitUntil(
            milliseconds(180000), [&] { return ClusterSynced(lab, o.nodes); }, 500)) {
      failure = "the lab cluster did not sync within 180 s";
    }
    if (failure.empty() && o.settle_load > 0) {
      int64_t settle_t0 = NowUs();
      bool settled = WaitUntil(
          milliseconds(static_cast<int64_t>(o.settle_seconds) * 1000),
          [&] { return LoadAverage1() < o.settle_load; }, 1000);
      std::printf("%s the 1-minute load average below %.2f after %.0f s: %s",
                  settled ? "settled:" : "NOT settled (going on):", o.settle_load,
                  static_cast<double>(NowUs() - settle_t0) / 1e6,
                  ReadFile("/proc/loadavg").c_str());
      std::fflush(stdout);
    }
    std::optional<StartFigures> start;
    if (failure.empty() && !Interrupted()) {
      auto f = LoadAndStart(lab, o);
      if (!f) failure = f.error();
      if (f) start = *f;
    }
    std::optional<CrashFigures> crash;
    if (start && start->all_running_ms && o.crash) {
      auto c = CrashBusiestNode(lab, o);
      if (!c) failure = "crash: " + c.error();
      if (c) crash = *c;
    }
    if (start) Report(o, *start, crash);
    if (start && !start->all_running_ms) failure = "not every resource ran within --max-seconds";
    std::printf("\nload average at the end: %s", ReadFile("/proc/loadavg").c_str());
  }  // the lab is torn down here, on every path
  if (!o.keep) std::filesystem::remove_all(dir);
  if (Interrupted()) failure = failure.empty() ? "interrupted" : failure;
  if (!failure.empty()) {
    std::fprintf(stderr, "scale_bench: %s%s\n", failure.c_str(),
                 o.keep ? (" (logs kept in " + dir + ")").c_str() : "");
    return 1;
  }
  return 0;
}

}  // namespace
}  // namespace keel::bench

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--help" || std::string(argv[i]) == "-h") {
      std::printf("%s", keel::bench::kUsage);
      return 0;
    }
  }
  auto options = keel::bench::ParseOptions(argc, argv);
  if (!options) {
    std::fprintf(stderr, "scale_bench: %s\n%s", options.error().c_str(), keel::bench::kUsage);
    return 2;
  }
  if (geteuid() != 0) {
    std::fprintf(stderr, "scale_bench: must run as root (network namespaces, lab.sh)\n");
    return 2;
  }
  keel::bench::InstallInterruptHandlers();
  return keel::bench::Run(*options);
}
