#include "agents/ipv4.h"

#include <charconv>
#include <sstream>

namespace keel {
namespace {

std::vector<std::string> Words(std::string_view line) {
  std::vector<std::string> words;
  std::istringstream in{std::string(line)};
  std::string word;
  while (in >> word) words.push_back(word);
  return words;
}

// "a.b.c.d/n" or "a.b.c.d" (prefix 32) -> (address, prefix).
std::optional<std::pair<uint32_t, int>> ParseCidr(std::string_view text) {
  int prefix = 32;
  size_t slash = text.find('/');
  if (slash != std::string_view::npos) {
    std::string_view p = text.substr(slash + 1);
    auto [ptr, ec] = std::from_chars(p.data(), p.data() + p.size(), prefix);
    if (ec != std::errc() || ptr != p.data() + p.size() || prefix < 0 || prefix > 32) {
      return std::nullopt;
    }
    text = text.substr(0, slash);
  }
  auto address = ParseIpv4(text);
  if (!address) return std::nullopt;
  return std::make_pair(*address, prefix);
}

}  // namespace

std::expected<uint32_t, Error> ParseIpv4(std::string_view text) {
  Error error{ErrorCode::kInvalid, "not an IPv4 address: '" + std::string(text) + "'", ""};
  uint32_t address = 0;
  std::string_view rest = text;
  for (int i = 0; i < 4; ++i) {
    size_t dot = rest.find('.');
    std::string_view part = i < 3 ? rest.substr(0, dot) : rest;
    if ((i < 3 && dot == std::string_view::npos) || part.empty() || part.size() > 3) {
      return std::unexpected(error);
    }
    unsigned octet = 0;
    auto [ptr, ec] = std::from_chars(part.data(), part.data() + part.size(), octet);
    if (ec != std::errc() || ptr != part.data() + part.size() || octet > 255) {
      return std::unexpected(error);
    }
    address = (address << 8) | octet;
    if (i < 3) rest = rest.substr(dot + 1);
  }
  return address;
}

std::string FormatIpv4(uint32_t address) {
  return std::to_string(address >> 24) + "." + std::to_string((address >> 16) & 255) + "." +
         std::to_string((address >> 8) & 255) + "." + std::to_string(address & 255);
}

uint32_t PrefixMask(int prefix) {
  if (prefix <= 0) return 0;
  if (prefix >= 32) return 0xffffffffu;
  return ~((1u << (32 - prefix)) - 1);
}

bool InSubnet(uint32_t address, uint32_t network, int prefix) {
  return (address & PrefixMask(prefix)) == (network & PrefixMask(prefix));
}

bool ValidInterfaceName(std::string_view name) {
  if (name.empty() || name.size() > 15 || name == "." || name == "..") return false;
  for (char c : name) {
    if (c == '/' || c == ':' || c == ' ' || c == '\t' || c == '\n' || c == '\0') return false;
  }
  return true;
}

std::vector<RouteEntry> ParseRoutes(std::string_view output) {
  std::vector<RouteEntry> routes;
  std::istringstream in{std::string(output)};
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> words = Words(line);
    if (words.empty()) continue;
    RouteEntry route;
    size_t first = 0;
    // Route types such as "local" or "broadcast" come first in some tables.
    if (words[0] == "unicast") first = 1;
    if (first >= words.size()) continue;
    if (words[first] == "default") {
      route.network = 0;
      route.prefix = 0;
    } else {
      auto cidr = ParseCidr(words[first]);
      if (!cidr) continue;
      route.network = cidr->first;
      route.prefix = cidr->second;
    }
    for (size_t i = first + 1; i + 1 < words.size(); ++i) {
      if (words[i] == "dev") route.dev = words[i + 1];
      if (words[i] == "via") route.via_gateway = true;
    }
    if (!route.dev.empty()) routes.push_back(route);
  }
  return routes;
}

std::optional<RouteEntry> FindConnectedRoute(const std::vector<RouteEntry>& routes,
                                             uint32_t address) {
  std::optional<RouteEntry> best;
  for (const RouteEntry& route : routes) {
    if (route.via_gateway || route.prefix == 0) continue;
    if (!InSubnet(address, route.network, route.prefix)) continue;
    if (!best || route.prefix > best->prefix) best = route;
  }
  return best;
}

std::vector<AddressEntry> ParseAddresses(std::string_view output) {
  std::vector<AddressEntry> entries;
  std::istringstream in{std::string(output)};
  std::string line;
  while (std::getline(in, line)) {
    size_t backslash = line.find('\\');
    std::vector<std::string> words = Words(line.substr(0, backslash));
    // "<index>: <dev> inet <cidr> [brd X] [scope S] [flags...] <label>"
    if (words.size() < 4 || words[2] != "inet") continue;
    auto cidr = ParseCidr(words[3]);
    if (!cidr) continue;
    AddressEntry entry;
    entry.dev = words[1];
    if (size_t at = entry.dev.find('@'); at != std::string::npos) entry.dev.resize(at);
    entry.address = cidr->first;
    entry.prefix = cidr->second;
    entry.label = words.back();
    entries.push_back(entry);
  }
  return entries;
}

}  // namespace keel
