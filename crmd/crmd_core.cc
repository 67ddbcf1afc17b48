#include "crmd/crmd_core.h"

#include <algorithm>

#include "crmd/cib/dc_status.h"
#include "crmd/controller/controller_messages.h"
#include "crmd/node/sync_watch.h"
#include "crmd/protocol/batch_message.h"

namespace keel {
namespace {

// Which unsent messages still make sense after a membership change (the rule the bus applies
// to its send queue). Dropped: the sync's messages (the new membership starts a new sync, and
// every member re-announces its node_state after it) and the DC's action requests (the DC
// resigns at a membership change; the next one plans from the status). Kept: commits, results,
// fencing, cleanup and DC status messages, which report or ask for what still holds.
bool KeepAcrossMembership(std::string_view payload) {
  const std::string type = PayloadType(payload);
  return type != AnnounceMessage::kType && type != SyncMessage::kType &&
         type != NodeStateMessage::kType && type != ActionMessage::kType;
}

}  // namespace

std::expected<std::unique_ptr<CrmdCore>, Error> CrmdCore::Create(
    ClusterBus& bus, XmlNode initial_cib, CibValidator validator, CoreSinks sinks,
    std::string self_name, int first_transition) {
  if (std::vector<std::string> missing = MissingSinks(sinks); !missing.empty()) {
    return std::unexpected(Error{
        ErrorCode::kInvalid, "crmd core: required sinks not set: " + JoinList(missing, ", "), ""});
  }
  return std::unique_ptr<CrmdCore>(new CrmdCore(bus, std::move(initial_cib), std::move(validator),
                                                std::move(sinks), std::move(self_name),
                                                first_transition));
}

CrmdCore::CrmdCore(ClusterBus& bus, XmlNode initial_cib, CibValidator validator, CoreSinks sinks,
                   std::string self_name, int first_transition)
    : bus_(bus),
      nodes_(bus, std::move(self_name)),
      member_(bus.LocalId(), std::move(initial_cib), std::move(validator),
              [this](NodeId id) { return nodes_.Name(id); }),
      sinks_(std::move(sinks)),
      registry_([this](NodeId id) { return nodes_.Name(id); },
                [this](const std::string& line) { sinks_.log(line); }),
      dc_(static_cast<DcControllerPort&>(*this), nodes_, first_transition, manages_resources()),
      lrm_(nodes_, manages_resources() ? sinks_.resources->submit : LocalResources::Submit(),
           [this] { return Now(); }),
      fence_service_(static_cast<FenceServicePort&>(*this), nodes_),
      fence_host_(static_cast<FenceAgentPort&>(*this), nodes_,
                  manages_resources() ? sinks_.resources->run_fence_agent
                                      : FenceAgentHost::RunFenceAgent()),
      cleanup_(nodes_, *this),
      attributes_(nodes_.SelfName()),
      alerts_(KEEL_VERSION) {
  RegisterHandlers();
}

void CrmdCore::RegisterHandlers() {
  for (std::string_view type :
       {AnnounceMessage::kType, SyncMessage::kType, CommitMessage::kType, NodeStateMessage::kType,
        NodeStatePatchMessage::kType, PeerStateMessage::kType, FenceHistoryMessage::kType}) {
    registry_.OnRaw(type, [this](NodeId from, const BusMessage& m, std::string_view payload) {
      DeliverToMember(from, m, payload);
    });
  }
  // A batch's items are handled in order, each as if it had come alone (BatchMessage::FromBus
  // refuses a batch inside a batch).
  registry_.On<BatchMessage>([this](NodeId from, const BatchMessage& batch) {
    for (const std::string& payload : batch.payloads) registry_.Dispatch(from, payload);
  });
  registry_.On<ActionMessage>([this](NodeId, const ActionMessage& m) { OnAction(m); });
  registry_.On<ResultMessage>([this](NodeId, const ResultMessage& m) { OnResult(m); });
  registry_.On<StatusRequestMessage>(
      [this](NodeId, const StatusRequestMessage& m) { OnStatusRequest(m); });
  registry_.On<CleanupMessage>([this](NodeId, const CleanupMessage& m) {
    PerformCleanup(cleanup_.OnCleanup(m, member_.members()));
  });
  registry_.On<CleanupDoneMessage>([this](NodeId, const CleanupDoneMessage& m) {
    PerformCleanup(cleanup_.OnCleanupDone(m, IsActingDc(), member_.members()));
  });
  registry_.On<ShutdownRequestMessage>(
      [this](NodeId from, const ShutdownRequestMessage& m) { OnShutdownRequest(from, m); });
  registry_.On<FenceRequestMessage>([this](NodeId, const FenceRequestMessage& m) {
    // The elected DC owns the fencer, synced or not.
    if (member_.dc() == bus_.LocalId()) fence_service_.OnRequest(m);
  });
  registry_.On<FenceRunMessage>([this](NodeId, const FenceRunMessage& m) { fence_host_.OnRun(m); });
  registry_.On<FenceRunResultMessage>(
      [this](NodeId, const FenceRunResultMessage& m) { fence_service_.OnRunResult(m); });
  registry_.On<AttributeMessage>(
      [this](NodeId from, const AttributeMessage& m) { OnAttribute(from, m); });
  registry_.On<FenceOutcomeMessage>([this](NodeId, const FenceOutcomeMessage& m) {
    ReplyFence(fence_client_.OnOutcome(m, SelfName()));
  });
}

std::string CrmdCore::SelfName() const { return nodes_.SelfName(); }

std::expected<void, Error> CrmdCore::Start() {
  dc_.Start(MonoNow());
  BusCallbacks callbacks;
  callbacks.on_deliver = [this](NodeId from, std::string_view payload) {
    registry_.Dispatch(from, payload);
  };
  callbacks.on_membership = [this](const std::vector<NodeId>& members) {
    NoteMembersForAlerts(members);
    dc_.OnMembership(members);
    sync_watch_.Reset();
    quorum_.OnMembership(MonoNow());
    CibVersion before = member_.version();
    bool was_quorate = member_.quorate();
    Perform(member_.OnMembership(members));
    AfterChange(true, before, was_quorate);
    PerformCleanup(cleanup_.OnMembership(member_.members()));
    attributes_.KeepOnly(nodes_.Names(member_.members()));
    AdvanceShutdown();
  };
  callbacks.on_quorum = [this](bool quorate) {
    quorum_.OnReport();
    CibVersion before = member_.version();
    bool was_quorate = member_.quorate();
    Perform(member_.OnQuorum(quorate));
    AfterChange(false, before, was_quorate);
    AdvanceShutdown();
  };
  callbacks.on_send_failed = [this](std::string_view payload, const Error& why) {
    OnSendFailed(std::string(payload), why);
  };
  callbacks.keep_across_membership = KeepAcrossMembership;
  callbacks.on_log = sinks_.log;
  if (manages_resources()) {
    // This executor has run nothing yet: report an empty history, so the DC probes here.
    XmlNode empty;
    empty.name = "node_state";
    UpdateOwnState(std::move(empty));
  }
  return bus_.Join(std::move(callbacks));
}

// The CIB replica's messages: the member applies them, then the core reacts to what changed.
void CrmdCore::DeliverToMember(NodeId from, const BusMessage& m, std::string_view payload) {
  CibVersion before = member_.version();
  bool was_quorate = member_.quorate();
  bool node_state = m.type == NodeStateMessage::kType || m.type == NodeStatePatchMessage::kType;
  std::string shutdown_before = node_state ? ShutdownAttributeOf(from) : "";
  auto attributes_before =
      node_state ? RuleAttributesOf(from) : std::map<std::string, std::string>{};
  // The DC raised its fencing alerts itself; the others learn of the fencing from its history.
  std::optional<std::vector<FenceRecord>> fencing_before;
  if (m.type == FenceHistoryMessage::kType && from != bus_.LocalId() && AlertsConfigured()) {
    fencing_before = FenceRecordsOf(member_.cib());
  }
  Perform(member_.OnDeliver(from, payload));
  AfterChange(false, before, was_quorate);
  if (fencing_before) RaiseAlerts(HistoryFencingAlerts(fencing_before, member_.cib()));
  if (node_state) {
    NoteShutdownAttribute(from, shutdown_before);
    NoteAttributeChanges(from, attributes_before);
    dc_.OnNodeState(from);
  }
  AdvanceShutdown();
}

void CrmdCore::RequestCommit(RequestId request, std::string_view cib_xml,
                             std::optional<CibVersion> base) {
  Perform(member_.RequestCommit(request, cib_xml, base));
}

void CrmdCore::UpdateOwnState(XmlNode node_state) {
  Perform(member_.UpdateOwnState(std::move(node_state)));
}

void CrmdCore::Perform(Effects fx) {
  for (const std::string& line : fx.logs) sinks_.log(line);
  if (fx.persist) {
    auto written = sinks_.persist(member_.cib(), fx.persist_at_once);
    if (!written) sinks_.log("cib: could not persist: " + written.error().ToString());
  }
  for (const std::string& payload : fx.sends) {
    if (auto sent = bus_.Send(payload); !sent) OnSendFailed(payload, sent.error());
  }
  for (const CommitReply& r : fx.replies) sinks_.reply(r);
  if (fx.became_dc_acting && sinks_.dc_acting) sinks_.dc_acting();
}

void CrmdCore::CheckProgress() {
  const int64_t mono_ms = MonoNow();
  CheckShutdownEscalation(mono_ms);
  AdvanceShutdown();
  dc_.CheckStartupWait();
  const auto& members = member_.members();
  bool in_group = std::find(members.begin(), members.end(), bus_.LocalId()) != members.end();
  if (auto waited = sync_watch_.Check(member_.syncing() && in_group, mono_ms)) {
    sinks_.log(
        SyncWaitReport(member_.dc() == bus_.LocalId(), *waited, member_.MissingAnnouncements()));
    Perform(member_.Reannounce());
  }
  // Commits wait for corosync's quorum report after a membership change; bounded here.
  if (quorum_.CommitWaitOver(!member_.syncing() && !member_.quorum_confirmed(), mono_ms)) {
    Perform(member_.ConfirmQuorumWithoutReport());
  }
  PerformCleanup(cleanup_.Check(mono_ms));
  CheckAttributes(mono_ms);
  dc_.CheckStatusWait(mono_ms);
}

void CrmdCore::OnSendFailed(const std::string& payload, const Error& error) {
  sinks_.log("bus: \"" + PayloadType(payload) + "\" message not sent: " + error.message);
  Effects failed = member_.OnSendFailed(payload, error);
  for (const CommitReply& r : failed.replies) sinks_.reply(r);
}

}  // namespace keel
