#pragma once
// Applies parsed crm commands to a configuration. Pure: no I/O.

#include <expected>
#include <string>
#include <vector>

#include "cli/crm_syntax.h"
#include "xml/base/error.h"
#include "xml/cib.h"

namespace keel {

enum class ApplyMode {
  kCreate,  // defining an id that exists is an error (crm configure primitive ...)
  kUpdate,  // an object with an existing id replaces it (load update, edit)
};

struct ApplyResult {
  Configuration config;
  std::vector<std::string> notes;  // e.g. constraints removed along with a deleted resource
  // Accepted but doubtful, e.g. "line 1:10: unknown cluster option 'x', did you mean 'y'?"
  // for a property set or changed here that Pacemaker does not know (set anyway, as crmsh).
  std::vector<std::string> warnings;
};

// Applies `commands` to a copy of `base`. Within one call, objects are applied nodes first,
// then primitives, groups, clones, option sets, constraints and fencing, so a group may be
// written before its members; deletes come first. Reports every error found (duplicate ids,
// references to missing ids, ...) and then returns no configuration at all.
std::expected<ApplyResult, Errors> ApplyCrm(const Configuration& base,
                                            const std::vector<CrmCommand>& commands,
                                            ApplyMode mode);

// Parses and applies `text` in one go.
std::expected<ApplyResult, Errors> ApplyCrmText(const Configuration& base, std::string_view text,
                                                ApplyMode mode);

// Every resource id, nested ones included, in document order.
std::vector<std::string> AllResourceIds(const Configuration& config);

// Every id the configure level can show or delete: resources, constraints, nodes, option sets.
std::vector<std::string> AllObjectIds(const Configuration& config);

}  // namespace keel
