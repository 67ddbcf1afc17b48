#pragma once
// This node's executor history as the CIB status records it (pure): every ActionResult
// becomes an lrm_rsc_op in the node's <node_state><lrm><lrm_resources>, named as Pacemaker
// names them. Fail counts and last failures are node attributes (crmd/node/fail_counts.h).
//
//   RSC_last_0          the newest start, stop or probe (replaced each time)
//   RSC_last_failure_0  the newest failed operation of any kind
//   RSC_monitor_N       the recurring monitor of interval N (removed when cancelled, but kept
//                       with op-status cancelled when cancelled for maintenance, until the
//                       next probe or stop: the scheduler re-probes it out of maintenance)

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "crmd/executor/action.h"
#include "xml/cib.h"

namespace keel {

// What the history needs besides the result itself.
struct ResultContext {
  AgentSpec agent;
  std::string node_name;
  std::string transition_key;  // "" for results no transition asked for (monitor changes)
  int expected_rc = ocf_rc::kOk;
  int64_t now_s = 0;  // epoch seconds, for last-rc-change / last-failure
};

// "RSC_ACTION_INTERVAL", e.g. "vip_monitor_10000".
std::string OperationKey(std::string_view rsc, std::string_view action, int64_t interval_ms);

// Pacemaker's op-status number (PCMK_EXEC_*) for an executor status.
int OpStatusCode(OpStatus status);

// Whether the result is a failure the cluster must react to (a probe finding the resource
// stopped, or any result equal to the expected rc, is not).
bool IsFailure(const ActionResult& result, int expected_rc);

// Records `result` into `state`'s lrm history.
void RecordResult(NodeState& state, const ActionResult& result, const ResultContext& context);

// Marks RSC's recurring monitor of `interval_ms` as cancelled for maintenance (a "cancel"
// action): the entry stays, with op-status cancelled, until a probe or a stop of RSC replaces
// it. Nothing when no such monitor is recorded.
void RecordCancelled(NodeState& state, const std::string& rsc, int64_t interval_ms,
                     const ResultContext& context);

// Marks a start or stop as under way (RSC_last_0 with op-status -1 and call-id -1, as
// Pacemaker records pending ops), so that a DC planning meanwhile (e.g. a new DC) counts the
// resource as possibly active here instead of starting it a second time. Other actions: no-op.
void RecordPending(NodeState& state, const std::string& rsc, const std::string& action,
                   const ResultContext& context);

// Resources whose newest start/stop/probe (RSC_last_0) left them running here, or whose
// start is under way, sorted.
std::vector<std::string> ActiveResources(const NodeState& state);

// Resources not known to be stopped here: whose newest start/stop/probe (RSC_last_0) is not
// a successful stop or a probe that found them stopped or not installed (rc 7, 5): running,
// starting, stopping, or failed (a failed stop leaves them in an unknown state). Sorted.
std::vector<std::string> NotStoppedResources(const NodeState& state);

// Sets the transient node attribute `name` (in the node's "status-ID" set).
void SetTransientAttribute(NodeState& state, const std::string& name, const std::string& value);

// Drops every lrm history entry of `rsc` (crm resource cleanup; its fail counts are node
// attributes, forgotten by the attribute component).
void ForgetResource(NodeState& state, std::string_view rsc);

// Drops `rsc`'s newest failure (RSC_last_failure_0): its failure-timeout expired and its fail
// counts are cleared (a clear_failcount action). Nothing when none is recorded.
void ForgetLastFailure(NodeState& state, std::string_view rsc);

}  // namespace keel
