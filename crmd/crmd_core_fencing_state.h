#pragma once
// CrmdCore's fencing state and helpers, shared by crmd_core_fencing.cc (the DC's fencer) and
// crmd_core_fencing_node.cc (what every node does: agent runs, devices, self-fencing, client
// requests). Internal to crmd.

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "crmd/controller/fence_backoff.h"
#include "crmd/crmd_core.h"
#include "crmd/protocol/bus_messages.h"

namespace keel {

namespace fencing_internal {

inline constexpr size_t kHistoryPerTarget = 10;
inline constexpr const char* kCrmdRequester = "crmd";
inline constexpr int64_t kQuorumReportWaitMs = 1000;
inline constexpr int64_t kStopBeforeExitMs = 30000;

inline std::string ClientRequester(const std::string& node, RequestId id) {
  return "crm@" + node + "#" + std::to_string(id);
}

inline std::string JoinComma(const std::vector<std::string>& items) { return JoinList(items); }

}  // namespace fencing_internal

// A stonith primitive's recurring monitor running on this node.
struct DeviceMonitor {
  uint64_t seq = 0;  // a result of an earlier incarnation (stopped, restarted) is ignored
  int64_t interval_ms = 0;
  int64_t timeout_ms = 0;
  int64_t next_ms = 0;
  std::string key;  // the transition's key until the first result
  int expected_rc = 0;
  std::string agent;
  bool in_flight = false;
  int last_rc = -1;
  OpStatus last_status = OpStatus::kDone;
};

struct CrmdCore::FencingState {
  std::unique_ptr<Fencer> fencer;  // acting DC only
  std::string config_error;        // why there is no fencer while DC
  uint64_t generation = 0;         // tags runs, so a late result of an older fencer is ignored
  bool rebuild_pending = false;
  std::map<std::string, std::vector<FenceActionStart>> waiting;  // op id -> transition actions
  FenceBackoff backoff;
  std::set<std::string> members;  // names, to notice a target coming back
  std::string last_history;       // last fence_history body sent
  std::set<RequestId> client_requests;  // crm node fence requests of this node's clients
  std::optional<NodeId> last_dc;          // a DC change fails the client requests in flight
  // The DC plans nothing (no start, no fence) until a quorum report has come after the latest
  // membership change (CrmdCore::Input holds the plan): corosync may deliver the CPG change
  // before the quorum one, and a partition that just lost quorum must not act on a stale
  // "quorate". Without a report within kQuorumReportWaitMs the last known state is used.
  bool quorum_confirmed = true;
  int64_t unconfirmed_since_ms = 0;
  // Targets fenced since they were lost (not members since): their down state is re-sent
  // after a sync and a new fence action for them completes at once.
  std::map<std::string, XmlNode> fenced_down;
  int device_calls = 0;  // call ids of stonith primitives' bookkeeping actions
  std::map<std::string, DeviceMonitor> device_monitors;  // by resource id
  uint64_t device_monitor_seq = 0;
  // no-quorum-policy=fence without a device that can fence this node: stop, then exit.
  bool exit_when_stopped = false;
  int64_t exit_deadline_ms = 0;
  bool self_fencing = false;
};

}  // namespace keel
