#pragma once
// One struct per bus message, with its encoding on the BusMessage framing. Pure: no I/O, no
// XML parsing (bodies that are XML stay text here; the receiving component parses them).
//
//   type              sent by             to                what
//   announce          every member        all               after a membership change: CIB version,
//   protocol sync              sync source         all               the whole CIB after a
//   membership change commit            a member            all               a client's CIB change
//   (a patch) node_state        a member            all               its own node_state peer_state
//   the DC              all               another node's node_state (marked down) fence_history the
//   DC              all               the fencing history action            the DC              one
//   node          run one action of a transition result            a member            all how an
//   action or recurring monitor ended cleanup           the origin          all (or one) forget a
//   resource's history, re-probe cleanup-done      a member            all               its
//   cleanup round is over fence-request     a member            the DC            fence a node (crm
//   node fence) fence-run         the DC              one node          run a fence agent there
//   fence-run-result  that node           the DC            the agent's exit
//   fence-outcome     the DC              the requesters    how a client's fencing ended
//
// Each struct has kType, ToBus() and a static FromBus(); FromBus errors (kInvalid) name the
// message type and the missing or bad field.

#include <cstdint>
#include <expected>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "crmd/protocol/bus_message.h"
#include "xml/base/error.h"

namespace keel {

struct AnnounceMessage {
  static constexpr std::string_view kType = "announce";
  friend bool operator==(const AnnounceMessage&, const AnnounceMessage&) = default;
  std::string members;      // the CPG view it was sent for, "1,2,3"
  std::string cib_version;  // "ADMIN_EPOCH.EPOCH.NUM_UPDATES"
  int protocol = 1;         // the sender's protocol version (absent: 1)
  std::string digest;       // sha256 of the sender's whole CIB (absent: "", older peers)
  BusMessage ToBus() const;
  static std::expected<AnnounceMessage, Error> FromBus(const BusMessage& m);
};

struct SyncMessage {
  static constexpr std::string_view kType = "sync";
  friend bool operator==(const SyncMessage&, const SyncMessage&) = default;
  std::string members;
  std::string cib_xml;
  BusMessage ToBus() const&;
  BusMessage ToBus() &&;  // moves cib_xml into the body
  static std::expected<SyncMessage, Error> FromBus(const BusMessage& m);
};

struct CommitMessage {
  static constexpr std::string_view kType = "commit";
  friend bool operator==(const CommitMessage&, const CommitMessage&) = default;
  std::string request;  // the origin's request id, decimal
  std::string patch;    // a serialized CIB patch
  BusMessage ToBus() const;
  static std::expected<CommitMessage, Error> FromBus(const BusMessage& m);
};

// node_state, peer_state and fence_history carry one XML element as their body.
struct NodeStateMessage {
  static constexpr std::string_view kType = "node_state";
  friend bool operator==(const NodeStateMessage&, const NodeStateMessage&) = default;
  std::string xml;
  BusMessage ToBus() const&;
  BusMessage ToBus() &&;  // moves xml into the body
  static std::expected<NodeStateMessage, Error> FromBus(const BusMessage& m);
};

// Protocol 2: a change to the sender's node_state (crmd/cib/node_state_patch.h), sent only when
// every member announced protocol 2 or newer; "removed" lists the lrm_resource ids dropped,
// space-separated (ids have no blanks).
struct NodeStatePatchMessage {
  static constexpr std::string_view kType = "node_state_patch";
  static constexpr int kProtocol = 2;
  friend bool operator==(const NodeStatePatchMessage&, const NodeStatePatchMessage&) = default;
  std::string xml;
  std::vector<std::string> removed;
  BusMessage ToBus() const;
  static std::expected<NodeStatePatchMessage, Error> FromBus(const BusMessage& m);
};

// The acting DC still waits for these members' post-sync node_state: each named member
// publishes its node_state again (a node of an older version logs the type and ignores it).
struct StatusRequestMessage {
  static constexpr std::string_view kType = "status-request";
  friend bool operator==(const StatusRequestMessage&, const StatusRequestMessage&) = default;
  std::string nodes;  // comma-separated corosync node ids
  BusMessage ToBus() const;
  static std::expected<StatusRequestMessage, Error> FromBus(const BusMessage& m);
};

// `crm cluster stop --all`: every member shuts down cleanly (crmd/node/shutdown_sequence.h).
struct ShutdownRequestMessage {
  static constexpr std::string_view kType = "shutdown-request";
  friend bool operator==(const ShutdownRequestMessage&, const ShutdownRequestMessage&) = default;
  std::string origin;  // the node whose client asked, for the log
  BusMessage ToBus() const;
  static std::expected<ShutdownRequestMessage, Error> FromBus(const BusMessage& m);
};

struct PeerStateMessage {
  static constexpr std::string_view kType = "peer_state";
  friend bool operator==(const PeerStateMessage&, const PeerStateMessage&) = default;
  std::string xml;
  BusMessage ToBus() const;
  static std::expected<PeerStateMessage, Error> FromBus(const BusMessage& m);
};

struct FenceHistoryMessage {
  static constexpr std::string_view kType = "fence_history";
  friend bool operator==(const FenceHistoryMessage&, const FenceHistoryMessage&) = default;
  std::string xml;
  BusMessage ToBus() const;
  static std::expected<FenceHistoryMessage, Error> FromBus(const BusMessage& m);
};

struct ActionMessage {
  static constexpr std::string_view kType = "action";
  friend bool operator==(const ActionMessage&, const ActionMessage&) = default;
  std::string key;
  std::string node;
  std::string task;
  std::string resource;
  int64_t interval_ms = 0;
  int64_t timeout_ms = 0;
  int clone_instance = -1;  // N of an anonymous clone's instance "resource:N"; -1: none
  std::string role{};       // a role monitor's role ("Promoted", "Unpromoted"); "": none
  // A notify action's variables (names without OCF_RESKEY_CRM_meta_: "notify_type", ...).
  std::map<std::string, std::string> meta{};
  BusMessage ToBus() const;
  static std::expected<ActionMessage, Error> FromBus(const BusMessage& m);
};

struct ResultMessage {
  static constexpr std::string_view kType = "result";
  friend bool operator==(const ResultMessage&, const ResultMessage&) = default;
  std::string key;  // "" for results no transition asked for
  std::string node;
  std::string resource;
  std::string task;
  int64_t interval_ms = 0;
  int rc = 0;
  int op_status = 0;
  bool failure = false;  // as IsFailure judged it on the node
  BusMessage ToBus() const;
  static std::expected<ResultMessage, Error> FromBus(const BusMessage& m);
};

struct CleanupMessage {
  static constexpr std::string_view kType = "cleanup";
  friend bool operator==(const CleanupMessage&, const CleanupMessage&) = default;
  std::string rscs;     // primitives, comma-separated
  std::string node;     // "" for every member
  std::string origin;   // the requesting node's name
  std::string request;  // its request id, decimal
  BusMessage ToBus() const;
  static std::expected<CleanupMessage, Error> FromBus(const BusMessage& m);
};

struct CleanupDoneMessage {
  static constexpr std::string_view kType = "cleanup-done";
  friend bool operator==(const CleanupDoneMessage&, const CleanupDoneMessage&) = default;
  std::string origin;
  std::string request;
  std::string from;  // the node that cleaned up
  std::string rscs;
  std::string note;
  BusMessage ToBus() const;
  static std::expected<CleanupDoneMessage, Error> FromBus(const BusMessage& m);
};

struct FenceRequestMessage {
  static constexpr std::string_view kType = "fence-request";
  friend bool operator==(const FenceRequestMessage&, const FenceRequestMessage&) = default;
  std::string target;
  std::string requester;  // "crm@NODE#ID" for a client, or a node's own request
  std::optional<std::string> action;
  BusMessage ToBus() const;
  static std::expected<FenceRequestMessage, Error> FromBus(const BusMessage& m);
};

struct FenceRunMessage {
  static constexpr std::string_view kType = "fence-run";
  friend bool operator==(const FenceRunMessage&, const FenceRunMessage&) = default;
  std::string dc;   // the DC that asks
  std::string gen;  // its fencer's generation
  std::string xml;  // <fence-run> (fencing/fence_wire.h)
  BusMessage ToBus() const;
  static std::expected<FenceRunMessage, Error> FromBus(const BusMessage& m);
};

struct FenceRunResultMessage {
  static constexpr std::string_view kType = "fence-run-result";
  friend bool operator==(const FenceRunResultMessage&, const FenceRunResultMessage&) = default;
  std::string dc;
  std::string gen;
  std::string xml;  // <fence-run-result>
  BusMessage ToBus() const;
  static std::expected<FenceRunResultMessage, Error> FromBus(const BusMessage& m);
};

struct FenceOutcomeMessage {
  static constexpr std::string_view kType = "fence-outcome";
  friend bool operator==(const FenceOutcomeMessage&, const FenceOutcomeMessage&) = default;
  std::string op;  // "" when the request was refused
  std::string target;
  bool success = false;
  std::string reason;
  std::string requesters;  // comma-separated
  BusMessage ToBus() const;
  static std::expected<FenceOutcomeMessage, Error> FromBus(const BusMessage& m);
};

// A transient node attribute update (attrd_updater, crm_attribute -l reboot), applied by every
// member in CPG order (crmd/node/node_attributes.h). The value travels in the body: it may
// hold newlines.
struct AttributeMessage {
  static constexpr std::string_view kType = "attribute";
  friend bool operator==(const AttributeMessage&, const AttributeMessage&) = default;
  std::string op;    // "set" or "delete"
  std::string node;  // the node the attribute belongs to
  std::string name;
  std::string value;
  std::optional<int64_t> dampen_ms;  // absent: keep the attribute's delay
  bool is_private = false;
  std::string origin;   // the requesting node's name
  std::string request;  // its request id, decimal ("" when no client waits)
  BusMessage ToBus() const;
  static std::expected<AttributeMessage, Error> FromBus(const BusMessage& m);
};

// Encodes any of the structs above.
// Encodes any of the structs above; a temporary's body is moved, not copied (SyncMessage,
// NodeStateMessage: give the text kBusHeaderRoom spare capacity and it is not copied at all).
template <typename M>
std::string Encode(M&& message) {
  return EncodeBusMessage(std::forward<M>(message).ToBus());
}

// Decodes a payload as M: framing, type word, then M's own fields.
template <typename M>
std::expected<M, Error> Decode(std::string_view payload) {
  auto m = DecodeBusMessage(payload);
  if (!m) return std::unexpected(m.error());
  if (m->type != M::kType) {
    return std::unexpected(
        Error{ErrorCode::kInvalid, "not a " + std::string(M::kType) + " message", "bus"});
  }
  return M::FromBus(*m);
}

// The controller's long-standing names for the two it sends most.
inline std::string EncodeAction(const ActionMessage& m) { return Encode(m); }
inline std::string EncodeResult(const ResultMessage& m) { return Encode(m); }
std::expected<ActionMessage, Error> DecodeAction(std::string_view payload);
std::expected<ResultMessage, Error> DecodeResult(std::string_view payload);

// The message type word of a bus payload ("" when it has none).
std::string PayloadType(std::string_view payload);

// List fields on the wire ("n1,n2", "2,3"): joined with `sep`; split skipping empty items.
std::string JoinList(const std::vector<std::string>& items, std::string_view sep = ",");
std::vector<std::string> SplitList(std::string_view text);

}  // namespace keel
