#include "agents/proxy_agent.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <set>
#include <thread>

#include "agents/haproxy_cli.h"
#include "agents/meta_data.h"
#include "agents/ocf.h"
#include "agents/process.h"

namespace keel {

const AgentDescription& ProxySpec() {
  static const AgentDescription spec{
      .name = "Proxy",
      .version = "1.0",
      .shortdesc = "HAProxy in master-worker mode (Keel)",
      .longdesc =
          "Runs haproxy -W with the given configuration. The configuration is checked "
          "with 'haproxy -c' before start and reload; reload is hitless (SIGUSR2 to the "
          "master); monitor uses the master CLI socket (a worker runs, every frontend "
          "is OPEN); stop drains connections up to drain_timeout. A killed haproxy "
          "leaves a stale pid file: monitor then returns 1 (OCF_ERR_GENERIC), while a "
          "cleanly stopped one returns 7 (OCF_NOT_RUNNING).",
      .params =
          {
              {"config", "Configuration file", "Path of the haproxy configuration file.", "string",
               "", true, true},
              {"binary", "haproxy binary", "The haproxy executable (name or path).", "string",
               "haproxy", false, false},
              {"pidfile", "Pid file",
               "Pid file of the master. Default: ${HA_RSCTMP}/keel-proxy-<instance>.pid.", "string",
               "", false, true},
              {"master_socket", "Master CLI socket",
               "Unix socket of the master CLI. Default: ${HA_RSCTMP}/keel-proxy-<instance>.sock.",
               "string", "", false, true},
              {"drain_timeout", "Drain timeout",
               "How long stop lets existing connections finish before terminating haproxy.", "time",
               "10s", false, false},
              {"check_frontends", "Check frontends", "monitor fails when a frontend is not OPEN.",
               "boolean", "true", false, false},
              {"drain_gate", "Drain gate",
               "BACKEND/SERVER of a server the configuration's health answer depends on (e.g. "
               "monitor-uri /health with monitor fail if { nbsrv(gate) lt 1 }). Stop first "
               "puts it in maintenance through the master CLI, so that load balancers in front "
               "(an IPVSDirector's HTTP_GET check) take this node out while haproxy still "
               "serves, then waits drain_notice before the soft stop. Empty: stop at once.",
               "string", "", false, false},
              {"drain_notice", "Drain notice",
               "With drain_gate: how long stop waits between failing the health answer and "
               "closing the listeners (longer than the balancers' check interval x tries).",
               "time", "1s", false, false},
          },
      .actions = {{"start", "30s", ""},
                  {"stop", "60s", ""},
                  {"reload", "30s", ""},
                  {"monitor", "20s", "10s"},
                  {"validate-all", "20s", ""},
                  {"meta-data", "5s", ""}},
  };
  return spec;
}

namespace {

using std::chrono::milliseconds;
constexpr const char* kAgent = "Proxy";
constexpr milliseconds kCliTimeout{2000};

struct ProxyConfig {
  std::string config, binary, pidfile, socket, logfile;
  int64_t drain_ms = 10000;
  bool check_frontends = true;
  std::string drain_gate;  // BACKEND/SERVER put in maintenance before a stop
  int64_t notice_ms = 1000;
};

// "BACKEND/SERVER": both parts non-empty, no space or ';' (it goes into a CLI command).
bool IsGate(const std::string& gate) {
  size_t slash = gate.find('/');
  return slash != std::string::npos && slash > 0 && slash + 1 < gate.size() &&
         gate.find('/', slash + 1) == std::string::npos &&
         gate.find_first_of(" \t\r\n;#'\"") == std::string::npos;
}

std::expected<ProxyConfig, OcfResult> Load(const OcfParams& params) {
  Errors errors;
  ProxyConfig c;
  std::string base = StateDir() + "/keel-proxy-" + InstanceName();
  c.config = params.Get("config");
  c.binary = params.Get("binary", "haproxy");
  c.pidfile = params.Get("pidfile", base + ".pid");
  c.socket = params.Get("master_socket", base + ".sock");
  c.logfile = base + ".log";
  if (c.config.empty()) errors.push_back({ErrorCode::kInvalid, "required parameter is missing", "config"});
  auto drain = ParseDurationParam("drain_timeout", params.Get("drain_timeout", "10s"), 0, 3600000);
  if (drain) c.drain_ms = *drain; else errors.push_back(drain.error());
  auto check = ParseBoolParam("check_frontends", params.Get("check_frontends", "true"));
  if (check) c.check_frontends = *check; else errors.push_back(check.error());
  c.drain_gate = params.Get("drain_gate");
  if (!c.drain_gate.empty() && !IsGate(c.drain_gate)) {
    errors.push_back({ErrorCode::kInvalid,
                      "must be BACKEND/SERVER (no spaces, ';' or quotes): '" + c.drain_gate + "'",
                      "drain_gate"});
  }
  auto notice = ParseDurationParam("drain_notice", params.Get("drain_notice", "1s"), 0, 60000);
  if (notice)
    c.notice_ms = *notice;
  else
    errors.push_back(notice.error());
  if (!errors.empty()) return std::unexpected(Fail(OcfRc::kErrConfigured, JoinParamErrors(errors)));
  return c;
}

// The binary exists, the file is readable, `haproxy -c` accepts it.
OcfResult CheckConfig(const ProxyConfig& c) {
  auto binary = FindExecutable(c.binary);
  if (!binary) return Fail(OcfRc::kErrInstalled, "binary: " + binary.error().message);
  if (access(c.config.c_str(), R_OK) != 0) {
    return Fail(OcfRc::kErrInstalled, "config: cannot read '" + c.config + "'");
  }
  auto checked = RunProcess({*binary, "-c", "-q", "-f", c.config}, milliseconds(10000));
  if (!checked) return Fail(OcfRc::kErrGeneric, checked.error().ToString());
  if (checked->exit_code != 0) {
    std::string why = checked->err.empty() ? checked->out : checked->err;
    std::replace(why.begin(), why.end(), '\n', ' ');
    return Fail(OcfRc::kErrConfigured, "config: haproxy -c rejects " + c.config + ": " + why);
  }
  return Ok();
}

std::string BaseName(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::optional<pid_t> LiveMaster(const ProxyConfig& c) {
  auto pid = ReadPidFile(c.pidfile);
  if (pid && ProcessAlive(*pid) && ProcessName(*pid) == BaseName(c.binary)) return pid;
  return std::nullopt;
}

std::expected<std::vector<HaproxyProcess>, OcfResult> Workers(const ProxyConfig& c) {
  auto answer = MasterCli(c.socket, "show proc", kCliTimeout);
  if (!answer) return std::unexpected(Fail(OcfRc::kErrGeneric, answer.error().ToString()));
  std::vector<HaproxyProcess> workers;
  for (const HaproxyProcess& p : ParseShowProc(*answer)) {
    if (p.type == "worker") workers.push_back(p);
  }
  return workers;
}

OcfResult Status(const ProxyConfig& c) {
  if (!ReadPidFile(c.pidfile)) return Fail(OcfRc::kNotRunning, "no pid file " + c.pidfile);
  if (!LiveMaster(c)) return Fail(OcfRc::kErrGeneric, "haproxy died (stale " + c.pidfile + ")");
  auto workers = Workers(c);
  if (!workers) return workers.error();
  if (workers->empty()) return Fail(OcfRc::kErrGeneric, "haproxy master runs without a worker");
  if (!c.check_frontends) return Ok();
  auto stat = MasterCli(c.socket, "@1 show stat", kCliTimeout);
  if (!stat) return Fail(OcfRc::kErrGeneric, stat.error().ToString());
  for (const FrontendStatus& fe : ParseFrontends(*stat)) {
    if (fe.status != "OPEN") return Fail(OcfRc::kErrGeneric, "frontend " + fe.name + " is " + fe.status);
  }
  return Ok();
}

std::string LogTail(const std::string& path) {
  std::ifstream in(path);
  std::string line, last;
  while (std::getline(in, line)) if (!line.empty()) last = line;
  return last;
}

// Waits (bounded) until the master lists a worker not in `old_workers`.
OcfResult AwaitNewWorker(pid_t master, const ProxyConfig& c, const std::set<int>& old_workers) {
  for (int i = 0; i < 500; ++i) {
    waitpid(master, nullptr, WNOHANG);
    if (!ProcessAlive(master)) return Fail(OcfRc::kErrGeneric, "haproxy exited: " + LogTail(c.logfile));
    if (auto workers = Workers(c)) {
      for (const HaproxyProcess& w : *workers) {
        if (!old_workers.contains(w.pid)) return Ok();
      }
    }
    std::this_thread::sleep_for(milliseconds(10));
  }
  return Fail(OcfRc::kErrGeneric, "no new haproxy worker within 5s: " + LogTail(c.logfile));
}

OcfResult Validate(const OcfParams& params) {
  auto c = Load(params);
  return c ? CheckConfig(*c) : c.error();
}

OcfResult Monitor(const OcfParams& params) {
  auto c = Load(params);
  return c ? Status(*c) : c.error();
}

// True while any process of the group (the master and its workers; the master leads the
// session it was started in) exists.
// Zombies do not count: an orphaned master may wait a while for init to reap it.
bool GroupAlive(pid_t group) {
  if (kill(-group, 0) != 0 && errno != EPERM) return false;
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    std::string name = entry.path().filename();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream in(entry.path() / "stat");
    std::string line;
    std::getline(in, line);
    size_t paren = line.rfind(')');
    if (paren == std::string::npos) continue;
    std::istringstream rest(line.substr(paren + 2));
    char state = 0;
    long ppid = 0, pgrp = 0;
    if (rest >> state >> ppid >> pgrp && pgrp == group && state != 'Z') return true;
  }
  return false;
}

bool WaitGroup(pid_t group, milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (GroupAlive(group) && std::chrono::steady_clock::now() < deadline) {
    waitpid(group, nullptr, WNOHANG);
    std::this_thread::sleep_for(milliseconds(10));
  }
  return !GroupAlive(group);
}

void Terminate(const ProxyConfig& c, pid_t master) {
  // Soft stop: listeners close at once, established connections finish, then every haproxy
  // process exits (the master may leave before its draining workers).
  kill(master, SIGUSR1);
  if (WaitGroup(master, milliseconds(c.drain_ms))) return;
  LogInfo(kAgent, "connections still open after drain_timeout; terminating");
  kill(-master, SIGTERM);
  if (WaitGroup(master, milliseconds(5000))) return;
  kill(-master, SIGKILL);
  WaitGroup(master, milliseconds(2000));
}

// Fails the configuration's health answer (drain_gate in maintenance) and gives the load
// balancers in front drain_notice to notice, while haproxy still serves. Best effort: a
// failure is logged and the stop goes on.
void Announce(const ProxyConfig& c) {
  if (c.drain_gate.empty()) return;
  auto answer =
      MasterCli(c.socket, "@1 set server " + c.drain_gate + " state maint", milliseconds(2000));
  if (!answer) {
    LogError(kAgent, "drain_gate " + c.drain_gate +
                         " not put in maintenance: " + answer.error().ToString());
    return;
  }
  if (answer->find_first_not_of(" \r\n") != std::string::npos) {
    LogError(kAgent, "drain_gate " + c.drain_gate + ": haproxy said: " + *answer);
    return;
  }
  std::this_thread::sleep_for(milliseconds(c.notice_ms));
}

OcfResult Stop(const OcfParams& params) {
  auto c = Load(params);
  if (!c) return c.error();
  if (auto master = LiveMaster(*c)) {
    Announce(*c);
    Terminate(*c, *master);
  }
  unlink(c->pidfile.c_str());
  unlink(c->socket.c_str());
  return Ok();
}

OcfResult Start(const OcfParams& params) {
  auto c = Load(params);
  if (!c) return c.error();
  if (OcfResult checked = CheckConfig(*c); checked.rc != OcfRc::kOk) return checked;
  if (Status(*c).rc == OcfRc::kOk) return Ok();
  if (auto master = LiveMaster(*c)) Terminate(*c, *master);
  unlink(c->pidfile.c_str());
  unlink(c->socket.c_str());
  if (auto made = MakeDirs(StateDir()); !made) return Fail(OcfRc::kErrGeneric, made.error().ToString());
  auto pid = SpawnDetached({*FindExecutable(c->binary), "-W", "-f", c->config, "-S",
                            c->socket + ",mode,600"},
                           c->logfile);
  if (!pid) return Fail(OcfRc::kErrGeneric, pid.error().ToString());
  if (auto written = WritePidFile(c->pidfile, *pid); !written) {
    kill(*pid, SIGKILL);
    return Fail(OcfRc::kErrGeneric, written.error().ToString());
  }
  return AwaitNewWorker(*pid, *c, {});
}

OcfResult Reload(const OcfParams& params) {
  auto c = Load(params);
  if (!c) return c.error();
  if (OcfResult checked = CheckConfig(*c); checked.rc != OcfRc::kOk) return checked;
  auto master = LiveMaster(*c);
  if (!master) return Fail(OcfRc::kNotRunning, "haproxy is not running; nothing to reload");
  auto workers = Workers(*c);
  if (!workers) return workers.error();
  std::set<int> old_workers;
  for (const HaproxyProcess& w : *workers) old_workers.insert(w.pid);
  kill(*master, SIGUSR2);
  return AwaitNewWorker(*master, *c, old_workers);
}

}  // namespace

int ProxyMain(int argc, char** argv) {
  return RunAgent(ProxySpec(),
                  {{"start", Start},
                   {"stop", Stop},
                   {"reload", Reload},
                   {"monitor", Monitor},
                   {"status", Monitor},
                   {"validate-all", Validate}},
                  argc, argv);
}

}  // namespace keel
