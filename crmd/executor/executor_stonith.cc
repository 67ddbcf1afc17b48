// Executor: class stonith (fence devices). Start, stop and probes are answered here without a
// process; the recurring monitor runs the fence agent that StonithAgents names, with the
// arguments on its stdin, under the executor's own timeouts, queues and cancellation.
#include "crmd/executor/executor.h"
#include "crmd/executor/stonith_class.h"

namespace keel {

void Executor::LaunchStonith(const ActionRequest& request, ActionResult base, RunDone done) {
  if (stonith_ == nullptr) {
    base.rc = ocf_rc::kErrUnimplemented;
    base.op_status = OpStatus::kNotSupported;
    base.exit_reason = "not supported: class stonith without fence devices on this executor";
    return FinishLater(std::move(base), std::move(done));
  }
  if (!StonithRunsAgent(request)) {
    StonithBookkeeping(request, stonith_->DeviceActive(request.rsc_id), base);
    return FinishLater(std::move(base), std::move(done));
  }
  auto command = stonith_->MonitorCommand(request.rsc_id);
  if (!command) {
    AgentExit not_started;
    not_started.start_error = command.error().message;
    StonithMonitorOutcome(request.agent.type, not_started, base);
    return FinishLater(std::move(base), std::move(done));
  }
  SpawnRequest spawn;
  spawn.path = command->path;
  spawn.argv = {command->path};
  // What fence agents get when the fencer runs them (fencing/posix_agent_runner.cc).
  spawn.env = {"PATH=" + config_.path_env, "LC_ALL=C"};
  spawn.working_dir = config_.working_dir;
  spawn.stdin_text = std::move(command->stdin_text);
  const int64_t timeout_ms = command->timeout_ms > 0  ? command->timeout_ms
                             : request.timeout_ms > 0 ? request.timeout_ms
                                                      : config_.default_timeout_ms;
  StartAgent(spawn, request.agent, timeout_ms, config_.output_cap, std::move(base),
             std::move(done));
}

}  // namespace keel
