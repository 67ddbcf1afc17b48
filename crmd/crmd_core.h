#pragma once
// The node shell: runs the CIB replica (CibMember) and the node's components on a ClusterBus,
// feeds them the bus's events and performs their effects (send, persist, reply, log, run
// agents). The daemon wires a CorosyncBus, the CIB file, the IPC service and the executor in;
// unit tests wire a FakeBus and in-memory sinks, so both run the same code.
//
// Components (each with its own header and tests): LocalResources (this node's actions and lrm
// history), DcController (the acting DC's planning), QuorumGate, FenceService (the DC's
// fencer), FenceAgentHost (fence agents on every node), FenceClient, CleanupCoordinator,
// ShutdownSequence, NodeAttributes. Every node runs the "action" messages addressed to it on
// its executor (sinks.resources->submit), records each result in its own node_state and then
// broadcasts a "result" message; the acting DC's controller plans and follows results.

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "crmd/cib/cib_member.h"
#include "crmd/cib/cib_model.h"
#include "crmd/controller/controller.h"
#include "crmd/controller/lrm_history.h"
#include "crmd/core_sinks.h"
#include "crmd/executor/action.h"
#include "crmd/fence/fence_agent_host.h"
#include "crmd/fence/fence_client.h"
#include "crmd/fence/fence_service.h"
#include "crmd/membership/cluster_bus.h"
#include "crmd/node/alert_feed.h"
#include "crmd/node/cib_options.h"
#include "crmd/node/cleanup_coordinator.h"
#include "crmd/node/dc_controller.h"
#include "crmd/node/local_resources.h"
#include "crmd/node/node_attributes.h"
#include "crmd/node/node_directory.h"
#include "crmd/node/quorum_gate.h"
#include "crmd/node/shutdown_sequence.h"
#include "crmd/node/sync_watch.h"
#include "crmd/protocol/bus_messages.h"
#include "crmd/protocol/message_registry.h"
#include "fencing/fencer.h"
#include "xml/base/event_loop.h"

