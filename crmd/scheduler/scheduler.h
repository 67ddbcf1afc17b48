#pragma once
// The scheduler: a pure function from the CIB (configuration + status) and the cluster view
// to a transition: where every primitive should run, and the ordered actions (probe, stop,
// start, monitor, fence) that get there. No I/O, no clock, no globals; the same input gives
// the same output, byte for byte. Semantics follow Pacemaker's scheduler for what Keel
// supports (anonymous and promotable clones of a primitive included, with notifications);
// anything else (unique and group clones, remote nodes, ...) is refused with an error "not
// supported: ..." naming the element.

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "xml/base/error.h"
#include "xml/cib.h"
#include "xml/score.h"

namespace keel {

// Seconds since the epoch; the scheduler never reads a clock.
struct TimePoint {
  int64_t epoch_seconds = 0;
};

// What the membership layer says about one node.
enum class NodeMembership {
  kOnline,   // member, controller up and joined: may run resources
  kOffline,  // cleanly down: not a member, not expected up (or never seen, no startup fencing)
  kPending,  // in the membership but not (yet) joined: runs nothing, not fenced
  kUnclean,  // lost while expected up (or never seen): fenced before its resources move
};

struct NodeView {
  std::string name;
  NodeMembership membership = NodeMembership::kOffline;
  std::string unclean_reason;  // "peer is no longer part of the cluster", ...
  // An unclean node still in the corosync membership (its controller died): Pacemaker may
  // fence such a node even without quorum. Online and pending nodes are members anyway.
  bool in_membership = false;
};

// The live view of the partition the scheduler runs in. Nodes of the configuration that are
// absent here count as offline.
struct ClusterView {
  bool have_quorum = true;
  std::vector<NodeView> nodes;
  // Whether this partition has ever had quorum: only then may no-quorum-policy=suicide
  // fence. Unset: the CIB's no-quorum-panic attribute says (absent = never).
  std::optional<bool> had_quorum = std::nullopt;
  // Pacemaker fences only when a stonith primitive is configured (without one, unclean
  // nodes stay unclean and what ran there stays blocked). DeriveClusterView and the live
  // controller's view set it.
  bool fencing_needs_device = false;
};

// The view Pacemaker derives from the CIB alone (node_state in_ccm/crmd/join/expected, the
// shutdown and terminate node attributes, startup-fencing, node-pending-timeout against
// `now`, and the have-quorum attribute); used when there is no live membership
// (crm simulate). Reasons follow Pacemaker's wording.
ClusterView DeriveClusterView(const Cib& cib, TimePoint now = {});

struct ScheduleOptions {
  bool explain = false;  // fill Transition::scores with every contribution
  std::string source;    // file name for error places ("cib.xml:12 (id)"); "" = id only
  // Where each node_state's lrm_resources are read from; nullptr: the Cib's own
  // (NodeState::lrm_resources). The DC reads them from its CIB tree (XmlHistorySource).
  const HistorySource* history = nullptr;
};

enum class PlacementState { kStarted, kStopped, kFailed };

// A primitive after the transition.
struct Placement {
  std::string resource;
  std::string group;                       // "" when not in a group
  std::string clone;                       // "" when not an instance ("p:1") of a clone
  std::string agent;                       // "ocf:heartbeat:IPaddr2"
  std::vector<std::string> current_nodes;  // where it is active now (sorted)
  bool failed_now = false;                 // a failure is recorded where it is active
  std::string next_node;                   // "" when stopped afterwards
  // Every node where it is active afterwards (sorted): several when it is left active on
  // several nodes (unmanaged, or blocked with multiple-active=block); next_node is one of them.
  std::vector<std::string> next_nodes;
  PlacementState state = PlacementState::kStopped;
  bool managed = true;
  bool blocked = false;  // a failure it cannot recover from without help
  // Instances of promotable clones: "Promoted" or "Unpromoted" (now, and after the
  // transition when not stopped); "" for everything else.
  std::string current_role;
  std::string role;
  std::string change;    // "", Start, Stop, Move, Recover, Restart, Promote, Demote
  std::string reason;    // why, e.g. "due to required A start", "node1 is in standby"
  bool failure_ignored = false;  // a failure with on-fail=ignore is recorded where it is active
};

// One action of the graph. Pseudo actions are bookkeeping points that run nothing.
// The reason of a probe made because a resource left maintenance: the controller plans again
// once it has run, from what it found.
inline constexpr const char* kReprobeReason = "re-probe after maintenance";

struct Action {
  // start, stop, promote, demote, monitor, cancel (a recurring monitor of interval_ms), notify,
  // fence, unfence, clear_failcount (the node deletes the resource's fail counts and last
  // failures, and its failure's history entry: failure-timeout expired)
  std::string task;
  std::string resource;  // "" for fence
  std::string node;
  int64_t interval_ms = 0;  // monitor interval; 0 = probe (for monitor)
  int64_t timeout_ms = 20'000;
  std::string reason;
  // A recurring monitor of a promotable clone's instance: the role it checks ("Promoted"
  // expects OCF_RUNNING_MASTER, "Unpromoted" OCF_SUCCESS); "" for everything else.
  std::string role;
  // A notify action (task "notify") of a clone with notify=true: the meta variables the agent
  // gets as OCF_RESKEY_CRM_meta_<name>, sorted by name: notify_type ("pre", "post"),
  // notify_operation ("start", "stop", "promote", "demote") and the instance and node lists.
  std::vector<std::pair<std::string, std::string>> meta;

