// `crm resource cleanup|restart|move|clear|status|failcount ...` (start/stop/show:
// configure_command.cc).

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <thread>

#include "cli/cib_client.h"
#include "cli/command.h"
#include "cli/crm_apply.h"
#include "cli/edit_and_commit.h"
#include "cli/ipc_client_name.h"
#include "cli/ipc_connection.h"
#include "cli/json_writer.h"
#include "cli/resource_ops.h"
#include "cli/status_source.h"
#include "cli/status_view.h"
#include "cli/suggest.h"
#include "crmd/protocol/ipc_messages.h"
#include "xml/cib_parse.h"
#include "xml/cib_write.h"

namespace keel {

namespace {

constexpr int kDefaultTimeoutS = 60;
constexpr auto kPollEvery = std::chrono::milliseconds(200);

// The CIB file (CIB_shadow or CIB_file) when the commands work offline.
std::optional<std::string> CibFile() { return OfflineCibPath(); }

std::string JoinNames(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

// The cluster as `crm status` sees it; offline (CIB_file) from the file's status section alone.
std::expected<ClusterStatusView, Error> LoadView() {
  auto snapshot = LoadStatusSnapshot();
  if (!snapshot) return std::unexpected(snapshot.error());
  return std::move(snapshot->view);
}

const StatusResource* FindResource(const ClusterStatusView& view, const std::string& rsc) {
  for (const StatusResource& r : view.resources) {
    if (r.id == rsc || (!r.clone.empty() && r.clone == rsc)) return &r;
  }
  return nullptr;
}

// Why `rsc` has no line in the status view: not configured, or not a primitive (status and
// restart follow primitives only).
Error NotAPrimitive(const std::string& what, const std::string& rsc) {
  auto text = MakeDefaultCibClient()->Query();
  auto parsed = text ? ParseCib(*text, "CIB") : std::unexpected(Errors{text.error()});
  if (parsed) {
    auto ids = AllResourceIds(parsed->cib.configuration);
    if (std::find(ids.begin(), ids.end(), rsc) != ids.end()) {
      return Error{ErrorCode::kNotSupported,
                   "not supported: " + what + " of a group or clone ('" + rsc +
                       "'); name its primitives",
                   rsc};
    }
  }
  return Error{ErrorCode::kNotFound, "no resource '" + rsc + "' in the configuration", rsc};
}

int Fail(std::ostream& err, const std::string& what, const Error& e) {
  err << "crm resource " << what << ": " << e.ToString() << "\n";
  return 1;
}

// Leading/trailing "--timeout S" taken out of `args`; nullopt (message printed) when malformed.
std::optional<int> TakeTimeout(CommandArgs& args, std::ostream& err) {
  int seconds = kDefaultTimeoutS;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] != "--timeout") continue;
    const std::string v = i + 1 < args.size() ? args[i + 1] : "";
    auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), seconds);
    if (ec != std::errc() || end != v.data() + v.size() || seconds < 1 || seconds > 3600) {
      err << "crm resource: --timeout wants seconds from 1 to 3600, not '" << v << "'\n";
      return std::nullopt;
    }
    args.erase(args.begin() + static_cast<long>(i), args.begin() + static_cast<long>(i) + 2);
    break;
  }
  return seconds;
}

int CleanupOffline(const std::string& path, const std::string& rsc, const std::string& node,
                   std::ostream& out, std::ostream& err) {
  auto text = MakeFileCibClient(path)->Query();
  if (!text) return Fail(err, "cleanup", text.error());
  auto parsed = ParseCib(*text, path);
  if (!parsed) return Fail(err, "cleanup", parsed.error().front());
  Cib cib = std::move(parsed->cib);
  auto rscs = CleanupPrimitives(cib.configuration, rsc);
  if (!rscs) return Fail(err, "cleanup", rscs.error());
  std::vector<std::string> nodes = ClusterNodeNames(cib.configuration, cib.status);
  if (!node.empty() && std::find(nodes.begin(), nodes.end(), node) == nodes.end()) {
    return Fail(err, "cleanup", UnknownNodeError(node, nodes));
  }
  std::vector<std::string> changed = ForgetInStatus(cib.status, *rscs, node);
  if (changed.empty()) {
    out << "nothing to clean up for " << rsc << (node.empty() ? "" : " on " + node)
        << " (no history or fail counts)\n";
    return 0;
  }
  cib.version.num_updates += 1;
  if (auto written = WriteCibFile(path, SerializeCib(cib)); !written) {
    return Fail(err, "cleanup", written.error());
  }
  out << "cleaned up " << rsc << " on " << JoinNames(changed) << "\n";
  return 0;
}

