#include "crmd/scheduler/location_targets.h"

#include <algorithm>
#include <optional>
#include <string>

#include "crmd/scheduler/rules.h"
#include "xml/rsc_pattern.h"

namespace keel {
namespace {

void ExpandInRule(Rule& rule, const std::vector<std::string>& submatches) {
  rule.score_attribute = ExpandSubmatches(rule.score_attribute, submatches);
  for (Expression& e : rule.expressions) e.attribute = ExpandSubmatches(e.attribute, submatches);
  for (Rule& nested : rule.rules) ExpandInRule(nested, submatches);
}

bool RuleUsesValueSource(const Rule& rule) {
  return std::any_of(rule.expressions.begin(), rule.expressions.end(),
                     [](const Expression& e) { return !e.value_source.empty(); }) ||
         std::any_of(rule.rules.begin(), rule.rules.end(), RuleUsesValueSource);
}

// The instance and meta attribute sets of the resource `id`, wherever it is nested.
struct ResourceSets {
  const std::vector<NvSet>* params = nullptr;
  const std::vector<NvSet>* meta = nullptr;
};

std::optional<ResourceSets> FindResourceSets(const std::vector<Resource>& resources,
                                             const std::string& id);

template <typename T>
std::optional<ResourceSets> Own(const T& r, const std::string& id) {
  if (r.id != id) return std::nullopt;
  return ResourceSets{&r.instance_attributes, &r.meta_attributes};
}

std::optional<ResourceSets> FindIn(const Primitive& p, const std::string& id) { return Own(p, id); }

std::optional<ResourceSets> FindIn(const Group& g, const std::string& id) {
  if (auto own = Own(g, id)) return own;
  for (const Primitive& p : g.primitives) {
    if (auto found = FindIn(p, id)) return found;
  }
  return std::nullopt;
}

std::optional<ResourceSets> FindIn(const Clone& c, const std::string& id) {
  if (auto own = Own(c, id)) return own;
  return std::visit([&](const auto& child) { return FindIn(child, id); }, c.child);
}

std::optional<ResourceSets> FindResourceSets(const std::vector<Resource>& resources,
                                             const std::string& id) {
  for (const Resource& r : resources) {
    if (auto found = std::visit([&](const auto& x) { return FindIn(x, id); }, r)) return found;
  }
  return std::nullopt;
}

}  // namespace

std::vector<LocationConstraint> ExpandRscPattern(const LocationConstraint& loc,
                                                 const Configuration& config) {
  std::vector<LocationConstraint> out;
  for (const Resource& r : config.resources) {
    const std::string& id = ResourceId(r);
    auto submatches = SelectByRscPattern(loc.rsc_pattern, id);
    if (!submatches) continue;
    LocationConstraint member = loc;
    member.rsc = id;
    member.rsc_pattern.clear();
    for (Rule& rule : member.rules) ExpandInRule(rule, *submatches);
    out.push_back(std::move(member));
  }
  return out;
}

bool UsesValueSource(const LocationConstraint& loc) {
  return std::any_of(loc.rules.begin(), loc.rules.end(), RuleUsesValueSource);
}

std::optional<ValueSources> ValueSourcesOf(const Configuration& config, const std::string& rsc) {
  std::optional<ResourceSets> sets = FindResourceSets(config.resources, rsc);
  if (!sets) return std::nullopt;
  return ValueSources{sets->params, sets->meta, &config.rsc_defaults};
}

}  // namespace keel
