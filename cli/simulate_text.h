#pragma once
// `crm simulate` text output in crm_simulate's layout: current status, transition summary,
// the actions in execution order, revised status; optionally allocation scores and the
// explanation of one resource's placement.

#include <ostream>
#include <string>
#include <vector>

#include "crmd/scheduler/scheduler.h"
#include "xml/cib.h"

namespace keel {

struct SimulateTextOptions {
  bool scores = false;
  std::string explain;  // primitive id, or ""
  // The what-if changes made to the CIB's status, one line each; shown first, as the
  // current status already includes them.
  std::vector<std::string> modifications;
};

void WriteSimulateText(const Cib& cib, const ClusterView& view, const Transition& transition,
                       const SimulateTextOptions& options, std::ostream& out);

}  // namespace keel