int Cleanup(CommandArgs args, std::ostream& out, std::ostream& err) {
  auto timeout = TakeTimeout(args, err);
  if (!timeout) return 2;
  if (args.size() < 2 || args.size() > 3) {
    err << "usage: crm resource cleanup RSC [NODE] [--timeout SECONDS]\n";
    return 2;
  }
  std::string node = args.size() == 3 ? args[2] : "";
  if (auto file = CibFile()) return CleanupOffline(*file, args[1], node, out, err);
  auto c = IpcConnection::Connect(IpcClientName());
  if (!c) return Fail(err, "cleanup", c.error());
  auto answer = (*c)->Call(ToIpcRequest(IpcCleanup{args[1], node}), *timeout * 1000);
  if (!answer) return Fail(err, "cleanup", answer.error());
  out << *answer << "\n";
  return 0;
}

// `failcount RSC show|delete NODE` (crmsh): show prints RSC's fail count on NODE as
// crm_failcount -G does; delete is a cleanup of RSC on NODE, as crm_failcount -D.
int FailCount(const CommandArgs& args, std::ostream& out, std::ostream& err) {
  if (args.size() >= 3 && args[2] == "set") {
    return Fail(err, "failcount",
                Error{ErrorCode::kNotSupported,
                      "not supported: failcount set (fail counts are raised by failures only; "
                      "delete clears them)",
                      args[1]});
  }
  if (args.size() != 4 || (args[2] != "show" && args[2] != "delete")) {
    err << "usage: crm resource failcount RSC show|delete NODE\n";
    return 2;
  }
  const std::string& rsc = args[1];
  const std::string& node = args[3];
  if (args[2] == "delete") return Cleanup({"cleanup", rsc, node}, out, err);
  auto text = MakeDefaultCibClient()->Query();
  if (!text) return Fail(err, "failcount", text.error());
  auto parsed = ParseCib(*text, "CIB");
  if (!parsed) return Fail(err, "failcount", parsed.error().front());
  const Cib& cib = parsed->cib;
  if (auto rscs = CleanupPrimitives(cib.configuration, rsc); !rscs) {
    return Fail(err, "failcount", rscs.error());
  }
  std::vector<std::string> nodes = ClusterNodeNames(cib.configuration, cib.status);
  if (std::find(nodes.begin(), nodes.end(), node) == nodes.end()) {
    return Fail(err, "failcount", UnknownNodeError(node, nodes));
  }
  out << "scope=status  name=fail-count-" << rsc
      << " value=" << FailCountTotal(cib.status, rsc, node) << "\n";
  return 0;
}

int SetRole(const std::string& rsc, const char* role, std::ostream& out, std::ostream& err) {
  return EditAndCommit(false, out, err, [&](ConfigureSession& session) {
    Configuration next = session.Staged();
    if (auto ok = SetResourceMeta(next, rsc, "target-role", role); !ok) {
      PrintErrors({ok.error()}, err);
      return 1;
    }
    return session.Replace(std::move(next), err);
  });
}

// Polls the cluster until `rsc` runs nowhere (`running` false) or somewhere, with no start or
// stop of it in flight; bounded.
std::expected<std::vector<std::string>, Error> WaitFor(const std::string& rsc, bool running,
                                                       std::chrono::steady_clock::time_point end) {
  while (true) {
    auto view = LoadView();
    if (!view) return std::unexpected(view.error());
    const StatusResource* r = FindResource(*view, rsc);
    if (r == nullptr) return std::unexpected(Error{ErrorCode::kNotFound, "no primitive " + rsc, rsc});
    bool in_flight = !r->starting_on.empty() || !r->stopping_on.empty();
    if (!in_flight && r->running_on.empty() != running) return r->running_on;
    if (std::chrono::steady_clock::now() + kPollEvery > end) {
      return std::unexpected(Error{
          ErrorCode::kIo,
          running ? "not started again in time" : "still running on " + JoinNames(r->running_on),
          rsc});
    }
    std::this_thread::sleep_for(kPollEvery);
  }
}

