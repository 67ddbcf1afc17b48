#pragma once
// CIB configuration -> crm configure text (`show`). Pure. The text re-parses (ApplyCrm on an
// empty configuration) to the same configuration; what crm syntax cannot express (nested
// rules, rules on option sets, op meta attributes, ...) is an error naming the element id.

#include <expected>
#include <string>
#include <string_view>

#include "xml/base/error.h"
#include "xml/cib.h"

namespace keel {

// The whole configuration: nodes, primitives, groups, clones, constraints, fencing, options.
std::expected<std::string, Errors> WriteCrm(const Configuration& config);

// The statements that define `id` (a resource with, for a group or clone, its members; a
// constraint; a node; an option set). kNotFound when no object has that id.
std::expected<std::string, Errors> WriteCrmObject(const Configuration& config, std::string_view id);

}  // namespace keel
