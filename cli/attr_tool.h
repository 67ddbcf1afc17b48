#pragma once
// Runs attrd_updater / crm_attribute / crm_master (cli/attr_options.h) and prints what
// Pacemaker's tools print:
//   attrd_updater -Q      name="pingd" host="n1" value="100"   (one line per node with -A)
//   crm_attribute -G      scope=status  name=pingd value=100    (-q: just the value)
// A missing attribute: a message on stderr and exit 105 (CRM_EX_NOSUCH).
// Reboot-lifetime attributes go to the local crmd's attribute service (AttrService);
// forever ones are the node's entry in <nodes>, committed as a configuration change.

#include <expected>
#include <memory>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "cli/attr_options.h"
#include "crmd/protocol/ipc_attribute.h"
#include "xml/base/error.h"

namespace keel {

// The local crmd's attribute service (crmd/protocol/ipc_attribute.h).
class AttrService {
 public:
  virtual ~AttrService() = default;
  // set/delete: returns once every member has the update; query: (node, value) rows;
  // whoami: the local node's name. Errors with kRefused/kIo when crmd cannot be reached.
  virtual std::expected<std::string, Error> Call(const IpcAttribute& request) = 0;
};

// The real one: libqb IPC to crmd (KEEL_IPC_NAME or keel-crmd).
std::unique_ptr<AttrService> MakeIpcAttrService();

// `argv0` picks the tool (its base name: attrd_updater, crm_attribute, crm_master).
int RunAttrTool(const std::string& argv0, const std::vector<std::string>& args,
                AttrService& service, const EnvLookup& env, std::ostream& out, std::ostream& err);

// `crm node status-attr NODE set NAME VALUE | delete NAME | show NAME`: the node's transient
// (reboot-lifetime) attribute through the local crmd; show prints as crm_attribute -G.
// `args` start with "status-attr".
int RunNodeStatusAttrCommand(const std::vector<std::string>& args, AttrService& service,
                             std::ostream& out, std::ostream& err);

}  // namespace keel
