#pragma once
// Keel's own OCF agents (ocf:keel:TYPE), so that tools know their meta-data without running
// an installed copy.

#include <string_view>
#include <vector>

#include "agents/meta_data.h"

namespace keel {

// Every ocf:keel agent's description, in type order.
const std::vector<const AgentDescription*>& KeelAgentSpecs();

// The agent named `type` (IPaddr, IPVSDirector, Proxy, ping), or nullptr.
const AgentDescription* FindKeelAgentSpec(std::string_view type);

}  // namespace keel
