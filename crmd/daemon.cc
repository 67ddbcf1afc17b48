#include "crmd/daemon.h"

#include <malloc.h>
#include <qb/qbdefs.h>
#include <qb/qbloop.h>
#include <qb/qbutil.h>
#include <unistd.h>

#include <csignal>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <thread>

#include "crmd/alerts/alert_runner.h"
#include "crmd/cib/cib_file.h"
#include "crmd/cib/cib_model.h"
#include "crmd/cib/cib_validation.h"
#include "crmd/cib/cib_writer.h"
#include "crmd/crmd_core.h"
#include "crmd/daemon_fencing.h"
#include "crmd/executor/executor.h"
#include "crmd/executor/load_governor.h"
#include "crmd/executor/posix_process_runner.h"
#include "crmd/executor/qb_event_loop.h"
#include "crmd/fence/fence_device_agents.h"
#include "crmd/ipc/ipc_lz4.h"
#include "crmd/ipc/ipc_server.h"
#include "crmd/log.h"
#include "crmd/membership/batching_bus.h"
#include "crmd/membership/corosync_bus.h"
#include "crmd/node/cib_options.h"
#include "crmd/protocol/batch_message.h"
#include "crmd/protocol/ipc_attribute.h"
#include "crmd/protocol/ipc_messages.h"
#include "crmd/status_report.h"
#include "xml/cib_parse.h"
#include "xml/cluster_options.h"

namespace keel {

namespace {

constexpr uint64_t kWriterCheckNs = 1000ull * QB_TIME_NS_IN_MSEC;
// A status-only CIB change waits 2 s after the last write, plus 1 s per MB that write took,
// at most 30 s (doc/cluster.md "On disk").
constexpr StatusWriteInterval kStatusWriteInterval{std::chrono::seconds(2), std::chrono::seconds(1),
                                                   std::chrono::seconds(30)};

class Daemon {
 public:
  explicit Daemon(const DaemonOptions& options) : options_(options) {}
  int Run();
  // Every second: the CIB writer's errors, the core's bounded waits, and freed memory back to
  // the system.
  void ReportWriterErrors() {
    for (const Error& e : writer_->TakeErrors()) Log("cib: could not persist: " + e.ToString());
    RefreshStaleWrite();
    if (core_) core_->CheckProgress();
    // A plan parses the whole CIB (12 MB of small blocks at 16 x 1,000, freed again within the
    // second), which glibc keeps resident unless trimmed (under 1 ms; doc/benchmarks.md).
    malloc_trim(0);
    qb_loop_timer_add(loop_, QB_LOOP_LOW, kWriterCheckNs, this, CheckWriter, &writer_timer_);
  }
  static void CheckWriter(void* data) { static_cast<Daemon*>(data)->ReportWriterErrors(); }
  // The writer skipped status changes (CibWriter::Offer): hand it the current CIB
  // once it is due (`last`: before the last write, whenever it skipped one).
  void RefreshStaleWrite(bool last = false) {
    if (core_ && writer_ && (last ? writer_->stale() : writer_->due())) {
      writer_->Submit(core_->member().cib());
    }
  }
  // node-action-limit (default 2 x this node's cores) and load-threshold from the CIB, on
  // configuration changes.
  void ApplyNodeActionLimit(const XmlNode& cib) {
    // Keyed on the configuration generation: a sync may bring another configuration under
    // the same admin_epoch and epoch.
    std::optional<uint64_t> generation;
    if (core_) generation = core_->member().config_generation();
    if (!governor_ || (generation && generation == applied_generation_)) return;
    applied_generation_ = generation;
    // One parse of the configuration alone (the status is what makes a large CIB large).
    auto parsed = ConfigurationFromXml(cib);
    int limit = parsed ? NodeActionLimitOf(parsed->cib) : 0;
    if (limit <= 0) limit = DefaultNodeActionLimit();
    governor_->SetLimits(limit,
                         parsed ? LoadThresholdOf(parsed->cib) : LoadGovernor::kDefaultThreshold);
  }
  // load-threshold as a fraction (validation refuses a bad one; the default if it gets here).
  static double LoadThresholdOf(const Cib& cib) {
    auto threshold = ParseLoadThreshold(ClusterOptionOr(cib.configuration, "load-threshold"));
    if (!threshold) Log("executor: " + threshold.error().message + "; using 80%");
    return threshold.value_or(LoadGovernor::kDefaultThreshold);
  }
  // The machine's load, for LoadGovernor (the same for every lab node on one machine).
  static std::expected<std::string, Error> ReadLoadavg() {
    std::ifstream in("/proc/loadavg");
    std::string line;
    if (!std::getline(in, line)) {
      return std::unexpected(Error{ErrorCode::kIo, "cannot read /proc/loadavg", ""});
    }
    return line;
  }
  // SIGTERM, SIGINT: a clean shutdown once connected (the DC moves what runs here first).
  static int32_t OnStopSignal(int32_t signal, void* data) {
    auto* daemon = static_cast<Daemon*>(data);
    if (!daemon->core_) {
      qb_loop_stop(daemon->loop_);
      return 0;
    }
    Log(std::string("crmd: ") + (signal == SIGINT ? "SIGINT" : "SIGTERM") + " received");
    daemon->core_->RequestShutdown();
    return 0;
  }

