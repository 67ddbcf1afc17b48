#pragma once
// Promotable clones: which placed instances are promoted, and the promote / demote that get
// them there. Internal to the scheduler.
//
// As in Pacemaker 2.1.5, an instance's promotion priority is its promotion score on the node
// it is placed on (the master-<id> node attribute agents set with crm_master; -1 when
// absent, so that nothing is promoted without a score or a constraint), plus location
// constraints with role Promoted there, plus the clone's role colocations with a placed
// primitive (an infinite one for the promoted role rules out every other node). Instances
// with a priority of zero or more are then ranked by priority plus the clone's own node
// score (its locations and the preferences of what is colocated with it), then by their
// current role; the first promoted-max are promoted, at most promoted-node-max per node.

#include "crmd/scheduler/working_set.h"

namespace keel {

// Sets promote, promotion_priority and sort_index of every instance of a placed promotable
// clone. Called once its instances have their target nodes.
void SetInstanceRoles(WorkingSet& ws, int clone);

// After PlanChanges: drops promotions an unrunnable order or start rules out, and decides
// the promote and demote actions (demote before any stop of a promoted instance).
void PlanRoleChanges(WorkingSet& ws);

}  // namespace keel