int Restart(CommandArgs args, std::ostream& out, std::ostream& err) {
  auto timeout = TakeTimeout(args, err);
  if (!timeout) return 2;
  if (args.size() != 2) {
    err << "usage: crm resource restart RSC [--timeout SECONDS]\n";
    return 2;
  }
  if (CibFile()) {
    err << "crm resource restart: needs a running cluster (CIB_file is set)\n";
    return 1;
  }
  const std::string& rsc = args[1];
  auto view = LoadView();
  if (!view) return Fail(err, "restart", view.error());
  if (FindResource(*view, rsc) == nullptr) return Fail(err, "restart", NotAPrimitive("restart", rsc));
  auto start = std::chrono::steady_clock::now();
  auto end = start + std::chrono::seconds(*timeout);
  if (int rc = SetRole(rsc, "Stopped", out, err); rc != 0) return rc;
  auto stopped = WaitFor(rsc, false, end);
  if (!stopped) {
    err << "crm resource restart: " << rsc << " did not stop within " << *timeout
        << " s: " << stopped.error().message << "; target-role left Stopped ('crm resource start "
        << rsc << "' to undo)\n";
    return 1;
  }
  auto stop_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - start);
  if (int rc = SetRole(rsc, "Started", out, err); rc != 0) return rc;
  auto started = WaitFor(rsc, true, end);
  if (!started) return Fail(err, "restart", started.error());
  out << "restarted " << rsc << ": stopped everywhere after " << stop_ms.count()
      << " ms, now running on " << JoinNames(*started) << "\n";
  return 0;
}

std::vector<std::string> KnownNodes(const Configuration& config, const ClusterStatusView& view) {
  std::vector<std::string> names;
  for (const Node& n : config.nodes) names.push_back(n.uname);
  for (const StatusNode& n : view.nodes) {
    if (std::find(names.begin(), names.end(), n.name) == names.end()) names.push_back(n.name);
  }
  return names;
}

int Move(const CommandArgs& args, std::ostream& out, std::ostream& err) {
  if (args.size() < 2 || args.size() > 3) {
    err << "usage: crm resource move RSC [NODE]\n";
    return 2;
  }
  const std::string& rsc = args[1];
  auto view = LoadView();
  if (!view) return Fail(err, "move", view.error());
  std::string message;
  int rc = EditAndCommit(false, out, err, [&](ConfigureSession& session) {
    Configuration next = session.Staged();
    std::expected<std::string, Error> id;
    if (args.size() == 3) {
      id = PreferNode(next, rsc, args[2], KnownNodes(next, *view));
      message = " (INFINITY on " + args[2] + ")";
    } else {
      const StatusResource* r = FindResource(*view, rsc);
      if (r == nullptr) {
        auto ids = AllResourceIds(next);
        if (std::find(ids.begin(), ids.end(), rsc) == ids.end()) {
          PrintErrors({BanFromNode(next, rsc, "").error()}, err);
        } else {
          err << "crm resource move: " << rsc << " is not a primitive: say where to move it "
              << "(crm resource move " << rsc << " NODE)\n";
        }
        return 1;
      }
      if (r->running_on.size() != 1) {
        err << "crm resource move: " << rsc << " is "
            << (r->running_on.empty() ? "not running" : "running on " + JoinNames(r->running_on))
            << ": say where to move it (crm resource move " << rsc << " NODE)\n";
        return 1;
      }
      std::string from = r->running_on.front();
      id = BanFromNode(next, rsc, from);
      message = " (-INFINITY on " + from + ")";
    }
    if (!id) {
      PrintErrors({id.error()}, err);
      return 1;
    }
    message = "location " + *id + message;
    return session.Replace(std::move(next), err);
  });
  if (rc == 0) out << rsc << ": " << message << "; 'crm resource clear " << rsc << "' removes it\n";
  return rc;
}

