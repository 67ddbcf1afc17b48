#pragma once
// The nftables backend of IPVSDirector: one table per resource instance holding a DNAT rule
// that spreads new connections to VIP:port over the destinations. Pure text generation.

#include <expected>
#include <string>
#include <vector>

#include "agents/health_state.h"
#include "agents/ipvs_config.h"

namespace keel {

// Errors (kNotSupported, `where` = the parameter) when the configuration needs something nft
// DNAT cannot do: DR/TUN forwarding, connection-count schedulers (lc, wlc, ...), persistence
// other than through the sh scheduler.
std::expected<void, Error> CheckNftSupport(const IpvsConfig& config);

// A complete `nft -f` script that atomically replaces table `table` (created when missing)
// with the rules for `destinations`: rr -> numgen inc over one slot each; wrr -> numgen inc
// over sum(weights) slots; sh / dh -> jhash of the source / destination address over
// sum(weights) slots. Weight-0 destinations get no slot; with none left, connections are
// rejected (tcp reset / icmp port unreachable). With masquerade, a postrouting chain also
// rewrites the source of the connections it forwarded to the director's address.
std::string NftRuleset(const IpvsConfig& config, const std::string& table,
                       const std::vector<Destination>& destinations);

// The script that removes the table (fails when it does not exist).
std::string NftDeleteTable(const std::string& table);

}  // namespace keel
