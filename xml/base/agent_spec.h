#pragma once
// Which agent runs a resource: "ocf:heartbeat:Dummy", "lsb:haproxy", "heartbeat:IPaddr",
// "stonith:fence_ipmilan" (a fence device: the executor runs only its monitor).
// The one AgentSpec of Keel (agents/ describe their meta-data with AgentDescription).

#include <expected>
#include <string>
#include <string_view>

#include "xml/base/error.h"

namespace keel {

enum class AgentClass { kOcf, kLsb, kHeartbeat, kStonith };

// Provider is empty except for ocf.
struct AgentSpec {
  AgentClass agent_class = AgentClass::kOcf;
  std::string provider;
  std::string type;

  std::string ToString() const;
  friend auto operator<=>(const AgentSpec&, const AgentSpec&) = default;
};

// Parses "class[:provider]:type"; the type must be a plain file name (no '/', not "." or "..").
std::expected<AgentSpec, Error> ParseAgentSpec(std::string_view text);
std::string_view AgentClassName(AgentClass agent_class);

}  // namespace keel
