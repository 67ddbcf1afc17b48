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
  std::vector<std::string> mapped;        // "mapped: WHAT -> HOW: why", what became something else
  std::vector<std::string> warnings;      // "warning: WHAT", imported but to be checked by hand
};

// haresources: `node resource[::arg...]...` lines, '\' continuation, '#' comments. Each line
// becomes a group that prefers its node (100) and runs left to right. `ha_cf` may be empty;
// when it lists nodes, a node that only haresources names gets a warning.
// `is_heartbeat_script(name)` says whether /etc/ha.d/resource.d/NAME exists.
std::expected<ImportResult, Errors> ImportHaresources(
    std::string_view haresources, std::string_view ha_cf,
    const std::function<bool(const std::string&)>& is_heartbeat_script);

// keepalived.conf: virtual_server blocks -> ocf:keel:IPVSDirector, vrrp_instance
// virtual_ipaddress -> ocf:keel:IPaddr colocated with (and started before) the director of the
// same address.
// vrrp_instance priority is listed, not imported (one file does not rank the nodes);
// nopreempt becomes resource-stickiness.
std::expected<ImportResult, Errors> ImportKeepalived(std::string_view conf);

// One keepalived.conf per node, as the nodes run them.
struct KeepalivedFile {
  std::string node;    // the cluster node that runs this file
  std::string source;  // named in errors and notes (a path)
  std::string text;
};

// Resources come from the first file. Each file's vrrp_instance priority (keepalived's default
// 100) becomes a location score for the instance's addresses on that file's node, so that the
// node keepalived would make master is preferred; nopreempt in any file becomes
// resource-stickiness (mapped notes say so). Every file must give an instance the same
// addresses; a priority outside 1-255 is an error naming its file and line.
std::expected<ImportResult, Errors> ImportKeepalived(const std::vector<KeepalivedFile>& files);

// A valid XML id made from free text ("10.0.0.1" -> "10_0_0_1", leading digit gets a prefix).
std::string IdFromText(std::string_view prefix, std::string_view text);

}  // namespace keel
