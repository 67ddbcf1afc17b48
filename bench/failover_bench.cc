// failover_bench: Keel's failover figures on a real 3-node lab cluster (lab/lab.sh: network
// namespaces, corosync knet, token 1000 ms, crmd on every node). Root.
//   1. --rounds failovers: cut the link of the VIP holder; time until the VIP answers ICMP
//      echo from a client on the lab's bridge (probe every 5 ms), and the timeline from the
//      survivors' logs (membership -> plan -> start sent -> agent -> done); heal (or, with
//      --fencing, let the cluster fence it and reboot it) and wait until it rejoined.
//   2. --config-rounds `crm resource start d1` (a stopped ocf:heartbeat:Dummy) until it runs.
//   3. crmd VmRSS / VmHWM per node.
// Prints a table per figure with the issue's targets. See doc/benchmarks.md.
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "bench/lab_config_change.h"
#include "bench/lab_driver.h"
#include "bench/lab_failover.h"
#include "bench/lab_probe.h"
#include "bench/lab_report.h"

namespace keel::bench {
namespace {

using std::chrono::milliseconds;

constexpr const char* kProbeAddress = "198.18.0.250/24";  // the client, on the lab's bridge

struct Options {
  int rounds = 20;
  int config_rounds = 20;
  bool fencing = false;
  std::string agent = "heartbeat";  // heartbeat: ocf:heartbeat:IPaddr2, keel: ocf:keel:IPaddr
  std::string build = KEEL_BINARY_DIR;
  std::string crmd, crm;
  int max_seconds = 900;
  bool keep = false;
  bool hanging_alert = false;  // an alert agent that never ends (killed at its 2 s timeout)
};

constexpr const char* kUsage =
    "usage: failover_bench [--rounds N] [--config-rounds N] [--fencing] [--agent heartbeat|keel]\n"
    "                      [--build DIR] [--crmd PATH] [--crm PATH] [--max-seconds S] [--keep]\n"
    "                      [--hanging-alert]\n"
    "  --rounds N          failovers (link cut of the VIP holder), default 20\n"
    "  --config-rounds N   `crm resource start` of a stopped Dummy until it runs, default 20\n"
    "  --fencing           fencing-enabled=true with fence_keel_lab: the cut node is fenced\n"
    "  --agent             VIP agent: heartbeat (ocf:heartbeat:IPaddr2, default) or keel\n"
    "                      (ocf:keel:IPaddr, installed by agents/install.sh into a private OCF "
    "root)\n"
    "  --build DIR         where crmd/crmd, cli/crm and agents/ are (default: this build)\n"
    "  --max-seconds S     stop starting rounds after S seconds (default 900)\n"
    "  --keep              keep the lab directory (logs) after the teardown\n"
    "  --hanging-alert     also configure an alert agent that never ends (meta timeout=2s):\n"
    "                      alerts run beside the failover, they must not slow it\n";

std::expected<Options, std::string> ParseOptions(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&]() -> std::expected<std::string, std::string> {
      if (i + 1 >= argc) return std::unexpected(arg + " needs a value");
      return std::string(argv[++i]);
    };
    auto number = [&](int lo, int hi) -> std::expected<int, std::string> {
      auto v = value();
      if (!v) return std::unexpected(v.error());
      char* end = nullptr;
      long n = std::strtol(v->c_str(), &end, 10);
      if (v->empty() || *end != '\0' || n < lo || n > hi) {
        return std::unexpected(arg + " must be a number in " + std::to_string(lo) + ".." +
                               std::to_string(hi) + ", not '" + *v + "'");
      }
      return static_cast<int>(n);
    };
    std::expected<int, std::string> n = 0;
    std::expected<std::string, std::string> v = "";
    if (arg == "--rounds") {
      if ((n = number(1, 500))) o.rounds = *n;
    } else if (arg == "--config-rounds") {
      if ((n = number(0, 500))) o.config_rounds = *n;
    } else if (arg == "--max-seconds") {
      if ((n = number(10, 86400))) o.max_seconds = *n;
    } else if (arg == "--fencing") {
      o.fencing = true;
    } else if (arg == "--keep") {
      o.keep = true;
    } else if (arg == "--hanging-alert") {
      o.hanging_alert = true;
    } else if (arg == "--agent") {
      if ((v = value())) o.agent = *v;
      if (v && o.agent != "heartbeat" && o.agent != "keel") {
        return std::unexpected("--agent must be heartbeat or keel, not '" + o.agent + "'");
      }
    } else if (arg == "--build" || arg == "--crmd" || arg == "--crm") {
      std::string& slot = arg == "--build" ? o.build : arg == "--crmd" ? o.crmd : o.crm;
      if ((v = value())) slot = *v;
    } else {
      return std::unexpected("unknown argument '" + arg + "'");
    }
    if (!n) return std::unexpected(n.error());
    if (!v) return std::unexpected(v.error());
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

std::string CibXml(const Options& o, const Lab& lab, const std::string& vip) {
  const LabSettings& s = lab.settings();
  std::string fencing = o.fencing ? "true" : "false";
  std::string provider = o.agent == "keel" ? "keel" : "heartbeat";
  std::string type = o.agent == "keel" ? "IPaddr" : "IPaddr2";
  std::string device;
  if (o.fencing) {
    device = R"(<primitive id="labfence" class="stonith" type="fence_keel_lab">
      <instance_attributes id="labfence-ia">
        <nvpair id="labfence-lab" name="lab_name" value=")" +
             s.name + R"("/>
        <nvpair id="labfence-dir" name="lab_dir" value=")" +
             s.dir + R"("/>
        <nvpair id="labfence-net" name="lab_net" value=")" +
             s.net + R"("/>
        <nvpair id="labfence-hosts" name="pcmk_host_list" value="n1 n2 n3"/>
      </instance_attributes>
    </primitive>)";
  }
  return R"(<cib admin_epoch="0" epoch="0" num_updates="0"><configuration>
  <crm_config><cluster_property_set id="opts">
    <nvpair id="opts-fencing" name="fencing-enabled" value=")" +
         fencing + R"("/>
    <nvpair id="opts-timeout" name="fencing-timeout" value="20s"/>
  </cluster_property_set></crm_config>
  <nodes/>
  <resources>
    )" + device +
         R"(
    <primitive id="vip" class="ocf" provider=")" +
         provider + R"(" type=")" + type + R"(">
      <instance_attributes id="vip-ia"><nvpair id="vip-ip" name="ip" value=")" +
         vip + R"("/>
        <nvpair id="vip-mask" name="cidr_netmask" value="24"/><nvpair id="vip-nic" name="nic" value="eth0"/>
      </instance_attributes>
      <meta_attributes id="vip-meta"><nvpair id="vip-stick" name="resource-stickiness" value="100"/></meta_attributes>
      <operations><op id="vip-mon" name="monitor" interval="10s" timeout="20s"/></operations>
    </primitive>
    <primitive id="d1" class="ocf" provider="heartbeat" type="Dummy">
      <meta_attributes id="d1-meta"><nvpair id="d1-role" name="target-role" value="Stopped"/></meta_attributes>
      <operations><op id="d1-mon" name="monitor" interval="10s" timeout="20s"/></operations>
    </primitive>
  </resources>
  <constraints/>
</configuration><status/></cib>
)";
}

