#pragma once
// What the executor is asked to run and what it reports back. Agent outcomes are data
// (ActionResult), never errors: a failed monitor is a normal, expected answer.

#include <cstdint>
#include <expected>
#include <map>
#include <string>
#include <string_view>

#include "xml/error.h"

namespace keel {

enum class AgentClass { kOcf, kLsb, kHeartbeat };

// "ocf:heartbeat:Dummy", "lsb:haproxy", "heartbeat:IPaddr". Provider is empty except for ocf.
struct AgentSpec {
  AgentClass agent_class = AgentClass::kOcf;
  std::string provider;
  std::string type;

  std::string ToString() const;
  friend auto operator<=>(const AgentSpec&, const AgentSpec&) = default;
};

// Parses "class[:provider]:type"; the type must be a plain file name (no '/', not "." or "..").
std::expected<AgentSpec, Error> ParseAgentSpec(std::string_view text);
std::string_view AgentClassName(AgentClass agent_class);

// OCF exit codes (OCF 1.1, plus Pacemaker's "failed promoted").
namespace ocf_rc {
inline constexpr int kOk = 0;
inline constexpr int kErrGeneric = 1;
inline constexpr int kErrArgs = 2;
inline constexpr int kErrUnimplemented = 3;
inline constexpr int kErrPerm = 4;
inline constexpr int kErrInstalled = 5;
inline constexpr int kErrConfigured = 6;
inline constexpr int kNotRunning = 7;
inline constexpr int kRunningPromoted = 8;
inline constexpr int kFailedPromoted = 9;
}  // namespace ocf_rc

// "ok", "generic error", ..., "failed promoted"; "unknown (N)" outside 0-9.
std::string RcName(int rc);

// How the execution itself went, apart from what the agent answered (rc).
enum class OpStatus { kDone, kCancelled, kTimedOut, kNotSupported, kError, kNotInstalled };
std::string_view OpStatusName(OpStatus status);

struct ActionRequest {
  std::string rsc_id;  // resource instance name (OCF_RESOURCE_INSTANCE)
  AgentSpec agent;
  std::string action;       // start, stop, monitor, promote, ... (status is accepted as monitor)
  int64_t interval_ms = 0;  // > 0 only for recurring monitors
  int64_t timeout_ms = 0;   // 0: the executor's default
  std::map<std::string, std::string> params;  // instance attributes
  std::map<std::string, std::string> meta;    // passed as OCF_RESKEY_CRM_meta_<name>
};

struct ActionResult {
  std::string rsc_id;
  std::string action;
  int64_t interval_ms = 0;
  int call_id = 0;
  int rc = ocf_rc::kErrGeneric;  // OCF meaning, whatever the agent class
  OpStatus op_status = OpStatus::kError;
  std::string exit_reason;  // last "ocf-exit-reason:" line, or the executor's own reason
  std::string stdout_excerpt;
  std::string stderr_excerpt;
  int64_t start_ms = 0;  // wall clock, ms since the epoch (0 when it never ran)
  int64_t end_ms = 0;
  int64_t exec_ms = 0;   // run time on the monotonic clock
  int64_t queue_ms = 0;  // time spent waiting behind other actions of the resource

  bool Succeeded() const { return op_status == OpStatus::kDone && rc == ocf_rc::kOk; }
  // One line for the log: "vip_monitor_10000 call=7: not running (done) reason".
  std::string Summary() const;
};

}  // namespace keel
