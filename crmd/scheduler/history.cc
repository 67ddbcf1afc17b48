#include "crmd/scheduler/history.h"

#include <algorithm>
#include <charconv>
#include <optional>
#include <set>
#include <string_view>

#include "xml/base/ocf_rc.h"

namespace keel {
namespace {

constexpr int kOcfNotRunning = ocf_rc::kNotRunning;
constexpr int kOcfRunningPromoted = ocf_rc::kRunningPromoted;
constexpr int kOcfDegraded = 190;
constexpr int kOcfDegradedPromoted = 191;
constexpr int kOcfInvalidParam = ocf_rc::kErrArgs;
constexpr int kOcfNotInstalled = ocf_rc::kErrInstalled;
constexpr int kOcfNotConfigured = ocf_rc::kErrConfigured;
constexpr int kOpStatusPending = -1;
constexpr int kOpStatusCancelled = 1;
constexpr int kOpStatusError = 4;

OnFail ParseOnFail(const std::string& text, OnFail fallback) {
  if (text == "ignore") return OnFail::kIgnore;
  if (text == "block") return OnFail::kBlock;
  if (text == "stop") return OnFail::kStop;
  if (text == "standby") return OnFail::kStandby;
  if (text == "fence") return OnFail::kFence;
  if (text == "demote") return OnFail::kDemote;
  if (text == "restart") return OnFail::kRestart;
  return fallback;
}

OnFail OnFailFor(const WorkingSet& ws, const RscInfo& rsc, std::string_view task,
                 int64_t interval_ms) {
  OnFail fallback = OnFail::kRestart;
  if (task == "stop") fallback = ws.settings.fencing_enabled ? OnFail::kFence : OnFail::kBlock;
  for (const Operation& op : rsc.primitive->operations) {
    if (op.name == task && op.interval_ms == interval_ms && !op.on_fail.empty()) {
      OnFail chosen = ParseOnFail(op.on_fail, fallback);
      if (chosen == OnFail::kFence && !ws.settings.fencing_enabled) return OnFail::kBlock;
      // demote applies to promotes and to recurring monitors of the promoted role only.
      bool demotable = task == "promote" ||
                       (task == "monitor" && interval_ms > 0 && NormalRole(op.role) == "Promoted");
      if (chosen == OnFail::kDemote && !demotable) return fallback;
      return chosen;
    }
  }
  return fallback;
}

// Whether the operation's definition says on-fail=block (not the default for a stop).
bool ConfiguredToBlock(const RscInfo& rsc, std::string_view task, int64_t interval_ms) {
  return std::any_of(
      rsc.primitive->operations.begin(), rsc.primitive->operations.end(), [&](const Operation& op) {
        return op.name == task && op.interval_ms == interval_ms && op.on_fail == "block";
      });
}

bool Expired(const RscInfo& rsc, const LrmRscOp& op, TimePoint now) {
  if (rsc.failure_timeout_s <= 0 || !op.last_rc_change) return false;
  return *op.last_rc_change + rsc.failure_timeout_s <= now.epoch_seconds;
}

// Severity, as Pacemaker ranks on-fail responses: the worst one seen wins.
int Severity(OnFail f) {
  switch (f) {
    case OnFail::kIgnore:
      return 0;
    case OnFail::kDemote:
      return 1;
    case OnFail::kRestart:
      return 2;
    case OnFail::kBlock:
      return 3;
    case OnFail::kStop:
      return 4;
    case OnFail::kStandby:
      return 5;
    case OnFail::kFence:
      return 6;
  }
  return 2;
}

// The rc the controller expected, from transition-key "action:transition:rc:uuid"; -1 if none.
int TargetRc(const LrmRscOp& op) {
  const std::string_view key = op.transition_key();
  size_t first = key.find(':');
  if (first == std::string::npos) return -1;
  size_t second = key.find(':', first + 1);
  if (second == std::string::npos) return -1;
  int rc = -1;
  const char* begin = key.data() + second + 1;
  const char* stop = key.data() + key.size();
  auto [end, ec] = std::from_chars(begin, stop, rc);
  return (ec == std::errc() && end != begin && end != stop && *end == ':') ? rc : -1;
}

// `ops` is the caller's (reused for every lrm_resource: one allocation, not one each).
void SortOps(const LrmResource& lrm, std::vector<const LrmRscOp*>& ops) {
  ops.clear();
  // A recurring monitor's failure that the same call later reported recovered from (its
  // entry changed after the failure's) is past: Pacemaker orders the two by last-rc-change
  // (monitor-recovery).
  auto superseded = [&](const LrmRscOp& failure) {
    return failure.call_id >= 0 && failure.last_rc_change &&
           std::any_of(lrm.ops.begin(), lrm.ops.end(), [&](const LrmRscOp& op) {
             return &op != &failure && op.call_id == failure.call_id &&
                    op.operation_key() == failure.operation_key() && op.last_rc_change &&
                    *op.last_rc_change > *failure.last_rc_change;
           });
  };
  ops.reserve(lrm.ops.size());
  for (const LrmRscOp& op : lrm.ops) {
    if (op.op_status != kOpStatusCancelled && !superseded(op)) ops.push_back(&op);
  }
  auto by_call = [](const LrmRscOp* a, const LrmRscOp* b) {
    int64_t ca = a->call_id < 0 ? INT64_MAX : a->call_id;
    int64_t cb = b->call_id < 0 ? INT64_MAX : b->call_id;
    return ca < cb;
  };
  // Usually recorded in call order already; stable_sort would allocate a buffer regardless.
  if (!std::is_sorted(ops.begin(), ops.end(), by_call)) {
    std::stable_sort(ops.begin(), ops.end(), by_call);
  }
}

// Replays one resource's operations on one node, oldest first. A successful start or stop
// clears earlier failures; a successful monitor does not (the failure still stands).
// `scratch`: any vector, for the sorted operations.
NodeHistory ReplayOps(const WorkingSet& ws, const RscInfo& rsc, const LrmResource& lrm, int node,
                      std::vector<const LrmRscOp*>& scratch) {
  NodeHistory h;
  h.node = node;
  h.monitors_cancelled = std::any_of(lrm.ops.begin(), lrm.ops.end(), [](const LrmRscOp& op) {
    return op.op_status == kOpStatusCancelled && op.interval_ms > 0;
  });
  bool running = false;
  int severity = -1;
  SortOps(lrm, scratch);
  for (const LrmRscOp* op : scratch) {
    // A view: its comparisons with the task names below check the length first.
    const std::string_view task = op->operation();
    bool probe = task == "monitor" && op->interval_ms == 0;
    if (op->op_status == kOpStatusPending || op->call_id < 0) {
      if (task == "start" || task == "stop") running = true;
      continue;
    }
    // Degraded (190) and degraded promoted (191) still run: judged as 0 and 8
    // (ocf_degraded_promoted-remap-ocf_ok).
    int rc = op->rc_code == kOcfDegraded           ? 0
             : op->rc_code == kOcfDegradedPromoted ? kOcfRunningPromoted
                                                   : op->rc_code;
    int target = TargetRc(*op);
    // "Not running" is a result, not a failure, from a probe, where it was expected (a
    // monitor with role=Stopped) or for an unmanaged resource.
    bool not_running = rc == kOcfNotRunning && (probe || target == kOcfNotRunning || !rsc.managed);
    // Outside probes, any other result than the expected one fails (running where "not
    // running" or "running promoted" was expected, ...).
    bool unexpected = !probe && target >= 0 && rc != target;
    bool ok_rc = not_running || (!unexpected && (rc == 0 || rc == kOcfRunningPromoted));
    // Like Pacemaker, "done" and "error" results are judged by their exit code alone.
    bool ok = (op->op_status == 0 || op->op_status == kOpStatusError) && ok_rc;
    // An expired failure is forgotten, but not one of an operation configured with
    // on-fail=block (a failed stop that blocks for want of fencing is): Pacemaker ignores
    // failure-timeout there ("it conflicts with on-fail=block"; regression case
    // failcount-block; crm_simulate 2.1.5 forgets it when given an execution date).
    const bool blocks = !ok && ConfiguredToBlock(rsc, op->operation(), op->interval_ms);
    h.block_failure |= blocks;
    if (!ok && !blocks && Expired(rsc, *op, ws.now)) continue;
    if (!ok && !blocks && rsc.failure_timeout_s > 0 && op->last_rc_change) {
      int64_t at = *op->last_rc_change + rsc.failure_timeout_s;
      if (!h.failure_expires_s || at < *h.failure_expires_s) h.failure_expires_s = at;
    }
    if (ok) {
      if (task == "stop" || not_running || task == "migrate_to") {
        running = false;
        h.monitor_intervals.clear();
      } else if (task == "start" || task == "monitor" || task == "migrate_from") {
        running = true;
        if (!probe) h.monitor_intervals.push_back(op->interval_ms);
      } else if (task == "promote" || task == "demote") {
        running = true;  // the last result recorded may be a role change alone
      }
      if (rc == kOcfRunningPromoted || task == "promote") h.promoted = true;
      if (task == "stop" || task == "demote" || (rc == 0 && (probe || task == "start"))) {
        h.promoted = false;
      }
      if (task == "start" || task == "stop") {
        h.failed = h.failed_stop = false;
        h.failure_expires_s.reset();
        severity = -1;
      }
      continue;
    }
    if (rc >= kOcfInvalidParam && rc <= kOcfNotConfigured) h.hard_error = rc;
    // Not installed: it cannot be running there, unless it was a stop that failed.
    if (rc == kOcfNotInstalled && task != "stop") {
      h.not_installed = true;
      running = false;
      continue;
    }
    // Pacemaker's roles after a failure: promoted for rc 8 / 9 and a failed promote; a
    // failed demote counts as unpromoted (recovery stops it before any promotion), unless
    // on-fail=block leaves it where it is, promoted (promoted-demote-block).
    OnFail on_fail = OnFailFor(ws, rsc, op->operation(), op->interval_ms);
    if (rc == kOcfRunningPromoted || rc == ocf_rc::kFailedPromoted || task == "promote") {
      h.promoted = true;
    } else if (task == "demote") {
      h.promoted = on_fail == OnFail::kBlock;
    }
    if (Severity(on_fail) > severity) {
      severity = Severity(on_fail);
      h.on_fail = on_fail;
    }
    h.failed = true;
    h.failed_task = task;
    h.failed_stop = task == "stop";
    running = true;
  }
  if (h.failed && h.on_fail == OnFail::kDemote && !h.failed_stop) {
    // on-fail=demote: it keeps running, unpromoted, instead of being recovered.
    h.demote_on_fail = true;
    h.failed = false;
  }
  if (h.failed && h.on_fail == OnFail::kIgnore) {
    // An ignored failed stop counts as stopped; other ignored failures as running.
    if (h.failed_stop) running = false;
    h.failed = h.failed_stop = false;
    h.failure_ignored = true;
  }
  h.active = running;
  // A changed agent matters only where it runs (a restart there); most histories are
  // probes, which skip the comparison.
  const Primitive& p = *rsc.primitive;
  h.definition_changed = running && !p.resource_class.empty() &&
                         (lrm.resource_class != p.resource_class || lrm.type != p.type ||
                          (p.resource_class == "ocf" && lrm.provider != p.provider));
  std::sort(h.monitor_intervals.begin(), h.monitor_intervals.end());
  h.monitor_intervals.erase(std::unique(h.monitor_intervals.begin(), h.monitor_intervals.end()),
                            h.monitor_intervals.end());
  h.has_monitor = !h.monitor_intervals.empty() && running;
  return h;
}

std::optional<int> FindNode(const WorkingSet& ws, const NodeState& state) {
  if (auto n = ws.NodeIndex(state.uname)) return n;
  for (int i = 0; i < static_cast<int>(ws.nodes.size()); ++i) {
    if (ws.nodes[i].id == state.id) return i;
  }
  return std::nullopt;
}

int64_t ParseInt(const std::string& text) {
  if (text == "INFINITY" || text == "+INFINITY") return Score::kInfinity;
  int64_t value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

// The instance number N of "p:N", if any.
std::optional<size_t> InstanceNumber(std::string_view id) {
  auto colon = id.rfind(':');
  if (colon == std::string_view::npos || colon + 1 == id.size()) return std::nullopt;
  size_t n = 0;
  auto [end, ec] = std::from_chars(id.data() + colon + 1, id.data() + id.size(), n);
  if (ec != std::errc() || end != id.data() + id.size()) return std::nullopt;
  return n;
}

// fail-count-RSC and fail-count-RSC#OP_INTERVAL, summed; last-failure-RSC* for expiry.
void ReadFailCounts(WorkingSet& ws, int node) {
  struct Tally {
    int64_t count = 0;
    int64_t last_failure = 0;
    std::set<std::string> ids;  // as the attribute names spell them ("p", "p:1")
  };
  std::map<int, Tally> tallies;
  for (const auto& [name, value] : ws.nodes[node].attrs) {
    bool count = name.starts_with("fail-count-");
    bool last = name.starts_with("last-failure-");
    if (!count && !last) continue;
    std::string rest = name.substr(count ? 11 : 13);
    std::string id = rest.substr(0, rest.find('#'));
    auto it = ws.entity_by_id.find(id);
    int key = -1;
    if (it != ws.entity_by_id.end() && !it->second.is_group && !it->second.is_clone) {
      key = it->second.index;
    } else if (int clone = ws.CloneOfHistoryId(id); clone >= 0) {
      key = -2 - clone;  // counted for the whole clone
      const CloneInfo& c = ws.clones[clone];
      if (c.globally_unique) {  // counted for instance N
        auto n = InstanceNumber(id);
        if (!n || *n >= c.instances.size()) continue;
        key = c.instances[*n];
      }
    } else {
      continue;
    }
    Tally& t = tallies[key];
    t.ids.insert(id);
    if (count) t.count = std::min<int64_t>(Score::kInfinity, t.count + ParseInt(value));
    if (last) t.last_failure = std::max(t.last_failure, ParseInt(value));
  }
  // Past failure-timeout a count is ignored and cleared (only a count: a last failure alone,
  // from on-fail=ignore, stays, as with Pacemaker); before, the plan is due again then.
  auto expired = [&](const Tally& tally, const RscInfo& rsc) {
    if (rsc.failure_timeout_s <= 0 || tally.last_failure <= 0) return false;
    if (const NodeHistory* h = rsc.HistoryOn(node); h != nullptr && h->block_failure) return false;
    int64_t at = tally.last_failure + rsc.failure_timeout_s;
    if (at <= ws.now.epoch_seconds) {
      if (tally.count > 0) {
        for (const std::string& id : tally.ids) ws.expired_fail_counts.emplace_back(node, id);
      }
      return true;
    }
    if (tally.count > 0) {
      NoteRecheck(ws, at,
                  "failure-timeout of " + *tally.ids.begin() + " on " + ws.nodes[node].name);
    }
    return false;
  };
  for (auto& [index, tally] : tallies) {
    if (index < 0) {
      CloneInfo& clone = ws.clones[-2 - index];
      if (clone.instances.empty()) continue;
      if (expired(tally, ws.rscs[clone.instances.front()])) continue;
      NodeHistory counted;
      counted.node = node;
      counted.fail_count = tally.count;
      clone.inactive.push_back(counted);
      continue;
    }
    RscInfo& rsc = ws.rscs[index];
    if (expired(tally, rsc)) continue;
    auto pos = std::lower_bound(rsc.history.begin(), rsc.history.end(), node,
                                [](const NodeHistory& x, int n) { return x.node < n; });
    if (pos == rsc.history.end() || pos->node != node) {
      NodeHistory fresh;
      fresh.node = node;
      pos = rsc.history.insert(pos, fresh);
    }
    pos->fail_count = std::max(pos->fail_count, tally.count);
  }
}

void MarkFence(WorkingSet& ws, int node, std::string reason) {
  NodeInfo& n = ws.nodes[node];
  if (!n.unclean) {
    n.unclean = true;
    n.unclean_reason = std::move(reason);
  }
}

void ApplyFailurePolicies(WorkingSet& ws, RscInfo& rsc) {
  for (const NodeHistory& h : rsc.history) {
    if (!h.active) continue;
    rsc.active_nodes.push_back(h.node);
    if (!h.failed) continue;
    rsc.failed = true;
    if (h.failed_stop || h.on_fail == OnFail::kFence) {
      if (h.on_fail == OnFail::kBlock || !ws.settings.fencing_enabled) {
        rsc.blocked = true;
        rsc.block_node = h.node;
        rsc.block_reason = "failed " + h.failed_task + " on " + ws.nodes[h.node].name;
      } else {
        MarkFence(ws, h.node, rsc.id + " failed there");
      }
      continue;
    }
    switch (h.on_fail) {
      case OnFail::kBlock:
        rsc.blocked = true;
        rsc.block_node = h.node;
        rsc.block_reason = "failed " + h.failed_task + " with on-fail=block";
        break;
      case OnFail::kStop:
        rsc.force_stop = true;
        rsc.force_stop_reason = "a failure with on-fail=stop";
        break;
      case OnFail::kStandby:
        ws.nodes[h.node].standby = true;
        break;
      default:
        break;
    }
  }
}

// A member's active history on `node` goes to the group instance that has a member active
// there, else to the first group instance active nowhere (Pacemaker matches a group
// instance as a whole); -1 when that member of the instance already runs there, or no
// instance is free.
template <typename ActiveOn>
int GroupInstanceFor(const WorkingSet& ws, const CloneInfo& clone, int node, ActiveOn active_on) {
  const ClonedGroupInfo& cg = ws.cloned_groups[clone.cloned_group];
  auto group_active = [&](size_t instance, int n) {
    const std::vector<int>& members = ws.groups[cg.instance_groups[instance]].members;
    return std::any_of(members.begin(), members.end(),
                       [&](int m) { return active_on(ws.rscs[m], n); });
  };
  for (size_t i = 0; i < clone.instances.size(); ++i) {
    if (!group_active(i, node)) continue;
    return active_on(ws.rscs[clone.instances[i]], node) ? -1 : clone.instances[i];
  }
  for (size_t i = 0; i < clone.instances.size(); ++i) {
    if (!group_active(i, -1)) return clone.instances[i];
  }
  return -1;
}

// A globally-unique clone's lrm_resource "p:N" is instance N's own history, active or not;
// without a number or with N beyond clone-max it is an orphan that stops where active.
void AddUniqueInstanceHistory(WorkingSet& ws, CloneInfo& clone, const LrmResource& lrm,
                              NodeHistory h) {
  auto n = InstanceNumber(lrm.id);
  if (!n || *n >= clone.instances.size()) {
    if (!h.active) return;
    auto it = std::find_if(ws.orphans.begin(), ws.orphans.end(),
                           [&](const Orphan& o) { return o.id == lrm.id; });
    if (it == ws.orphans.end()) {
      const RscInfo* model = clone.instances.empty() ? nullptr : &ws.rscs[clone.instances[0]];
      ws.orphans.push_back(
          Orphan{lrm.id,
                 model != nullptr ? model->agent : lrm.resource_class + ":" + lrm.type,
                 {},
                 "more instances of " + clone.id + " than clone-max",
                 {}});
      it = ws.orphans.end() - 1;
    }
    it->active_nodes.push_back(h.node);
    if (h.promoted) it->promoted_nodes.push_back(h.node);
    return;
  }
  RscInfo& rsc = ws.rscs[clone.instances[*n]];
  auto pos = std::lower_bound(rsc.history.begin(), rsc.history.end(), h.node,
                              [](const NodeHistory& x, int node) { return x.node < node; });
  rsc.history.insert(pos, std::move(h));
}

// One lrm_resource of an anonymous clone on one node ("p" or "p:N": the number means
// nothing). Like Pacemaker, an active history goes to an instance not active anywhere yet;
// a second active history on the same node, or one more than clone-max, is an orphan
// instance that gets stopped. Inactive histories only mark the clone as probed there and
// keep their failures for the whole clone.
void AddInstanceHistory(WorkingSet& ws, int clone_index, const LrmResource& lrm, int node,
                        std::vector<const LrmRscOp*>& scratch) {
  CloneInfo& clone = ws.clones[clone_index];
  if (clone.known_on.empty()) clone.known_on.assign(ws.nodes.size(), 0);
  clone.known_on[node] = 1;
  const Primitive no_definition;
  RscInfo stand_in;
  stand_in.primitive = &no_definition;
  const RscInfo& model = clone.instances.empty() ? stand_in : ws.rscs[clone.instances.front()];
  NodeHistory h = ReplayOps(ws, model, lrm, node, scratch);
  h.lrm_id = lrm.id;
  if (h.failure_expires_s) {
    NoteRecheck(ws, *h.failure_expires_s,
                "failure-timeout of " + lrm.id + " on " + ws.nodes[node].name);
  }
  if (clone.globally_unique) {
    AddUniqueInstanceHistory(ws, clone, lrm, std::move(h));
    return;
  }
  auto active_on = [&](const RscInfo& r, int n) {
    return std::any_of(r.history.begin(), r.history.end(),
                       [&](const NodeHistory& x) { return x.active && (n < 0 || x.node == n); });
  };
  if (!h.active) {
    if (h.failed || h.hard_error != 0 || h.fail_count > 0) clone.inactive.push_back(h);
    for (int i : clone.instances) {
      if (active_on(ws.rscs[i], -1)) continue;
      ws.rscs[i].known_nodes.push_back(node);
      break;
    }
    return;
  }
  int chosen = -1;
  // clone-node-max instances may run on one node; one more is a second instance too many.
  bool here = std::count_if(clone.instances.begin(), clone.instances.end(), [&](int i) {
                return active_on(ws.rscs[i], node);
              }) >= clone.clone_node_max;
  if (clone.cloned_group >= 0) {
    chosen = GroupInstanceFor(ws, clone, node, active_on);
  } else {
    for (size_t k = 0; !here && k < clone.instances.size() && chosen < 0; ++k) {
      if (!active_on(ws.rscs[clone.instances[k]], -1)) chosen = clone.instances[k];
    }
  }
  if (chosen < 0) {
    int extra = 0;
    for (const Orphan& o : ws.orphans) extra += o.id.starts_with(clone.child_id + ":") ? 1 : 0;
    ws.orphans.push_back(
        Orphan{clone.child_id + ":" + std::to_string(clone.clone_max + extra),
               model.agent.empty() ? lrm.resource_class + ":" + lrm.type : model.agent,
               {node},
               here ? "a second instance of " + clone.id + " on this node"
                    : "more instances of " + clone.id + " than clone-max",
               h.promoted ? std::vector<int>{node} : std::vector<int>{}});
    return;
  }
  RscInfo& rsc = ws.rscs[chosen];
  auto pos = std::lower_bound(rsc.history.begin(), rsc.history.end(), node,
                              [](const NodeHistory& x, int n) { return x.node < n; });
  rsc.history.insert(pos, std::move(h));
}

// Nothing but "not running" (and the id it was recorded under): RscInfo::probed_nodes keeps it.
bool IsOnlyNotRunning(const NodeHistory& h) {
  NodeHistory blank;
  blank.node = h.node;
  blank.lrm_id = h.lrm_id;
  return h == blank;
}

}  // namespace

Errors UnpackHistory(WorkingSet& ws) {
  const Cib& cib = *ws.cib;
  std::map<std::string, size_t> orphan_index;
  const Primitive no_definition;  // stands in for orphans, which have no operation definitions
  std::vector<const LrmRscOp*> scratch;
  Errors errors;
  for (size_t index = 0; index < cib.status.node_states.size(); ++index) {
    const NodeState& state = cib.status.node_states[index];
    auto node = FindNode(ws, state);
    if (!node) continue;
    const NodeInfo& info = ws.nodes[*node];
    bool offline = info.membership == NodeMembership::kOffline;
    if (offline && !ws.settings.fencing_enabled) continue;
    auto unpack = [&](const LrmResource& lrm) {
      auto it = ws.entity_by_id.find(lrm.id);
      if (it == ws.entity_by_id.end()) {
        if (int clone = ws.CloneOfHistoryId(lrm.id); clone >= 0) {
          AddInstanceHistory(ws, clone, lrm, *node, scratch);
          return;
        }
      }
      if (it == ws.entity_by_id.end() || it->second.is_group || it->second.is_clone) {
        // An orphan (no longer configured): replay against an operation-less stand-in.
        RscInfo stand_in;
        stand_in.primitive = &no_definition;
        NodeHistory h = ReplayOps(ws, stand_in, lrm, *node, scratch);
        if (!h.active) return;
        auto [pos, added] = orphan_index.emplace(lrm.id, ws.orphans.size());
        if (added) {
          Orphan orphan;
          orphan.id = lrm.id;
          orphan.agent = lrm.resource_class + ":" + lrm.type;
          ws.orphans.push_back(std::move(orphan));
        }
        ws.orphans[pos->second].active_nodes.push_back(*node);
        if (h.promoted) ws.orphans[pos->second].promoted_nodes.push_back(*node);
        return;
      }
      RscInfo& rsc = ws.rscs[it->second.index];
      NodeHistory h = ReplayOps(ws, rsc, lrm, *node, scratch);
      h.lrm_id = lrm.id;
      h.shutdown_lock_s = lrm.shutdown_lock;
      if (rsc.clone < 0 && IsOnlyNotRunning(h)) {
        auto at = std::lower_bound(rsc.probed_nodes.begin(), rsc.probed_nodes.end(), *node);
        if (at == rsc.probed_nodes.end() || *at != *node) rsc.probed_nodes.insert(at, *node);
        return;
      }
      if (h.failure_expires_s) {
        NoteRecheck(ws, *h.failure_expires_s,
                    "failure-timeout of " + lrm.id + " on " + ws.nodes[*node].name);
      }
      auto pos = std::lower_bound(rsc.history.begin(), rsc.history.end(), *node,
                                  [](const NodeHistory& x, int n) { return x.node < n; });
      rsc.history.insert(pos, std::move(h));
    };
    if (ws.history == nullptr) {
      for (const LrmResource& lrm : state.lrm_resources) unpack(lrm);
    } else {
      Errors parsed = ws.history->ForEach(index, unpack);
      errors.insert(errors.end(), parsed.begin(), parsed.end());
    }
  }
  if (!errors.empty()) return errors;
  for (int n = 0; n < static_cast<int>(ws.nodes.size()); ++n) ReadFailCounts(ws, n);
  for (RscInfo& rsc : ws.rscs) {
    ApplyFailurePolicies(ws, rsc);
    for (const NodeHistory& h : rsc.history) {
      rsc.promoted_now |= h.active && h.promoted;
      if (h.active && h.demote_on_fail) {
        rsc.target_unpromoted = true;
        rsc.role_reason = "a failure with on-fail=demote";
      }
    }
    // multiple-active: stop_start (default) recovers in one place; stop_only stops it
    // everywhere; block leaves it alone for an operator.
    if (rsc.active_nodes.size() > 1 && rsc.multiple_active == "block") {
      rsc.blocked = true;
      rsc.block_reason = "active on several nodes with multiple-active=block";
    } else if (rsc.active_nodes.size() > 1 && rsc.multiple_active == "stop_only") {
      rsc.force_stop = true;
      rsc.force_stop_reason = "active on several nodes with multiple-active=stop_only";
    }
    // A managed resource active on a node that is down means the node may still run it.
    for (int n : rsc.active_nodes) {
      const NodeInfo& node = ws.nodes[n];
      if (node.maintenance) rsc.managed = false;
      if (node.membership == NodeMembership::kOffline && rsc.managed && !node.maintenance) {
        MarkFence(ws, n, rsc.id + " is thought to be active there");
      }
    }
  }
  return {};
}

void DecideFencing(WorkingSet& ws) {
  const ClusterSettings& s = ws.settings;
  // no-quorum-policy=suicide (already read as stop when the partition never had quorum):
  // every node of this partition is unclean.
  if (s.fencing_enabled && !s.have_quorum && s.no_quorum_policy == NoQuorumPolicy::kFence) {
    for (NodeInfo& node : ws.nodes) {
      if (node.in_membership)
        MarkFence(ws, static_cast<int>(&node - ws.nodes.data()), "cluster does not have quorum");
    }
  }
  // Pacemaker fences only with a device to do it and something to protect, and without
  // quorum only the nodes of its own membership.
  bool any_managed =
      std::any_of(ws.rscs.begin(), ws.rscs.end(), [](const RscInfo& r) { return r.managed; });
  for (NodeInfo& node : ws.nodes) {
    bool quorum_ok =
        s.have_quorum || s.no_quorum_policy == NoQuorumPolicy::kIgnore || node.in_membership;
    if (node.unclean && s.fencing_enabled && s.have_fencing_device && any_managed && quorum_ok) {
      node.fence = true;
      node.fence_reason = node.unclean_reason;
    }
  }
  // Unfencing: with a device that provides it, an online node not yet unfenced
  // (#node-unfenced unset) is let in ("on") before anything runs there.
  if (s.fencing_enabled && !s.unfencing_device.empty()) {
    for (NodeInfo& node : ws.nodes) {
      if (node.membership == NodeMembership::kOnline && !node.fence &&
          !node.attrs.contains("#node-unfenced")) {
        node.unfence = true;
        node.unfence_reason = "required by " + s.unfencing_device + " monitor";
      }
    }
    // The device itself restarts where it ran under another agent: that node is let in again.
    for (const RscInfo& rsc : ws.rscs) {
      if (rsc.id != s.unfencing_device) continue;
      for (const NodeHistory& h : rsc.history) {
        NodeInfo& node = ws.nodes[h.node];
        if (!h.active || !h.definition_changed || node.unfence || node.fence) continue;
        if (node.membership != NodeMembership::kOnline) continue;
        node.unfence = true;
        node.unfence_reason = "Device definition changed";
      }
    }
  }
}

}  // namespace keel
