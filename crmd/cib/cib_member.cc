#include "crmd/cib/cib_member.h"

#include <algorithm>

#include "crmd/cib/dc_status.h"
#include "crmd/cib/node_state_patch.h"
#include "crmd/protocol/bus_messages.h"
#include "crmd/protocol/peer_version.h"
#include "xml/xml_chunked_write.h"

namespace keel {

namespace {

constexpr int kCommitAttempts = 5;  // own changes refused by a race are resent this often

// Only a partition known to be quorate changes the configuration: a change made on the other
// side of a split would be lost (or win over acknowledged changes) when the two merge.
constexpr const char* kNoQuorum =
    "no quorum: this partition may not change the configuration (the change was not applied)";
constexpr const char* kSyncing =
    "the cluster is synchronizing its CIB after a membership change; try again";

std::string MembersField(const std::vector<NodeId>& members) { return FormatNodeList(members); }

}  // namespace

CibMember::CibMember(NodeId self, XmlNode initial_cib, CibValidator validator, NodeNamer namer)
    : self_(self),
      cib_(std::move(initial_cib)),
      validator_(std::move(validator)),
      namer_(std::move(namer)) {
  const XmlNode* mine = FindNodeState(cib_, std::to_string(self_));
  own_state_ = OnlineNodeState(self_, Name(self_), mine);
}

Effects CibMember::OnMembership(const std::vector<NodeId>& members) {
  Effects fx;
  std::vector<NodeId> sorted = members;
  std::sort(sorted.begin(), sorted.end());
  std::optional<NodeId> old_dc = dc_;
  members_ = sorted;
  Election e = ElectDc(members_);
  dc_ = e.dc;
  if (dc_ != old_dc) {
    fx.logs.push_back(dc_ ? "dc: " + Name(*dc_) + " elected (" + e.reason + ")"
                          : "dc: none (" + e.reason + ")");
  }
  syncing_ = true;
  quorum_confirmed_ = false;  // until corosync reports quorum for this membership
  announces_.clear();
  digests_.clear();
  protocols_.clear();
  own_state_published_ = false;
  sync_source_.reset();
  bool in_group = std::find(members_.begin(), members_.end(), self_) != members_.end();
  if (!in_group) return fx;
  fx.logs.push_back("sync: membership " + MembersField(members_) + ", announcing CIB version " +
                    version().ToString());
  fx.sends.push_back(Announcement());
  return fx;
}

std::string CibMember::Announcement() const {
  return Encode(AnnounceMessage{MembersField(members_), version().ToString(), kProtocolVersion,
                                SerializedXmlSha256(cib_, false)});
}

Effects CibMember::OnQuorum(bool quorate) {
  Effects fx;
  if (quorate != quorate_) {
    fx.logs.push_back(std::string("quorum: ") + (quorate ? "gained" : "lost") +
                      " (corosync votequorum)");
  }
  quorate_ = quorate;
  quorum_confirmed_ = true;
  FlushQueuedCommits(fx);
  return fx;
}

Effects CibMember::OnDeliver(NodeId from, std::string_view payload) {
  Effects fx;
  auto view = DecodeBusMessageView(payload);
  if (!view) {
    fx.logs.push_back("bus: ignoring message from " + Name(from) + ": " + view.error().message);
    return fx;
  }
  // The two large ones are parsed from the payload itself; the others get their body copied.
  if (view->message.type == "sync") {
    OnSync(from, view->message, view->body, fx);
    return fx;
  }
  if (view->message.type == "node_state") {
    OnNodeState(from, view->body, fx);
    return fx;
  }
  BusMessage* m = &view->message;
  m->body = std::string(view->body);
  if (m->type == "announce") {
    OnAnnounce(from, *m, fx);
  } else if (m->type == "commit") {
    OnCommit(from, *m, fx);
  } else if (m->type == NodeStatePatchMessage::kType) {
    OnNodeStatePatch(from, *m, fx);
  } else if (m->type == "peer_state" || m->type == "fence_history") {
    OnDcStatus(from, *m, fx);
  } else {
    fx.logs.push_back("bus: ignoring unknown message type '" + m->type + "' from " + Name(from));
  }
  return fx;
}

void CibMember::OnAnnounce(NodeId from, const BusMessage& m, Effects& fx) {
  if (!syncing_ || m.Field("members") != MembersField(members_)) return;  // stale view
  if (std::find(members_.begin(), members_.end(), from) == members_.end()) return;
  auto v = ParseVersion(m.Field("version"));
  if (!v) {
    fx.logs.push_back("sync: bad announce from " + Name(from) + ": " + v.error().message);
    return;
  }
  // The peer's protocol version: another one is logged (crmd/protocol/peer_version.h), and the
  // announce counts either way: a sync must not stall on it.
  auto announce = AnnounceMessage::FromBus(m);
  if (!announce) {
    fx.logs.push_back("protocol: " + Name(from) + ": " + announce.error().message +
                      "; taken as protocol 1");
  } else if (auto note = PeerVersionNote(Name(from), announce->protocol, kProtocolVersion)) {
    fx.logs.push_back(*note);
  }
  protocols_[from] = announce ? announce->protocol : 1;
  announces_[from] = *v;
  digests_[from] = announce ? announce->digest : "";
  if (announces_.size() < members_.size() || sync_source_) return;
  if (EveryMemberHoldsTheSameCib()) {
    // Nothing changes the CIB while syncing, so what each announced is what it holds.
    return FinishSync(false, "every member holds CIB " + version().ToString() + ": nothing sent",
                      fx);
  }
  // Highest version wins; on a tie the lowest node id (map order: first seen wins ties).
  auto best = announces_.begin();
  for (auto it = announces_.begin(); it != announces_.end(); ++it) {
    if (it->second > best->second) best = it;
  }
  sync_source_ = best->first;
  fx.logs.push_back("sync: " + Name(best->first) + " has the newest CIB (" +
                    best->second.ToString() + ", highest version, ties to the lowest id)");
  if (best->first == self_) {
    fx.sends.push_back(
        Encode(SyncMessage{MembersField(members_), SerializeXml(cib_, false, kBusHeaderRoom)}));
  }
}

void CibMember::OnSync(NodeId from, const BusMessage& m, std::string_view cib_text, Effects& fx) {
  if (!syncing_ || !sync_source_ || from != *sync_source_ ||
      m.Field("members") != MembersField(members_)) {
    return;
  }
  auto cib = ParseCibDocument(cib_text, "sync from " + Name(from));
  if (!cib) {
    // Cannot happen between healthy peers; all members ignore it alike and stay syncing.
    fx.logs.push_back("sync: unusable CIB from " + Name(from) + ": " + cib.error().ToString());
    return;
  }
  cib_ = std::move(*cib);
  FinishSync(true, "adopted CIB " + version().ToString() + " from " + Name(from), fx);
}

bool CibMember::EveryMemberHoldsTheSameCib() const {
  if (digests_.size() != members_.size()) return false;
  const std::string& first = digests_.begin()->second;
  const CibVersion& version = announces_.begin()->second;
  for (const auto& [id, digest] : digests_) {
    if (digest.empty() || digest != first || announces_.at(id) != version) return false;
  }
  return true;
}

void CibMember::FinishSync(bool adopted, const std::string& how, Effects& fx) {
  MarkNonMembersDown(cib_, members_);
  syncing_ = false;
  // An adopted CIB may bring another configuration under the same version; without a
  // transfer only the lost nodes' status changed.
  Changed(adopted, fx, true);
  fx.logs.push_back("sync: " + how);
  own_state_ = OwnState(std::move(own_state_));
  // Every member now holds the same copy of this node's state: the re-report after the sync
  // is a patch to it (a few hundred bytes instead of the whole history: at 100 resources per
  // node 15 whole states held a failover's planning back ~0.4 s in the 16-node lab).
  PublishOwnState(FindNodeState(cib_, std::to_string(self_)), own_state_, fx);
  own_state_published_ = true;
  if (dc_ == self_) {
    fx.became_dc_acting = true;
    fx.logs.push_back("dc: " + Name(self_) + " acting (CIB " + version().ToString() +
                      " synced with members " + MembersField(members_) + ")");
  }
  FlushQueuedCommits(fx);
}

void CibMember::FlushQueuedCommits(Effects& fx) {
  if (syncing_ || !quorum_confirmed_) return;
  while (!queued_.empty()) {
    QueuedCommit q = std::move(queued_.front());
    queued_.pop_front();
    if (quorate_) {
      SendCommit(q.request, q.cib_xml, q.base, fx);
    } else {
      in_flight_.erase(q.request);
      fx.logs.push_back("cib: refused change " + std::to_string(q.request) + ": " + kNoQuorum);
      fx.replies.push_back(
          CommitReply{q.request, std::unexpected(Error{ErrorCode::kRefused, kNoQuorum, ""})});
    }
  }
}

void CibMember::OnCommit(NodeId from, const BusMessage& m, Effects& fx) {
  std::optional<RequestId> request;
  if (from == self_) {
    RequestId id = std::strtoull(m.Field("request").c_str(), nullptr, 10);
    if (in_flight_.contains(id)) request = id;
  }
  auto answer = [&](std::expected<CibVersion, Error> result) {
    if (!request) return;
    in_flight_.erase(*request);
    fx.replies.push_back(CommitReply{*request, std::move(result)});
  };
  // Our own change, refused for a reason that may pass: try again (bounded).
  auto retry = [&](const char* why) {
    if (!request) return false;
    InFlight& f = in_flight_[*request];
    if (++f.attempts > kCommitAttempts) return false;
    fx.logs.push_back(std::string("cib: resending change ") + std::to_string(*request) + " (" +
                      why + ")");
    // The entry keeps counting attempts; sent once synced with quorum confirmed.
    queued_.push_back(QueuedCommit{*request, f.cib_xml, f.base});
    FlushQueuedCommits(fx);
    return true;
  };
  if (syncing_) {
    fx.logs.push_back("cib: refused change from " + Name(from) + ": synchronizing");
    if (!retry("synchronizing")) answer(std::unexpected(Error{ErrorCode::kConflict, kSyncing, ""}));
    return;
  }
  auto patch = ParsePatch(m.body, "change from " + Name(from));
  if (!patch) return answer(std::unexpected(patch.error()));
  auto next = ApplyConfigPatch(cib_, *patch);
  if (!next) {
    fx.logs.push_back("cib: refused change from " + Name(from) + ": " + next.error().message);
    bool may_retry =
        next.error().code == ErrorCode::kConflict && request && !in_flight_[*request].base;
    if (may_retry && retry("another change landed first")) return;
    return answer(std::unexpected(next.error()));
  }
  cib_ = std::move(*next);
  Changed(true, fx);
  fx.logs.push_back("cib: applied change from " + Name(from) + ", now " + version().ToString());
  answer(version());
}

void CibMember::OnNodeState(NodeId from, std::string_view node_state_text, Effects& fx) {
  if (syncing_) return;  // every member re-reports after the sync completes
  auto state = ParseXml(node_state_text, "node_state from " + Name(from));
  if (!state || state->name != "node_state") {
    fx.logs.push_back("cib: ignoring bad node_state from " + Name(from));
    return;
  }
  state->SetAttr("id", std::to_string(from));  // a node reports only its own state
  if (from == self_) own_state_ = *state;
  SetNodeState(cib_, std::move(*state));
  Changed(false, fx);
}

void CibMember::OnNodeStatePatch(NodeId from, const BusMessage& m, Effects& fx) {
  if (syncing_) return;  // every member re-reports whole after the sync completes
  auto patch = NodeStatePatchMessage::FromBus(m);
  auto changed = patch ? ParseXml(patch->xml, "node_state_patch from " + Name(from))
                       : std::expected<XmlNode, Error>(std::unexpected(patch.error()));
  XmlNode* state = MutableNodeState(cib_, std::to_string(from));
  std::string why = !changed                        ? changed.error().ToString()
                    : changed->name != "node_state" ? "not a node_state"
                    : state == nullptr              ? "no node_state of it to patch"
                                                    : "";
  if (why.empty()) {
    changed->SetAttr("id", std::to_string(from));  // a node reports only its own state
    if (!ApplyNodeStatePatch(*state, NodeStatePatch{std::move(*changed), patch->removed})) {
      why = "it does not fit the node_state held here";
    }
  }
  if (!why.empty()) {
    // Every member holds the same base, so every member refuses it alike.
    fx.logs.push_back("cib: ignoring node_state_patch from " + Name(from) + ": " + why);
    return;
  }
  BumpNumUpdates(cib_);
  Changed(false, fx);
}

void CibMember::Changed(bool config, Effects& fx, bool at_once) {
  if (config) ++config_generation_;
  ++generation_;
  fx.persist = true;
  fx.persist_at_once = fx.persist_at_once || config || at_once;
}

bool CibMember::EveryMemberSpeaks(int version) const {
  return std::all_of(members_.begin(), members_.end(), [&](NodeId n) {
    auto it = protocols_.find(n);
    return it != protocols_.end() && it->second >= version;
  });
}

void CibMember::PublishOwnState(const XmlNode* held, const XmlNode& state, Effects& fx) {
  if (held != nullptr && EveryMemberSpeaks(NodeStatePatchMessage::kProtocol)) {
    if (auto patch = DiffNodeState(*held, state)) {
      fx.sends.push_back(Encode(
          NodeStatePatchMessage{SerializeXml(patch->changed, false), std::move(patch->removed)}));
      return;
    }
  }
  fx.sends.push_back(Encode(NodeStateMessage{SerializeXml(state, false, kBusHeaderRoom)}));
}

void CibMember::OnDcStatus(NodeId from, const BusMessage& m, Effects& fx) {
  if (syncing_) return;  // the DC re-sends what it still needs after the sync
  if (!dc_ || from != *dc_) {
    fx.logs.push_back("cib: ignoring " + m.type + " from " + Name(from) + ": not the DC");
    return;
  }
  auto xml = ParseXml(m.body, m.type + " from " + Name(from));
  if (m.type == "fence_history") {
    if (!xml || xml->name != "fencing-history") {
      fx.logs.push_back("cib: ignoring bad fence_history from " + Name(from));
      return;
    }
    ReplaceFenceHistory(cib_, std::move(*xml));
    Changed(false, fx, true);
    return;
  }
  if (!xml || xml->name != "node_state" || xml->AttrOr("id").empty()) {
    fx.logs.push_back("cib: ignoring bad peer_state from " + Name(from));
    return;
  }
  std::string id = xml->AttrOr("id");
  bool member = std::any_of(members_.begin(), members_.end(),
                            [&](NodeId n) { return std::to_string(n) == id; });
  if (member && xml->AttrOr("in_ccm") != "false") {
    // A member reports its own state; the DC may only mark a node down.
    fx.logs.push_back("cib: ignoring peer_state for member " + id + " from " + Name(from));
    return;
  }
  SetNodeState(cib_, *xml);
  Changed(false, fx, true);
  fx.logs.push_back("cib: node " + xml->AttrOr("uname", id) + " marked down by the DC (" +
                    (xml->children.empty() ? "history cleared" : "history kept") + ")");
}

Effects CibMember::RequestCommit(RequestId request, std::string_view cib_xml,
                                 std::optional<CibVersion> base) {
  Effects fx;
  auto reject = [&](Error e) {
    fx.replies.push_back(CommitReply{request, std::unexpected(std::move(e))});
    return fx;
  };
  auto proposed = ParseCibDocument(cib_xml, "<input>");
  if (!proposed) return reject(proposed.error());
  Errors errors = validator_ ? validator_(*proposed, "<input>") : Errors{};
  if (!errors.empty()) {
    Error e =
        errors.size() == 1 ? errors.front() : Error{ErrorCode::kInvalid, JoinErrors(errors), ""};
    fx.logs.push_back("cib: refused a client's change: " + e.ToString());
    return reject(std::move(e));
  }
  queued_.push_back(QueuedCommit{request, std::string(cib_xml), base});
  FlushQueuedCommits(fx);
  return fx;
}

void CibMember::SendCommit(RequestId request, const std::string& cib_xml,
                           std::optional<CibVersion> base, Effects& fx) {
  int attempts = in_flight_.contains(request) ? in_flight_[request].attempts : 0;
  auto proposed = ParseCibDocument(cib_xml, "<input>");
  auto patch = proposed ? MakeConfigPatch(cib_, *proposed, base)
                        : std::expected<CibPatch, Error>(std::unexpected(proposed.error()));
  if (!patch) {
    in_flight_.erase(request);
    fx.replies.push_back(CommitReply{request, std::unexpected(patch.error())});
    return;
  }
  in_flight_[request] = InFlight{cib_xml, base, attempts};
  fx.sends.push_back(Encode(CommitMessage{std::to_string(request), SerializePatch(*patch)}));
}

Effects CibMember::UpdateOwnState(XmlNode node_state) {
  Effects fx;
  XmlNode next = OwnState(std::move(node_state));
  if (!syncing_) {
    PublishOwnState(own_state_published_ ? &own_state_ : nullptr, next, fx);
    own_state_published_ = true;
  }
  own_state_ = std::move(next);
  return fx;
}

std::optional<Effects> CibMember::UpdateOwnResources(std::vector<XmlNode> entries) {
  XmlNode* lrm = own_state_.Child("lrm");
  XmlNode* held = lrm == nullptr ? nullptr : lrm->Child("lrm_resources");
  if (held == nullptr) return std::nullopt;
  NodeStatePatch patch;
  patch.changed.name = "node_state";
  patch.changed.attributes = own_state_.attributes;
  XmlNode& lrm_patch = patch.changed.AddChild("lrm");
  lrm_patch.attributes = lrm->attributes;
  XmlNode& resources = lrm_patch.AddChild("lrm_resources");
  resources.attributes = held->attributes;
  // The own state is patched here, entry by entry, as ApplyNodeStatePatch would (one lookup).
  for (XmlNode& entry : entries) {
    const std::string_view id = entry.Attr("id").value_or("");
    auto same = std::find_if(held->children.rbegin(), held->children.rend(),  // newest first
                             [&](const XmlNode& r) { return r.Attr("id") == id; });
    if (same == held->children.rend()) {
      held->children.push_back(entry);
    } else if (!(*same == entry)) {
      *same = entry;
    } else {
      continue;
    }
    resources.children.push_back(std::move(entry));
  }
  Effects fx;
  if (resources.children.empty()) return fx;  // as it was
  if (syncing_) return fx;  // published after the sync
  if (own_state_published_ && EveryMemberSpeaks(NodeStatePatchMessage::kProtocol)) {
    fx.sends.push_back(Encode(NodeStatePatchMessage{SerializeXml(patch.changed, false), {}}));
  } else {
    fx.sends.push_back(Encode(NodeStateMessage{SerializeXml(own_state_, false, kBusHeaderRoom)}));
    own_state_published_ = true;
  }
  return fx;
}

Effects CibMember::Leave() {
  leaving_ = true;
  return UpdateOwnState(own_state_);
}

XmlNode CibMember::OwnState(XmlNode previous) const {
  XmlNode state = OnlineNodeState(self_, Name(self_), std::move(previous));
  if (leaving_) state.SetAttr("expected", "down");
  return state;
}

Effects CibMember::OnSendFailed(const std::string& payload, const Error& error) {
  Effects fx;
  auto m = Decode<CommitMessage>(payload);
  if (!m) return fx;
  RequestId id = std::strtoull(m->request.c_str(), nullptr, 10);
  if (in_flight_.erase(id) > 0) fx.replies.push_back(CommitReply{id, std::unexpected(error)});
  return fx;
}

Effects CibMember::Reannounce() {
  Effects fx;
  bool in_group = std::find(members_.begin(), members_.end(), self_) != members_.end();
  if (!syncing_ || !in_group) return fx;
  if (sync_source_ == self_) {
    fx.logs.push_back("sync: sending the CIB again (" + version().ToString() + ")");
    fx.sends.push_back(
        Encode(SyncMessage{MembersField(members_), SerializeXml(cib_, false, kBusHeaderRoom)}));
    return fx;
  }
  fx.logs.push_back("sync: announcing CIB version " + version().ToString() + " again");
  fx.sends.push_back(Announcement());
  return fx;
}

std::vector<std::string> CibMember::MissingAnnouncements() const {
  std::vector<std::string> missing;
  if (!syncing_) return missing;
  for (NodeId id : members_) {
    if (!announces_.contains(id)) missing.push_back(Name(id));
  }
  return missing;
}

Effects CibMember::ConfirmQuorumWithoutReport() {
  Effects fx;
  if (quorum_confirmed_ || syncing_) return fx;
  fx.logs.push_back(std::string("quorum: no report from corosync since the membership change; "
                                "the last one stands (") +
                    (quorate_ ? "quorate" : "no quorum") + ")");
  quorum_confirmed_ = true;
  FlushQueuedCommits(fx);
  return fx;
}

}  // namespace keel