  // Unique within a transition: "vip_start_0 on node2", "vip_monitor_10000 on node1",
  // "p:0_pre_notify_start_0 on node1", "fence node1", "unfence node1".
  std::string Key() const;
};

// `first` must finish before `then` starts (indices into Transition::actions).
struct Edge {
  int first = 0;
  int then = 0;
  friend bool operator==(const Edge&, const Edge&) = default;
};

struct ScoreContribution {
  std::string source;  // "location loc-vip", "stickiness", "colocation c1 with db", ...
  Score score;
};

struct NodeScore {
  std::string node;
  Score total;
  bool can_run = true;  // online, not standby, not unclean, ...
  std::vector<ScoreContribution> contributions;
};

struct ResourceScores {
  std::string resource;
  std::vector<NodeScore> nodes;  // in node order
  std::string decision;          // "runs on node2", "stays stopped: no node can run it", ...
};

// A node as the transition leaves it (for status displays).
struct NodeSummary {
  std::string name;
  NodeMembership membership = NodeMembership::kOffline;
  bool standby = false;
  bool maintenance = false;
  bool shutdown = false;
  bool unclean = false;
  bool fenced = false;  // fenced by this transition
};

// A fencing action of the transition: "reboot"/"off" for unclean nodes, "on" for
// unfencing (devices with provides=unfencing must let a node in before it runs anything).
struct FenceDecision {
  std::string node;
  std::string reason;
  std::string action = "reboot";
};

// A clone of a primitive or a group, for displays ("Clone Set: c [p]"); its instances (of a
// group: every member's) are placements whose `clone` names it.
struct CloneSummary {
  std::string id;
  std::string primitive;  // of a clone of a group: the group's id
  std::string agent;
  bool promotable = false;
  bool of_group = false;  // its instances are groups ("g:0"), shown member by member
};

struct Transition {
  std::vector<Placement> placements;  // every primitive and clone instance, in configuration order
  std::vector<CloneSummary> clones;   // in configuration order
  std::vector<NodeSummary> nodes;     // in configuration order
  std::vector<FenceDecision> fenced;  // sorted by node
  bool have_quorum = true;
  std::vector<Action> actions;         // topologically ordered, deterministic
  std::vector<Edge> edges;             // sorted
  std::vector<ResourceScores> scores;  // filled with ScheduleOptions::explain
  std::vector<std::string> notes;      // operator-facing remarks (e.g. "no quorum: stopping")
  // When this plan goes stale on its own: the earliest time a failure that counts now expires
  // (failure-timeout), with what expires. A controller plans again then.
  std::optional<int64_t> recheck_at_s;
  std::string recheck_reason;
};

// Computes the transition. Errors only for input the scheduler cannot honestly decide on
// (unsupported features, references to nothing); a valid CIB always gives a transition.
std::expected<Transition, Errors> Schedule(const Cib& cib, const ClusterView& view, TimePoint now,
                                           const ScheduleOptions& options = {});

}  // namespace keel