int Clear(const CommandArgs& args, std::ostream& out, std::ostream& err) {
  if (args.size() != 2) {
    err << "usage: crm resource clear RSC\n";
    return 2;
  }
  std::vector<std::string> removed;
  int rc = EditAndCommit(false, out, err, [&](ConfigureSession& session) {
    Configuration next = session.Staged();
    auto ids = ClearMoveConstraints(next, args[1]);
    if (!ids) {
      PrintErrors({ids.error()}, err);
      return 1;
    }
    removed = *ids;
    return removed.empty() ? 0 : session.Replace(std::move(next), err);
  });
  if (rc != 0) return rc;
  if (removed.empty()) {
    out << "nothing to clear for " << args[1] << " (no cli-prefer-/cli-ban- constraints)\n";
  } else {
    out << "removed " << JoinNames(removed) << "\n";
  }
  return 0;
}

// {"resource":ID,"agent":...,"running_on":[...],"failed_on":[...],"fail_counts":[...]}
void WriteResourceStatusJson(const ClusterStatusView& view, const StatusResource& r,
                             std::ostream& out) {
  JsonWriter w(out);
  auto names = [&](const char* key, const std::vector<std::string>& list) {
    w.Key(key).BeginArray();
    for (const std::string& n : list) w.String(n);
    w.EndArray();
  };
  w.BeginObject().Key("resource").String(r.id).Key("agent").String(r.agent);
  names("running_on", r.running_on);
  names("failed_on", r.failed_on);
  names("last_seen_on", r.last_seen_on);
  w.Key("fail_counts").BeginArray();
  for (const StatusFailCount& f : view.fail_counts) {
    if (f.rsc != r.id) continue;
    w.BeginObject().Key("node").String(f.node).Key("op").String(f.op);
    w.Key("count").String(f.count).EndObject();
  }
  w.EndArray().EndObject();
  out << "\n";
}

int ShowStatus(const CommandArgs& raw, std::ostream& out, std::ostream& err) {
  CommandArgs args = raw;
  const bool json = std::erase(args, std::string("--json")) > 0;
  if (args.size() != 2) {
    err << "usage: crm resource status RSC [--json]\n";
    return 2;
  }
  auto view = LoadView();
  if (!view) return Fail(err, "status", view.error());
  const StatusResource* r = FindResource(*view, args[1]);
  if (r == nullptr) return Fail(err, "status", NotAPrimitive("status", args[1]));
  if (json) {
    WriteResourceStatusJson(*view, *r, out);
    return 0;
  }
  if (r->running_on.empty()) {
    out << "resource " << r->id << " is NOT running\n";
  } else {
    out << "resource " << r->id << " is running on: " << JoinNames(r->running_on) << "\n";
  }
  if (!r->failed_on.empty()) out << "  failed on: " << JoinNames(r->failed_on) << "\n";
  for (const StatusFailCount& f : view->fail_counts) {
    if (f.rsc != r->id) continue;
    out << "  fail count on " << f.node << ": " << f.count << " (" << f.op << ")\n";
  }
  return 0;
}

}  // namespace

int RunResourceOpsCommand(const CommandArgs& args, std::ostream& out, std::ostream& err) {
  const std::string verb = args.empty() ? "" : args[0];
  if (verb == "cleanup") return Cleanup(args, out, err);
  if (verb == "restart") return Restart(args, out, err);
  if (verb == "move") return Move(args, out, err);
  if (verb == "clear") return Clear(args, out, err);
  if (verb == "status") return ShowStatus(args, out, err);
  if (verb == "failcount") return FailCount(args, out, err);
  if (!verb.empty()) {
    static const std::vector<std::string> kVerbs = {
        "start",   "stop", "promote", "demote", "restart",  "show",        "status",
        "cleanup", "move", "clear",   "manage", "unmanage", "maintenance", "failcount"};
    err << "crm resource: " << UnknownWordMessage("command", verb, kVerbs) << "\n";
  }
  err << "usage: crm resource start|stop|promote|demote|restart|show RSC | status RSC [--json] "
         "| cleanup RSC [NODE] | failcount RSC show|delete NODE | move RSC [NODE] | clear RSC\n";
  return 2;
}

}  // namespace keel
