#pragma once
// The executor's class stonith (fence devices), pure: which actions are bookkeeping, their
// answers, and what a fence agent's monitor run means as an ActionResult. The fence agent's
// exit is judged as the fencer judges it (fencing/agent_exit.h).

#include <string>

#include "crmd/executor/action.h"
#include "fencing/agent_exit.h"
#include "xml/base/process_runner.h"

namespace keel {

// True for the one action that runs the fence agent: a recurring monitor.
bool StonithRunsAgent(const ActionRequest& request);

// The answer to a bookkeeping action, into `result` (rc, op_status, reason): start and stop
// succeed, a probe finds the device running when `active`; any other action is not supported.
void StonithBookkeeping(const ActionRequest& request, bool active, ActionResult& result);

// The monitor's outcome into `result`: rc 0 when the agent exited 0, else a generic error
// whose reason reads "fence agent TYPE monitor: exit 1: <what it said>"; op_status is
// timed out for a run killed at its timeout, else done (as the agent's own answer).
// A fence agent's end as the fencer describes it: killed at its timeout, by a signal, or
// exited (an exit status lost to someone else's reaping reads as exit -1).
AgentExit FenceAgentExit(ChildExit exit, bool timed_out, std::string out, std::string err);

void StonithMonitorOutcome(const std::string& agent_type, const AgentExit& exit,
                           ActionResult& result);

}  // namespace keel
