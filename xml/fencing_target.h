#pragma once
// Which nodes a fencing level applies to. Pure. Pacemaker's choice for a node: the levels whose
// target is the node's name; when there are none, the levels of the one pattern or attribute
// target that matches it (FencingLevelsFor reports several matching targets as an error, since
// Pacemaker then picks one in no defined order).

#include <expected>
#include <optional>
#include <string>
#include <vector>

#include "xml/base/error.h"
#include "xml/cib.h"

namespace keel {

// How crm syntax writes the level's target: "NODE", "pattern:REGEX" or "attr:NAME=VALUE".
std::string FencingTargetText(const FencingLevel& level);

// Why `pattern` is not a valid POSIX extended regular expression; nullopt when it is.
std::optional<std::string> FencingPatternError(const std::string& pattern);

// True when `level` names `node`: by name, by pattern (searched, not anchored) or by a permanent
// attribute of the node in `nodes` (any of its instance_attributes nvpairs, rules
// ignored, as Pacemaker's fencer reads them).
bool FencingLevelMatches(const FencingLevel& level, const std::string& node,
                         const std::vector<Node>& nodes);

// The levels that apply to `node` (unsorted), chosen as the header says; an error naming the
// targets when several pattern or attribute targets match and none names the node.
std::expected<std::vector<FencingLevel>, Error> FencingLevelsFor(
    const std::vector<FencingLevel>& levels, const std::string& node,
    const std::vector<Node>& nodes);

}  // namespace keel
