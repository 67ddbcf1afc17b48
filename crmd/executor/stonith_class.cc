#include "crmd/executor/stonith_class.h"

namespace keel {

bool StonithRunsAgent(const ActionRequest& request) {
  return request.action == "monitor" && request.interval_ms > 0;
}

void StonithBookkeeping(const ActionRequest& request, bool active, ActionResult& result) {
  const bool probe = request.action == "monitor" && request.interval_ms == 0;
  if (request.action == "start" || request.action == "stop" || probe) {
    result.rc = probe && !active ? ocf_rc::kNotRunning : ocf_rc::kOk;
    result.op_status = OpStatus::kDone;
    return;
  }
  result.rc = ocf_rc::kErrUnimplemented;
  result.op_status = OpStatus::kNotSupported;
  result.exit_reason = "not supported: action " + request.action + " for class stonith";
}

AgentExit FenceAgentExit(ChildExit exit, bool timed_out, std::string out, std::string err) {
  AgentExit agent;
  agent.how = timed_out          ? AgentExit::How::kTimedOut
              : exit.signal != 0 ? AgentExit::How::kSignaled
                                 : AgentExit::How::kExited;
  agent.exit_code = exit.exit_code;
  agent.signal = exit.signal;
  agent.out = std::move(out);
  agent.err = std::move(err);
  return agent;
}

void StonithMonitorOutcome(const std::string& agent_type, const AgentExit& exit,
                           ActionResult& result) {
  AgentVerdict verdict = JudgeAgentExit(FenceAction::kMonitor, exit);
  result.op_status = exit.how == AgentExit::How::kTimedOut ? OpStatus::kTimedOut : OpStatus::kDone;
  result.rc = verdict.ok ? ocf_rc::kOk : ocf_rc::kErrGeneric;
  result.exit_reason =
      verdict.ok ? "" : "fence agent " + agent_type + " monitor: " + verdict.reason;
}

}  // namespace keel
