#pragma once
// rsc_ticket constraints: a resource runs (in a role) only while its ticket is granted and not
// on standby. A ticket without a <ticket_state> is not granted.

#include "crmd/scheduler/working_set.h"

namespace keel {

// Each rsc_ticket with resource sets as one rsc_ticket per resource of its sets (same id,
// ticket and loss-policy; the set's role, else the constraint's rsc-role), as Pacemaker binds
// them: sets order and colocate nothing here.
Configuration WithTicketSetsExpanded(const Configuration& config);

// The loss policies that act on the current state: fence (marks the nodes unclean, so
// DecideFencing fences them), freeze (leaves it unmanaged where it is), and rsc-role=Promoted
// without the ticket (never promoted). Call after UnpackHistory, before DecideFencing.
void ApplyTicketLosses(WorkingSet& ws);

// -INFINITY on every node for each primitive the tickets keep stopped. Call from InitWeights.
void ApplyTicketBans(WorkingSet& ws);

}  // namespace keel
