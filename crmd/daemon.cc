#include "crmd/daemon.h"

#include <qb/qbdefs.h>
#include <qb/qbloop.h>
#include <qb/qbutil.h>
#include <unistd.h>

#include <csignal>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>

#include "crmd/cib/cib_file.h"
#include "crmd/cib/cib_validation.h"
#include "crmd/cib/cib_writer.h"
#include "crmd/crmd_core.h"
#include "crmd/daemon_fencing.h"
#include "crmd/executor/executor.h"
#include "crmd/executor/posix_process_runner.h"
#include "crmd/executor/qb_event_loop.h"
#include "crmd/ipc/ipc_server.h"
#include "crmd/log.h"
#include "crmd/membership/corosync_bus.h"
#include "crmd/status_report.h"

namespace keel {

namespace {

int32_t StopLoop(int32_t, void* data) {
  qb_loop_stop(static_cast<qb_loop_t*>(data));
  return 0;
}

std::optional<CibVersion> ParseBaseLine(std::string_view& body) {
  // commit bodies start with "base=A.E.N\n" or "base=\n"
  if (!body.starts_with("base=")) return std::nullopt;
  size_t nl = body.find('\n');
  std::string_view value = body.substr(5, nl == std::string_view::npos ? 0 : nl - 5);
  body.remove_prefix(nl == std::string_view::npos ? body.size() : nl + 1);
  auto v = ParseVersion(value);
  return v ? std::optional<CibVersion>(*v) : std::nullopt;
}

constexpr uint64_t kWriterCheckNs = 1000ull * QB_TIME_NS_IN_MSEC;

class Daemon {
 public:
  explicit Daemon(const DaemonOptions& options) : options_(options) {}
  int Run();
  // Every second: the CIB writer's errors, and the core's bounded waits.
  void ReportWriterErrors() {
    for (const Error& e : writer_->TakeErrors()) Log("cib: could not persist: " + e.ToString());
    if (core_) core_->CheckProgress(static_cast<int64_t>(qb_util_nano_current_get() / 1'000'000));
    qb_loop_timer_add(loop_, QB_LOOP_LOW, kWriterCheckNs, this, CheckWriter, &writer_timer_);
  }
  static void CheckWriter(void* data) { static_cast<Daemon*>(data)->ReportWriterErrors(); }

 private:
  std::expected<XmlNode, Error> LoadCib();
  CoreSinks MakeSinks();
  std::expected<void, Error> StartExecutor();
  std::expected<void, Error> Connect(XmlNode cib);
  void HandleRequest(IpcClientId client, const IpcRequest& request);
  void HandleFence(IpcClientId client, const IpcRequest& request);

