#pragma once
// An agent's self-description (the `meta-data` action's XML), parsed into what the controller
// and the CLI need: parameters and default action timeouts.

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crmd/executor/action.h"
#include "xml/base/error.h"

namespace keel {

struct AgentParameter {
  std::string name;
  bool required = false;
  bool unique = false;
  std::string type;                          // content type: string, integer, boolean, ...
  std::optional<std::string> default_value;  // as the agent printed it
};

struct AgentActionInfo {
  std::string name;
  int64_t timeout_ms = 0;  // 0 when the agent gives none
  int64_t interval_ms = 0;
  int depth = 0;
  std::string role;
};

struct AgentMetadata {
  AgentSpec agent;
  std::string name;     // <resource-agent name=>
  std::string version;  // <resource-agent version=>
  std::vector<AgentParameter> parameters;
  std::vector<AgentActionInfo> actions;
  std::string xml;  // the text as the agent printed it (empty when synthesized)

  const AgentParameter* Parameter(std::string_view param) const;
  // The agent's default timeout for `action` (the first entry of that name), if any.
  std::optional<int64_t> DefaultTimeoutMs(std::string_view action) const;
};

// Parses meta-data output; leading noise before the first '<' is skipped. Errors name the agent.
std::expected<AgentMetadata, Error> ParseAgentMetadata(std::string_view text,
                                                       const AgentSpec& agent);

// lsb and heartbeat agents print no meta-data: a description with their fixed actions.
AgentMetadata SyntheticMetadata(const AgentSpec& agent);

}  // namespace keel
