#include "crmd/election/election.h"

#include <algorithm>

namespace keel {

std::string FormatNodeList(const std::vector<NodeId>& nodes) {
  std::string out = "[";
  for (size_t i = 0; i < nodes.size(); ++i) {
    if (i > 0) out += ",";
    out += std::to_string(nodes[i]);
  }
  return out + "]";
}

Election ElectDc(const std::vector<NodeId>& members) {
  if (members.empty()) return Election{std::nullopt, "no members"};
  NodeId dc = *std::min_element(members.begin(), members.end());
  return Election{dc, "lowest node id among members " + FormatNodeList(members)};
}

}  // namespace keel
