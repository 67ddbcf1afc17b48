#include "crmd/scheduler/resource_sets.h"

namespace keel {
namespace {

ColocationConstraint Pair(const ColocationConstraint& col, const std::string& dependent,
                          const std::string& primary, Score score, const std::string& dep_role,
                          const std::string& pri_role) {
  ColocationConstraint pair;
  pair.id = col.id;
  pair.rsc = dependent;
  pair.with_rsc = primary;
  pair.score = score;
  pair.rsc_role = dep_role;
  pair.with_rsc_role = pri_role;
  pair.node_attribute = col.node_attribute;
  pair.line = col.line;
  return pair;
}

void AddWithinSet(const ColocationConstraint& col, const ResourceSet& set,
                  std::vector<ColocationConstraint>& out) {
  const Score score = set.score.value_or(col.score);
  if (score.value() == 0 || !set.sequential.value_or(true)) return;
  const std::vector<std::string>& members = set.resources;
  for (size_t i = 1; i < members.size(); ++i) {
    if (score.value() > 0) {
      out.push_back(Pair(col, members[i], members[i - 1], score, set.role, set.role));
      continue;
    }
    // Against every member before it: a chain alone would let members two apart share a node.
    for (size_t j = 0; j < i; ++j) {
      out.push_back(Pair(col, members[i], members[j], score, set.role, set.role));
    }
  }
}

void AddBetweenSets(const ColocationConstraint& col, const ResourceSet& earlier,
                    const ResourceSet& later, std::vector<ColocationConstraint>& out) {
  if (col.score.value() == 0 || earlier.resources.empty() || later.resources.empty()) return;
  std::vector<std::string> dependents = earlier.resources, primaries = later.resources;
  if (earlier.sequential.value_or(true)) dependents = {earlier.resources.front()};
  if (later.sequential.value_or(true)) primaries = {later.resources.back()};
  for (const std::string& d : dependents) {
    for (const std::string& p : primaries) {
      out.push_back(Pair(col, d, p, col.score, earlier.role, later.role));
    }
  }
}

OrderConstraint Pair(const OrderConstraint& order, const std::string& first,
                     const std::string& first_action, const std::string& then,
                     const std::string& then_action) {
  OrderConstraint pair;
  pair.id = order.id;
  pair.first = first;
  pair.then = then;
  pair.first_action = first_action;
  pair.then_action = then_action;
  pair.kind = order.kind;
  pair.score = order.score;
  pair.symmetrical = order.symmetrical;
  pair.line = order.line;
  return pair;
}

std::string ActionOf(const ResourceSet& set) { return set.action.empty() ? "start" : set.action; }

void AddWithinSet(const OrderConstraint& order, const ResourceSet& set,
                  std::vector<OrderConstraint>& out) {
  const std::string action = ActionOf(set);
  const std::vector<std::string>& members = set.resources;
  if (order.EffectiveKind() == OrderKind::kSerialize) {
    for (size_t i = 0; i < members.size(); ++i) {
      for (size_t j = i + 1; j < members.size(); ++j) {
        out.push_back(Pair(order, members[i], action, members[j], action));
      }
    }
    return;
  }
  if (!set.sequential.value_or(true)) return;
  for (size_t i = 1; i < members.size(); ++i) {
    out.push_back(Pair(order, members[i - 1], action, members[i], action));
  }
}

void AddBetweenSets(const OrderConstraint& order, const ResourceSet& earlier,
                    const ResourceSet& later, std::vector<OrderConstraint>& out) {
  if (earlier.resources.empty() || later.resources.empty()) return;
  std::vector<std::string> firsts = earlier.resources, thens = later.resources;
  if (earlier.sequential.value_or(false)) firsts = {earlier.resources.back()};
  if (later.sequential.value_or(false)) thens = {later.resources.front()};
  for (const std::string& f : firsts) {
    for (const std::string& t : thens) {
      out.push_back(Pair(order, f, ActionOf(earlier), t, ActionOf(later)));
    }
  }
}

// Replaces tags inside sets by their members; true when one was found.
bool ExpandTagsInSets(std::vector<ResourceSet>& sets, const TagMembers& tags) {
  bool found = false;
  for (ResourceSet& set : sets) {
    std::vector<std::string> members;
    for (const std::string& rsc : set.resources) {
      auto tag = tags.find(rsc);
      if (tag == tags.end()) {
        members.push_back(rsc);
        continue;
      }
      found = true;
      members.insert(members.end(), tag->second.begin(), tag->second.end());
    }
    set.resources = std::move(members);
  }
  return found;
}

// One side of a simple constraint as a set: a tag's members unordered, else the resource.
ResourceSet SideSet(const std::string& constraint_id, const std::string& rsc,
                    const TagMembers& tags) {
  ResourceSet set;
  set.id = constraint_id + "-" + rsc;
  auto tag = tags.find(rsc);
  if (tag == tags.end()) {
    set.resources = {rsc};
  } else {
    set.resources = tag->second;
    set.sequential = false;
  }
  return set;
}

}  // namespace

TagMembers IndexTags(const std::vector<Tag>& tags) {
  TagMembers index;
  for (const Tag& tag : tags) index[tag.id] = tag.refs;
  return index;
}

std::optional<LocationConstraint> WithTagsExpanded(const LocationConstraint& loc,
                                                   const TagMembers& tags) {
  if (tags.empty()) return std::nullopt;
  LocationConstraint out = loc;
  if (loc.sets.empty()) {
    auto tag = tags.find(loc.rsc);
    if (tag == tags.end()) return std::nullopt;
    out.rsc.clear();
    out.sets = {SideSet(loc.id, loc.rsc, tags)};
    return out;
  }
  if (!ExpandTagsInSets(out.sets, tags)) return std::nullopt;
  return out;
}

std::optional<ColocationConstraint> WithTagsExpanded(const ColocationConstraint& col,
                                                     const TagMembers& tags) {
  if (tags.empty()) return std::nullopt;
  ColocationConstraint out = col;
  if (col.sets.empty()) {
    if (!tags.contains(col.rsc) && !tags.contains(col.with_rsc)) return std::nullopt;
    ResourceSet dependent = SideSet(col.id, col.rsc, tags);
    ResourceSet primary = SideSet(col.id, col.with_rsc, tags);
    dependent.role = col.rsc_role;
    primary.role = col.with_rsc_role;
    out.rsc.clear();
    out.with_rsc.clear();
    out.rsc_role.clear();
    out.with_rsc_role.clear();
    out.sets = {dependent, primary};
    return out;
  }
  if (!ExpandTagsInSets(out.sets, tags)) return std::nullopt;
  return out;
}

std::optional<OrderConstraint> WithTagsExpanded(const OrderConstraint& order,
                                                const TagMembers& tags) {
  if (tags.empty()) return std::nullopt;
  OrderConstraint out = order;
  if (order.sets.empty()) {
    if (!tags.contains(order.first) && !tags.contains(order.then)) return std::nullopt;
    ResourceSet first = SideSet(order.id, order.first, tags);
    ResourceSet then = SideSet(order.id, order.then, tags);
    first.action = order.EffectiveFirstAction();
    then.action = order.EffectiveThenAction();
    out.first.clear();
    out.then.clear();
    out.first_action.clear();
    out.then_action.clear();
    out.sets = {first, then};
    return out;
  }
  if (!ExpandTagsInSets(out.sets, tags)) return std::nullopt;
  return out;
}

std::vector<LocationConstraint> ExpandLocationSets(const LocationConstraint& loc) {
  std::vector<LocationConstraint> out;
  for (const ResourceSet& set : loc.sets) {
    for (const std::string& rsc : set.resources) {
      LocationConstraint member = loc;
      member.sets.clear();
      member.rsc = rsc;
      if (!set.role.empty()) member.role = set.role;
      if (set.score) member.score = set.score;
      out.push_back(std::move(member));
    }
  }
  return out;
}

std::expected<std::vector<ColocationConstraint>, std::string> ExpandColocationSets(
    const ColocationConstraint& col) {
  std::vector<ColocationConstraint> out;
  for (size_t i = 0; i < col.sets.size(); ++i) {
    AddWithinSet(col, col.sets[i], out);
    if (i > 0) AddBetweenSets(col, col.sets[i - 1], col.sets[i], out);
  }
  for (const ColocationConstraint& pair : out) {
    if (pair.rsc == pair.with_rsc) {
      return std::unexpected("resource sets that place " + pair.rsc + " relative to itself");
    }
  }
  return out;
}

std::expected<std::vector<OrderConstraint>, std::string> ExpandOrderSets(
    const OrderConstraint& order) {
  std::vector<OrderConstraint> out;
  for (size_t i = 0; i < order.sets.size(); ++i) {
    const ResourceSet& set = order.sets[i];
    const std::string action = ActionOf(set);
    // After stop or demote "any one of" means all of them: only starts and promotes differ.
    const bool any_one = !set.require_all.value_or(true) && action != "stop" &&
                         action != "demote" && i + 1 < order.sets.size();
    if (any_one && set.sequential.value_or(true)) {
      return std::unexpected("require-all=false in a sequential order set followed by another set");
    }
    AddWithinSet(order, set, out);
    if (i > 0) {
      const size_t from = out.size();
      AddBetweenSets(order, order.sets[i - 1], set, out);
      const ResourceSet& earlier = order.sets[i - 1];
      if (!earlier.require_all.value_or(true) && ActionOf(earlier) != "stop" &&
          ActionOf(earlier) != "demote") {
        for (size_t p = from; p < out.size(); ++p) out[p].require_all = false;
      }
    }
  }
  for (const OrderConstraint& pair : out) {
    if (pair.first == pair.then) {
      return std::unexpected("resource sets that order " + pair.first + " after itself");
    }
  }
  return out;
}

}  // namespace keel
