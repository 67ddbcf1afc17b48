// Executor: one agent run from spawn to result (timeouts, kill escalation, output capture).
#include <signal.h>

#include <algorithm>
#include <cerrno>

#include "crmd/executor/executor.h"
#include "crmd/executor/output_capture.h"
#include "crmd/executor/stonith_class.h"

namespace keel {

namespace {
constexpr size_t kMetadataCap = 1024 * 1024;
}  // namespace

struct Executor::Run {
  ActionResult result;  // identity and start time filled at launch
  AgentSpec agent;
  ProcessRunner::ChildId child = 0;
  OutputCapture out;
  OutputCapture err;
  int64_t start_mono_ms = 0;
  int64_t timeout_ms = 0;
  EventLoop::TimerId timeout_timer = 0;
  EventLoop::TimerId kill_timer = 0;
  bool timed_out = false;
  RunDone done;
};

Executor::Executor(ExecutorConfig config, EventLoop& loop, ProcessRunner& runner,
                   ResultCallback on_result, const StonithAgents* stonith)
    : config_(std::move(config)),
      loop_(loop),
      runner_(runner),
      on_result_(std::move(on_result)),
      stonith_(stonith) {}

Executor::~Executor() {
  alive_.reset();
  for (auto& [id, run] : runs_) {
    if (run->timeout_timer != 0) loop_.CancelTimer(run->timeout_timer);
    if (run->kill_timer != 0) loop_.CancelTimer(run->kill_timer);
    runner_.SignalGroup(run->child, SIGKILL);
  }
  for (auto& [rsc_id, resource] : resources_) {
    for (auto& [key, op] : resource.recurring) {
      if (op.timer != 0) loop_.CancelTimer(op.timer);
    }
  }
}

std::function<void()> Executor::Guarded(std::function<void()> fn) const {
  std::weak_ptr<bool> alive = alive_;
  return [alive, fn = std::move(fn)] {
    if (!alive.expired()) fn();
  };
}

ActionResult Executor::BaseResult(const ActionRequest& request, int call_id) const {
  ActionResult result;
  result.rsc_id = request.rsc_id;
  result.action = request.action;
  result.interval_ms = request.interval_ms;
  result.call_id = call_id;
  return result;
}

void Executor::FinishLater(ActionResult result, RunDone done) {
  result.end_ms = result.start_ms;
  loop_.AddTimer(0,
                 Guarded([result = std::move(result), done = std::move(done)] { done(result); }));
}

void Executor::DeliverLater(ActionResult result) {
  loop_.AddTimer(0, Guarded([this, result = std::move(result)] { on_result_(result); }));
}

void Executor::Launch(const ActionRequest& request, int call_id, RunDone done) {
  ActionResult base = BaseResult(request, call_id);
  base.start_ms = loop_.WallMs();
  if (request.agent.agent_class == AgentClass::kStonith) {
    return LaunchStonith(request, std::move(base), std::move(done));
  }
  auto command = BuildAgentCommand(config_, request);
  if (!command) {
    const bool unsupported = command.error().code == ErrorCode::kNotSupported;
    base.rc = unsupported ? ocf_rc::kErrUnimplemented : ocf_rc::kErrArgs;
    base.op_status = unsupported ? OpStatus::kNotSupported : OpStatus::kError;
    base.exit_reason = command.error().message;
    return FinishLater(std::move(base), std::move(done));
  }
  // meta-data is parsed, not just logged: it gets a larger cap than other output.
  const size_t out_cap = request.action == "meta-data" ? std::max(config_.output_cap, kMetadataCap)
                                                       : config_.output_cap;
  StartAgent(SpawnRequest{command->path, command->argv, command->env, config_.working_dir, ""},
             request.agent,
             request.timeout_ms > 0 ? request.timeout_ms : config_.default_timeout_ms, out_cap,
             std::move(base), std::move(done));
}

void Executor::StartAgent(const SpawnRequest& spawn, const AgentSpec& agent, int64_t timeout_ms,
                          size_t out_cap, ActionResult base, RunDone done) {
  const int run_id = next_run_id_++;
  std::weak_ptr<bool> alive = alive_;
  auto append = [this, alive, run_id](bool is_stdout) {
    return [this, alive, run_id, is_stdout](std::string_view chunk) {
      if (alive.expired()) return;
      auto it = runs_.find(run_id);
      if (it != runs_.end()) (is_stdout ? it->second->out : it->second->err).Append(chunk);
    };
  };
  ChildHandlers handlers{.on_stdout = append(true),
                         .on_stderr = append(false),
                         .on_exit = [this, alive, run_id](ChildExit exit) {
                           if (!alive.expired()) OnChildExit(run_id, exit);
                         }};
  auto child = runner_.Spawn(spawn, std::move(handlers));
  if (!child) {
    const int e = child.error().err;
    const bool missing = e == ENOENT || e == EACCES || e == ENOEXEC || e == ENOTDIR;
    if (agent.agent_class == AgentClass::kStonith) {
      AgentExit not_started;
      not_started.start_error = child.error().message;
      StonithMonitorOutcome(agent.type, not_started, base);
      return FinishLater(std::move(base), std::move(done));
    }
    base.rc = missing ? ocf_rc::kErrInstalled : ocf_rc::kErrGeneric;
    base.op_status = missing ? OpStatus::kNotInstalled : OpStatus::kError;
    base.exit_reason = missing ? "not installed: " + agent.ToString()
                               : "cannot run " + agent.ToString() + ": " + child.error().message;
    return FinishLater(std::move(base), std::move(done));
  }
  auto run = std::make_unique<Run>();
  run->result = std::move(base);
  run->agent = agent;
  run->child = *child;
  run->out = OutputCapture(out_cap);
  run->err = OutputCapture(config_.output_cap);
  run->start_mono_ms = loop_.MonotonicMs();
  run->timeout_ms = timeout_ms;
  run->timeout_timer =
      loop_.AddTimer(run->timeout_ms, Guarded([this, run_id] { OnTimeout(run_id); }));
  run->done = std::move(done);
  runs_.emplace(run_id, std::move(run));
}

void Executor::OnTimeout(int run_id) {
  auto it = runs_.find(run_id);
  if (it == runs_.end()) return;
  Run& run = *it->second;
  run.timeout_timer = 0;
  run.timed_out = true;
  runner_.SignalGroup(run.child, SIGTERM);
  run.kill_timer = loop_.AddTimer(config_.kill_grace_ms, Guarded([this, run_id] {
                                    auto again = runs_.find(run_id);
                                    if (again == runs_.end()) return;
                                    again->second->kill_timer = 0;
                                    runner_.SignalGroup(again->second->child, SIGKILL);
                                  }));
}

void Executor::OnChildExit(int run_id, ChildExit exit) {
  auto it = runs_.find(run_id);
  if (it == runs_.end()) return;
  std::unique_ptr<Run> run = std::move(it->second);
  runs_.erase(it);
  if (run->timeout_timer != 0) loop_.CancelTimer(run->timeout_timer);
  if (run->kill_timer != 0) loop_.CancelTimer(run->kill_timer);

  ActionResult& result = run->result;
  result.end_ms = loop_.WallMs();
  result.exec_ms = loop_.MonotonicMs() - run->start_mono_ms;
  result.stdout_excerpt = run->out.Excerpt();
  result.stderr_excerpt = run->err.Excerpt();
  result.exit_reason = run->err.ExitReason();
  if (run->agent.agent_class == AgentClass::kStonith) {
    StonithMonitorOutcome(
        run->agent.type,
        FenceAgentExit(exit, run->timed_out, result.stdout_excerpt, result.stderr_excerpt), result);
  } else if (run->timed_out) {
    result.rc = ocf_rc::kErrGeneric;
    result.op_status = OpStatus::kTimedOut;
    result.exit_reason =
        result.action + " timed out after " + std::to_string(run->timeout_ms) + " ms";
  } else if (exit.signal != 0) {
    result.rc = ocf_rc::kErrGeneric;
    result.op_status = OpStatus::kError;
    result.exit_reason = "agent killed by signal " + std::to_string(exit.signal);
  } else if (exit.exit_code < 0) {
    result.rc = ocf_rc::kErrGeneric;
    result.op_status = OpStatus::kError;
    result.exit_reason = "agent exit status lost (is SIGCHLD ignored?)";
  } else {
    result.rc =
        MapExitCode(run->agent.agent_class, result.action, exit.exit_code, result.stdout_excerpt);
    result.op_status = result.rc == ocf_rc::kErrUnimplemented ? OpStatus::kNotSupported
                       : result.rc == ocf_rc::kErrInstalled   ? OpStatus::kNotInstalled
                                                              : OpStatus::kDone;
  }
  run->done(std::move(result));
}

}  // namespace keel
