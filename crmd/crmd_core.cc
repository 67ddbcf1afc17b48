#include "crmd/crmd_core.h"

namespace keel {

CrmdCore::CrmdCore(ClusterBus& bus, XmlNode initial_cib, CibValidator validator, CoreSinks sinks,
                   std::string self_name, int first_transition)
    : bus_(bus),
      self_name_(self_name),
      member_(bus.LocalId(), std::move(initial_cib), std::move(validator),
              [&bus, self_name](NodeId id) {
                return id == bus.LocalId() && !self_name.empty() ? self_name : bus.NodeName(id);
              }),
      sinks_(std::move(sinks)),
      controller_(std::to_string(bus.LocalId()), first_transition) {
  own_.id = std::to_string(bus.LocalId());
  own_.uname = SelfName();
}

std::string CrmdCore::SelfName() const {
  return self_name_.empty() ? bus_.NodeName(bus_.LocalId()) : self_name_;
}

std::expected<void, Error> CrmdCore::Start() {
  BusCallbacks callbacks;
  callbacks.on_deliver = [this](NodeId from, std::string_view payload) { Deliver(from, payload); };
  callbacks.on_membership = [this](const std::vector<NodeId>& members) {
    NoteMembershipForFencing();
    CibVersion before = member_.version();
    bool was_quorate = member_.quorate();
    Perform(member_.OnMembership(members));
    AfterChange(true, before, was_quorate);
    NoteMembershipForCleanup();
  };
  callbacks.on_quorum = [this](bool quorate) {
    NoteQuorumForFencing();
    CibVersion before = member_.version();
    bool was_quorate = member_.quorate();
    Perform(member_.OnQuorum(quorate));
    AfterChange(false, before, was_quorate);
  };
  if (sinks_.submit) {
    // This executor has run nothing yet: report an empty history, so the DC probes here.
    XmlNode empty;
    empty.name = "node_state";
    UpdateOwnState(empty);
  }
  return bus_.Join(std::move(callbacks));
}

void CrmdCore::Deliver(NodeId from, std::string_view payload) {
  std::string type = PayloadType(payload);
  if (type == "action") {
    OnAction(payload);
    return;
  }
  if (type == "result") {
    OnResult(payload);
    return;
  }
  if (type == "cleanup" || type == "cleanup-done") {
    OnCleanupMessage(payload);
    return;
  }
  if (type.starts_with("fence-")) {
    OnFenceMessage(from, payload);
    return;
  }
  CibVersion before = member_.version();
  bool was_quorate = member_.quorate();
  Perform(member_.OnDeliver(from, payload));
  AfterChange(false, before, was_quorate);
  if (type == "node_state") NoteNodeStateForController(from);
}

void CrmdCore::RequestCommit(RequestId request, std::string_view cib_xml,
                             std::optional<CibVersion> base) {
  Perform(member_.RequestCommit(request, cib_xml, base));
}

void CrmdCore::UpdateOwnState(const XmlNode& node_state) {
  Perform(member_.UpdateOwnState(node_state));
}

void CrmdCore::Perform(Effects fx) {
  for (const std::string& line : fx.logs) {
    if (sinks_.log) sinks_.log(line);
  }
  if (fx.persist && sinks_.persist) {
    auto written = sinks_.persist(member_.cib());
    if (!written && sinks_.log) sinks_.log("cib: could not persist: " + written.error().ToString());
  }
  for (const std::string& payload : fx.sends) {
    auto sent = bus_.Send(payload);
    if (!sent) {
      if (sinks_.log) sinks_.log("bus: send failed: " + sent.error().message);
      Effects failed = member_.OnSendFailed(payload, sent.error());
      for (const CommitReply& r : failed.replies) {
        if (sinks_.reply) sinks_.reply(r);
      }
    }
  }
  for (const CommitReply& r : fx.replies) {
    if (sinks_.reply) sinks_.reply(r);
  }
  if (fx.became_dc_acting && sinks_.dc_acting) sinks_.dc_acting();
}

}  // namespace keel
