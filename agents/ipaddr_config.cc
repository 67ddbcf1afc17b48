#include "agents/ipaddr_config.h"

namespace keel {

const AgentDescription& IpaddrSpec() {
  static const AgentDescription spec{
      .name = "IPaddr",
      .version = "1.0",
      .shortdesc = "Virtual IPv4 address (Keel)",
      .longdesc = "Adds an IPv4 address to an interface on start, announces it with gratuitous "
                  "ARP requests so that peers update their neighbour caches, removes it on stop. "
                  "monitor checks that the address is present on the interface.",
      .params =
          {
              {"ip", "IPv4 address", "The virtual IPv4 address to manage, dotted quad.", "string",
               "", true, true},
              {"cidr_netmask", "Netmask",
               "Prefix length (0-32) or dotted netmask. Default: the prefix of the connected "
               "route that contains ip, else 32.",
               "string", "", false, false},
              {"nic", "Network interface",
               "Interface to add the address to. Default: the interface of the connected route "
               "that contains ip (found with 'ip route').",
               "string", "", false, false},
              {"broadcast", "Broadcast address",
               "Broadcast address to set. Default: computed from the prefix.", "string", "",
               false, false},
              {"label", "Address label",
               "Label for the address; the kernel sees it as nic:label (15 characters at most).",
               "string", "", false, false},
              {"arp_count", "Gratuitous ARP count",
               "Number of gratuitous ARP requests sent on start (0 disables them).", "integer",
               "5", false, false},
              {"arp_interval", "Gratuitous ARP interval",
               "Milliseconds between two gratuitous ARP requests.", "integer", "200", false,
               false},
          },
      .actions = {{"start", "20s", ""},
                  {"stop", "20s", ""},
                  {"monitor", "20s", "10s"},
                  {"validate-all", "20s", ""},
                  {"meta-data", "5s", ""}},
  };
  return spec;
}

namespace {

// "24" or "255.255.255.0" -> 24.
std::expected<int, Error> ParseNetmask(const std::string& text) {
  if (text.find('.') == std::string::npos) {
    auto prefix = ParseIntParam("cidr_netmask", text, 0, 32);
    if (!prefix) return std::unexpected(prefix.error());
    return static_cast<int>(*prefix);
  }
  auto mask = ParseIpv4(text);
  if (mask) {
    for (int prefix = 0; prefix <= 32; ++prefix) {
      if (PrefixMask(prefix) == *mask) return prefix;
    }
  }
  return std::unexpected(
      Error{ErrorCode::kInvalid, "not a prefix length or netmask: '" + text + "'", "cidr_netmask"});
}

}  // namespace

std::expected<IpaddrConfig, Errors> ParseIpaddrConfig(const OcfParams& params) {
  IpaddrConfig config;
  Errors errors;
  if (!params.Has("ip")) {
    errors.push_back({ErrorCode::kInvalid, "required parameter is missing", "ip"});
  } else if (auto ip = ParseIpv4(params.Get("ip")); !ip) {
    errors.push_back({ErrorCode::kInvalid, ip.error().message, "ip"});
  } else {
    config.ip = *ip;
  }
  if (params.Has("cidr_netmask")) {
    auto prefix = ParseNetmask(params.Get("cidr_netmask"));
    if (prefix) config.prefix = *prefix;
    else errors.push_back(prefix.error());
  }
  config.nic = params.Get("nic");
  if (!config.nic.empty() && !ValidInterfaceName(config.nic)) {
    errors.push_back({ErrorCode::kInvalid, "not an interface name: '" + config.nic + "'", "nic"});
  }
  config.broadcast = params.Get("broadcast");
  if (!config.broadcast.empty()) {
    if (auto brd = ParseIpv4(config.broadcast); !brd) {
      errors.push_back({ErrorCode::kInvalid, brd.error().message, "broadcast"});
    }
  }
  config.label = params.Get("label");
  if (!config.label.empty() && !ValidInterfaceName(config.label)) {
    errors.push_back({ErrorCode::kInvalid, "not a valid label: '" + config.label + "'", "label"});
  }
  auto count = ParseIntParam("arp_count", params.Get("arp_count", "5"), 0, 100);
  if (count) config.arp_count = static_cast<int>(*count);
  else errors.push_back(count.error());
  auto interval = ParseIntParam("arp_interval", params.Get("arp_interval", "200"), 1, 10000);
  if (interval) config.arp_interval_ms = static_cast<int>(*interval);
  else errors.push_back(interval.error());
  if (!errors.empty()) return std::unexpected(errors);
  return config;
}

std::expected<IpaddrConfig, Error> ResolveIpaddrConfig(IpaddrConfig config,
                                                       const std::vector<RouteEntry>& routes) {
  std::optional<RouteEntry> route = FindConnectedRoute(routes, config.ip);
  if (config.nic.empty()) {
    if (!route) {
      return std::unexpected(Error{ErrorCode::kInvalid,
                                   "no connected route contains " + FormatIpv4(config.ip) +
                                       "; set nic",
                                   "nic"});
    }
    config.nic = route->dev;
  }
  if (config.prefix < 0) {
    config.prefix = (route && route->dev == config.nic) ? route->prefix : 32;
  }
  if (!config.label.empty() && config.nic.size() + 1 + config.label.size() > 15) {
    return std::unexpected(Error{ErrorCode::kInvalid,
                                 "'" + config.nic + ":" + config.label +
                                     "' is longer than 15 characters",
                                 "label"});
  }
  return config;
}

}  // namespace keel
