#pragma once
// What `crm status` shows, built from crmd's status report (crmd/status_report.h) and the
// CIB: nodes online/offline, quorum, DC, and where each resource runs according to the
// CIB's status section. Pure: text in, text out.

#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "xml/base/error.h"
#include "xml/xml_node.h"

namespace keel {

struct StatusNode {
  std::string id;
  std::string name;
  bool online = false;
};

struct StatusResource {
  std::string id;
  std::string agent;  // class:provider:type
  std::string clone;  // the clone whose instances these are ("" when not cloned)
  std::vector<std::string> running_on;
  std::vector<std::string> failed_on;  // last operation failed there
  // Offline nodes whose last known history says running: stale until fenced or rejoined.
  std::vector<std::string> last_seen_on;
  // An operation in flight (recorded pending): a start there is not running yet; a node where
  // a stop is in flight is also in running_on until the stop ends.
  std::vector<std::string> starting_on;
  std::vector<std::string> stopping_on;
  // Promotable clones: the nodes of running_on where the instance runs promoted (its newest
  // operation a promote, or a monitor that answered "running promoted").
  bool promotable = false;
  std::vector<std::string> promoted_on{};
  // The group inside `clone` when the clone is of a group ("" otherwise): its members follow
  // one another in `resources` and show as one clone set.
  std::string group{};
  // A globally-unique clone: each instance is recorded under its own id ("p:1"); the nodes
  // each one runs on, by id.
  bool unique = false;
  std::vector<std::pair<std::string, std::vector<std::string>>> instances{};
  // Nodes of running_on whose newest operation failed with on-fail=ignore: it runs on there
  // (crm_mon's "(failure ignored)").
  std::vector<std::string> failure_ignored_on{};
};

// A fail count (transient attribute fail-count-RSC#OP_INTERVAL) on a node.
struct StatusFailCount {
  std::string node;
  std::string rsc;
  std::string op;     // "monitor_10000"
  std::string count;  // "1" .. "INFINITY"
  int64_t last_failure = 0;  // epoch seconds (last-failure-RSC#OP_INTERVAL), 0: unknown
};

// The newest failed operation of a resource on a node (its RSC_last_failure_0 entry).
struct StatusFailedAction {
  std::string node;
  std::string rsc;
  std::string op;  // operation_key, e.g. "vip_monitor_10000"
  int rc = 0;
  int op_status = 0;
  std::string exit_reason;
  int64_t last_rc_change = 0;  // epoch seconds
};

// A node's attributes as crm_mon -A lists them (status_attributes.cc), sorted by name.
struct StatusNodeAttributes {
  std::string node;
  std::vector<std::pair<std::string, std::string>> attributes;  // name, value
};

struct ClusterStatusView {
  std::string local;
  std::string dc;  // empty: none
  bool quorate = false;
  bool synced = false;
  std::string cib_version;
  // This node's executor (crmd's report; absent offline): node-action-limit, agents running,
  // resources whose next action waits for a slot.
  std::optional<int> node_action_limit, agents_running, actions_waiting;
  // Load throttling (crmd/executor/load_throttle.h): agents allowed now, the level ("none",
  // "low", "medium", "high"; "" from a crmd that does not report it), the load per core
  // ("2.40") and load-threshold ("80%").
  std::optional<int> agents_allowed;
  std::string load_level, load_per_core, load_threshold;
  std::string batch_limit;  // the cluster option as configured; "" when unset
  std::vector<StatusNode> nodes;
  std::vector<StatusResource> resources;
  std::vector<StatusFailCount> fail_counts;          // sorted by node, resource, op
  std::vector<StatusFailedAction> failed_actions;    // sorted by node, resource
  std::vector<StatusNodeAttributes> node_attributes;  // online nodes with any, by name
};

// Fills view.fail_counts and view.failed_actions from the CIB's <status> (status_failures.cc).
void AddFailures(const XmlNode& status, ClusterStatusView& view);
// "Migration Summary" and "Failed Resource Actions" sections ("" when there are none).
std::string RenderFailuresText(const ClusterStatusView& view);
// ,"fail_counts":[...],"failed_actions":[...] (to append inside the status object).
std::string RenderFailuresJson(const ClusterStatusView& view);

// Fills view.node_attributes from the CIB (after view.nodes): the permanent (<nodes>) and
// transient (status) attributes of each online node, the transient value winning; the
// cluster's own (fail counts, shutdown, terminate, standby, "#..." names) left out.
void AddNodeAttributes(const XmlNode& cib, ClusterStatusView& view);
// "Node Attributes" section in crm_mon -A's layout ("" when there are none).
std::string RenderNodeAttributesText(const ClusterStatusView& view);
// ,"node_attributes":[{"node":N,"attributes":[{"name":A,"value":V},...]},...]
std::string RenderNodeAttributesJson(const ClusterStatusView& view);

// The report crmd would give (<crmd_status>), read from a CIB alone (CIB_file, offline):
// nodes from <nodes> and the status section, online when the node_state says in_ccm=true and
// crmd=online (Pacemaker's reading), the DC from dc-uuid, quorum from have-quorum.
std::expected<std::string, Error> OfflineStatusReport(std::string_view cib_xml,
                                                      std::string_view source);

std::expected<ClusterStatusView, Error> BuildStatusView(std::string_view status_xml,
                                                        std::string_view cib_xml);
std::string RenderStatusText(const ClusterStatusView& view);
std::string RenderStatusJson(const ClusterStatusView& view);

}  // namespace keel
