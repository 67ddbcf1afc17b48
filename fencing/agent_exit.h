#pragma once
// How a fence-agent run ended, and what that means for the fencer. Plain values.

#include <optional>
#include <string>

#include "fencing/fence_protocol.h"

namespace keel {

struct AgentExit {
  enum class How { kExited, kSignaled, kTimedOut, kNotStarted };
  How how = How::kNotStarted;
  int exit_code = -1;       // with kExited
  int signal = 0;           // with kSignaled
  std::string out;          // stdout, at most the runner's cap
  std::string err;          // stderr, at most the runner's cap
  bool truncated = false;   // output beyond the cap was dropped
  std::string start_error;  // with kNotStarted: why (exec failed, no such agent, ...)
};

// What the fencer concludes from one run. `ok` is true only when the agent itself said so:
// exit 0, or for status exit 0 (on) / 2 (off).
struct AgentVerdict {
  bool ok = false;
  std::optional<bool> powered_on;  // status only: true on, false off
  std::string reason;              // empty when ok
};

AgentVerdict JudgeAgentExit(FenceAction action, const AgentExit& exit);

// "exit 1: <last line of stderr or stdout>", "killed by signal 9", "timed out", ...
std::string DescribeAgentExit(const AgentExit& exit);

}  // namespace keel
