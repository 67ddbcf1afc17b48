#pragma once
// The fencer's seam to child processes: run one fence agent to completion. The real one is
// PosixAgentRunner; tests use a fake. Replaceable by an adapter over the executor's
// ProcessRunner once that one can feed stdin.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fencing/agent_exit.h"

namespace keel {

struct AgentInvocation {
  std::string path;              // executed directly with argv = {path}, never via a shell
  std::string stdin_text;        // written, then stdin is closed
  std::vector<std::string> env;  // the complete environment; empty: PATH and LC_ALL=C only
  int64_t timeout_ms = 60000;    // then SIGTERM to the process group, SIGKILL after the grace
  int64_t kill_grace_ms = 2000;
  size_t output_cap = 64 * 1024;  // per stream; the rest is read and dropped
};

class AgentRunner {
 public:
  virtual ~AgentRunner() = default;
  // Runs the agent in a new session/process group and blocks until it has exited or been
  // killed: at most timeout + grace + about a second. Never throws; a failure to start is
  // reported as AgentExit::How::kNotStarted.
  virtual AgentExit Run(const AgentInvocation& invocation) = 0;
};

}  // namespace keel
