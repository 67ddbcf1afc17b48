#pragma once
// `crm simulate --json`: one JSON object describing the cluster after the transition
// (resources, fenced nodes) and the transition itself (actions, edges, optional scores).

#include <ostream>

#include "crmd/scheduler/scheduler.h"

namespace keel {

void WriteTransitionJson(const Transition& transition, std::ostream& out);

}  // namespace keel
