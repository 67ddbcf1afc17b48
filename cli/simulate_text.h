#pragma once
// `crm simulate` text output in crm_simulate's layout: current status, transition summary,
// the actions in execution order, revised status; optionally allocation scores and the
// explanation of one resource's placement.

#include <ostream>
#include <string>

#include "crmd/scheduler/scheduler.h"
#include "xml/cib.h"

namespace keel {

struct SimulateTextOptions {
  bool scores = false;
  std::string explain;  // primitive id, or ""
};

void WriteSimulateText(const Cib& cib, const ClusterView& view, const Transition& transition,
                       const SimulateTextOptions& options, std::ostream& out);

}  // namespace keel