// Fence agent and OCF root the options ask for, under the lab directory; crmd arguments.
std::expected<std::string, std::string> PrepareAgents(const Options& o, const std::string& dir) {
  std::string args;
  std::filesystem::create_directories(dir);
  if (o.fencing) {
    auto out =
        RunCommand({"bash", std::string(KEEL_SOURCE_DIR) + "/fencing/install.sh", dir + "/fence"},
                   milliseconds(20000));
    if (!out || out->exit_code != 0) return std::unexpected("fencing/install.sh failed");
    args += "--fence-agent-dir " + dir + "/fence/usr/sbin ";
  }
  if (o.agent == "keel") {
    std::string root = dir + "/ocf";
    std::filesystem::create_directories(root + "/resource.d");
    std::filesystem::create_directories(root + "/lib");
    std::filesystem::create_directory_symlink("/usr/lib/ocf/resource.d/heartbeat",
                                              root + "/resource.d/heartbeat");
    std::filesystem::create_directory_symlink("/usr/lib/ocf/lib/heartbeat",
                                              root + "/lib/heartbeat");
    auto out =
        RunCommand({"bash", std::string(KEEL_SOURCE_DIR) + "/agents/install.sh", o.build, root},
                   milliseconds(20000));
    if (!out || out->exit_code != 0 || !std::filesystem::exists(root + "/resource.d/keel/IPaddr")) {
      return std::unexpected(
          "agents/install.sh did not install ocf:keel:IPaddr (build the keel-ipaddr target)");
    }
    args += "--ocf-root " + root + " ";
  }
  return args;
}

