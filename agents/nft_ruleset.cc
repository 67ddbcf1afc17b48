#include "agents/nft_ruleset.h"

#include "agents/ipv4.h"

namespace keel {

std::expected<void, Error> CheckNftSupport(const IpvsConfig& config) {
  if (config.forwarding != Forwarding::kNat) {
    return std::unexpected(Error{ErrorCode::kNotSupported,
                                 "not supported by the nft backend: DR and TUN forwarding "
                                 "(use forwarding=NAT or the ipvsadm backend)",
                                 "forwarding"});
  }
  const std::string& s = config.scheduler;
  if (s != "rr" && s != "wrr" && s != "sh" && s != "dh") {
    return std::unexpected(Error{ErrorCode::kNotSupported,
                                 "not supported by the nft backend: scheduler '" + s +
                                     "' (nft has rr, wrr, sh, dh; use the ipvsadm backend)",
                                 "scheduler"});
  }
  if (config.persistence_timeout_s > 0 && s != "sh") {
    return std::unexpected(Error{ErrorCode::kNotSupported,
                                 "not supported by the nft backend: persistence_timeout "
                                 "(scheduler sh gives source affinity; or use ipvsadm)",
                                 "persistence_timeout"});
  }
  return {};
}

namespace {

// "0-2 : 198.18.1.2 . 80, 3 : 198.18.1.3 . 80" and the number of slots.
std::pair<std::string, int> SlotMap(const std::vector<Destination>& destinations,
                                    bool weighted) {
  std::string map;
  int next = 0;
  for (const Destination& d : destinations) {
    if (d.weight <= 0) continue;
    int slots = weighted ? d.weight : 1;
    if (!map.empty()) map += ", ";
    map += std::to_string(next);
    if (slots > 1) map += "-" + std::to_string(next + slots - 1);
    map += " : " + FormatIpv4(d.ip) + " . " + std::to_string(d.port);
    next += slots;
  }
  return {map, next};
}

}  // namespace

std::string NftRuleset(const IpvsConfig& config, const std::string& table,
                       const std::vector<Destination>& destinations) {
  std::string match = "ip daddr " + FormatIpv4(config.vip) + " " + config.protocol + " dport " +
                      std::to_string(config.port);
  const std::string& s = config.scheduler;
  auto [map, slots] = SlotMap(destinations, s != "rr");
  std::string action;
  if (slots == 0) {
    action = config.protocol == "tcp" ? "reject with tcp reset" : "reject";
  } else if (s == "sh" || s == "dh") {
    action = std::string("dnat ip to jhash ip ") + (s == "sh" ? "saddr" : "daddr") + " mod " +
             std::to_string(slots) + " map { " + map + " }";
  } else {
    action = "dnat ip to numgen inc mod " + std::to_string(slots) + " map { " + map + " }";
  }
  return "table ip " + table + "\n" +
         "delete table ip " + table + "\n" +
         "table ip " + table + " {\n"
         "  chain prerouting {\n"
         "    type nat hook prerouting priority dstnat; policy accept;\n"
         "    " + match + " " + action + "\n"
         "  }\n" +
         (config.masquerade ? "  chain postrouting {\n"
                              "    type nat hook postrouting priority srcnat; policy accept;\n"
                              "    ct status dnat ct original ip daddr " + FormatIpv4(config.vip) +
                              " meta l4proto " + config.protocol + " ct original proto-dst " +
                              std::to_string(config.port) +
                              " masquerade\n"
                              "  }\n"
                            : "") +
         "}\n";
}

std::string NftDeleteTable(const std::string& table) { return "delete table ip " + table + "\n"; }

}  // namespace keel
