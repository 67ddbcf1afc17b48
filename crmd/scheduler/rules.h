#pragma once
// Rule evaluation against one node's attributes (#uname, #id, #kind and node attributes),
// as rsc_location rules use them. Pure.

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "xml/cib.h"

namespace keel {

using NodeAttributes = std::map<std::string, std::string, std::less<>>;

// True when the rule holds on a node with these attributes (which include #uname, #id,
// #kind) at `now` (epoch seconds, for date expressions). An empty rule holds (Pacemaker: a
// rule with no expressions is true). Without `now` a date expression never holds: only
// rules that cannot carry one (name/value set rules, refused by the parser) omit it.
bool RuleMatches(const Rule& rule, const NodeAttributes& attrs,
                 std::optional<int64_t> now = std::nullopt);

// One date_expression at `now`: gt is strictly after start, lt strictly before end,
// in_range between start and end (or start + duration) inclusive, date_spec when every
// given field of now (UTC) is in its range. Dates the parser accepted only.
bool DateExpressionMatches(const DateExpression& expr, int64_t now);

// The score a matching location rule gives a node: its score, or the node attribute named
// by score-attribute (0 when the attribute is absent or not a score).
Score RuleScore(const Rule& rule, const NodeAttributes& attrs);

}  // namespace keel