 private:
  std::expected<XmlNode, Error> LoadCib();
  CoreSinks MakeSinks();
  std::expected<void, Error> StartExecutor();
  std::expected<void, Error> Connect(XmlNode cib);
  void HandleRequest(IpcClientId client, const IpcRequest& request);
  void HandleQuery(IpcClientId client, const IpcQuery& query);
  void HandleFence(IpcClientId client, const IpcFence& fence);
  void HandleShutdown(IpcClientId client, std::string_view body);
  void HandleAttribute(IpcClientId client, std::string_view body);
  // The one reply path for requests answered later: Await gives the request its id, Answer
  // responds to the client that asked (nothing when it was answered already).
  RequestId Await(IpcClientId client);
  void Answer(RequestId id, const std::expected<std::string, Error>& outcome);

  DaemonOptions options_;
  qb_loop_t* loop_ = nullptr;
  std::unique_ptr<CibFile> disk_;
  std::unique_ptr<CibWriter> writer_;
  std::optional<uint64_t> applied_generation_;  // of the limits given to governor_
  qb_loop_timer_handle writer_timer_ = 0;
  std::unique_ptr<QbEventLoop> loop_adapter_;
  std::unique_ptr<PosixProcessRunner> runner_;
  std::unique_ptr<FenceDeviceAgents> fence_devices_;  // the executor's class stonith
  std::unique_ptr<Executor> executor_;
  std::unique_ptr<LoadGovernor> governor_;  // the executor's limit, by load
  std::unique_ptr<AlertRunner> alerts_;
  std::unique_ptr<CorosyncBus> bus_;
  // The core's bus: a loop turn's messages as one, once every member reads batches.
  std::unique_ptr<BatchingBus> batching_;
  std::unique_ptr<DaemonFencing> fencing_;
  std::unique_ptr<CrmdCore> core_;
  std::unique_ptr<IpcServer> ipc_;
  RequestId next_request_ = 1;
  std::map<RequestId, IpcClientId> pending_;  // commit, fence and cleanup requests
  int exit_status_ = 0;
  size_t last_query_bytes_ = 0;  // the last compressed CIB answer (HandleQuery)
};

std::expected<XmlNode, Error> Daemon::LoadCib() {
  auto disk = CibFile::Open(options_.cib_dir);
  if (!disk) return std::unexpected(disk.error());
  disk_ = std::move(*disk);
  auto stored = disk_->Load();
  if (!stored) return std::unexpected(stored.error());
  for (const Error& e : stored->skipped) Log("crmd: skipped a damaged stored CIB: " + e.ToString());
  for (const Error& e : stored->leftovers)
    Log("crmd: could not remove a temp file: " + e.ToString());
  XmlNode cib = stored->cib.value_or(EmptyCib());
  Log("crmd: starting; CIB " + VersionOf(cib).value_or(CibVersion{}).ToString() + " from " +
      (stored->cib ? stored->from : std::string("nothing (empty CIB)")) + ", ipc '" +
      options_.ipc_name + "', ocf root " + options_.ocf_root);
  return cib;
}

CoreSinks Daemon::MakeSinks() {
  CoreSinks sinks;
  sinks.clock = loop_adapter_.get();
  writer_ = std::make_unique<CibWriter>(
      [disk = disk_.get()](const XmlNode& cib) -> std::expected<CibWriter::Staged, Error> {
        auto staged = disk->Stage(cib);
        if (!staged) return std::unexpected(staged.error());
        return CibWriter::Staged([disk, staged = std::move(*staged)]() mutable {
          return disk->Commit(std::move(staged));
        });
      },
      kStatusWriteInterval);
  sinks.persist = [this](const XmlNode& c, bool at_once) -> std::expected<void, Error> {
    ApplyNodeActionLimit(c);
    writer_->Offer(c, at_once);
    return {};
  };
  sinks.log = [](const std::string& line) { Log(line); };
  sinks.reply = [this](const CommitReply& r) {
    Answer(r.request, r.result ? std::expected<std::string, Error>(r.result->ToString())
                               : std::unexpected(r.result.error()));
  };
  sinks.exit = [this](int status) {
    exit_status_ = status;
    qb_loop_stop(loop_);
  };
  sinks.answer = [this](RequestId id, std::expected<std::string, Error> outcome) {
    Answer(id, outcome);
  };
  ResourceSinks resources;
  resources.submit = [this](const ActionRequest& request) { return executor_->Submit(request); };
  resources.cancel_recurring = [this](const std::string& rsc, const std::string& action,
                                      int64_t interval_ms) {
    return executor_->CancelRecurring(rsc, action, interval_ms);
  };
  fencing_->AddSinks(resources);
  sinks.resources = std::move(resources);
  AlertSinks alerts;
  alerts.run_alert = [this](AlertRun run) { alerts_->Submit(std::move(run)); };
  alerts.utc_offset_s = [](int64_t epoch_s) -> int64_t {
    time_t t = static_cast<time_t>(epoch_s);
    struct tm local {};
    return localtime_r(&t, &local) ? local.tm_gmtoff : 0;
  };
  sinks.alerts = std::move(alerts);
  return sinks;
}

// The node's executor on crmd's loop: agents from --ocf-root, HA_RSCTMP under --run-dir, fence
// devices' monitors from --fence-agent-dir.
std::expected<void, Error> Daemon::StartExecutor() {
  // Children are reaped through pidfds; SIGCHLD must not be ignored or statuses are lost.
  std::signal(SIGCHLD, SIG_DFL);
  ExecutorConfig config;
  config.max_running = DefaultNodeActionLimit();
  config.ocf_root = options_.ocf_root;
  config.rsctmp = options_.run_dir + "/rsctmp";
  config.node_name = options_.node_name;
  // Agents find Keel's attrd_updater, crm_attribute and crm_master first, and reach this crmd.
  if (!options_.tool_dir.empty()) config.path_env = options_.tool_dir + ":" + config.path_env;
  config.extra_env.push_back("KEEL_IPC_NAME=" + options_.ipc_name);
  std::error_code ec;
  std::filesystem::create_directories(config.rsctmp, ec);
  if (ec)
    return std::unexpected(
        Error{ErrorCode::kIo, "cannot create " + config.rsctmp + ": " + ec.message(), ""});
  loop_adapter_ = std::make_unique<QbEventLoop>(loop_);
  runner_ = std::make_unique<PosixProcessRunner>(*loop_adapter_);
  fence_devices_ = std::make_unique<FenceDeviceAgents>(
      options_.fence_agent_dir,
      [this]() -> const XmlNode* { return core_ ? &core_->member().cib() : nullptr; },
      [this] {
        return core_ ? ActiveResources(core_->own_history()) : std::vector<std::string>{};
      });
  executor_ = std::make_unique<Executor>(
      config, *loop_adapter_, *runner_,
      [this](const ActionResult& r) {
        if (core_) core_->OnExecutorResult(r);
      },
      fence_devices_.get());
  governor_ = std::make_unique<LoadGovernor>(
      *loop_adapter_, *executor_, static_cast<int>(std::thread::hardware_concurrency()),
      ReadLoadavg, [](const std::string& line) { Log(line); });
  alerts_ = std::make_unique<AlertRunner>(*loop_adapter_, *runner_,
                                          [](const std::string& line) { Log(line); });
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
  batching_ = std::make_unique<BatchingBus>(
      *bus_, *loop_adapter_,
      [this] { return core_ && core_->member().EveryMemberSpeaks(BatchMessage::kProtocol); },
      kMaxBatchBytes, StatusPacing());
  auto core = CrmdCore::Create(*batching_, std::move(cib), ValidateCibDocument, MakeSinks(),
                               options_.node_name, first_transition);
  if (!core) return std::unexpected(core.error());
  core_ = std::move(*core);
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
  qb_loop_signal_add(loop_, QB_LOOP_HIGH, SIGTERM, this, OnStopSignal, &sigterm);
  qb_loop_signal_add(loop_, QB_LOOP_HIGH, SIGINT, this, OnStopSignal, &sigint);
  if (auto connected = Connect(std::move(*cib)); connected) {
    qb_loop_run(loop_);
    Log("crmd: stopping");
  } else {
    Log("crmd: " + connected.error().ToString());
    exit_status_ = 1;
  }
  ipc_.reset();
  fencing_.reset();  // waits for fence agents still running (bounded by their timeouts)
  governor_.reset();
  executor_.reset();  // kills agents still running; no more results
  alerts_.reset();    // kills alert agents still running
  runner_.reset();
  RefreshStaleWrite(true);
  if (batching_) {
    batching_->Flush();  // what the last turn said, while the core can hear of failures
    Log("bus: " + std::to_string(batching_->payloads_sent()) + " messages sent in " +
        std::to_string(batching_->messages_sent()) + " CPG messages (" +
        std::to_string(batching_->paced_flushes()) + " of them paced)");
  }
  core_.reset();
  batching_.reset();
  bus_.reset();
  writer_.reset();  // writes the newest CIB before exiting
  loop_adapter_.reset();
  qb_loop_destroy(loop_);
  return exit_status_;
}

RequestId Daemon::Await(IpcClientId client) {
  RequestId id = next_request_++;
  pending_[id] = client;
  return id;
}

void Daemon::Answer(RequestId id, const std::expected<std::string, Error>& outcome) {
  auto it = pending_.find(id);
  if (it == pending_.end()) return;
  ipc_->Respond(it->second, outcome ? IpcResponse{true, ErrorCode::kInvalid, "", *outcome}
                                    : ErrorResponse(outcome.error()));
  pending_.erase(it);
}

// The commands and their bodies: crmd/protocol/ipc_messages.h.
void Daemon::HandleQuery(IpcClientId client, const IpcQuery& query) {
  const XmlNode& cib = core_->member().cib();
  if (query.encoding.empty()) {
    return ipc_->Respond(client, IpcResponse{true, ErrorCode::kInvalid, "", SerializeXml(cib)});
  }
  if (query.encoding != IpcQuery::kLz4) {
    return ipc_->Respond(client,
                         ErrorResponse(Error{ErrorCode::kInvalid,
                                             "query: unknown encoding '" + query.encoding +
                                                 "' (known: " + std::string(IpcQuery::kLz4) + ")",
                                             ""}));
  }
  // A little more than the last answer: the status grows between two `crm status`.
  auto frame = CompressedXmlText(cib, last_query_bytes_ + last_query_bytes_ / 8);
  if (frame) last_query_bytes_ = frame->size();
  ipc_->Respond(client, frame ? IpcResponse{true, ErrorCode::kInvalid, "", std::move(*frame)}
                              : ErrorResponse(frame.error()));
}

void Daemon::HandleRequest(IpcClientId client, const IpcRequest& request) {
  if (request.command == IpcQuery::kCommand) {
    HandleQuery(client, IpcQuery::FromBody(request.body));
  } else if (request.command == IpcStatus::kCommand) {
    XmlNode report = StatusReport(core_->member(), *bus_);
    if (governor_) {
      for (const auto& [name, value] : governor_->StatusAttributes()) report.SetAttr(name, value);
    }
    ipc_->Respond(client, IpcResponse{true, ErrorCode::kInvalid, "", SerializeXml(report)});
  } else if (request.command == IpcFence::kCommand) {
    HandleFence(client, IpcFence::FromBody(request.body));
  } else if (request.command == IpcShutdown::kCommand) {
    HandleShutdown(client, request.body);
  } else if (request.command == IpcAttribute::kCommand) {
    HandleAttribute(client, request.body);
  } else if (request.command == IpcCleanup::kCommand) {
    // answered once every targeted node has re-probed
    IpcCleanup cleanup = IpcCleanup::FromBody(request.body);
    core_->RequestCleanup(Await(client), cleanup.rsc, cleanup.node);
  } else if (request.command == IpcCommit::kCommand) {
    IpcCommit commit = IpcCommit::FromBody(request.body);
    std::optional<CibVersion> base;
    if (commit.base) {
      if (auto v = ParseVersion(*commit.base)) base = *v;
    }
    core_->RequestCommit(Await(client), commit.cib_xml, base);
  } else {
    ipc_->Respond(client, ErrorResponse(Error{ErrorCode::kInvalid,
                                              "unknown request '" + request.command + "'", ""}));
  }
}

// Answered when the fencing is done; the action must be reboot, off or on when given.
void Daemon::HandleFence(IpcClientId client, const IpcFence& fence) {
  std::optional<FenceAction> action;
  if (!fence.action.empty()) {
    action = ParseFenceAction(fence.action);
    if (!action || (*action != FenceAction::kReboot && *action != FenceAction::kOff &&
                    *action != FenceAction::kOn)) {
      ipc_->Respond(client, ErrorResponse(Error{
                                ErrorCode::kInvalid,
                                "fence: action '" + fence.action + "' is not reboot, off or on",
                                fence.target}));
      return;
    }
  }
  core_->RequestFence(Await(client), fence.target, action);
}

// `crm cluster stop [--all]`: answered at once; the client then waits for crmd to exit.
void Daemon::HandleShutdown(IpcClientId client, std::string_view body) {
  if (!body.empty() && body != "all") {
    ipc_->Respond(client, ErrorResponse(Error{ErrorCode::kInvalid,
                                              "shutdown: body is not empty or \"all\"", ""}));
    return;
  }
  std::expected<std::vector<std::string>, Error> nodes;
  if (IpcShutdown::FromBody(body).all) {
    nodes = core_->RequestClusterShutdown();
  } else {
    core_->RequestShutdown();
    nodes = std::vector<std::string>{options_.node_name.empty() ? bus_->NodeName(bus_->LocalId())
                                                                : options_.node_name};
  }
  if (!nodes) {
    ipc_->Respond(client, ErrorResponse(nodes.error()));
    return;
  }
  std::string names;
  for (const std::string& n : *nodes) names += (names.empty() ? "" : ", ") + n;
  ipc_->Respond(client,
                IpcResponse{true, ErrorCode::kInvalid, "", "clean shutdown requested on " + names});
}

// set and delete are answered once delivered here; query and whoami at once.
void Daemon::HandleAttribute(IpcClientId client, std::string_view body) {
  auto request = IpcAttribute::FromBody(body);
  if (!request) {
    ipc_->Respond(client, ErrorResponse(request.error()));
    return;
  }
  auto answer = [&](std::string text) {
    ipc_->Respond(client, IpcResponse{true, ErrorCode::kInvalid, "", std::move(text)});
  };
  if (request->op == "whoami") {
    return answer(options_.node_name.empty() ? bus_->NodeName(bus_->LocalId())
                                             : options_.node_name);
  }
  if (request->op == "query") {
    return answer(EncodeAttributeAnswer(core_->QueryAttribute(request->node, request->name)));
  }
  if (request->op != "set" && request->op != "delete") {
    ipc_->Respond(client, ErrorResponse(Error{ErrorCode::kInvalid,
                                              "attribute: unknown op '" + request->op + "'", ""}));
    return;
  }
  AttributeUpdate update{
      request->op == "set" ? AttributeUpdate::Op::kSet : AttributeUpdate::Op::kDelete,
      request->node,
      request->name,
      request->value,
      request->dampen_ms,
      request->is_private};
  core_->RequestAttributeUpdate(Await(client), std::move(update));
}

}  // namespace

int RunDaemon(const DaemonOptions& options) {
  Daemon daemon(options);
  return daemon.Run();
}

}  // namespace keel
