#pragma once
// One node's share of the replicated CIB, as a state machine: events in (membership,
// delivered messages, client requests), effects out (messages to send, CIB to persist,
// client replies, log lines). No I/O here; crmd/daemon.cc performs the effects.
//
// Protocol (every decision is made at the same point of the bus's total order, so every
// member makes the same one):
// * Membership change: DC = ElectDc(members); every member enters `syncing` and announces
//   its CIB version and the sha256 of its whole CIB. When all members have announced, the
//   highest version wins (ties: the lowest node id); the winner broadcasts its CIB, everyone
//   adopts it and leaves `syncing`, then each member re-announces its own node_state (status
//   is rebuilt from what each node reports). When every member announced the same version and
//   digest (the usual case after nodes only left), they already hold the same CIB: each
//   leaves `syncing` at that announcement, and nothing is sent.
// * Commit: only in a partition known to be quorate (corosync's report for the current
//   membership; without quorum the client gets an error and nothing changes, so a merge never
//   loses an acknowledged change). Validated at the origin, broadcast as a configuration patch
//   (xml/cib_diff.h) whose source is the origin's configuration version, applied in delivery order;
//   refused identically everywhere while syncing or when the configuration moved on since the
//   patch's source. The origin resends its own refused change (bounded) unless the client
//   pinned a base version, and answers its client when its own message comes back.

// * Status: each member broadcasts its own node_state after the sync, whole; later changes
//   go as node_state_patch (crmd/cib/node_state_patch.h) when every member speaks protocol 2.
// * DC status: "peer_state" (a lost node marked down) and "fence_history" are applied only
//   when they come from the current DC (crmd/cib/dc_status.h).

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "crmd/cib/cib_document.h"
#include "crmd/election/election.h"
#include "crmd/membership/cluster_bus.h"
#include "crmd/protocol/bus_message.h"

namespace keel {

using RequestId = uint64_t;

struct CommitReply {
  RequestId request = 0;
  std::expected<CibVersion, Error> result;
};

struct Effects {
  std::vector<std::string> logs;   // one line per decision, with its reason
  bool persist = false;            // write cib() to stable storage (before replies go out)
  // ... without waiting for the status write interval (crmd/cib/cib_writer.h): the
  // configuration may have changed (a commit, a sync), or the DC marked a node down or
  // recorded fencing, which the start-up wait reads from the stored status.
  bool persist_at_once = false;
  std::vector<std::string> sends;  // payloads to broadcast, in order
  std::vector<CommitReply> replies;
  bool became_dc_acting = false;  // this node is DC and the CIB is synced: DC may act
};

// Checks a proposed CIB; empty when valid. Each error names its place.
using CibValidator = std::function<Errors(const XmlNode& cib, std::string_view source)>;
using NodeNamer = std::function<std::string(NodeId)>;

class CibMember {
 public:
  CibMember(NodeId self, XmlNode initial_cib, CibValidator validator, NodeNamer namer);

  Effects OnMembership(const std::vector<NodeId>& members);
  Effects OnQuorum(bool quorate);
  Effects OnDeliver(NodeId from, std::string_view payload);
  // A client asks to commit `cib_xml` (see CibClient::Commit). Answered now when invalid,
  // else once the change has been delivered back here (accepted or refused).
  Effects RequestCommit(RequestId request, std::string_view cib_xml,
                        std::optional<CibVersion> base);
  // This node's own status changed (executor history, attributes): `node_state` replaces
  // what this node reports; it is broadcast now, or after the sync when syncing.
  Effects UpdateOwnState(XmlNode node_state);
  // Only these lrm_resource entries of this node's state changed (new or replaced): they are
  // broadcast as a patch (the whole state when a member cannot read patches or nothing was
  // published yet), now or after the sync. nullopt when this node's state has no
  // lrm_resources yet: the caller publishes the whole state (UpdateOwnState).
  std::optional<Effects> UpdateOwnResources(std::vector<XmlNode> entries);
  // This node leaves on purpose (a clean shutdown): from now on its node_state says
  // expected="down" (the DC then treats its departure as offline, not lost); broadcast now,
  // or after the sync when syncing.
  Effects Leave();
  // Sending failed: the requests in that payload get an error reply.
  Effects OnSendFailed(const std::string& payload, const Error& error);
  // The sync has not completed for a while: announces this member's version again (and sends
  // the CIB again when this member is the chosen source). Duplicates are harmless: an
  // announcement replaces the sender's earlier one, a second sync is ignored once synced.
  Effects Reannounce();
  // Corosync has not reported quorum since the last membership change (it normally does
  // within milliseconds): the last report stands, and queued commits go on (or are refused).
  Effects ConfirmQuorumWithoutReport();
  // Quorum has been reported since the last membership change.
  bool quorum_confirmed() const { return quorum_confirmed_; }
  // While syncing: the members whose announcement has not arrived (names), for log lines.
  std::vector<std::string> MissingAnnouncements() const;

