#pragma once
// crm_node -n | -l | -p | -q, as Pacemaker 2.1.5 prints them, from the local crmd's status
// report (crmd/status_report.h):
//   -n  this node's name (OCF_RESKEY_CRM_meta_on_node first, as agents are run with it)
//   -l  "ID NAME STATE" per known node, STATE member or lost, sorted by name
//   -p  the members' names on one line, space-separated, sorted by name (nothing when none)
//   -q  1 when this partition has quorum, else 0 (exit 0 either way)
// The last command given wins. crmd not reachable: exit 102. Pacemaker's other options are
// refused as "not supported: crm_node -X" (exit 3).

#include <expected>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "cli/attr_options.h"
#include "xml/base/error.h"

namespace keel {

enum class CrmNodeCommand { kName, kList, kPartition, kQuorum };

// `args` without argv[0].
std::expected<CrmNodeCommand, AttrUsageError> ParseCrmNode(const std::vector<std::string>& args);

struct KnownNode {
  std::string id;
  std::string name;
  bool member = false;
};

struct NodeMembership {
  std::string local_name;
  bool quorate = false;
  std::vector<KnownNode> nodes;
};

// Reads a <crmd_status> report. Errors (kParse/kInvalid) name what is wrong with it.
std::expected<NodeMembership, Error> ParseNodeMembership(std::string_view report_xml);

// The command's output (with its trailing newline; "" for -p without members).
std::string FormatCrmNode(CrmNodeCommand command, const NodeMembership& membership);

// The local crmd's status report.
class NodeStatusSource {
 public:
  virtual ~NodeStatusSource() = default;
  // Errors with kRefused when crmd cannot be reached.
  virtual std::expected<std::string, Error> Report() = 0;
};

// The real one: libqb IPC to crmd (KEEL_IPC_NAME or keel-crmd).
std::unique_ptr<NodeStatusSource> MakeIpcNodeStatusSource();

int RunCrmNode(const std::vector<std::string>& args, NodeStatusSource& source, const EnvLookup& env,
               std::ostream& out, std::ostream& err);

}  // namespace keel
