// CrmdCore's controller part: running actions on this node and the DC's controller.

#include <algorithm>
#include <thread>

#include "crmd/crmd_core.h"
#include "crmd/scheduler/settings.h"
#include "xml/cib_parse.h"
#include "xml/cib_write.h"
#include "xml/cluster_options.h"

namespace keel {
namespace {

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

std::string CrmdCore::UncleanReason(NodeId id, bool fencing_enabled, bool startup_fencing) const {
  const XmlNode* state = FindNodeState(member_.cib(), std::to_string(id));
  if (IsLost(state, fencing_enabled)) return "peer is no longer part of the cluster";
  if (state == nullptr && fencing_enabled && startup_fencing) {
    return "node never seen since the cluster started (startup-fencing)";
  }
  return "";
}

bool CrmdCore::IsActingDc() const { return member_.dc() == bus_.LocalId() && !member_.syncing(); }

ControllerInput CrmdCore::Input(std::optional<Cib>& holder) const {
  ControllerInput in;
  in.now_s = Now();
  auto parsed = CibFromXml(member_.cib(), "cib");
  if (!parsed) {
    if (sinks_.log)
      sinks_.log("controller: the CIB does not parse: " + parsed.error().front().ToString());
    return in;
  }
  holder = std::move(parsed->cib);
  in.cib = &*holder;
  in.view.have_quorum = member_.quorate();
  // The DC plans without quorum only under no-quorum-policy=ignore, where suicide cannot
  // apply; each node applies suicide itself (ApplyNoQuorumPolicy).
  in.view.had_quorum = in.view.have_quorum;
  in.view.fencing_needs_device = true;
  in.default_node_action_limit =
      2 * static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  bool fencing_enabled = ReadSettings(holder->configuration, true).fencing_enabled;
  bool startup_fencing =
      ParseBool(ClusterOptionOr(holder->configuration, "startup-fencing")).value_or(true);
  // After a membership change "quorate" is stale until corosync's quorum report comes
  // (crmd_core_fencing.cc keeps the gate): a partition that just lost quorum must act on nothing.
  if (!quorum_confirmed_) {
    in.hold_planning = "waiting for corosync's quorum report after the membership change";
  } else {
    in.hold_planning = StartupWaitReason();
  }
  const auto& members = member_.members();
  std::vector<NodeId> ids = bus_.ConfiguredNodes();
  for (NodeId id : members) {
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
  }
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
    // Like Pacemaker's controller, a cluster node missing from <nodes> is known by its
    // corosync id and name (the scheduler only places resources on configured nodes).
    auto& nodes = holder->configuration.nodes;
    bool listed = std::any_of(nodes.begin(), nodes.end(),
                              [&](const Node& n) { return n.uname == view.name; });
    if (!listed) nodes.push_back(Node{std::to_string(id), view.name, "member", {}, {}, 0});
    in.view.nodes.push_back(std::move(view));
  }
  return in;
}

void CrmdCore::AfterChange(bool membership_changed, const CibVersion& before, bool was_quorate) {
  if (!sinks_.submit) return;  // no executor: this core takes no part in resource management
  if (!startup_wait_over_ && StartupWaitReason().empty()) startup_wait_over_ = true;
  if (was_quorate && !member_.quorate()) ApplyNoQuorumPolicy();
  bool acting = IsActingDc();
  CibVersion current = member_.version();
  FencingUpdate(acting, acting && !acting_dc_,
                current.admin_epoch != before.admin_epoch || current.epoch != before.epoch);
  if (!acting) {
    if (acting_dc_) controller_.Resign();
    acting_dc_ = false;
    awaiting_states_.clear();
    deferred_why_.clear();
    return;
  }
  CibVersion now = member_.version();
  std::string why;
  if (!acting_dc_) {
    why = "became DC";
    // Every member re-announces its node_state after the sync; the synced status may be
    // another partition's stale view (after a merge: a resource it did not see start).
    const auto& members = member_.members();
    awaiting_states_ = std::set<NodeId>(members.begin(), members.end());
  } else if (membership_changed) {
    why = "membership changed";
  } else if (was_quorate != member_.quorate()) {
    why = "quorum changed";
  } else if (now.admin_epoch != before.admin_epoch || now.epoch != before.epoch) {
    why = "configuration changed (" + now.ToString() + ")";
  }
  acting_dc_ = true;
  if (why.empty() && controller_.plan_held() && quorum_confirmed_) {
    why = "quorum report after the membership change";
  }
  if (why.empty()) return;
  if (!awaiting_states_.empty()) {
    if (deferred_why_.empty() && sinks_.log) {
      sinks_.log("controller: " + why + ": waiting for " + std::to_string(awaiting_states_.size()) +
                 " member(s) to re-announce their status before planning");
    }
    deferred_why_ = deferred_why_.empty() ? why : deferred_why_;
    return;
  }
  // Without quorum every node applies the policy itself; only "ignore" keeps the DC planning.
  if (!member_.quorate() && NoQuorumPolicy() != "ignore") {
    if (sinks_.log) sinks_.log("controller: no quorum: not planning (" + why + ")");
    return;
  }
  std::optional<Cib> holder;
  ControllerInput in = Input(holder);
  PerformController(controller_.Trigger(in, why));
  if (controller_.plan_held()) RearmFenceTimer();  // the fallback if no quorum report comes
}

std::string CrmdCore::NoQuorumPolicy() const {
  auto parsed = CibFromXml(member_.cib(), "cib");
  if (!parsed) return "stop";
  return ClusterOptionOr(parsed->cib.configuration, "no-quorum-policy");
}

void CrmdCore::ApplyNoQuorumPolicy() {
  std::string policy = NoQuorumPolicy();
  std::vector<std::string> active = lrm_.Active();
  if (sinks_.log) {
    sinks_.log("controller: quorum lost; no-quorum-policy=" + policy + ", " +
               std::to_string(active.size()) + " resource(s) active here");
  }
  if (policy == "fence" || policy == "suicide") return fence_host_.SelfFence();
  if (policy != "stop") return;  // freeze keeps them, ignore carries on
  for (const std::string& rsc : active) {
    RunAction(ActionMessage{"", SelfName(), "stop", rsc, 0, 20000});
  }
}

void CrmdCore::NoteNodeStateForController(NodeId from) {
  if (!acting_dc_ || awaiting_states_.erase(from) == 0 || !awaiting_states_.empty()) return;
  if (deferred_why_.empty()) return;
  std::string why = deferred_why_ + "; every member's status is in";
  deferred_why_.clear();
  TriggerController(why);
}

void CrmdCore::PerformController(ControllerEffects fx) {
  for (const std::string& line : fx.logs) {
    if (sinks_.log) sinks_.log(line);
  }
  for (const std::string& payload : fx.sends) {
    if (auto sent = bus_.Send(payload); !sent && sinks_.log) {
      sinks_.log("bus: send failed: " + sent.error().message);
    }
  }
  for (const FenceActionStart& fence : fx.fences) fence_service_.Start(fence);
}

void CrmdCore::OnAction(const ActionMessage& m) {
  if (m.node != SelfName() || !sinks_.submit) return;
  RunAction(m);
}

void CrmdCore::RunAction(const ActionMessage& m) {
  auto parsed = CibFromXml(member_.cib(), "cib");
  if (!parsed) {
    PerformLrm(lrm_.Fail(m, ocf_rc::kErrGeneric, OpStatus::kError, "the CIB does not parse"));
    return;
  }
  if (FenceAgentHost::IsFenceDevice(parsed->cib, m.resource)) {
    auto key = ParseTransitionKey(m.key);
    fence_host_.DeviceAction(m, key ? key->target_rc : ocf_rc::kOk);
    return;
  }
  PerformLrm(lrm_.Run(m, parsed->cib));
}

void CrmdCore::PerformLrm(LrmEffects fx) {
  for (const std::string& line : fx.logs) {
    if (sinks_.log) sinks_.log(line);
  }
  if (fx.publish && !fx.publish->name.empty()) UpdateOwnState(*fx.publish);
  for (const std::string& payload : fx.sends) {
    if (auto sent = bus_.Send(payload); !sent && sinks_.log) {
      sinks_.log("bus: result not sent: " + sent.error().message);
    }
  }
}

void CrmdCore::OnStatusRequest(const StatusRequestMessage& m) {
  std::vector<std::string> ids = SplitList(m.nodes);
  if (std::find(ids.begin(), ids.end(), std::to_string(bus_.LocalId())) == ids.end()) return;
  if (sinks_.log) sinks_.log("controller: the DC asked for this node's status again");
  PublishOwnState();
}

void CrmdCore::PublishOwnState() {
  XmlNode state = lrm_.StateXml();
  if (!state.name.empty()) UpdateOwnState(state);
}

void CrmdCore::OnExecutorResult(const ActionResult& result) {
  bool known = false;
  PerformLrm(lrm_.OnExecutorResult(result, known));
  if (!known) return;
  PerformCleanup(cleanup_.OnProbeDone(result.call_id));
  // A start that ends after quorum was lost (sent while quorate): policy stop applies.
  if (result.action == "start" && result.rc == ocf_rc::kOk && !member_.quorate() &&
      NoQuorumPolicy() == "stop") {
    if (sinks_.log) sinks_.log("controller: " + result.rsc_id + " started without quorum; stopping it");
    RunAction(ActionMessage{"", SelfName(), "stop", result.rsc_id, 0, 20000});
  }
  fence_host_.CheckExitAfterStops();
  AdvanceShutdown();
}

void CrmdCore::OnResult(const ResultMessage& m) {
  if (!IsActingDc() || !sinks_.submit) return;
  std::optional<Cib> holder;
  ControllerInput in = Input(holder);
  PerformController(controller_.OnResult(in, m));
  AdvanceShutdown();  // this DC's transition may be over
}

}  // namespace keel
