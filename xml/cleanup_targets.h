#pragma once
// Which primitives a resource cleanup covers: one definition for `crm resource cleanup`
// (cli/, offline with CIB_file) and crmd's cleanup coordinator (crmd/node/). Pure.

#include <expected>
#include <string>
#include <vector>

#include "xml/base/error.h"
#include "xml/cib.h"

namespace keel {

// The primitives `id` names: itself, a group's members, an anonymous clone's primitive (each
// node records its instance under the primitive's id), a cloned group's members (recorded
// under their own ids too), or a globally-unique clone's instances "p:N" (N below clone-max,
// `default_clone_max` when the clone sets none; one instance by its own id). Errors:
// kNotFound for an unknown id.
std::expected<std::vector<std::string>, Error> CleanupTargets(const Configuration& config,
                                                              const std::string& id,
                                                              int default_clone_max);

}  // namespace keel
