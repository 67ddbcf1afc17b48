#pragma once
// The node shell's effects on the world (CrmdCore, crmd/crmd_core.h): what every core needs,
// checked at construction, and the capabilities a node chooses (an executor and fence agents,
// alert agents). The daemon fills them from corosync, libqb and the executor; unit tests from
// fakes (tests/fakes).

#include <cstdint>
#include <expected>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "crmd/alerts/alert_events.h"
#include "crmd/cib/cib_member.h"
#include "crmd/executor/action.h"
#include "fencing/agent_exit.h"
#include "fencing/fencer.h"
#include "xml/base/error.h"
#include "xml/base/event_loop.h"
#include "xml/xml_node.h"

namespace keel {

// The executor and the fence agents of a node that takes part in resource management. Every
// member is required (CrmdCore::Create).
struct ResourceSinks {
  // Runs an action on this node's executor; returns its call id.
  std::function<std::expected<int, Error>(const ActionRequest& request)> submit;
  // Cancels a recurring operation on this node's executor (a "cancel" action); whether one ran.
  std::function<bool(const std::string& rsc, const std::string& action, int64_t interval_ms)>
      cancel_recurring;
  // Runs a fence agent on this node without blocking the loop; `done` is called later on the
  // loop thread.
  std::function<void(const RunAgentEffect& run, std::function<void(const AgentExit&)> done)>
      run_fence_agent;
  // Call OnFenceTimer() at this time of the clock's monotonic ms, replacing any earlier
  // request; nullopt: none. Every fencing deadline, retry and quorum-report wait is on it.
  std::function<void(std::optional<int64_t> at_ms)> fence_timer;
};

// Alert agents (crmd_core_alerts.cc). Every member is required (CrmdCore::Create).
struct AlertSinks {
  // A run of an alert agent for an event seen here (the daemon's AlertRunner queues it and
  // returns at once).
  std::function<void(AlertRun run)> run_alert;
  // Local time's offset from UTC at an epoch time in s (CRM_alert_timestamp).
  std::function<int64_t(int64_t epoch_s)> utc_offset_s;
};

// The core's effects on the world. CrmdCore::Create refuses a core whose required sinks are
// missing; what a node does without an executor or alerts is chosen explicitly below.
struct CoreSinks {
  // Required. Monotonic ms: every deadline and timeout (fencing, shutdown-escalation, the 1 s
  // checks, dampening); wall ms: only what is written into the CIB (lrm history and fence
  // history times, the shutdown attribute) and alerts' timestamps. Must outlive the core.
  const Clock* clock = nullptr;
  // Required. Hands the CIB to stable storage (the daemon writes it off the loop); called after
  // every change, before the replies that the change produced. `at_once`: not held by the
  // status write interval (Effects::persist_at_once).
  std::function<std::expected<void, Error>(const XmlNode& cib, bool at_once)> persist;
  // Required. The answer to RequestCommit.
  std::function<void(const CommitReply& reply)> reply;
  // Required.
  std::function<void(const std::string& line)> log;
  // Required. Ends the daemon with this status (a clean shutdown's end, its escalation,
  // no-quorum-policy=fence without a way to fence itself).
  std::function<void(int status)> exit;
  // Required. The answer to a request answered later (RequestFence: the operation id;
  // RequestCleanup: what was cleaned; RequestAttributeUpdate: "" once delivered), or why not.
  std::function<void(RequestId request, std::expected<std::string, Error> outcome)> answer;
  // An observer only (tests): this node became the acting DC (CIB synced). May be unset.
  std::function<void()> dc_acting;
  // nullopt: a CIB-only member (tools and CIB tests): no controller, actions for this node
  // ignored, no fencing timer or agents, a shutdown exits at once.
  std::optional<ResourceSinks> resources;
  // nullopt: this node runs no alert agents.
  std::optional<AlertSinks> alerts;
};

// The names of the required sinks that `sinks` lacks (empty: none).
std::vector<std::string> MissingSinks(const CoreSinks& sinks);

}  // namespace keel
