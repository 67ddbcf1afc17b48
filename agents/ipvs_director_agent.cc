#include "agents/ipvs_director_agent.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <thread>

#include "agents/ipvs_backend.h"
#include "agents/process.h"

namespace keel {
namespace {

constexpr const char* kAgent = "IPVSDirector";
constexpr const char* kChecker = "keel-ipvs-checker";

struct Paths {
  std::string pidfile, statefile, logfile, checker;
};

Paths PathsFor(const std::string& instance) {
  std::string base = StateDir() + "/keel-ipvs-" + instance;
  return {base + ".pid", base + ".state", base + ".log",
          OcfRoot() + "/lib/keel/" + kChecker};
}

struct Loaded {
  IpvsConfig config;
  BackendChoice choice;
};

std::expected<Loaded, OcfResult> Load(const OcfParams& params) {
  auto config = ParseIpvsConfig(params);
  if (!config) return std::unexpected(Fail(OcfRc::kErrConfigured, JoinParamErrors(config.error())));
  auto choice = ChooseBackend(*config);
  if (!choice) {
    OcfRc rc = choice.error().code == ErrorCode::kNotFound ? OcfRc::kErrInstalled
                                                           : OcfRc::kErrConfigured;
    return std::unexpected(Fail(rc, choice.error().ToString()));
  }
  return Loaded{*config, *choice};
}

// The checker's pid when the pid file names a live keel-ipvs-checker.
std::optional<pid_t> LiveChecker(const Paths& paths) {
  auto pid = ReadPidFile(paths.pidfile);
  if (pid && ProcessAlive(*pid) && ProcessName(*pid) == kChecker) return pid;
  return std::nullopt;
}

OcfResult Status(const Loaded& loaded, const Paths& paths) {
  if (!ReadPidFile(paths.pidfile)) return Fail(OcfRc::kNotRunning, "no checker pid file");
  if (!LiveChecker(paths)) {
    return Fail(OcfRc::kErrGeneric, "health checker is not running (stale " + paths.pidfile + ")");
  }
  if (!RulesPresent(loaded.choice.backend, loaded.config, NftTableName(InstanceName()))) {
    return Fail(OcfRc::kErrGeneric, "checker runs but the " + loaded.choice.reason +
                                        " rules are missing");
  }
  return Ok();
}

OcfResult Validate(const OcfParams& params) {
  auto loaded = Load(params);
  if (!loaded) return loaded.error();
  if (access(PathsFor(InstanceName()).checker.c_str(), X_OK) != 0) {
    return Fail(OcfRc::kErrInstalled, "missing " + PathsFor(InstanceName()).checker);
  }
  return Ok();
}

OcfResult Monitor(const OcfParams& params) {
  auto loaded = Load(params);
  if (!loaded) return loaded.error();
  return Status(*loaded, PathsFor(InstanceName()));
}

// Waits (bounded) for the checker to write its pid file, which it does once the rules are in.
OcfResult AwaitChecker(pid_t pid, const Paths& paths) {
  for (int i = 0; i < 1000; ++i) {
    if (ReadPidFile(paths.pidfile) == pid) return Ok();
    if (waitpid(pid, nullptr, WNOHANG) == pid || !ProcessAlive(pid)) {
      return Fail(OcfRc::kErrGeneric, "health checker exited at start; see " + paths.logfile);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  SignalAndWait(pid, SIGKILL, std::chrono::milliseconds(1000));
  return Fail(OcfRc::kErrGeneric, "health checker did not start within 2s; see " + paths.logfile);
}

OcfResult Start(const OcfParams& params) {
  if (OcfResult valid = Validate(params); valid.rc != OcfRc::kOk) return valid;
  auto loaded = Load(params);
  Paths paths = PathsFor(InstanceName());
  if (Status(*loaded, paths).rc == OcfRc::kOk) return Ok();
  if (auto pid = LiveChecker(paths)) SignalAndWait(*pid, SIGKILL, std::chrono::seconds(2));
  unlink(paths.pidfile.c_str());
  if (auto made = MakeDirs(StateDir()); !made) return Fail(OcfRc::kErrGeneric, made.error().ToString());
  LogInfo(kAgent, "backend: " + loaded->choice.reason);
  auto pid = SpawnDetached(
      {paths.checker, "--instance", InstanceName(), "--backend",
       loaded->choice.backend == IpvsBackend::kNft ? "nft" : "ipvsadm", "--pidfile", paths.pidfile,
       "--statefile", paths.statefile},
      paths.logfile);
  if (!pid) return Fail(OcfRc::kErrGeneric, pid.error().ToString());
  return AwaitChecker(*pid, paths);
}

OcfResult Stop(const OcfParams& params) {
  Paths paths = PathsFor(InstanceName());
  if (auto pid = LiveChecker(paths)) {
    if (!SignalAndWait(*pid, SIGTERM, std::chrono::seconds(10))) {
      SignalAndWait(*pid, SIGKILL, std::chrono::seconds(2));
    }
  }
  unlink(paths.pidfile.c_str());
  unlink(paths.statefile.c_str());
  // The checker removes its rules on SIGTERM; make sure, also after a SIGKILL.
  auto loaded = Load(params);
  if (loaded) {
    auto removed = RemoveRules(loaded->choice.backend, loaded->config, NftTableName(InstanceName()));
    if (!removed) return Fail(OcfRc::kErrGeneric, removed.error().ToString());
  } else if (loaded.error().rc != OcfRc::kErrConfigured) {
    return loaded.error();
  }
  return Ok();
}

}  // namespace

int IpvsDirectorMain(int argc, char** argv) {
  return RunAgent(IpvsDirectorSpec(),
                  {{"start", Start},
                   {"stop", Stop},
                   {"monitor", Monitor},
                   {"status", Monitor},
                   {"validate-all", Validate}},
                  argc, argv);
}

}  // namespace keel
