#pragma once
// Routes bus payloads to handlers by message type. Every payload that is not handled is
// logged with its sender and type and then dropped, never half-handled:
//   - undecodable framing ("bus: ignoring message from n2: malformed bus message: ...");
//   - a protocol version newer than this build's (kProtocolVersion): logged and ignored;
//   - an unknown type ("bus: ignoring unknown message type 'x' from n2");
//   - a typed handler's FromBus error ("bus: ignoring bad cleanup from n2: ...").
// One handler per type. Pure: the caller decides what a handler does (no I/O here).

#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "crmd/membership/cluster_bus.h"
#include "crmd/protocol/bus_message.h"

namespace keel {

class MessageRegistry {
 public:
  // The framing-level view: the decoded envelope and the raw payload (for handlers that still
  // take the payload whole).
  using RawHandler =
      std::function<void(NodeId from, const BusMessage& message, std::string_view payload)>;
  using Log = std::function<void(const std::string& line)>;
  using NameOf = std::function<std::string(NodeId id)>;

  enum class Outcome { kHandled, kUndecodable, kNewerVersion, kUnknownType, kBadFields };

  // `name_of` names senders in log lines; `log` may be empty (nothing logged).
  MessageRegistry(NameOf name_of, Log log);

  // One handler per type: a second registration for the same type replaces the first.
  void OnRaw(std::string_view type, RawHandler handler);

  // A typed handler: M is one of crmd/protocol/bus_messages.h's structs.
  template <typename M>
  void On(std::function<void(NodeId from, const M& message)> handler) {
    OnRaw(M::kType,
          [this, handler = std::move(handler)](NodeId from, const BusMessage& m, std::string_view) {
            auto typed = M::FromBus(m);
            if (!typed) {
              bad_fields_ = true;
              Say("bus: ignoring bad " + m.type + " from " + name_of_(from) + ": " +
                  typed.error().ToString());
              return;
            }
            handler(from, *typed);
          });
  }

  bool Handles(std::string_view type) const;

  // Decodes and routes one payload; says what happened (tests, counters).
  Outcome Dispatch(NodeId from, std::string_view payload);

 private:
  void Say(const std::string& line) const;

  NameOf name_of_;
  Log log_;
  std::map<std::string, RawHandler, std::less<>> handlers_;
  bool bad_fields_ = false;  // set by a typed handler during Dispatch
};

}  // namespace keel
