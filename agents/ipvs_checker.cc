#include "agents/ipvs_checker.h"

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <fstream>
#include <map>
#include <thread>

#include "agents/health_probe.h"
#include "agents/ipv4.h"
#include "agents/ipvs_backend.h"
#include "agents/process.h"

namespace keel {
namespace {

volatile std::sig_atomic_t g_stop = 0;
void OnSignal(int) { g_stop = 1; }

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

void Log(const std::string& message) { LogInfo("keel-ipvs-checker", message); }

std::string Describe(const std::vector<Destination>& destinations) {
  if (destinations.empty()) return "(none)";
  std::string out;
  for (const Destination& d : destinations) {
    if (!out.empty()) out += " ";
    out += FormatEndpoint(d.ip, d.port) + ":" + std::to_string(d.weight) + (d.sorry ? "(sorry)" : "");
  }
  return out;
}

void WriteState(const std::string& path, const std::vector<Destination>& destinations) {
  std::ofstream out(path + ".tmp", std::ios::trunc);
  out << Describe(destinations) << "\n";
  out.close();
  std::rename((path + ".tmp").c_str(), path.c_str());
}

struct Options {
  std::string instance, pidfile, statefile;
  IpvsBackend backend = IpvsBackend::kNft;
};

std::optional<Options> ParseOptions(int argc, char** argv) {
  std::map<std::string, std::string> flags;
  for (int i = 1; i + 1 < argc; i += 2) flags[argv[i]] = argv[i + 1];
  Options options{flags["--instance"], flags["--pidfile"], flags["--statefile"]};
  if (options.pidfile.empty() || options.statefile.empty()) return std::nullopt;
  if (flags["--backend"] == "ipvsadm") options.backend = IpvsBackend::kIpvsadm;
  else if (flags["--backend"] != "nft") return std::nullopt;
  return options;
}

// Probes every due server; applies the new destinations when they changed. False when the
// rules could not be applied (retried on the next round).
bool CheckRound(const IpvsConfig& config, const Options& options, const std::string& table,
                HealthTracker& tracker, std::vector<Destination>& applied, bool dirty) {
  for (size_t index : tracker.Due(NowMs())) {
    if (g_stop) return true;
    const RealServer& server = config.real_servers[index];
    ProbeOutcome outcome = ProbeRealServer(config, server);
    bool was_alive = tracker.alive(index);
    int old_weight = tracker.weight(index);
    tracker.Record(index, outcome, NowMs());
    if (was_alive != tracker.alive(index) || old_weight != tracker.weight(index)) {
      Log(FormatEndpoint(server.ip, server.port) + (tracker.alive(index) ? " up" : " down") +
          ", weight " + std::to_string(tracker.weight(index)));
    }
  }
  std::vector<Destination> wanted = tracker.Destinations();
  if (wanted == applied && !dirty) return true;
  auto done = ApplyRules(options.backend, config, table, applied, wanted, dirty);
  if (!done) {
    Log("applying rules failed, will retry: " + done.error().ToString());
    return false;
  }
  Log("destinations: " + Describe(wanted));
  applied = wanted;
  WriteState(options.statefile, applied);
  return true;
}

}  // namespace

int IpvsCheckerMain(int argc, char** argv) {
  auto options = ParseOptions(argc, argv);
  if (!options) {
    LogError("keel-ipvs-checker",
             "usage: keel-ipvs-checker --instance NAME --backend nft|ipvsadm --pidfile PATH "
             "--statefile PATH");
    return 2;
  }
  auto config = ParseIpvsConfig(OcfParams::FromEnvironment().WithDefaults(IpvsDirectorSpec()));
  if (!config) {
    LogError("keel-ipvs-checker", JoinParamErrors(config.error()));
    return 6;
  }
  std::signal(SIGTERM, OnSignal);
  std::signal(SIGINT, OnSignal);
  std::string table = NftTableName(options->instance);
  HealthTracker tracker(*config, NowMs());
  std::vector<Destination> applied = tracker.Destinations();
  if (auto done = ApplyRules(options->backend, *config, table, {}, applied, true); !done) {
    LogError("keel-ipvs-checker", "cannot install the rules: " + done.error().ToString());
    return 1;
  }
  WriteState(options->statefile, applied);
  if (auto written = WritePidFile(options->pidfile, getpid()); !written) {
    LogError("keel-ipvs-checker", written.error().ToString());
    (void)RemoveRules(options->backend, *config, table);
    return 1;
  }
  Log("started, destinations: " + Describe(applied));
  bool dirty = false;
  while (!g_stop) {
    dirty = !CheckRound(*config, *options, table, tracker, applied, dirty);
    int64_t wait = std::clamp<int64_t>(tracker.NextDue() - NowMs(), 0, 100);
    std::this_thread::sleep_for(std::chrono::milliseconds(dirty ? 100 : wait));
  }
  (void)RemoveRules(options->backend, *config, table);
  unlink(options->statefile.c_str());
  if (ReadPidFile(options->pidfile) == getpid()) unlink(options->pidfile.c_str());
  Log("stopped, rules removed");
  return 0;
}

}  // namespace keel
