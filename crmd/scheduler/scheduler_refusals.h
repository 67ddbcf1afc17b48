#pragma once
// What the scheduler refuses to plan, for `crm configure verify`: the same "not supported:
// ..." errors crm simulate and the DC's controller get from Schedule, for one configuration.

#include "xml/base/error.h"
#include "xml/cib.h"

namespace keel {

// Every kNotSupported error Schedule gives for `config` (with an empty status), each naming
// the element a user must change; empty when the scheduler plans all of it.
Errors SchedulerRefusals(const Configuration& config);

}  // namespace keel
