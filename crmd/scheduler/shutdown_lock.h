#pragma once
// shutdown-lock (cluster option; crm simulate only, a running cluster refuses it): a
// resource active on a node that shuts down cleanly is stopped there and locked to that node
// instead of moving; while the node is down it stays stopped, until the node returns or
// shutdown-lock-limit (if set) has passed since the lock (recorded as the lrm_resource's
// shutdown-lock). Clone instances and fence devices are never locked. Internal to the
// scheduler.

#include "crmd/scheduler/working_set.h"

namespace keel {

// Bans every locked resource from every node but the one it is locked to; asks for a new
// plan when a lock expires.
void ApplyShutdownLocks(WorkingSet& ws);

}  // namespace keel
