#include "xml/fencing_target.h"

#include <algorithm>
#include <regex>

namespace keel {

std::string FencingTargetText(const FencingLevel& level) {
  if (!level.target_pattern.empty()) return "pattern:" + level.target_pattern;
  if (!level.target_attribute.empty()) {
    return "attr:" + level.target_attribute + "=" + level.target_value;
  }
  return level.target;
}

std::optional<std::string> FencingPatternError(const std::string& pattern) {
  try {
    std::regex compiled(pattern, std::regex::extended | std::regex::nosubs);
  } catch (const std::regex_error& e) {
    return std::string(e.what());
  }
  return std::nullopt;
}

bool FencingLevelMatches(const FencingLevel& level, const std::string& node,
                         const std::vector<Node>& nodes) {
  if (!level.target.empty()) return level.target == node;
  if (!level.target_pattern.empty()) {
    if (FencingPatternError(level.target_pattern)) return false;
    std::regex compiled(level.target_pattern, std::regex::extended | std::regex::nosubs);
    return std::regex_search(node, compiled);
  }
  if (level.target_attribute.empty()) return false;
  for (const Node& n : nodes) {
    if (n.uname != node) continue;
    for (const NvSet& set : n.instance_attributes) {
      for (const NvPair& pair : set.pairs) {
        if (pair.name == level.target_attribute && pair.value == level.target_value) return true;
      }
    }
  }
  return false;
}

std::expected<std::vector<FencingLevel>, Error> FencingLevelsFor(
    const std::vector<FencingLevel>& levels, const std::string& node,
    const std::vector<Node>& nodes) {
  std::vector<FencingLevel> by_name;
  for (const FencingLevel& level : levels) {
    if (!level.target.empty() && level.target == node) by_name.push_back(level);
  }
  if (!by_name.empty()) return by_name;
  std::vector<std::string> targets;
  std::vector<FencingLevel> matching;
  for (const FencingLevel& level : levels) {
    if (level.target.empty() && FencingLevelMatches(level, node, nodes)) {
      const std::string text = FencingTargetText(level);
      if (std::find(targets.begin(), targets.end(), text) == targets.end()) targets.push_back(text);
      matching.push_back(level);
    }
  }
  if (targets.size() > 1) {
    std::string names;
    for (const std::string& t : targets) names += (names.empty() ? "" : ", ") + t;
    return std::unexpected(Error{ErrorCode::kInvalid,
                                 "fencing levels of several targets match node '" + node + "' (" +
                                     names + "); keep one target per node",
                                 node});
  }
  return matching;
}

}  // namespace keel
