#include "crmd/node/dc_controller.h"

#include <algorithm>
#include <thread>

#include "crmd/cib/cib_document.h"
#include "crmd/cib/cib_model.h"
#include "crmd/node/cib_options.h"
#include "crmd/node/wait_text.h"
#include "crmd/scheduler/settings.h"
#include "xml/cib_parse.h"
#include "xml/cluster_options.h"

namespace keel {
namespace {

constexpr int64_t kWaitReportMs = 5000;
constexpr int64_t kDefaultDcDeadtimeMs = 20'000;

// A configured node that is not a member is lost (unclean) when it was up and did not go
// down on purpose, as Pacemaker judges it: its node_state still says in_ccm (the sync has not
// marked it down yet), or, with fencing, it is still expected up (a fence or a clean shutdown
// sets expected="down"). Pacemaker fences such a node even when it ran nothing. Without
// fencing, a node marked down is offline (its history is then ignored by the scheduler).
bool IsLost(const XmlNode* state, bool fencing_enabled) {
  if (state == nullptr) return false;  // never seen: startup fencing decides
  if (state->AttrOr("in_ccm") == "true") return true;
  return fencing_enabled && state->AttrOr("expected") == "member";
}

}  // namespace

DcController::DcController(DcControllerPort& port, const NodeDirectory& nodes, int first_transition,
                           bool manages_resources)
    : port_(port),
      nodes_(nodes),
      controller_(std::to_string(nodes.self()), first_transition),
      manages_resources_(manages_resources) {}

void DcController::OnMembership(const std::vector<NodeId>& members) {
  seen_since_start_.insert(members.begin(), members.end());
}

std::string DcController::UncleanReason(NodeId id, bool fencing_enabled,
                                        bool startup_fencing) const {
  const XmlNode* state = FindNodeState(port_.CibXml(), std::to_string(id));
  if (IsLost(state, fencing_enabled)) return "peer is no longer part of the cluster";
  if (state == nullptr && fencing_enabled && startup_fencing) {
    return "node never seen since the cluster started (startup-fencing)";
  }
  return "";
}

ControllerInput DcController::Input(InputHolder& holder) const {
  ControllerInput in;
  in.now_s = port_.NowS();
  auto model = port_.TypedCib({});
  if (!model) {
    port_.Log("controller: the CIB does not parse: " + model.error().front().ToString());
    return in;
  }
  const Configuration& config = (*model)->configuration;
  in.view.have_quorum = port_.Quorate();
  // The DC plans without quorum only under no-quorum-policy=ignore, where suicide cannot
  // apply; each node applies suicide itself (the quorum gate).
  in.view.had_quorum = in.view.have_quorum;
  in.view.fencing_needs_device = true;
  in.default_node_action_limit = DefaultNodeActionLimit();
  bool fencing_enabled = ReadSettings(config, true).fencing_enabled;
  bool startup_fencing = ParseBool(ClusterOptionOr(config, "startup-fencing")).value_or(true);
  const std::vector<NodeId> members = port_.Members();
  std::vector<NodeId> ids = nodes_.Configured();
  for (NodeId id : members) {
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
  }
  // Like Pacemaker's controller, a cluster node missing from <nodes> is known by its
  // corosync id and name (the scheduler only places resources on configured nodes).
  std::vector<Node> unlisted;
  for (NodeId id : ids) {
    NodeView view;
    view.name = nodes_.Name(id);
    if (std::find(members.begin(), members.end(), id) != members.end()) {
      view.membership = NodeMembership::kOnline;
    } else {
      view.unclean_reason = UncleanReason(id, fencing_enabled, startup_fencing);
      view.membership =
          view.unclean_reason.empty() ? NodeMembership::kOffline : NodeMembership::kUnclean;
    }
    bool listed = std::any_of(config.nodes.begin(), config.nodes.end(),
                              [&](const Node& n) { return n.uname == view.name; });
    if (!listed) unlisted.push_back(Node{std::to_string(id), view.name, "member", {}, {}, 0});
    in.view.nodes.push_back(std::move(view));
  }
  // After a membership change "quorate" is stale until corosync's quorum report comes
  // (the quorum gate): a partition that just lost quorum must act on nothing.
  in.hold_planning = port_.QuorumHoldReason();
  if (in.hold_planning.empty()) in.hold_planning = StartupWaitReason();
  model = port_.TypedCib(unlisted);  // the same model, the unlisted nodes added
  if (!model) return in;
  in.cib = *model;
  holder.history.emplace(port_.CibXml(), "cib");
  in.history = &*holder.history;
  return in;
}

std::string DcController::NoQuorumPolicy() const {
  auto model = port_.TypedCib({});
  return model ? NoQuorumPolicyOf(**model) : "stop";
}

void DcController::NoteStartupWait() {
  if (!startup_wait_over_ && StartupWaitReason().empty()) startup_wait_over_ = true;
}

void DcController::AfterChange(const DcChange& change) {
  if (!change.acting) {
    if (acting_) controller_.Resign();
    recheck_due_ms_.reset();
    acting_ = false;
    awaiting_states_.clear();
    deferred_why_.clear();
    return;
  }
  std::string why;
  if (!acting_) {
    why = "became DC";
    // Every member re-announces its node_state after the sync; the synced status may be
    // another partition's stale view (after a merge: a resource it did not see start).
    const std::vector<NodeId> members = port_.Members();
    awaiting_states_ = std::set<NodeId>(members.begin(), members.end());
  } else if (change.membership_changed) {
    why = "membership changed";
  } else if (change.quorum_changed) {
    why = "quorum changed";
  } else if (change.config_changed) {
    why = "configuration changed (" + change.version.ToString() + ")";
  }
  acting_ = true;
  if (why.empty() && controller_.plan_held() && change.quorum_report_in) {
    why = "quorum report after the membership change";
  }
  if (why.empty()) return;
  if (!awaiting_states_.empty()) {
    if (deferred_why_.empty()) {
      port_.Log("controller: " + why + ": waiting for " + std::to_string(awaiting_states_.size()) +
                " member(s) to re-announce their status before planning");
    }
    deferred_why_ = deferred_why_.empty() ? why : deferred_why_;
    return;
  }
  // Without quorum every node applies the policy itself; only "ignore" keeps the DC planning.
  if (!port_.Quorate() && NoQuorumPolicy() != "ignore") {
    port_.Log("controller: no quorum: not planning (" + why + ")");
    return;
  }
  InputHolder holder;
  ControllerInput in = Input(holder);
  Perform(controller_.Trigger(in, why));
  if (controller_.plan_held()) port_.RearmFenceTimer();  // the fallback if no quorum report comes
}

void DcController::Trigger(const std::string& why) {
  if (!manages_resources_ || !port_.IsActingDc()) return;
  if (!port_.Quorate() && NoQuorumPolicy() != "ignore") return;
  InputHolder holder;
  ControllerInput in = Input(holder);
  Perform(controller_.Trigger(in, why));
  if (controller_.plan_held()) port_.RearmFenceTimer();  // the fallback if no quorum report comes
}

void DcController::Replan(const std::string& why) {
  if (!acting_) return;
  if (!awaiting_states_.empty()) {
    if (deferred_why_.empty()) deferred_why_ = why;
    return;
  }
  Trigger(why);
}

void DcController::OnNodeState(NodeId from) {
  if (!acting_ || awaiting_states_.erase(from) == 0 || !awaiting_states_.empty()) return;
  if (deferred_why_.empty()) return;
  std::string why = deferred_why_ + "; every member's status is in";
  deferred_why_.clear();
  Trigger(why);
}

void DcController::OnResult(const ResultMessage& m) {
  if (!port_.IsActingDc() || !manages_resources_) return;
  InputHolder holder;
  Perform(controller_.OnResult([&] { return Input(holder); }, m));
}

void DcController::OnFenceDone(const FenceActionStart& fence, bool success,
                               const std::string& reason) {
  InputHolder holder;
  ControllerInput in = Input(holder);
  Perform(controller_.OnFenceDone(in, fence.transition, fence.index, success, reason));
}

void DcController::Perform(ControllerEffects fx) {
  for (const std::string& line : fx.logs) port_.Log(line);
  for (const std::string& payload : fx.sends) {
    if (auto sent = port_.Send(payload); !sent) {
      port_.Log("bus: send failed: " + sent.error().message);
    }
  }
  for (const FenceActionStart& fence : fx.fences) port_.StartFence(fence);
  NoteRecheck();
}

void DcController::NoteRecheck() {
  if (controller_.plans() == plans_seen_) return;
  plans_seen_ = controller_.plans();
  std::optional<int64_t> due;
  if (auto at = controller_.recheck_at_s()) {
    // The wall clock's seconds are whole: at (at - now) s from now the expiry has come.
    due = port_.MonoMs() + std::max<int64_t>(1, *at - port_.NowS()) * 1000;
    port_.Log("controller: planning again in " + std::to_string((*due - port_.MonoMs()) / 1000) +
              " s, when the " + controller_.recheck_reason() + " expires");
  }
  if (due == recheck_due_ms_) return;
  recheck_due_ms_ = due;
  port_.RearmFenceTimer();
}

void DcController::CheckRecheck(int64_t mono_ms) {
  if (!recheck_due_ms_ || mono_ms < *recheck_due_ms_) return;
  recheck_due_ms_.reset();
  std::string why = controller_.recheck_reason() + " expired";
  if (!acting_) return;
  Trigger(why);
}

void DcController::CheckStatusWait(int64_t mono_ms) {
  if (!acting_ || awaiting_states_.empty()) {
    status_wait_since_.reset();
  } else if (!status_wait_since_) {
    status_wait_since_ = mono_ms;
    next_status_report_ms_ = mono_ms + kWaitReportMs;
  } else if (mono_ms >= next_status_report_ms_) {
    next_status_report_ms_ = mono_ms + kWaitReportMs;
    std::vector<std::string> names;
    for (NodeId id : awaiting_states_) names.push_back(nodes_.Name(id));
    port_.Log("controller: DC not planning for " + SecondsText(mono_ms - *status_wait_since_) +
              ": waiting for the post-sync status of " + JoinList(names, ", ") + "; asking again");
    std::vector<std::string> ids;
    for (NodeId id : awaiting_states_) ids.push_back(std::to_string(id));
    if (auto sent = port_.Send(Encode(StatusRequestMessage{JoinList(ids)})); !sent) {
      port_.Log("bus: status-request not sent: " + sent.error().message);
    }
  }
}

// The startup wait (doc/controller.md, item 12): a node never seen in the status
// (startup-fencing=true, the default) or lost as this node's stored status says (stale when
// this node stopped before that one left). After the wait such a node is fenced, and
// resources whose state there is unknown start only after the fence.
std::string DcController::StartupWaitReason() const {
  if (startup_wait_over_) return "";
  auto model = port_.TypedCib({});
  if (!model || !ReadSettings((*model)->configuration, true).fencing_enabled) return "";
  const bool startup_fencing =
      ParseBool(ClusterOptionOr((*model)->configuration, "startup-fencing")).value_or(true);
  const std::vector<NodeId> members = port_.Members();
  std::vector<std::string> missing;
  for (NodeId id : nodes_.Configured()) {
    // Only nodes that would be fenced: never seen, or lost as far as this node's stored
    // status knows (it may be stale: this node may have stopped before that one left). A node
    // that was a member since this start and left is lost, not late.
    if (std::find(members.begin(), members.end(), id) == members.end() &&
        !seen_since_start_.contains(id) && !UncleanReason(id, true, startup_fencing).empty()) {
      missing.push_back(nodes_.Name(id));
    }
  }
  if (missing.empty()) return "";
  int64_t deadtime = DurationOptionMs(**model, "dc-deadtime", kDefaultDcDeadtimeMs);
  if (port_.MonoMs() - started_mono_ms_ >= deadtime) return "";
  return "waiting up to " + std::to_string(deadtime / 1000) + " s after start (dc-deadtime) for " +
         JoinList(missing, ", ") + " to join";
}

void DcController::CheckStartupWait() {
  if (startup_wait_over_ || !StartupWaitReason().empty()) return;
  startup_wait_over_ = true;
  if (controller_.plan_held() && port_.IsActingDc()) Trigger("the startup wait is over");
}

}  // namespace keel
