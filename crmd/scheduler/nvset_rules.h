#pragma once
// Which rules in name/value sets the scheduler and a running cluster can evaluate (rules.h
// reads the sets): the others are refused with "not supported" before any decision, never
// read as if they held or as if they did not. Pure.

#include <functional>
#include <string>

#include "xml/base/error.h"
#include "xml/cib.h"

namespace keel {

// "source:line (id)" for an element, as WorkingSet::Place gives it.
using PlaceFn = std::function<std::string(const std::string& id, int line)>;

// Pacemaker reads every set but a resource's (and its group's or clone's) instance_attributes
// without a node: a node attribute expression there is refused (one error per expression),
// as is a role on a set's rule.
Errors NvSetRuleRefusals(const Configuration& config, const PlaceFn& place);

// In a running cluster also: date expressions in any set's rule (nothing re-runs the scheduler
// when their time comes) and any rule in crm_config (the daemon reads its own options, such
// as dc-deadtime, without rules). One error per set.
Errors NvSetRuleLiveRefusals(const Configuration& config);

}  // namespace keel
