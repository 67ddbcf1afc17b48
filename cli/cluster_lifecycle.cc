#include "cli/cluster_lifecycle.h"

#include <unistd.h>

#include <charconv>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>
#include <thread>

#include "cli/cluster_all.h"
#include "cli/ipc_client_name.h"
#include "cli/ipc_connection.h"
#include "cli/program_runner.h"
#include "cli/verify_corosync.h"
#include "crmd/protocol/ipc_messages.h"
#include "xml/xml_node.h"

namespace keel {
namespace {

using Clock = std::chrono::steady_clock;

bool SystemdRuns() { return std::filesystem::exists("/run/systemd/system"); }

bool CrmdAnswers() { return IpcConnection::Connect(IpcClientName()).has_value(); }

bool CorosyncRuns() {
  auto r = RunProgram({"corosync-cfgtool", "-s"}, 10'000);
  return r && r->exit_code == 0;
}

// Corosync answers no more some time before its process exits, and a new corosync refuses to
// start while the old one holds its pid file: gone means that process is gone (or a zombie).
bool CorosyncProcessGone() {
  std::ifstream pidfile("/run/corosync.pid");
  long pid = 0;
  if (!(pidfile >> pid) || pid <= 0) return true;
  std::ifstream comm("/proc/" + std::to_string(pid) + "/comm");
  std::string name;
  if (!(comm >> name) || name != "corosync") return true;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  size_t paren = text.rfind(')');
  return paren == std::string::npos || text.substr(paren + 2, 1) == "Z";
}

// Polls `condition` every 250 ms until it holds or `seconds` pass.
template <typename Condition>
bool WaitUntil(Condition condition, int seconds) {
  auto end = Clock::now() + std::chrono::seconds(seconds);
  while (!condition()) {
    if (Clock::now() >= end) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  return true;
}

// Runs `argv`; a failure is printed with its output. True when it exited 0.
bool Run(const std::vector<std::string>& argv, std::ostream& err, bool capture = true) {
  auto r = RunProgram(argv, 120'000, capture);
  std::string line;
  for (const std::string& a : argv) line += (line.empty() ? "" : " ") + a;
  if (!r) {
    err << "crm cluster: " << line << ": " << r.error().message << "\n";
    return false;
  }
  if (r->exit_code != 0) {
    err << "crm cluster: " << line << " failed (exit " << r->exit_code << ")"
        << (r->output.empty() ? "" : ": " + r->output) << (r->output.ends_with('\n') ? "" : "\n");
    return false;
  }
  return true;
}

// CRMD_OPTIONS="..." from crmd.env, split at blanks (the file's documented form).
std::vector<std::string> CrmdOptions(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::vector<std::string> options;
  while (std::getline(in, line)) {
    if (!line.starts_with("CRMD_OPTIONS=")) continue;
    std::string value = line.substr(13);
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
        value.back() == value.front()) {
      value = value.substr(1, value.size() - 2);
    }
    options.clear();
    std::istringstream words(value);
    for (std::string w; words >> w;) options.push_back(w);
  }
  return options;
}

std::string EnvOr(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? v : fallback;
}

int Stop(const ClusterLifecycleRequest& req, std::ostream& out, std::ostream& err) {
  auto started = Clock::now();
  if (auto c = IpcConnection::Connect(IpcClientName()); c) {
    auto answer = (*c)->Call(ToIpcRequest(IpcShutdown{req.all}), 10'000);
    if (!answer) {
      err << "crm cluster stop: " << answer.error().ToString() << "\n";
      return 1;
    }
    out << *answer << "\n" << std::flush;
    if (!WaitUntil([] { return !CrmdAnswers(); }, req.timeout_s)) {
      err << "crm cluster stop: crmd still runs after " << req.timeout_s
          << " s (it waits until the DC has moved its resources, at most shutdown-escalation)\n";
      return 1;
    }
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
    out << "crmd stopped on this node after " << ms.count() << " ms\n";
  } else {
    out << "crmd is not running on this node\n";
  }
  if (SystemdRuns()) {
    if (!Run({"systemctl", "stop", "corosync"}, err)) return 1;
  } else if (CorosyncRuns()) {
    if (!Run({"corosync-cfgtool", "-H"}, err)) return 1;
    if (!WaitUntil([] { return !CorosyncRuns() && CorosyncProcessGone(); }, 30)) {
      err << "crm cluster stop: corosync still runs 30 s after corosync-cfgtool -H\n";
      return 1;
    }
  } else {
    out << "corosync is not running on this node\n";
    return 0;
  }
  out << "corosync stopped on this node\n";
  return 0;
}

int Start(std::ostream& out, std::ostream& err) {
  if (SystemdRuns()) {
    if (!Run({"systemctl", "start", "corosync", "keel"}, err)) return 1;
    out << "started corosync and keel (systemd)\n";
    return 0;
  }
  if (CorosyncRuns()) {
    out << "corosync already runs on this node\n";
  } else {
    if (!Run({EnvOr("KEEL_COROSYNC", "corosync")}, err, false)) return 1;
    if (!WaitUntil(CorosyncRuns, 30)) {
      err << "crm cluster start: corosync does not answer 30 s after its start\n";
      return 1;
    }
    out << "corosync started on this node\n";
  }
  if (CrmdAnswers()) {
    out << "crmd already runs on this node\n";
    return 0;
  }
  std::vector<std::string> argv{EnvOr("KEEL_CRMD", "crmd")};
  for (std::string& o : CrmdOptions(EnvOr("KEEL_CRMD_ENV", "/etc/keel/crmd.env"))) {
    argv.push_back(std::move(o));
  }
  if (!Run(argv, err, false)) return 1;
  if (!WaitUntil(CrmdAnswers, 30)) {
    err << "crm cluster start: crmd does not answer 30 s after its start (see its log)\n";
    return 1;
  }
  out << "crmd started on this node\n";
  return 0;
}

int Status(std::ostream& out) {
  bool corosync = CorosyncRuns();
  out << "corosync: " << (corosync ? "running" : "not running") << "\n";
  auto c = IpcConnection::Connect(IpcClientName());
  if (!c) {
    out << "crmd: not running\n";
    return corosync ? 1 : 3;
  }
  auto answer = (*c)->Call(ToIpcRequest(IpcStatus{}), 10'000);
  auto report = answer ? ParseXml(*answer, "crmd status") : std::unexpected(answer.error());
  if (!report) {
    out << "crmd: running, no status: " << report.error().message << "\n";
    return 1;
  }
  out << "crmd: running on " << report->AttrOr("local_name") << "; DC "
      << report->AttrOr("dc_name", "none") << ", "
      << (report->AttrOr("quorate") == "true" ? "quorate" : "NO QUORUM") << ", CIB "
      << report->AttrOr("cib_version") << (report->AttrOr("synced") == "true" ? "" : " (syncing)")
      << "\n";
  return corosync ? 0 : 1;
}

std::string HostName() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0) return "";
  std::string host = name;
  return host.substr(0, host.find('.'));
}

// The other nodes of corosync.conf's nodelist (KEEL_NODE_NAME names this node, else its host
// name), or nullopt after saying why.
std::optional<std::vector<std::string>> OthersOrSay(std::ostream& err) {
  auto conf = ReadCorosyncQuorum(CorosyncConfPath());
  if (!conf) {
    err << "crm cluster: --all needs the nodelist: " << conf.error().ToString() << "\n";
    return std::nullopt;
  }
  auto others = OtherNodes(conf->node_names, EnvOr("KEEL_NODE_NAME", HostName()));
  if (!others) {
    err << "crm cluster: " << others.error() << "\n";
    return std::nullopt;
  }
  return *others;
}

// stop --all: every crmd shut down from here (the cluster stops every resource in order), this
// node's corosync, then every other node of the nodelist runs `crm cluster stop` itself (it
// waits for its crmd to be gone, then stops its corosync).
int RunStopAll(const ClusterLifecycleRequest& req, RemoteRunner& remote, std::ostream& out,
               std::ostream& err) {
  auto others = OthersOrSay(err);
  if (!others) return 1;
  return StopOnAllNodes([&] { return Stop(req, out, err); }, remote, *others, req.timeout_s, out,
                        err);
}

// start|restart --all (restart: stop --all first): this node, then every other node of the
// nodelist in turn through `remote`.
int RunStartAll(const ClusterLifecycleRequest& req, RemoteRunner& remote, std::ostream& out,
                std::ostream& err) {
  auto others = OthersOrSay(err);
  if (!others) return 1;
  if (req.action == "restart") {
    ClusterLifecycleRequest stop = req;
    stop.action = "stop";
    if (int rc = RunStopAll(stop, remote, out, err); rc != 0) return rc;
  }
  int rc = Start(out, err);
  if (!RunOnNodes(remote, *others, "start", 120'000, out, err)) rc = 1;
  return rc;
}

}  // namespace

std::expected<ClusterLifecycleRequest, std::string> ParseClusterLifecycle(const CommandArgs& args) {
  ClusterLifecycleRequest req;
  req.timeout_s = kClusterStopTimeoutS;
  if (args.empty()) return std::unexpected("no action (start, stop, restart or status)");
  req.action = args[0];
  if (req.action != "start" && req.action != "stop" && req.action != "restart" &&
      req.action != "status") {
    return std::unexpected("unknown action '" + req.action + "'");
  }
  for (size_t i = 1; i < args.size(); ++i) {
    if (args[i] == "--all") {
      req.all = true;
    } else if (args[i] == "--timeout" && req.action == "stop") {
      const std::string v = i + 1 < args.size() ? args[++i] : "";
      auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), req.timeout_s);
      if (ec != std::errc() || end != v.data() + v.size() || req.timeout_s < 1 ||
          req.timeout_s > 24 * 3600) {
        return std::unexpected("--timeout wants seconds from 1 to 86400, not '" + v + "'");
      }
    } else {
      return std::unexpected("unexpected argument '" + args[i] + "'");
    }
  }
  if (req.all && req.action == "status") {
    return std::unexpected("not supported: status --all (run it on each node)");
  }
  return req;
}

int RunClusterLifecycle(const CommandArgs& args, std::ostream& out, std::ostream& err) {
  SshRunner ssh;
  return RunClusterLifecycle(args, ssh, out, err);
}

int RunClusterLifecycle(const CommandArgs& args, RemoteRunner& remote, std::ostream& out,
                        std::ostream& err) {
  auto req = ParseClusterLifecycle(args);
  if (!req) {
    err << "crm cluster: " << req.error()
        << "\nusage: crm cluster start [--all] | stop [--all] [--timeout SECONDS] | restart "
           "[--all] | status\n";
    return 2;
  }
  if (req->all && req->action == "stop") return RunStopAll(*req, remote, out, err);
  if (req->all) return RunStartAll(*req, remote, out, err);
  if (req->action == "status") return Status(out);
  if (req->action == "start") return Start(out, err);
  int stopped = Stop(*req, out, err);
  if (req->action == "stop" || stopped != 0) return stopped;
  return Start(out, err);
}

}  // namespace keel