template <typename T>
std::vector<double> Collect(const std::vector<T>& rounds, std::optional<double> T::*field) {
  std::vector<double> out;
  for (const T& r : rounds) {
    if (r.*field) out.push_back(*(r.*field));
  }
  return out;
}

template <typename T>
std::vector<double> Collect(const std::vector<T>& rounds, double T::*field) {
  std::vector<double> out;
  for (const T& r : rounds) out.push_back(r.*field);
  return out;
}

std::string Opt(const std::optional<double>& v) {
  char buf[32];
  if (!v) return "-";
  std::snprintf(buf, sizeof(buf), "%.1f", *v);
  return buf;
}

void PrintRound(int i, const FailoverTimes& t) {
  std::printf(
      "round %2d: n%d -> n%d (DC n%d): cut->answer %.1f ms; cut->corosync %s, cut->crmd "
      "membership %s; membership->planned %s, ->sent +%s, ->began +%s, agent %s, "
      "membership->done %s (overhead %s), done->answer %s",
      i, t.holder, t.new_holder, t.dc, t.cut_to_answer, Opt(t.cut_to_corosync).c_str(),
      Opt(t.cut_to_membership).c_str(), Opt(t.membership_to_planned).c_str(),
      Opt(t.planned_to_sent).c_str(), Opt(t.sent_to_began).c_str(), Opt(t.agent_exec).c_str(),
      Opt(t.membership_to_done).c_str(), Opt(t.overhead).c_str(), Opt(t.done_to_answer).c_str());
  if (t.fence_duration) {
    std::printf("; fence sent +%s after membership, fence %s, fenced->start sent %s",
                Opt(t.membership_to_fence_sent).c_str(), Opt(t.fence_duration).c_str(),
                Opt(t.fenced_to_sent).c_str());
  }
  std::printf("; rejoin: VIP on n%d%s, longest VIP gap %.1f ms\n", t.holder_after,
              t.moved_back ? " (moved)" : " (stayed)", t.rejoin_gap);
  std::fflush(stdout);
}

void ReportFailovers(const std::vector<FailoverTimes>& r, const Options& o) {
  using T = FailoverTimes;
  std::string title = std::string("Failover: link cut of the VIP holder (") +
                      (o.agent == "keel" ? "ocf:keel:IPaddr" : "ocf:heartbeat:IPaddr2") +
                      (o.fencing ? ", fencing on" : ", fencing off") +
                      (o.hanging_alert ? ", a hanging alert" : "") + ", token 1000 ms, knet)";
  std::vector<ReportRow> rows{
      {"cut -> VIP answers ICMP on the LAN (end to end)", Collect(r, &T::cut_to_answer),
       "Pacemaker 2.1.5: 4600-4800 ms"},
      {"membership event (crmd, DC) -> VIP up (start done)", Collect(r, &T::membership_to_done),
       "<= 100 ms + agent start (median)"},
      {o.fencing ? "  minus the agent's exec-time (fence included)"
                 : "  of which Keel (minus the agent's exec-time)",
       Collect(r, &T::overhead), o.fencing ? "" : "<= 100 ms (median)"},
      {"membership event -> VIP answers on the LAN", Collect(r, &T::membership_to_answer),
       "Pacemaker: ~1000 ms"},
      {"breakdown: cut -> corosync forms the membership", Collect(r, &T::cut_to_corosync),
       "token + consensus = 2200 ms"},
      {"  cut -> crmd sees the membership (DC)", Collect(r, &T::cut_to_membership), ""},
      {"  membership -> transition planned (DC)", Collect(r, &T::membership_to_planned), ""},
      {"  planned -> start sent (DC)", Collect(r, &T::planned_to_sent), ""},
      {"  start sent -> agent began (bus + executor queue)", Collect(r, &T::sent_to_began), ""},
      {"  agent start (exec-time, the agent's own)", Collect(r, &T::agent_exec), ""},
      {"  start done -> VIP answers (ARP, probe period 5 ms)", Collect(r, &T::done_to_answer), ""},
  };
  int moved = 0;
  for (const FailoverTimes& t : r) moved += t.moved_back ? 1 : 0;
  rows.push_back({"rejoin of the cut node: longest VIP gap (probe 5 ms)",
                  Collect(r, &T::rejoin_gap),
                  "0 (stickiness keeps the VIP); moved in " + std::to_string(moved) + " of " +
                      std::to_string(r.size()) + " rounds"});
  if (o.fencing) {
    rows.push_back({"fencing: membership -> fence request sent",
                    Collect(r, &T::membership_to_fence_sent), ""});
    rows.push_back({"fencing: the fence's own duration (sent -> success)",
                    Collect(r, &T::fence_duration), ""});
    rows.push_back({"fencing: fence done -> start sent", Collect(r, &T::fenced_to_sent), ""});
    rows.push_back({"fencing: Keel's own (minus agent start and fence)",
                    Collect(r, &T::overhead_without_fence), "<= 100 ms (median)"});
  }
  PrintTable(title, rows);
}

