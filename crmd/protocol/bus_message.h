#pragma once
// What crmds say to each other over the bus: a type word, key=value fields, and a body.
// Text, so that a trace is readable:  "TYPE\nkey=value\n...\n\nBODY".
//
// Versions: a message of protocol version N > 1 carries the field "proto=N"; version 1 (every
// message Keel sent before the protocol was versioned) carries none. Each node announces the
// version it speaks when it joins (AnnounceMessage::protocol, crmd/protocol/bus_messages.h).

#include <expected>
#include <map>
#include <string>
#include <string_view>

#include "xml/base/error.h"

namespace keel {

// The bus protocol this build speaks.
// 2: node_state_patch (sent only when every member speaks 2).
// 3: batch, several messages of one loop turn as one (crmd/protocol/batch_message.h; sent only
//    when every member speaks 3).
inline constexpr int kProtocolVersion = 3;

struct BusMessage {
  std::string type;                           // commit, node_state, announce, sync, ...
  std::map<std::string, std::string> fields;  // no '\n' in keys, no '=' in keys; a value's
                                              // lines are sent joined by "; "
  std::string body;                           // any bytes

  std::string Field(const std::string& key) const;  // "" when absent
  friend bool operator==(const BusMessage&, const BusMessage&) = default;
};

std::string EncodeBusMessage(const BusMessage& message);
// The same, reusing the body's buffer: a body with kBusHeaderRoom spare capacity gets the type
// and field lines put in front of it in place. At 16 x 1,000 a node_state body is 0.45 MB and
// a sync's 7 MB; the text, the message's copy and the payload were three of them at once.
std::string EncodeBusMessage(BusMessage&& message);
inline constexpr size_t kBusHeaderRoom = 256;
// Errors (kParse) say what is malformed; the framing only, not the type's own fields.
std::expected<BusMessage, Error> DecodeBusMessage(std::string_view bytes);
// The same with the body left in `bytes` (message.body stays empty): a receiver parses a
// node_state (0.45 MB at 16 x 1,000) or a sync (7 MB) from the payload instead of a copy.
struct BusMessageView {
  BusMessage message;
  std::string_view body;
};
std::expected<BusMessageView, Error> DecodeBusMessageView(std::string_view bytes);

// The protocol version a message was written in: 1 without a "proto" field; an error when the
// field is not a positive number.
std::expected<int, Error> MessageVersion(const BusMessage& message);

}  // namespace keel
