#pragma once
// Test helper: an IpvsConfig parsed from parameter pairs (defaults from the agent's spec).

#include <map>
#include <string>

#include "agents/ipvs_config.h"

namespace keel {

inline IpvsConfig TestIpvsConfig(std::map<std::string, std::string> values) {
  auto config = ParseIpvsConfig(OcfParams(std::move(values)).WithDefaults(IpvsDirectorSpec()));
  if (!config) return IpvsConfig{};
  return *config;
}

}  // namespace keel
