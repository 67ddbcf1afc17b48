#pragma once
// Where IPVSDirector's rules live: the kernel's IPVS through ipvsadm, or an nftables table.
// Side effects only (runs nft / ipvsadm); the rule text comes from nft_ruleset / ipvsadm_commands.

#include <expected>
#include <string>
#include <vector>

#include "agents/health_state.h"
#include "agents/ipvs_config.h"

namespace keel {

struct BackendChoice {
  IpvsBackend backend = IpvsBackend::kNft;  // never kAuto
  std::string reason;                       // "nft (no /proc/net/ip_vs)" ...
};

// Resolves backend=auto by probing /proc/net/ip_vs; errors kNotFound when the chosen tool is
// missing, kNotSupported (where = parameter) when nft cannot express the configuration.
std::expected<BackendChoice, Error> ChooseBackend(const IpvsConfig& config);

// Installs `after`. `first` replaces whatever exists; otherwise only the difference from
// `before` is applied (nft always swaps the whole table atomically).
std::expected<void, Error> ApplyRules(IpvsBackend backend, const IpvsConfig& config,
                                      const std::string& table,
                                      const std::vector<Destination>& before,
                                      const std::vector<Destination>& after, bool first);
// Removes the service / table; succeeds when it is already gone.
std::expected<void, Error> RemoveRules(IpvsBackend backend, const IpvsConfig& config,
                                       const std::string& table);
bool RulesPresent(IpvsBackend backend, const IpvsConfig& config, const std::string& table);

}  // namespace keel
