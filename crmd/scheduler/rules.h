#pragma once
// Rule evaluation against one node's attributes (#uname, #id, #kind and node attributes),
// as rsc_location rules use them. Pure.

#include <map>
#include <string>

#include "xml/cib.h"

namespace keel {

using NodeAttributes = std::map<std::string, std::string, std::less<>>;

// True when the rule holds on a node with these attributes (which include #uname, #id,
// #kind). An empty rule holds (Pacemaker: a rule with no expressions is true).
bool RuleMatches(const Rule& rule, const NodeAttributes& attrs);

// The score a matching location rule gives a node: its score, or the node attribute named
// by score-attribute (0 when the attribute is absent or not a score).
Score RuleScore(const Rule& rule, const NodeAttributes& attrs);

}  // namespace keel