void ReportConfigChanges(const std::vector<ConfigChangeTimes>& c) {
  using C = ConfigChangeTimes;
  PrintTable(
      "Config change -> resource running (`crm resource start d1`, ocf:heartbeat:Dummy)",
      {{"crm started -> Dummy's state file exists", Collect(c, &C::to_running), ""},
       {"crm started -> crm exited (change committed)", Collect(c, &C::crm_returned), ""},
       {"  crm started -> DC applied the change", Collect(c, &C::to_applied), ""},
       {"  applied -> start sent (DC)", Collect(c, &C::applied_to_sent), ""},
       {"  start sent -> start done (bus + Dummy's start)", Collect(c, &C::sent_to_done), ""},
       {"crm started -> the node logs the start's result", Collect(c, &C::done_logged), ""}});
}

void ReportMemory(Lab& lab, int nodes) {
  std::vector<double> rss, hwm;
  for (int k = 1; k <= nodes; ++k) {
    auto pid = lab.DaemonPid(k, "crmd");
    if (!pid) continue;
    auto r = ProcStatusKb(*pid, "VmRSS");
    auto h = ProcStatusKb(*pid, "VmHWM");
    auto kb = [&](const char* field) {
      return static_cast<long long>(ProcStatusKb(*pid, field).value_or(-1));
    };
    std::printf(
        "crmd on n%d (pid %d): VmRSS %lld kB (anon %lld, file %lld, shmem %lld), VmHWM %lld kB\n",
        k, *pid, kb("VmRSS"), kb("RssAnon"), kb("RssFile"), kb("RssShmem"), kb("VmHWM"));
    if (r) rss.push_back(static_cast<double>(*r) / 1024.0);
    if (h) hwm.push_back(static_cast<double>(*h) / 1024.0);
  }
  PrintTable("crmd memory per node (end of the run)",
             {{"VmRSS", rss, "< 10 MB (Pacemaker's daemons: ~100 MB per node)", "MB"},
              {"VmHWM (peak RSS)", hwm, "< 10 MB", "MB"}});
}