  DaemonOptions options_;
  qb_loop_t* loop_ = nullptr;
  std::unique_ptr<CibFile> disk_;
  std::unique_ptr<CibWriter> writer_;
  qb_loop_timer_handle writer_timer_ = 0;
  std::unique_ptr<QbEventLoop> loop_adapter_;
  std::unique_ptr<PosixProcessRunner> runner_;
  std::unique_ptr<Executor> executor_;
  std::unique_ptr<CorosyncBus> bus_;
  std::unique_ptr<DaemonFencing> fencing_;
  std::unique_ptr<CrmdCore> core_;
  std::unique_ptr<IpcServer> ipc_;
  RequestId next_request_ = 1;
  std::map<RequestId, IpcClientId> pending_;
  std::map<RequestId, IpcClientId> fence_pending_;
  std::map<RequestId, IpcClientId> cleanup_pending_;
  int exit_status_ = 0;
};

std::expected<XmlNode, Error> Daemon::LoadCib() {
  auto disk = CibFile::Open(options_.cib_dir);
  if (!disk) return std::unexpected(disk.error());
  disk_ = std::move(*disk);
  auto stored = disk_->Load();
  if (!stored) return std::unexpected(stored.error());
  for (const Error& e : stored->skipped) Log("crmd: skipped a damaged stored CIB: " + e.ToString());
  XmlNode cib = stored->cib.value_or(EmptyCib());
  Log("crmd: starting; CIB " + VersionOf(cib).value_or(CibVersion{}).ToString() + " from " +
      (stored->cib ? stored->from : std::string("nothing (empty CIB)")) + ", ipc '" +
      options_.ipc_name + "', ocf root " + options_.ocf_root);
  return cib;
}

CoreSinks Daemon::MakeSinks() {
  CoreSinks sinks;
  writer_ =
      std::make_unique<CibWriter>([disk = disk_.get()](const XmlNode& c) { return disk->Save(c); });
  sinks.persist = [this](const XmlNode& c) -> std::expected<void, Error> {
    writer_->Submit(c);
    return {};
  };
  sinks.log = [](const std::string& line) { Log(line); };
  sinks.reply = [this](const CommitReply& r) {
    auto it = pending_.find(r.request);
    if (it == pending_.end()) return;
    IpcResponse response = r.result
                               ? IpcResponse{true, ErrorCode::kInvalid, "", r.result->ToString()}
                               : ErrorResponse(r.result.error());
    ipc_->Respond(it->second, response);
    pending_.erase(it);
  };
  sinks.submit = [this](const ActionRequest& request) { return executor_->Submit(request); };
  sinks.now_s = [] { return static_cast<int64_t>(std::time(nullptr)); };
  fencing_->AddSinks(sinks);
  sinks.exit = [this](int status) {
    exit_status_ = status;
    qb_loop_stop(loop_);
  };
  sinks.fence_reply = [this](RequestId id, std::expected<std::string, Error> outcome) {
    auto it = fence_pending_.find(id);
    if (it == fence_pending_.end()) return;
    ipc_->Respond(it->second, outcome ? IpcResponse{true, ErrorCode::kInvalid, "", *outcome}
                                      : ErrorResponse(outcome.error()));
    fence_pending_.erase(it);
  };
  sinks.cleanup_reply = [this](RequestId id, std::expected<std::string, Error> outcome) {
    auto it = cleanup_pending_.find(id);
    if (it == cleanup_pending_.end()) return;
    ipc_->Respond(it->second, outcome ? IpcResponse{true, ErrorCode::kInvalid, "", *outcome}
                                      : ErrorResponse(outcome.error()));
    cleanup_pending_.erase(it);
  };
  return sinks;
}

// The node's executor on crmd's loop: agents from --ocf-root, HA_RSCTMP under --run-dir.
std::expected<void, Error> Daemon::StartExecutor() {
  // Children are reaped through pidfds; SIGCHLD must not be ignored or statuses are lost.
  std::signal(SIGCHLD, SIG_DFL);
  ExecutorConfig config;
  config.ocf_root = options_.ocf_root;
  config.rsctmp = options_.run_dir + "/rsctmp";
  config.node_name = options_.node_name;
  std::error_code ec;
  std::filesystem::create_directories(config.rsctmp, ec);
  if (ec)
    return std::unexpected(
        Error{ErrorCode::kIo, "cannot create " + config.rsctmp + ": " + ec.message(), ""});
  loop_adapter_ = std::make_unique<QbEventLoop>(loop_);
  runner_ = std::make_unique<PosixProcessRunner>(*loop_adapter_);
  executor_ =
      std::make_unique<Executor>(config, *loop_adapter_, *runner_, [this](const ActionResult& r) {
        if (core_) core_->OnExecutorResult(r);
      });
  return {};
}

std::expected<void, Error> Daemon::Connect(XmlNode cib) {
  auto bus = CorosyncBus::Connect(loop_, options_.group, [this](const Error& e) {
    Log("crmd: lost corosync: " + e.message + "; exiting");
    exit_status_ = 1;
    qb_loop_stop(loop_);
  });
  if (!bus) return std::unexpected(bus.error());
  bus_ = std::move(*bus);
  if (auto started = StartExecutor(); !started) return std::unexpected(started.error());
  int first_transition = static_cast<int>(std::time(nullptr) % 1'000'000'000);
  fencing_ = std::make_unique<DaemonFencing>(loop_, options_.fence_agent_dir,
                                             [this] { return core_.get(); });
  core_ = std::make_unique<CrmdCore>(*bus_, std::move(cib), ValidateCibDocument, MakeSinks(),
                                     options_.node_name, first_transition);
  qb_loop_timer_add(loop_, QB_LOOP_LOW, kWriterCheckNs, this, CheckWriter, &writer_timer_);
  auto ipc = IpcServer::Start(
      loop_, options_.ipc_name,
      [this](IpcClientId client, const IpcRequest& request) { HandleRequest(client, request); },
      [](const std::string& line) { Log(line); });
  if (!ipc) return std::unexpected(ipc.error());
  ipc_ = std::move(*ipc);
  if (auto started = core_->Start(); !started) return std::unexpected(started.error());
  Log("crmd: node " + bus_->NodeName(bus_->LocalId()) + " (id " + std::to_string(bus_->LocalId()) +
      ") joined group '" + options_.group + "'");
  return {};
}

int Daemon::Run() {
  auto cib = LoadCib();
  if (!cib) {
    Log("crmd: cannot load the CIB: " + cib.error().ToString());
    return 1;
  }
  if (!(std::ofstream(options_.run_dir + "/crmd.pid") << getpid() << "\n")) {
    Log("crmd: cannot write " + options_.run_dir + "/crmd.pid");
  }
  loop_ = qb_loop_create();
  qb_loop_signal_handle sigterm = nullptr, sigint = nullptr;
  qb_loop_signal_add(loop_, QB_LOOP_HIGH, SIGTERM, loop_, StopLoop, &sigterm);
  qb_loop_signal_add(loop_, QB_LOOP_HIGH, SIGINT, loop_, StopLoop, &sigint);
  if (auto connected = Connect(std::move(*cib)); connected) {
    qb_loop_run(loop_);
    Log("crmd: stopping");
  } else {
    Log("crmd: " + connected.error().ToString());
    exit_status_ = 1;
  }
  ipc_.reset();
  fencing_.reset();  // waits for fence agents still running (bounded by their timeouts)
  executor_.reset();  // kills agents still running; no more results
  runner_.reset();
  core_.reset();
  bus_.reset();
  writer_.reset();  // writes the newest CIB before exiting
  loop_adapter_.reset();
  qb_loop_destroy(loop_);
  return exit_status_;
}

void Daemon::HandleRequest(IpcClientId client, const IpcRequest& request) {
  if (request.command == "query") {
    ipc_->Respond(client,
                  IpcResponse{true, ErrorCode::kInvalid, "", SerializeXml(core_->member().cib())});
  } else if (request.command == "status") {
    ipc_->Respond(client, IpcResponse{true, ErrorCode::kInvalid, "",
                                      SerializeXml(StatusReport(core_->member(), *bus_))});
  } else if (request.command == "fence") {
    HandleFence(client, request);
  } else if (request.command == "cleanup") {
    // body "RSC" or "RSC\nNODE"; answered once every targeted node has re-probed
    std::string_view body = request.body;
    size_t nl = body.find('\n');
    RequestId id = next_request_++;
    cleanup_pending_[id] = client;
    core_->RequestCleanup(id, std::string(body.substr(0, nl)),
                          nl == std::string_view::npos ? "" : std::string(body.substr(nl + 1)));
  } else if (request.command == "commit") {
    std::string_view body = request.body;
    std::optional<CibVersion> base = ParseBaseLine(body);
    RequestId id = next_request_++;
    pending_[id] = client;
    core_->RequestCommit(id, body, base);
  } else {
    ipc_->Respond(client, ErrorResponse(Error{ErrorCode::kInvalid,
                                              "unknown request '" + request.command + "'", ""}));
  }
}

// "fence": body "TARGET" or "TARGET\nACTION" (reboot, off, on); answered when it is done.
void Daemon::HandleFence(IpcClientId client, const IpcRequest& request) {
  std::string_view body = request.body;
  size_t nl = body.find('\n');
  std::string target(body.substr(0, nl));
  std::optional<FenceAction> action;
  if (nl != std::string_view::npos && nl + 1 < body.size()) {
    std::string word(body.substr(nl + 1));
    action = ParseFenceAction(word);
    if (!action || (*action != FenceAction::kReboot && *action != FenceAction::kOff &&
                    *action != FenceAction::kOn)) {
      ipc_->Respond(client, ErrorResponse(Error{ErrorCode::kInvalid,
                                                "fence: action '" + word +
                                                    "' is not reboot, off or on",
                                                target}));
      return;
    }
  }
  RequestId id = next_request_++;
  fence_pending_[id] = client;
  core_->RequestFence(id, target, action);
}

}  // namespace

int RunDaemon(const DaemonOptions& options) {
  Daemon daemon(options);
  return daemon.Run();
}

}  // namespace keel
