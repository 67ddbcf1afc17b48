#pragma once
// What the executor is asked to run and what it reports back. Agent outcomes are data
// (ActionResult), never errors: a failed monitor is a normal, expected answer.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "xml/base/agent_spec.h"
#include "xml/base/ocf_rc.h"

namespace keel {

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
