#include "crmd/scheduler/transition_format.h"

#include <sstream>

namespace keel {

std::string PlacementStateName(PlacementState state) {
  switch (state) {
    case PlacementState::kStarted: return "started";
    case PlacementState::kFailed: return "failed";
    case PlacementState::kStopped: break;
  }
  return "stopped";
}

std::string FormatTransition(const Transition& t) {
  std::ostringstream out;
  for (const Placement& p : t.placements) {
    out << "placement " << p.resource << ": " << PlacementStateName(p.state);
    if (p.next_nodes.size() > 1) {
      out << " [";
      for (const std::string& n : p.next_nodes) out << " " << n;
      out << " ]";
    } else if (p.state != PlacementState::kStopped) {
      out << " " << p.next_node;
    }
    if (!p.role.empty()) out << " " << p.role;
    if (!p.change.empty() || !p.reason.empty()) {
      out << " (" << (p.change.empty() ? "no change" : p.change);
      if (!p.reason.empty()) out << ": " << p.reason;
      out << ")";
    }
    out << "\n";
  }
  for (const FenceDecision& f : t.fenced) {
    out << "fence " << f.node << " (" << f.action << "): " << f.reason << "\n";
  }
  for (size_t i = 0; i < t.actions.size(); ++i) out << "action " << i << ": " << t.actions[i].Key() << "\n";
  for (const Edge& e : t.edges) out << "edge " << e.first << " -> " << e.then << "\n";
  for (const std::string& note : t.notes) out << "note: " << note << "\n";
  if (t.recheck_at_s) out << "recheck at " << *t.recheck_at_s << ": " << t.recheck_reason << "\n";
  return out.str();
}

}  // namespace keel
