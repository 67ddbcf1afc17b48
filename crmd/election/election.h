#pragma once
// Who coordinates (the DC): a pure function of the group membership, so every member
// computes the same answer from the same view without exchanging votes.
// Rule: the member with the lowest node id (see doc/cluster.md for why).

#include <optional>
#include <string>
#include <vector>

#include "crmd/membership/cluster_bus.h"

namespace keel {

struct Election {
  std::optional<NodeId> dc;  // empty when there are no members
  std::string reason;        // "lowest node id among members [1,2,3]"
};

Election ElectDc(const std::vector<NodeId>& members);

// "[1,2,3]"
std::string FormatNodeList(const std::vector<NodeId>& nodes);

}  // namespace keel
