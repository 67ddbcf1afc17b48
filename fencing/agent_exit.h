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

// A fencing operation's result as Pacemaker reports it to alerts (CRM_alert_rc, the fencer's
// legacy return code) and describes it (CRM_alert_desc's status word).
struct FenceResultCode {
  int rc = 0;          // 0 done; else minus an errno (-ETIME, -ENODEV, ...) or -201
  std::string status;  // "OK", "Timed Out", "No fence device", "Not installed", "Error"
  friend bool operator==(const FenceResultCode&, const FenceResultCode&) = default;
};
// Of a run the fencer judged failed: timed out -ETIME; not started -ENOENT; otherwise by its
// stderr as Pacemaker's fencer maps it: empty -ENODATA, "timed out"/"timeout" -ETIME,
// "unrecognised/unrecognized/unsupported action" -EOPNOTSUPP, else -201 (generic error).
FenceResultCode FailedRunCode(const AgentExit& exit);
FenceResultCode FenceSucceededCode();
// No device could fence the target (or no member could run one): -ENODEV.
FenceResultCode NoFenceDeviceCode();
// A result code read back (from the fence history) with its status word.
FenceResultCode FenceCodeFromRc(int rc);

// "exit 1: <last line of stderr or stdout>", "killed by signal 9", "timed out", ...
std::string DescribeAgentExit(const AgentExit& exit);

}  // namespace keel