  const XmlNode& cib() const { return cib_; }
  // Bumped whenever the configuration may have changed (a commit applied, a sync adopted: a
  // sync can bring another configuration under the same version after a partition); the key
  // of anything derived from the configuration, never the version alone.
  uint64_t config_generation() const { return config_generation_; }
  // Bumped on every change of cib() (configuration or status).
  uint64_t generation() const { return generation_; }
  CibVersion version() const { return VersionOf(cib_).value_or(CibVersion{}); }
  const std::vector<NodeId>& members() const { return members_; }
  std::optional<NodeId> dc() const { return dc_; }
  bool quorate() const { return quorate_; }
  // Every member of this membership announced bus protocol `version` or newer (false until
  // each has announced).
  bool EveryMemberSpeaks(int version) const;
  bool syncing() const { return syncing_; }

 private:
  void OnAnnounce(NodeId from, const BusMessage& m, Effects& fx);
  void OnSync(NodeId from, const BusMessage& m, std::string_view cib_text, Effects& fx);
  // Leaves `syncing` holding cib_ (`adopted` from the sync source, or already the same
  // everywhere).
  void FinishSync(bool adopted, const std::string& how, Effects& fx);
  // Every member announced the same version and the same non-empty digest.
  bool EveryMemberHoldsTheSameCib() const;
  // This member's announcement for the current membership, encoded.
  std::string Announcement() const;
  void OnCommit(NodeId from, const BusMessage& m, Effects& fx);
  void OnNodeState(NodeId from, std::string_view node_state_text, Effects& fx);
  void OnNodeStatePatch(NodeId from, const BusMessage& m, Effects& fx);
  // Broadcasts `state` (this node's node_state): as a patch to `held`, what the members hold of
  // it, when there is one and every member speaks protocol 2, else whole.
  void PublishOwnState(const XmlNode* held, const XmlNode& state, Effects& fx);
  // "peer_state" / "fence_history" (crmd/cib/dc_status.h): accepted only from the DC.
  void OnDcStatus(NodeId from, const BusMessage& m, Effects& fx);
  // Sends (or, without quorum, refuses) the commits waiting for the sync and the quorum report.
  void FlushQueuedCommits(Effects& fx);
  void SendCommit(RequestId request, const std::string& cib_xml, std::optional<CibVersion> base,
                  Effects& fx);
  std::string Name(NodeId id) const { return namer_(id); }
  // cib_ changed (`config`: maybe its configuration too): bumps the generations, persists
  // (`at_once`, or when `config`: without waiting for the status write interval).
  void Changed(bool config, Effects& fx, bool at_once = false);

  NodeId self_;
  XmlNode cib_;
  uint64_t config_generation_ = 0;
  uint64_t generation_ = 0;
  CibValidator validator_;
  NodeNamer namer_;
  std::vector<NodeId> members_;
  std::optional<NodeId> dc_;
  bool quorate_ = false;
  bool syncing_ = true;  // until the first sync completes
  bool quorum_confirmed_ = false;  // quorum reported since the last membership change
  std::map<NodeId, CibVersion> announces_;
  std::map<NodeId, std::string> digests_;  // each member's announced CIB digest ("": none)
  std::map<NodeId, int> protocols_;  // each member's announced bus protocol (this membership)
  std::optional<NodeId> sync_source_;
  XmlNode own_state_;  // this node's node_state, as it reports it after every sync
  // The members hold own_state_ since the sync: the next report is a patch to it (a copy of
  // what was published, 0.5 MB at 1,000 resources, is no longer kept).
  bool own_state_published_ = false;
  bool leaving_ = false;
  // `previous` as this node's online node_state (expected="down" once leaving).
  XmlNode OwnState(XmlNode previous) const;

  struct QueuedCommit {
    RequestId request;
    std::string cib_xml;
    std::optional<CibVersion> base;
  };
  std::deque<QueuedCommit> queued_;  // asked while syncing; sent when the sync completes
  struct InFlight {
    std::string cib_xml;
    std::optional<CibVersion> base;
    int attempts = 0;
  };
  std::map<RequestId, InFlight> in_flight_;  // sent, waiting for self-delivery
};

}  // namespace keel