namespace keel {

class CrmdCore : private LocalProbes,
                 private FenceServicePort,
                 private FenceAgentPort,
                 private DcControllerPort {
 public:
  // `bus` must outlive the core. `self_name`, when not empty, overrides the bus's name for
  // this node (crmd --node-name). An error naming the missing sinks when a required one is
  // unset (MissingSinks).
  static std::expected<std::unique_ptr<CrmdCore>, Error> Create(
      ClusterBus& bus, XmlNode initial_cib, CibValidator validator, CoreSinks sinks,
      std::string self_name = "", int first_transition = 1);

  // Joins the bus; from then on its callbacks drive the member.
  std::expected<void, Error> Start();

  // A client's commit; the answer comes through sinks.reply with the same id.
  void RequestCommit(RequestId request, std::string_view cib_xml, std::optional<CibVersion> base);

  // This node's status changed (see CibMember::UpdateOwnState).
  void UpdateOwnState(XmlNode node_state);

  // The executor's result for a call id returned by sinks.resources->submit.
  void OnExecutorResult(const ActionResult& result);

  // The time asked for through sinks.resources->fence_timer has come: fencer timeouts,
  // fencing retries.
  void OnFenceTimer();
  // `crm node fence TARGET`: forwarded to the DC's fencer; answered through sinks.answer
  // when the fencing succeeded or failed.
  void RequestFence(RequestId request, const std::string& target,
                    std::optional<FenceAction> action);
  // `crm resource cleanup RSC [NODE]` (crmd_core_cleanup.cc): every online node (or only
  // `node`) forgets RSC's history and fail counts, publishes its node_state and re-probes RSC;
  // the DC re-plans after each node's probe. Answered through sinks.answer once every
  // targeted node that stayed a member has probed. A group stands for its primitives.
  void RequestCleanup(RequestId request, const std::string& rsc, const std::string& node);
  // Bounded waits; the daemon calls this about every second (the time: the clock's monotonic
  // ms). A CIB sync that has not completed within 5 s is logged (loudly when this node is the
  // elected DC, which cannot act before it) and this node announces again, every 5 s; an acting
  // DC still waiting for members' post-sync status after 5 s says whose and asks them again
  // (status-request), every 5 s. Commits held for corosync's quorum report after a membership
  // change go on after 1 s without one.
  void CheckProgress();
  // A clean shutdown (SIGTERM; crmd_core_shutdown.cc, crmd/node/shutdown_sequence.h): the DC
  // stops or moves what runs here, then this node leaves as expected down and calls
  // sinks.exit(0); after shutdown-escalation (default 20 min) it calls sinks.exit(1) as it is.
  // A second request is only logged.
  void RequestShutdown();
  bool shutting_down() const { return shutdown_.requested(); }
  // Transient node attributes (crmd_core_attributes.cc, crmd/node/node_attributes.h). An
  // update for a member node (update.node "" = this node) is broadcast and answered through
  // sinks.answer once delivered here; bad names or values, and nodes that are not
  // members, are refused at once and change nothing.
  void RequestAttributeUpdate(RequestId request, AttributeUpdate update);
  // `name`'s value on `node` ("" = this node, "*" = every node holding it): the newest value
  // this node has seen delivered, else the CIB status's. (node, value) pairs, sorted by node.
  std::vector<std::pair<std::string, std::string>> QueryAttribute(const std::string& node,
                                                                  const std::string& name) const;
  // `crm cluster stop --all`: every member (this one too) shuts down cleanly; the members'
  // names, for the client's answer.
  std::expected<std::vector<std::string>, Error> RequestClusterShutdown();
  // The DC's fencer (nullptr on other nodes, or when the fencing configuration is invalid).
  const Fencer* fencer() const { return fence_service_.fencer(); }

  const CibMember& member() const { return member_; }
  const Controller& controller() const { return dc_.controller(); }
  const NodeState& own_history() const { return lrm_.history(); }
  ClusterBus& bus() { return bus_; }

 private:
  CrmdCore(ClusterBus& bus, XmlNode initial_cib, CibValidator validator, CoreSinks sinks,
           std::string self_name, int first_transition);
  bool manages_resources() const { return sinks_.resources.has_value(); }
  void Perform(Effects fx);
  // A message was not (and will never be) sent: logged; a commit's client gets the error.
  void OnSendFailed(const std::string& payload, const Error& error);
  // Every bus message goes through registry_ (crmd/protocol/message_registry.h), which logs
  // and drops what it cannot route.
  void RegisterHandlers();
  void DeliverToMember(NodeId from, const BusMessage& m, std::string_view payload);
  // This node's resources and the DC controller's glue (crmd_core_controller.cc).
  void OnAction(const ActionMessage& m);
  void RunAction(const ActionMessage& m);
  // Broadcasts this node's lrm history as its node_state.
  void PublishOwnState();
  // Only these resources' history changed: their entries, as a patch (else the whole state).
  void UpdateOwnResources(const std::vector<std::string>& rscs);
  void OnResult(const ResultMessage& m);
  // The local resource manager's effects: logs, then its node_state, then its results.
  void PerformLrm(LrmEffects fx);
  void AfterChange(bool membership_changed, const CibVersion& before, bool was_quorate);
  // Quorum lost: no-quorum-policy applied here, without a DC (the quorum gate's steps).
  void ApplyNoQuorumPolicy();
  std::string NoQuorumPolicy() const;
  // The replica's typed model without operation history (crmd/cib/cib_model.h).
  std::expected<const Cib*, Errors> Model(std::span<const Node> unlisted_nodes = {}) const {
    return model_.Get(member_.cib(), member_.config_generation(), member_.generation(),
                      unlisted_nodes);
  }
  // The DC still waits for this node's post-sync node_state: publish it again.
  void OnStatusRequest(const StatusRequestMessage& m);
  std::string SelfName() const;
  int64_t Now() const { return WallMs() / 1000; }

  // The components' ports (crmd/fence/*.h, crmd/node/dc_controller.h); crmd_core_fencing.cc
  // and crmd_core_controller.cc.
  const XmlNode& CibXml() const override { return member_.cib(); }
  std::expected<const Cib*, Errors> TypedCib(std::span<const Node> unlisted) const override {
    return Model(unlisted);
  }
  std::expected<void, Error> Send(const std::string& payload) override {
    return bus_.Send(payload);
  }
  void Log(const std::string& line) override { sinks_.log(line); }
  int64_t WallMs() const override { return sinks_.clock->WallMs(); }
  void RearmFenceTimer() override;
  void FenceActionDone(const FenceActionStart& fence, bool success,
                       const std::string& reason) override {
    dc_.OnFenceDone(fence, success, reason);
  }
  std::vector<std::string> ActiveResources() const override { return lrm_.Active(); }
  void StopResource(const std::string& rsc) override;
  void Exit(int status) override { sinks_.exit(status); }
  void StartFence(const FenceActionStart& fence) override { fence_service_.Start(fence); }
  std::vector<NodeId> Members() const override { return member_.members(); }
  bool Quorate() const override { return member_.quorate(); }
  bool IsActingDc() const override;
  std::string QuorumHoldReason() const override { return quorum_.HoldReason(); }
  int64_t NowS() const override { return Now(); }
  int64_t MonoMs() const override { return MonoNow(); }
  void FencingEnded(const FenceOutcome& outcome) override;
  void FencingUpdate(bool acting, bool became, bool config_changed);
  void ReplyFence(const std::vector<FenceReply>& replies);

  // Clean shutdown (crmd_core_shutdown.cc).
  void AdvanceShutdown();
  void CheckShutdownEscalation(int64_t mono_ms);
  void NoteShutdownAttribute(NodeId from, const std::string& before);
  std::string ShutdownAttributeOf(NodeId id) const;
  void OnShutdownRequest(NodeId from, const ShutdownRequestMessage& m);
  int64_t MonoNow() const { return sinks_.clock->MonotonicMs(); }

  // Attributes (crmd_core_attributes.cc).
  void OnAttribute(NodeId from, const AttributeMessage& m);
  void PerformAttributes(AttributeEffects fx);
  // Transient attributes of `id`'s node_state that the scheduler's rules may read (not the
  // fail counts, last failures and shutdown, which trigger plans their own way).
  std::map<std::string, std::string> RuleAttributesOf(NodeId id) const;
  // A member's node_state arrived: the acting DC plans again when those attributes changed.
  void NoteAttributeChanges(NodeId from, const std::map<std::string, std::string>& before);
  void CheckAttributes(int64_t mono_ms);
  // This node's own attribute changes applied at once (NodeAttributes::Local): written into
  // its state, which fx then publishes, and broadcast after it (fx.sends).
  void ApplyLocalAttributes(const std::vector<AttributeUpdate>& updates, LrmEffects& fx);
  // fx with the fail counts and last failures of its failures raised (PerformLrm).
  LrmEffects WithFailureAttributes(LrmEffects fx);
  // fx with the fail counts and last failures of `rscs` deleted (cleanup).
  LrmEffects WithoutFailureAttributes(const std::vector<std::string>& rscs, LrmEffects fx);

  // Alerts (crmd_core_alerts.cc): the runs of these events, handed to sinks.alerts->run_alert.
  void RaiseAlerts(const std::vector<AlertEvent>& events);
  // Whether any alert would run here (re-reads the CIB's alerts when its configuration changed).
  bool AlertsConfigured();
  void NoteMembersForAlerts(const std::vector<NodeId>& members);

  // Cleanup (crmd_core_cleanup.cc): the coordinator's effects, and this node's probes for it.
  void PerformCleanup(CleanupEffects fx);
  void Forget(const std::vector<std::string>& rscs) override;
  LocalProbes::Probe StartProbe(const std::string& rsc) override;

  ClusterBus& bus_;
  NodeDirectory nodes_;
  CibMember member_;
  mutable CibModel model_;  // a cache of member_'s CIB
  CoreSinks sinks_;
  MessageRegistry registry_;
  QuorumGate quorum_;
  DcController dc_;
  LocalResources lrm_;
  FenceClient fence_client_;
  FenceService fence_service_;
  FenceAgentHost fence_host_;
  CleanupCoordinator cleanup_;
  ShutdownSequence shutdown_;
  NodeAttributes attributes_;
  AlertFeed alerts_;
  SyncWatch sync_watch_;
};

}  // namespace keel
