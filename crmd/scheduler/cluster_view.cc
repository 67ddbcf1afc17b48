// DeriveClusterView: the membership Pacemaker infers from node_state when it has no live
// view (crm simulate, tests). The rules follow Pacemaker's reading of node_state, in its
// order: shutting down, never seen, banned, termination requested, expected down (clean
// offline or pending), lost, controller gone, joined, joining.

#include <algorithm>
#include <charconv>

#include "crmd/scheduler/scheduler.h"
#include "crmd/scheduler/settings.h"
#include "xml/duration.h"

namespace keel {
namespace {

// in_ccm: "true"/"false" before Pacemaker 2.1.7, since then the time the node joined (0 =
// not a member). -1 when absent or unreadable ("never seen"); `now` for a plain "true".
int64_t MemberSince(const std::string& value, TimePoint now) {
  if (value.empty()) return -1;
  if (auto truth = ParseTruth(value)) return *truth ? std::max<int64_t>(now.epoch_seconds, 1) : 0;
  int64_t n = 0;
  auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
  if (ec != std::errc() || ptr != value.data() + value.size() || n < 0) return -1;
  return n;
}

// crmd: "online"/"offline" before 2.1.7, since then the time the controller came up (0 = down).
int64_t OnlineSince(const std::string& value) {
  if (value.empty() || value == "offline") return 0;
  if (value == "online") return 1;
  int64_t n = 0;
  auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
  if (ec != std::errc() || ptr != value.data() + value.size() || n < 0) return 0;
  return n;
}

const NodeState* FindState(const Cib& cib, const Node& node) {
  for (const NodeState& s : cib.status.node_states) {
    if (s.id == node.id) return &s;
  }
  for (const NodeState& s : cib.status.node_states) {
    if (!node.uname.empty() && s.uname == node.uname) return &s;
  }
  return nullptr;
}

std::optional<std::string> TransientAttr(const NodeState& s, std::string_view name) {
  return FindNvValue(s.transient_attributes, name);
}

// The shutdown attribute: set and not "0".
bool ShuttingDown(const NodeState& s) {
  auto v = TransientAttr(s, "shutdown");
  return v && !v->empty() && *v != "0";
}

// The terminate attribute: a true value or a positive time.
bool TerminationRequested(const NodeState& s) {
  auto v = TransientAttr(s, "terminate");
  if (!v) return false;
  if (auto truth = ParseTruth(*v)) return *truth;
  int64_t n = 0;
  auto [ptr, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
  return ec == std::errc() && n > 0;
}

struct Reading {
  int64_t member = -1;  // MemberSince
  int64_t online = 0;   // OnlineSince
  const std::string& join;
  const std::string& expected;
};

void MarkUnclean(NodeView& v, std::string reason, bool in_membership) {
  v.membership = NodeMembership::kUnclean;
  v.unclean_reason = std::move(reason);
  v.in_membership = in_membership;
}

NodeView WithFencing(const NodeState& s, const Reading& r, int64_t pending_timeout_s, TimePoint now,
                     NodeView v) {
  const bool member = r.member > 0;
  if (ShuttingDown(s)) {
    // A node on its way out is judged by its controller alone: a dead one has left cleanly.
    v.membership = r.online > 0 ? NodeMembership::kOnline : NodeMembership::kOffline;
    return v;
  }
  if (r.member < 0) {
    MarkUnclean(v, "peer has not been seen by the cluster", false);
  } else if (r.join == "banned") {
    MarkUnclean(v, "peer failed Pacemaker membership criteria", member);
  } else if (TerminationRequested(s)) {
    if (r.member <= 0 && r.online <= 0 && r.join == "down") {
      v.membership = NodeMembership::kOffline;  // fenced as requested
    } else {
      MarkUnclean(v, "fencing was requested", member);
    }
  } else if (r.expected.empty() || r.expected == "down") {
    bool pending = member || r.online > 0;
    if (pending_timeout_s > 0 && member && r.online <= 0 &&
        now.epoch_seconds >= r.member + pending_timeout_s) {
      MarkUnclean(v, "peer pending timed out on joining the process group", true);
    } else {
      v.membership = pending ? NodeMembership::kPending : NodeMembership::kOffline;
    }
  } else if (!member) {
    MarkUnclean(v, "peer is no longer part of the cluster", false);
  } else if (r.online <= 0) {
    MarkUnclean(v, "peer process is no longer available", true);
  } else if (r.join == "member") {
    v.membership = NodeMembership::kOnline;
  } else if (r.join == "pending" || r.join == "down") {
    v.membership = NodeMembership::kPending;
  } else {
    MarkUnclean(v, "peer was in an unknown state", true);
  }
  return v;
}

NodeView WithoutFencing(const NodeState& s, const Reading& r, NodeView v) {
  const bool expected_up = r.expected == "member" && !ShuttingDown(s);
  if (r.member <= 0) {
    v.membership = NodeMembership::kOffline;
  } else if (r.online > 0) {
    v.membership = r.join == "member" ? NodeMembership::kOnline : NodeMembership::kPending;
  } else if (!expected_up) {
    v.membership = NodeMembership::kOffline;
  } else {
    MarkUnclean(v, "peer is unexpectedly down", true);
  }
  return v;
}

}  // namespace

ClusterView DeriveClusterView(const Cib& cib, TimePoint now) {
  ClusterView view;
  view.have_quorum = cib.have_quorum.value_or(false);
  view.had_quorum = view.have_quorum || cib.no_quorum_panic.value_or(false);
  view.fencing_needs_device = true;
  auto flag = [&](std::string_view name) {
    auto text = SchedulerOption(cib.configuration, name, now.epoch_seconds);
    return !text || ParseTruth(*text).value_or(true);
  };
  const bool fencing = flag("fencing-enabled");
  const bool startup_fencing = flag("startup-fencing");
  int64_t pending_timeout_s = 0;
  if (auto text = SchedulerOption(cib.configuration, "node-pending-timeout", now.epoch_seconds)) {
    if (auto ms = ParseDurationMs(*text)) pending_timeout_s = *ms / 1000;
  }
  for (const Node& node : cib.configuration.nodes) {
    NodeView v;
    v.name = node.uname.empty() ? node.id : node.uname;
    const NodeState* state = FindState(cib, node);
    if (state == nullptr) {
      // Never seen in this cluster's lifetime: unclean until fenced, unless the operator
      // vouches for it (startup-fencing=false).
      if (startup_fencing) MarkUnclean(v, "node is unclean", false);
    } else {
      Reading r{MemberSince(state->in_ccm, now), OnlineSince(state->crmd), state->join,
                state->expected};
      v = fencing ? WithFencing(*state, r, pending_timeout_s, now, v)
                  : WithoutFencing(*state, r, v);
    }
    view.nodes.push_back(std::move(v));
  }
  return view;
}

}  // namespace keel
