#pragma once
// ocf:keel:IPaddr parameters: parsing and resolution against the routing table. Pure.

#include <cstdint>
#include <expected>
#include <string>
#include <vector>

#include "agents/ipv4.h"
#include "agents/meta_data.h"
#include "agents/ocf.h"

namespace keel {

struct IpaddrConfig {
  uint32_t ip = 0;
  int prefix = -1;          // -1: take it from the connected route (else 32)
  std::string nic;          // empty: take it from the connected route
  std::string broadcast;    // dotted quad, or empty for the computed one ("brd +")
  std::string label;        // without the "nic:" part
  int arp_count = 5;
  int arp_interval_ms = 200;
};

// The agent's description (parameters with defaults, actions) for meta-data.
const AgentDescription& IpaddrSpec();

// Parses the parameters; reports every bad one (`where` = parameter name).
std::expected<IpaddrConfig, Errors> ParseIpaddrConfig(const OcfParams& params);

// Fills nic and prefix from the connected route holding the address when they were not given.
// Errors when no route helps, or when nic + label is longer than 15 characters.
std::expected<IpaddrConfig, Error> ResolveIpaddrConfig(IpaddrConfig config,
                                                       const std::vector<RouteEntry>& routes);

}  // namespace keel
