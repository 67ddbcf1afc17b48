#include "crmd/protocol/message_registry.h"

namespace keel {

MessageRegistry::MessageRegistry(NameOf name_of, Log log)
    : name_of_(std::move(name_of)), log_(std::move(log)) {}

void MessageRegistry::OnRaw(std::string_view type, RawHandler handler) {
  handlers_[std::string(type)] = std::move(handler);
}

bool MessageRegistry::Handles(std::string_view type) const {
  return handlers_.find(type) != handlers_.end();
}

void MessageRegistry::Say(const std::string& line) const {
  if (log_) log_(line);
}

MessageRegistry::Outcome MessageRegistry::Dispatch(NodeId from, std::string_view payload) {
  auto m = DecodeBusMessage(payload);
  if (!m) {
    Say("bus: ignoring message from " + name_of_(from) + ": " + m.error().message);
    return Outcome::kUndecodable;
  }
  auto version = MessageVersion(*m);
  if (!version) {
    Say("bus: ignoring " + m->type + " from " + name_of_(from) + ": " + version.error().message);
    return Outcome::kUndecodable;
  }
  if (*version > kProtocolVersion) {
    // Rolling upgrades: a newer node must speak our version to us; what it wrote in a newer
    // one is not understood here, so it is dropped whole rather than read half.
    Say("bus: ignoring " + m->type + " from " + name_of_(from) + ": protocol version " +
        std::to_string(*version) + ", this node speaks " + std::to_string(kProtocolVersion));
    return Outcome::kNewerVersion;
  }
  auto it = handlers_.find(m->type);
  if (it == handlers_.end()) {
    Say("bus: ignoring unknown message type '" + m->type + "' from " + name_of_(from));
    return Outcome::kUnknownType;
  }
  bad_fields_ = false;
  it->second(from, *m, payload);
  return bad_fields_ ? Outcome::kBadFields : Outcome::kHandled;
}

}  // namespace keel
