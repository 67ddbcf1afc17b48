#pragma once
// Resource sets (internal to crmd/scheduler): the pairwise constraints Pacemaker derives from
// a constraint's <resource_set>s, so that the scheduler plans them like constraints written
// out one pair at a time. Set shapes whose meaning has no pairwise form are refused.

#include <expected>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "xml/base/error.h"
#include "xml/cib.h"

namespace keel {

// Tag id -> its members (<tag><obj_ref id=/>...</tag>), as constraints use them.
using TagMembers = std::unordered_map<std::string, std::vector<std::string>>;
TagMembers IndexTags(const std::vector<Tag>& tags);

// The constraint with every tag it names replaced by the tag's members: inside a set in the
// tag's place; as rsc, with-rsc, first or then by a set of the members with sequential=false
// (the other side then becomes a set of one), as Pacemaker converts them. nullopt when the
// constraint names no tag.
std::optional<LocationConstraint> WithTagsExpanded(const LocationConstraint& loc,
                                                   const TagMembers& tags);
std::optional<ColocationConstraint> WithTagsExpanded(const ColocationConstraint& col,
                                                     const TagMembers& tags);
std::optional<OrderConstraint> WithTagsExpanded(const OrderConstraint& order,
                                                const TagMembers& tags);

// A location with sets: one location per member, the set's role and score over the
// constraint's, everything else (node, rules, discovery) the constraint's.
std::vector<LocationConstraint> ExpandLocationSets(const LocationConstraint& loc);

// A colocation with sets. Within a sequential set (the default) each member is placed with
// the one before it (with a negative score: against every one before it); between two sets,
// the first member of the earlier set with the last of the later one, or every member where
// a side has sequential=false. A set's score replaces the constraint's inside the set; score
// 0 adds nothing. A pair of a resource with itself (a resource in two sets) is refused:
// Pacemaker gives it a meaning of its own.
std::expected<std::vector<ColocationConstraint>, std::string> ExpandColocationSets(
    const ColocationConstraint& col);

// An order with sets. Within a sequential set each member's action comes after the one
// before it (Serialize: after every one before it); between two sets, the last member of
// the earlier set before the first of the later one when both say sequential="true"
// explicitly, otherwise every member on the side without it (Pacemaker 2.1 reads an absent
// sequential as false there). The pairs out of a require-all=false set (sequential="false")
// say require_all=false: the later set's members need any one of them, not all (a
// sequential one is refused, the error is what is not supported); so is an order of a
// resource after itself.
std::expected<std::vector<OrderConstraint>, std::string> ExpandOrderSets(
    const OrderConstraint& order);

}  // namespace keel
