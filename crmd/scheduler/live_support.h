#pragma once
// What the scheduler plans (for crm simulate) but a running cluster cannot carry out yet:
// cloned fence devices and notify=true on a clone of a group (no notifications are planned
// for those). Anonymous, globally-unique (each instance under its own id, several per node
// with clone-node-max) and promotable clones of a primitive, with notifications when
// notify=true, and clones of groups (each member of an instance run as an instance of its
// own) run.
// The CIB commit check, the DC's controller and `crm configure verify` all ask here, so that
// they say the same thing.

#include "xml/base/error.h"
#include "xml/cib.h"

namespace keel {

// rsc_ticket constraints are refused too (one error each): nothing grants a ticket live;
// so is a non-empty <acls> section (one error): the CIB manager does not enforce ACLs; and
// so is a location with a date rule (one error each): nothing re-runs the scheduler when
// the rule's time comes; so are name/value sets with date rules and crm_config sets with
// rules (nvset_rules.h).
// One kNotSupported error per such clone, naming it; empty when a running cluster can run
// it all.
Errors LiveClusterRefusals(const Configuration& config);

}  // namespace keel
