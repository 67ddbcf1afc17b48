#pragma once
// `crm configure verify`: every alert's path must name an executable file on this node.

#include "xml/base/error.h"
#include "xml/cib.h"

namespace keel {

// One error per alert whose path is missing, not a regular file, or not executable here;
// `where` is the alert id.
Errors CheckAlertPaths(const Configuration& config);

}  // namespace keel
