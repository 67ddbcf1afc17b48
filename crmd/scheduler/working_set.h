#pragma once
// The scheduler's indexed, mutable view of one CIB while it plans (internal to
// crmd/scheduler). Built once per Schedule() call; every lookup by id goes through a map so
// that no pass is quadratic in resources x constraints.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "crmd/scheduler/scheduler.h"
#include "xml/cib.h"

namespace keel {

enum class NoQuorumPolicy { kStop, kFreeze, kIgnore, kFence };

struct ClusterSettings {
  bool symmetric = true;
  bool fencing_enabled = true;
  bool have_quorum = true;
  bool have_fencing_device = false;  // a stonith primitive is configured, or the view does
                                     // not ask for one (ClusterView::fencing_needs_device)
  NoQuorumPolicy no_quorum_policy = NoQuorumPolicy::kStop;
  bool maintenance_mode = false;
  bool stop_orphans = true;
  std::string fencing_action = "reboot";
  std::string placement_strategy = "default";  // lower case: utilization, minimal, balanced
  std::string node_health_strategy = "none";  // lower case; unknown values read as none
  bool shutdown_lock = false;
  int64_t shutdown_lock_limit_s = 0;  // 0: a lock lasts until the node comes back
  std::string unfencing_device;  // a fencing device with provides=unfencing, if any
};

// Utilization attribute name -> amount (what a node offers or has left, what a resource needs).
using Capacity = std::map<std::string, int64_t, std::less<>>;

struct NodeInfo {
  std::string id;
  std::string name;
  NodeMembership membership = NodeMembership::kOffline;
  bool standby = false;
  bool maintenance = false;
  bool shutdown = false;
  bool fence = false;    // gets a fence action in this transition
  bool unfence = false;  // gets an unfence ("on") action before anything runs there
  std::string unfence_reason;
  std::string fence_reason;
  bool unclean = false;
  std::string unclean_reason;
  bool in_membership = false;  // "online" in Pacemaker's sense: a corosync member (also pending
                               // or unclean with its controller gone)
  std::map<std::string, std::string, std::less<>> attrs;  // configuration, then transient
  int assigned = 0;  // resources placed here so far (ties go to the emptier node)
  // Online, joined, not standby/maintenance/shutting down, not about to be fenced.
  bool CanRun() const {
    return membership == NodeMembership::kOnline && !standby && !maintenance && !shutdown &&
           !unclean && !fence;
  }
};

// How the last failed operation on a node asks to be handled.
enum class OnFail { kRestart, kIgnore, kDemote, kBlock, kStop, kStandby, kFence };

// One node's view of one resource, from its operation history.
struct NodeHistory {
  int node = -1;
  bool active = false;  // running, or failed in a way that still needs a stop
  bool failed = false;
  bool failed_stop = false;
  OnFail on_fail = OnFail::kRestart;
  std::string failed_task;  // "start", "monitor", ...
  // From fail-count attributes only: the controller sets INFINITY after a failed start when
  // start-failure-is-fatal; a failed start in the history alone is recovered in place.
  int64_t fail_count = 0;
  bool not_installed = false;
  int hard_error = 0;        // OCF rc 2..6 seen: the agent can never run it here (6: anywhere)
  bool has_monitor = false;  // a recurring monitor is recorded as active
  std::vector<int64_t> monitor_intervals;
  // Its recurring monitors were cancelled for maintenance (a kept entry with op-status
  // cancelled): once out of maintenance it is probed again before anything else.
  bool monitors_cancelled = false;
  bool promoted = false;  // the last result says it runs in the promoted role (rc 8, promote)
  bool demote_on_fail = false;  // a failure with on-fail=demote: demoted, not recovered
  // It runs under another agent (class, provider or type) than the one configured now:
  // Pacemaker restarts it there ("resource definition change").
  bool definition_changed = false;
  std::string lrm_id;     // the lrm_resource id it was recorded under ("p", "p:1")
  // The earliest time one of its failures that still counts expires (failure-timeout).
  std::optional<int64_t> failure_expires_s;
  bool failure_ignored = false;  // a failure it kept running through (on-fail=ignore)
  // A failure of an operation configured with on-fail=block: failure-timeout does not expire
  // its fail count (Pacemaker: "it conflicts with on-fail=block").
  bool block_failure = false;
  std::optional<int64_t> shutdown_lock_s;  // the lrm_resource's shutdown-lock (epoch seconds)
  friend bool operator==(const NodeHistory&, const NodeHistory&) = default;
};

// The role a constraint, operation or target-role names, normalised (any case): "" (any,
// also Started), "Promoted", "Unpromoted", "Stopped" (Master and Slave are the old names).
std::string NormalRole(const std::string& role);

struct Colocation {
  std::string id;
  int dependent = -1;  // primitive indices
  int primary = -1;
  Score score;
  std::string node_attribute;  // "" = #uname
  bool influence = true;
  std::string dependent_role;  // NormalRole of rsc-role: "" or Promoted / Unpromoted
  std::string primary_role;    // NormalRole of with-rsc-role
  // A colocation with a clone as primary has primary = -1 and names the clone here: the
  // dependent follows the nodes where instances are placed.
  int primary_clone = -1;
  // A promotable clone's role colocated with a primitive or a clone (rsc-role Promoted /
  // Unpromoted): dependent = -1, and it decides which instances are promoted, not where
  // they run.
  int dependent_clone = -1;
};

struct RscInfo {
  const Primitive* primitive = nullptr;
  std::string id;  // "p:2" for instance 2 of a clone of p
  std::string agent;
  int group = -1;
  int clone = -1;    // the clone this is an instance of
  int position = 0;  // in its group
  // meta attributes (primitive, then group, then rsc_defaults)
  int64_t priority = 0;
  Score stickiness;
  int64_t migration_threshold = Score::kInfinity;
  int64_t failure_timeout_s = 0;
  bool managed = true;
  // meta maintenance=true or maintenance-mode: unmanaged, and its recurring monitors cancelled
  // (a node's maintenance does the same for what runs there).
  bool maintenance = false;
  bool target_stopped = false;
  std::string multiple_active = "stop_start";
  bool allow_unhealthy_nodes = false;  // node health below zero does not ban it
  // requires=nothing: starts and runs without quorum, whatever no-quorum-policy says.
  bool needs_quorum = true;
  // current state
  std::vector<NodeHistory> history;  // one per node with history, sorted by node
  // Nodes (sorted) where its history says only "not running" (a probe found nothing, no
  // failure): known there, without a NodeHistory entry (14,000 of 15,000 at 16 x 1,000; 2.5 MB
  // per plan). Primitives outside clones only; HasHistoryOn asks both.
  std::vector<int> probed_nodes;
  // Clone instances: nodes where an inactive history (a probe, a stop) was recorded for this
  // instance, as Pacemaker hands such a history to the first instance active nowhere yet.
  std::vector<int> known_nodes;
  std::vector<int> active_nodes;     // sorted
  bool failed = false;
  bool blocked = false;
  bool promoted_now = false;       // an instance of a promotable clone, promoted where it runs
  bool target_unpromoted = false;  // target-role Unpromoted: never promoted
  bool force_stop = false;  // on-fail=stop, multiple-active=stop_only
  std::string force_stop_reason;
  std::string block_reason;
  int block_node = -1;  // the node whose failure blocks it
  // placement
  std::vector<Score> weights;                                 // per node
  std::vector<std::vector<ScoreContribution>> contributions;  // per node, when explaining
  std::vector<int> no_probe_nodes;  // resource-discovery=never/exclusive rules them out
  // Colocation indices; a group's first member also holds its later members' colocations
  // with resources outside the group (the group is placed with them).
  std::vector<int> as_dependent;
  std::vector<int> as_primary;
  std::vector<int> as_role_primary;  // indices into WorkingSet::role_colocations
  bool assigned = false;
  bool assigning = false;
  bool merging = false;
  int target = -1;
  std::string stop_reason;  // why it cannot run, for the summary
  // transition
  std::vector<int> stop_nodes;  // sorted
  bool start = false;
  std::string restart_reason;
  bool unrunnable_start = false;
  std::string unrunnable_reason;
  // promotable clone instances (promotion.cc)
  bool promote = false;           // ends promoted (on target)
  bool promote_action = false;    // gets a promote action on target
  std::vector<int> demote_nodes;  // sorted: where it is demoted (before a stop, or to stay)
  Score promotion_priority;       // promotion score plus role-based constraints
  Score sort_index;               // priority plus the clone's merged node scores
  std::string role_reason;        // why it is (not) promoted
  std::string promotion_detail;   // what its promotion priority is made of (explanations)