std::expected<void, std::string> SetUp(Lab& lab, const Options& o, const RoundSetup& setup) {
  if (auto up = lab.Up(); !up) return up;
  auto addr = RunCommand({"ip", "-n", lab.SwitchNs(), "addr", "add", kProbeAddress, "dev", "br0"},
                         milliseconds(5000));
  if (!addr || addr->exit_code != 0) return std::unexpected("cannot give br0 the probe address");
  if (!WaitUntil(
          milliseconds(60000), [&] { return ClusterSynced(lab, setup.nodes); }, 100)) {
    return std::unexpected("the lab cluster did not sync within 60 s");
  }
  std::string file = lab.settings().dir + "/bench-cib.xml";
  std::ofstream(file) << CibXml(o, lab, setup.vip);
  // --force: the lab's fence agent is in the lab's own directory, which crm's agent check
  // (/usr/sbin) does not know; crmd is told where it is.
  auto loaded = lab.Crm(1, {"configure", "--force", "load", "replace", file});
  if (!loaded || loaded->exit_code != 0) {
    return std::unexpected("crm configure load replace: " +
                           (loaded ? loaded->output : loaded.error()));
  }
  if (o.hanging_alert) {
    std::string agent = lab.settings().dir + "/hanging-alert.sh";
    std::ofstream(agent) << "#!/bin/sh\nexec sleep 3600\n";
    std::filesystem::permissions(agent, std::filesystem::perms::owner_all);
    auto alert = lab.Crm(1, {"configure", "alert", "hang", agent, "meta", "timeout=2s"});
    if (!alert || alert->exit_code != 0) {
      return std::unexpected("crm configure alert: " + (alert ? alert->output : alert.error()));
    }
  }
  return WaitClusterSettled(lab, setup, milliseconds(60000));
}

int Run(const Options& o) {
  auto started = std::chrono::steady_clock::now();
  auto elapsed_s = [&] {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() -
                                                            started)
        .count();
  };
  std::string name = "fb" + std::to_string(getpid());
  std::string dir = "/tmp/keel-lab/" + name;
  auto crmd_args = PrepareAgents(o, dir);
  if (!crmd_args) {
    std::fprintf(stderr, "failover_bench: %s\n", crmd_args.error().c_str());
    std::filesystem::remove_all(dir);
    return 1;
  }
  RoundSetup setup{"198.18.0.100", "vip", o.fencing, 3};
  std::vector<FailoverTimes> failovers;
  std::vector<ConfigChangeTimes> changes;
  std::string failure;
  {
    Lab lab(LabSettings{std::string(KEEL_SOURCE_DIR) + "/lab/lab.sh",
                        std::filesystem::absolute(o.crmd), std::filesystem::absolute(o.crm), name,
                        dir, *crmd_args});
    std::printf("lab %s: 3 nodes, knet, token 1000 ms; load average at start: %s", name.c_str(),
                ReadFile("/proc/loadavg").c_str());
    auto ready = SetUp(lab, o, setup);
    auto probe = ready ? IcmpProbe::Open(lab.SwitchNs()) : std::unexpected(ready.error());
    if (!probe) failure = probe.error();
    for (int i = 1; failure.empty() && i <= o.rounds && !Interrupted(); ++i) {
      if (elapsed_s() > o.max_seconds) break;
      auto round = RunFailoverRound(lab, *probe, setup);
      if (!round) failure = "failover round " + std::to_string(i) + ": " + round.error();
      if (round) PrintRound(i, *round), failovers.push_back(*round);
    }
    for (int i = 1; failure.empty() && i <= o.config_rounds && !Interrupted(); ++i) {
      if (elapsed_s() > o.max_seconds) break;
      auto round = RunConfigChangeRound(lab, "d1", setup.nodes);
      if (!round) failure = "config round " + std::to_string(i) + ": " + round.error();
      if (round) changes.push_back(*round);
    }
    ReportFailovers(failovers, o);
    if (o.config_rounds > 0) ReportConfigChanges(changes);
    ReportMemory(lab, setup.nodes);
    std::printf("\nload average at the end: %s", ReadFile("/proc/loadavg").c_str());
  }  // the lab is torn down here, on every path
  if (!o.keep) std::filesystem::remove_all(dir);
  if (Interrupted()) failure = failure.empty() ? "interrupted" : failure;
  if (!failure.empty()) {
    std::fprintf(stderr, "failover_bench: %s%s\n", failure.c_str(),
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
    std::fprintf(stderr, "failover_bench: %s\n%s", options.error().c_str(), keel::bench::kUsage);
    return 2;
  }
  if (geteuid() != 0) {
    std::fprintf(stderr, "failover_bench: must run as root (network namespaces, lab.sh)\n");
    return 2;
  }
  keel::bench::InstallInterruptHandlers();
  return keel::bench::Run(*options);
}
