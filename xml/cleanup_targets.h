#pragma once
// Which primitives a resource cleanup covers: one definition for `crm resource cleanup`
// (cli/, offline with CIB_file) and crmd's cleanup coordinator (crmd/node/). Pure.

#include <expected>
#include <string>
#include <vector>

#include "xml/base/error.h"
#include "xml/cib.h"

namespace keel {

// The primitives `id` names: itself, a group's members, or an anonymous clone's primitive (each
// node records its instance under the primitive's id). Errors: kNotFound for an unknown id,
// kNotSupported for a clone of a group.
std::expected<std::vector<std::string>, Error> CleanupTargets(const Configuration& config,
                                                              const std::string& id);

}  // namespace keel