  const NodeHistory* HistoryOn(int node) const;
  bool HasHistoryOn(int node) const;
  bool ActiveOn(int node) const;
  int CurrentNode() const { return active_nodes.size() == 1 ? active_nodes[0] : -1; }
};

struct GroupInfo {
  std::string id;
  std::vector<int> members;  // primitive indices in start order
};

// An anonymous clone of a primitive: clone-max instances ("p:0" ...), each an RscInfo
// placed on its own node by AssignClone.
struct CloneInfo {
  std::string id;
  std::string child_id;  // the primitive's id ("p"); its history names "p" or "p:N"
  std::string agent;
  std::vector<int> instances;  // resource indices, instance i is "p:i"
  int clone_max = 0;
  int clone_node_max = 1;
  // globally-unique=true: instance "p:N" is a resource of its own, so its history, fail counts
  // and probes are its own, and an lrm_resource "p:N" is always instance N (or an orphan).
  bool globally_unique = false;
  bool interleave = false;
  bool ordered = false;  // instances start one after another (and stop in reverse)  // an order
                         // after another clone pairs instances node by node
  int clone_min = 1;  // instances that must be placed before what is ordered after the clone
  int64_t priority = 0;
  std::vector<char> known_on;  // per node: history of some instance there (no probe needed)
  // Failures where no instance is active any more (hard errors) and
  // fail counts: they keep every instance off that node, as Pacemaker counts them per clone.
  std::vector<NodeHistory> inactive;
  std::vector<int> as_primary;  // colocations of primitives and groups with this clone
  std::vector<int> role_colocations;  // indices into WorkingSet::role_colocations
  bool promotable = false;
  bool notify = false;  // meta notify=true: pre and post notifications (clone_notify.h)
  // The clone's own node scores (locations, failures; no stickiness, no colocation), taken
  // before its instances are placed: promotion ranks instances by them too.
  std::vector<Score> node_scores;
  int promoted_max = 1;
  int promoted_node_max = 1;
  bool assigned = false;
  bool assigning = false;
  // A clone of a group is one CloneInfo per group member (all with the clone's id), member
  // k's instance i being the k-th member of group instance i: the ClonedGroupInfo index.
  int cloned_group = -1;
};

// A clone of a group: instance i is the group "g:i" (a GroupInfo) whose members are instance
// i of each member clone, so members are colocated and ordered like any group.
struct ClonedGroupInfo {
  std::string id;        // the clone's id
  std::string group_id;  // "g"
  std::vector<int> member_clones;    // clone indices, in group order
  std::vector<int> instance_groups;  // group indices, instance i is "g:i"
};

// A resource, a group or a clone, as named by a constraint.
struct EntityRef {
  bool is_group = false;
  int index = -1;
  bool is_clone = false;
  // A clone of a group as a whole (index: ClonedGroupInfo): Members() gives every member's
  // instances; constraints pick the first or the last member clone (AddConstraints).
  int cloned_group = -1;
};

struct OrderInfo {
  std::string id;
  EntityRef first;
  EntityRef then;
  std::string first_task;  // start, stop
  std::string then_task;
  OrderKind kind = OrderKind::kMandatory;
  bool symmetrical = true;
  // false: `then` needs one runnable first among the orders with this id and then (a
  // require-all=false set), and a first clone needs one instance, interleaved or not.
  bool require_all = true;
};

struct Orphan {
  std::string id;
  std::string agent;
  std::vector<int> active_nodes;
  std::string reason = "orphan: no longer in the configuration";
  std::vector<int> promoted_nodes;  // where it runs promoted: demoted before it stops
};

// Lets a map keyed by std::string be searched with a string_view (no temporary string).
struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

struct WorkingSet {
  const Cib* cib = nullptr;
  const HistorySource* history = nullptr;  // ScheduleOptions::history
  ClusterSettings settings;
  TimePoint now;
  bool explain = false;
  std::vector<NodeInfo> nodes;
  std::unordered_map<std::string, int, StringHash, std::equal_to<>> node_by_name;
  // Per node, its place among the node names in byte order (equal names share one): ties
  // between nodes are broken by name for every resource, so the names are compared once.
  std::vector<int> name_rank;
  // With a placement strategy other than default (utilization.h), else empty: per node the
  // capacity left after what is placed so far, per resource what it needs.
  std::vector<Capacity> capacity;
  std::vector<Capacity> utilization;
  std::vector<RscInfo> rscs;
  std::vector<GroupInfo> groups;
  std::vector<CloneInfo> clones;
  std::vector<ClonedGroupInfo> cloned_groups;
  std::unordered_map<std::string, int> clone_by_child;  // primitive id in a clone -> clone
  std::unordered_map<std::string, EntityRef> entity_by_id;
  std::vector<Colocation> colocations;
  std::vector<Colocation> role_colocations;  // see Colocation::dependent_clone
  std::vector<OrderInfo> orders;
  // Every location constraint in document order; those with resource sets as one per member,
  // owned by set_locations (its elements stay put once built).
  std::vector<const LocationConstraint*> locations;
  std::vector<LocationConstraint> set_locations;
  std::vector<Orphan> orphans;
  std::vector<std::string> notes;
  std::string source;  // for error places
  // Fail counts whose failure-timeout is over (history.cc): cleared by clear_failcount
  // actions, as Pacemaker clears them. {node index, the id the attributes name}, sorted.
  std::vector<std::pair<int, std::string>> expired_fail_counts;
  // The earliest time a failure that counts now expires (failure-timeout), if any.
  std::optional<int64_t> recheck_at_s;
  std::string recheck_reason;

  // "source:line (id)" when the source is known, else the id.
  std::string Place(const std::string& id, int line) const;

  std::optional<int> NodeIndex(std::string_view name) const;
  std::vector<int> Members(EntityRef ref) const;  // the primitives of a resource, group, clone
  // The clone whose instances an lrm_resource or fail-count id ("p", "p:3") names, or -1.
  int CloneOfHistoryId(std::string_view id) const;
};

// Builds nodes, resources, groups and constraints from the configuration and the view.
// Fails on features the scheduler does not support.
std::expected<WorkingSet, Errors> BuildWorkingSet(const Cib& cib, const ClusterView& view,
                                                  TimePoint now, const ScheduleOptions& options);

// Adds `score` to rsc's weight on node, recording the contribution when explaining.
void AddWeight(WorkingSet& ws, RscInfo& rsc, int node, Score score, std::string source);

// Asks for a new plan at `at_s` (epoch seconds) unless an earlier one is asked for already.
void NoteRecheck(WorkingSet& ws, int64_t at_s, std::string reason);

// Probed on `node` (history there): for an instance of an anonymous clone, any instance's
// history counts.
bool KnownOn(const WorkingSet& ws, const RscInfo& r, int node);

}  // namespace keel
