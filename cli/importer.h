#pragma once
// Importers from heartbeat v1 (haresources + ha.cf) and keepalived.conf to crm text. Pure:
// the caller reads the files and says which heartbeat scripts exist.

#include <expected>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "xml/base/error.h"

namespace keel {

struct ImportResult {
  std::string crm;                        // crm configure text (ParseCrm-able)
  std::vector<std::string> not_imported;  // "not imported: WHAT (line N)"
};

// haresources: `node resource[::arg...]...` lines, '\' continuation, '#' comments. Each line
// becomes a group that prefers its node (100) and runs left to right. `ha_cf` may be empty.
// `is_heartbeat_script(name)` says whether /etc/ha.d/resource.d/NAME exists.
std::expected<ImportResult, Errors> ImportHaresources(
    std::string_view haresources, std::string_view ha_cf,
    const std::function<bool(const std::string&)>& is_heartbeat_script);

// keepalived.conf: virtual_server blocks -> ocf:keel:IPVSDirector, vrrp_instance
// virtual_ipaddress -> ocf:keel:IPaddr colocated with (and started before) the director of the
// same address.
std::expected<ImportResult, Errors> ImportKeepalived(std::string_view conf);

// A valid XML id made from free text ("10.0.0.1" -> "10_0_0_1", leading digit gets a prefix).
std::string IdFromText(std::string_view prefix, std::string_view text);

}  // namespace keel
