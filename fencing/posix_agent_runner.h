#pragma once
// AgentRunner over fork/exec, pipes and poll: the process edge of the fencer.

#include "fencing/agent_runner.h"

namespace keel {

class PosixAgentRunner : public AgentRunner {
 public:
  AgentExit Run(const AgentInvocation& invocation) override;
};

}  // namespace keel
