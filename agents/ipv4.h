#pragma once
// IPv4 addresses and the parts of `ip -o -4 route` / `ip -o -4 addr` output the agents read.
// Pure functions: no I/O.

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "xml/base/error.h"

namespace keel {

// Dotted quad -> host-order address. Rejects anything but four decimal octets 0-255.
std::expected<uint32_t, Error> ParseIpv4(std::string_view text);
std::string FormatIpv4(uint32_t address);
// Host-order mask of `prefix` leading ones (0..32).
uint32_t PrefixMask(int prefix);
bool InSubnet(uint32_t address, uint32_t network, int prefix);

// A linux interface name: 1-15 chars, no '/', ':' or whitespace.
bool ValidInterfaceName(std::string_view name);

struct RouteEntry {
  uint32_t network = 0;
  int prefix = 0;
  std::string dev;
  bool via_gateway = false;
};

// Parses `ip -o -4 route show` lines ("198.18.0.0/24 dev eth0 proto kernel scope link ...",
// "default via 198.18.0.254 dev eth0"). Lines it does not understand are skipped.
std::vector<RouteEntry> ParseRoutes(std::string_view output);
// The directly connected (no gateway) route with the longest prefix containing `address`.
std::optional<RouteEntry> FindConnectedRoute(const std::vector<RouteEntry>& routes,
                                             uint32_t address);

struct AddressEntry {
  std::string dev;
  uint32_t address = 0;
  int prefix = 0;
  std::string label;  // the trailing label ("eth0:vip"); equals dev when none was set
};

// Parses `ip -o -4 addr show` lines ("2: eth0    inet 198.18.0.1/24 brd ... scope global
// eth0:vip\       valid_lft forever ...").
std::vector<AddressEntry> ParseAddresses(std::string_view output);

}  // namespace keel
