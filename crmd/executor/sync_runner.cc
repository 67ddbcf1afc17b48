#include "crmd/executor/sync_runner.h"

#include <qb/qbloop.h>

#include <memory>
#include <optional>

#include "crmd/executor/executor.h"
#include "crmd/executor/posix_process_runner.h"
#include "crmd/executor/qb_event_loop.h"

namespace keel {

namespace {

constexpr int64_t kSafetyMarginMs = 5000;

// A private qb_loop with an adapter, runner and executor, torn down in the right order.
class PrivateLoop {
 public:
  PrivateLoop() : loop_(qb_loop_create()) {}
  ~PrivateLoop() {
    executor_.reset();
    runner_.reset();
    adapter_.reset();
    if (loop_ != nullptr) qb_loop_destroy(loop_);
  }
  bool ok() const { return loop_ != nullptr; }
  Executor& Start(const ExecutorConfig& config, ResultCallback on_result) {
    adapter_ = std::make_unique<QbEventLoop>(loop_);
    runner_ = std::make_unique<PosixProcessRunner>(*adapter_);
    executor_ = std::make_unique<Executor>(config, *adapter_, *runner_, std::move(on_result));
    return *executor_;
  }
  // Runs until Stop() or `limit_ms` passes.
  void Run(int64_t limit_ms) {
    adapter_->AddTimer(limit_ms, [this] { Stop(); });
    qb_loop_run(loop_);
  }
  void Stop() { qb_loop_stop(loop_); }

 private:
  qb_loop_t* loop_;
  std::unique_ptr<QbEventLoop> adapter_;
  std::unique_ptr<PosixProcessRunner> runner_;
  std::unique_ptr<Executor> executor_;
};

Error NoLoop() { return Error{ErrorCode::kIo, "cannot create an event loop", ""}; }

}  // namespace

std::expected<ActionResult, Error> RunActionSync(const ExecutorConfig& config,
                                                 ActionRequest request) {
  PrivateLoop loop;
  if (!loop.ok()) return std::unexpected(NoLoop());
  std::optional<ActionResult> result;
  Executor& executor = loop.Start(config, [&](const ActionResult& r) {
    result = r;
    loop.Stop();
  });
  if (request.interval_ms > 0) {
    request.meta["interval"] = std::to_string(request.interval_ms);
    request.interval_ms = 0;
  }
  const int64_t timeout = request.timeout_ms > 0 ? request.timeout_ms : config.default_timeout_ms;
  auto call_id = executor.Submit(std::move(request));
  if (!call_id) return std::unexpected(call_id.error());
  loop.Run(timeout + config.kill_grace_ms + kSafetyMarginMs);
  if (!result) {
    return std::unexpected(Error{ErrorCode::kIo, "agent did not finish even after SIGKILL", ""});
  }
  return *result;
}

std::expected<AgentMetadata, Error> FetchMetadataSync(const ExecutorConfig& config,
                                                      const AgentSpec& agent) {
  PrivateLoop loop;
  if (!loop.ok()) return std::unexpected(NoLoop());
  std::optional<std::expected<AgentMetadata, Error>> answer;
  Executor& executor = loop.Start(config, [](const ActionResult&) {});
  executor.GetMetadata(agent, [&](const std::expected<AgentMetadata, Error>& meta) {
    answer = meta;
    loop.Stop();
  });
  if (!answer) loop.Run(config.default_timeout_ms + config.kill_grace_ms + kSafetyMarginMs);
  if (!answer) {
    return std::unexpected(Error{ErrorCode::kIo, "meta-data did not finish", agent.ToString()});
  }
  return *answer;
}

}  // namespace keel
