// `crm node list|show [NODE] [--json]`: the cluster's nodes, online or not, with attributes.

#include <algorithm>

#include "cli/command.h"
#include "cli/node_view.h"
#include "cli/resource_ops.h"
#include "cli/status_source.h"

namespace keel {

int RunNodeShowCommand(const CommandArgs& raw, std::ostream& out, std::ostream& err) {
  CommandArgs args = raw;
  const bool json = std::erase(args, std::string("--json")) > 0;
  const bool show = !args.empty() && args[0] == "show";
  if (args.empty() || args.size() > (show ? 2u : 1u)) {
    err << "usage: crm node list [--json] | crm node show [NODE] [--json]\n";
    return 2;
  }
  auto snapshot = LoadStatusSnapshot();
  auto nodes =
      snapshot ? BuildNodeListings(snapshot->view, snapshot->cib_xml)
               : std::expected<std::vector<NodeListing>, Error>(std::unexpected(snapshot.error()));
  if (!nodes) {
    err << "crm node " << args[0] << ": " << nodes.error().ToString() << "\n";
    return 1;
  }
  if (args.size() == 2) {
    std::vector<std::string> names;
    for (const NodeListing& n : *nodes) names.push_back(n.name);
    std::erase_if(*nodes, [&](const NodeListing& n) { return n.name != args[1]; });
    if (nodes->empty()) {
      err << "crm node show: " << UnknownNodeError(args[1], names).ToString() << "\n";
      return 1;
    }
  }
  out << (json ? RenderNodesJson(*nodes) : RenderNodesText(*nodes, show));
  return 0;
}

}  // namespace keel
