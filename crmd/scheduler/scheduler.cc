// Schedule(): the pipeline. Build the indexed working set, read the status, decide fencing,
// place, block what cannot run, plan stops/starts/restarts, emit the graph and the report.

#include "crmd/scheduler/scheduler.h"

#include <algorithm>

#include "crmd/scheduler/clone_orders.h"
#include "crmd/scheduler/graph.h"
#include "crmd/scheduler/history.h"
#include "crmd/scheduler/placement.h"
#include "crmd/scheduler/plan.h"
#include "crmd/scheduler/tickets.h"
#include "crmd/scheduler/working_set.h"
#include "xml/resource_templates.h"

namespace keel {
namespace {

std::string NodeProblem(const NodeInfo& node) {
  if (node.fence) return node.name + " is being fenced";
  if (node.unclean) return node.name + " is unclean";
  switch (node.membership) {
    case NodeMembership::kOffline:
      return node.name + " is offline";
    case NodeMembership::kPending:
      return node.name + " is pending";
    default:
      break;
  }
  if (node.maintenance) return node.name + " is in maintenance";
  if (node.shutdown) return node.name + " is shutting down";
  if (node.standby) return node.name + " is in standby";
  return "";
}

std::vector<std::string> SortedNames(const WorkingSet& ws, const std::vector<int>& nodes) {
  std::vector<std::string> names;
  for (int n : nodes) names.push_back(ws.nodes[n].name);
  std::sort(names.begin(), names.end());
  return names;
}

void DescribeChange(const WorkingSet& ws, const RscInfo& r, Placement& p) {
  if (!r.managed || r.blocked) {
    p.reason = r.blocked ? r.block_reason : "unmanaged";
    return;
  }
  bool implied = false;
  for (int n : r.active_nodes) implied |= ws.nodes[n].fence;
  bool was_active = !r.active_nodes.empty();
  if (r.target >= 0 && !was_active) {
    p.change = r.promote_action ? "Promote" : "Start";  // crm_simulate: Stopped -> Promoted
  } else if (r.target < 0 && was_active) {
    p.change = "Stop";
    p.reason = r.unrunnable_start ? r.unrunnable_reason : r.stop_reason;
    if (p.reason.empty() && r.CurrentNode() >= 0) p.reason = NodeProblem(ws.nodes[r.CurrentNode()]);
  } else if (r.target >= 0 && r.start) {
    bool same = r.active_nodes.size() == 1 && r.active_nodes[0] == r.target;
    if (r.failed || r.active_nodes.size() > 1) {
      p.change = "Recover";
    } else if (same) {
      p.change = "Restart";
      p.reason = r.restart_reason;
    } else {
      p.change = "Move";
      int from = r.CurrentNode();
      if (from >= 0) p.reason = NodeProblem(ws.nodes[from]);
    }
  } else if (r.target < 0 && r.unrunnable_start) {
    p.reason = r.unrunnable_reason;
  } else if (r.promote_action) {
    p.change = "Promote";
  } else if (!r.demote_nodes.empty()) {
    p.change = "Demote";
    p.reason = r.role_reason;
  }
  (void)implied;
}

// Fills p, a new placement (built in place in the transition: a Placement is large).
void FillPlacement(const WorkingSet& ws, const RscInfo& r, Placement& p) {
  p.resource = r.id;
  p.group = r.group >= 0 ? ws.groups[r.group].id : "";
  p.clone = r.clone >= 0 ? ws.clones[r.clone].id : "";
  p.agent = r.agent;
  p.current_nodes = SortedNames(ws, r.active_nodes);
  p.failed_now = r.failed;
  p.failure_ignored = std::any_of(r.history.begin(), r.history.end(), [](const NodeHistory& h) {
    return h.active && h.failure_ignored;
  });
  p.managed = r.managed;
  p.blocked = r.blocked;
  if (!r.managed || r.blocked) {
    // Left where it is, except on a node being fenced: fencing stops it there.
    std::vector<int> staying;
    for (int n : r.active_nodes) {
      if (!ws.nodes[n].fence) staying.push_back(n);
    }
    if (!staying.empty()) {
      p.next_node = ws.nodes[staying.front()].name;
      p.next_nodes = SortedNames(ws, staying);
      p.state = r.failed ? PlacementState::kFailed : PlacementState::kStarted;
    }
  } else if (r.target >= 0) {
    p.next_node = ws.nodes[r.target].name;
    p.next_nodes = {p.next_node};
    p.state = PlacementState::kStarted;
  }
  if (r.clone >= 0 && ws.clones[r.clone].promotable) {
    if (!r.active_nodes.empty()) p.current_role = r.promoted_now ? "Promoted" : "Unpromoted";
    bool stays = !r.managed || r.blocked;
    if (p.state != PlacementState::kStopped) {
      p.role = (stays ? r.promoted_now : r.promote) ? "Promoted" : "Unpromoted";
    }
  }
  DescribeChange(ws, r, p);
}

ResourceScores ExplainScores(const WorkingSet& ws, const RscInfo& r) {
  ResourceScores s;
  s.resource = r.id;
  for (size_t n = 0; n < ws.nodes.size(); ++n) {
    NodeScore ns;
    ns.node = ws.nodes[n].name;
    ns.total = r.weights[n];
    ns.can_run = ws.nodes[n].CanRun();
    if (!r.contributions.empty()) ns.contributions = r.contributions[n];
    if (!ns.can_run) {
      ns.contributions.push_back(ScoreContribution{
          NodeProblem(ws.nodes[n]) + " (cannot run resources)", Score::MinusInfinity()});
    }
    s.nodes.push_back(std::move(ns));
  }
  if (!r.managed) {
    s.decision = "unmanaged: left where it is";
  } else if (r.blocked) {
    s.decision = "blocked: " + r.block_reason;
  } else if (r.target >= 0) {
    s.decision =
        "runs on " + ws.nodes[r.target].name +
        " (highest score among nodes that can run it"
        ", ties broken by fewest resources, then current node, then name; a positive best score"
        " shared with the current node keeps it there)";
  } else if (r.unrunnable_start) {
    s.decision = "stopped: " + r.unrunnable_reason;
  } else {
    s.decision =
        "stopped: " + (r.stop_reason.empty() ? std::string("no node can run it") : r.stop_reason);
  }
  if (r.clone >= 0 && ws.clones[r.clone].promotable && r.target >= 0 && r.managed) {
    s.decision += r.promote ? "; promoted" : "; unpromoted";
    s.decision += " (promotion priority " + r.promotion_priority.ToString() + ": " +
                  r.promotion_detail + "; rank with the clone's node score " +
                  r.sort_index.ToString() + (r.role_reason.empty() ? "" : "; " + r.role_reason) +
                  ")";
  }
  return s;
}

}  // namespace

std::expected<Transition, Errors> Schedule(const Cib& cib, const ClusterView& view, TimePoint now,
                                           const ScheduleOptions& options) {
  const auto& tickets = cib.configuration.tickets;
  if (std::any_of(tickets.begin(), tickets.end(),
                  [](const TicketConstraint& t) { return !t.sets.empty(); })) {
    Cib expanded = cib;
    expanded.configuration = WithTicketSetsExpanded(cib.configuration);
    return Schedule(expanded, view, now, options);
  }
  if (!cib.configuration.templates.empty()) {
    // Pacemaker places a template colocated with a template as if unconstrained (case
    // template-coloc-3); the tags they become would put them together.
    Errors refused;
    for (const ColocationConstraint& c : cib.configuration.colocations) {
      if (FindTemplate(cib.configuration, c.rsc) && FindTemplate(cib.configuration, c.with_rsc)) {
        refused.push_back(Error{
            ErrorCode::kNotSupported,
            "not supported: colocation of a template with a template (id " + c.id + ")", c.id});
      }
    }
    if (!refused.empty()) return std::unexpected(std::move(refused));
    Cib expanded = cib;
    expanded.configuration = WithTemplatesExpanded(cib.configuration);
    return Schedule(expanded, view, now, options);
  }
  auto built = BuildWorkingSet(cib, view, now, options);
  if (!built) return std::unexpected(std::move(built.error()));
  WorkingSet& ws = *built;
  if (Errors errors = UnpackHistory(ws); !errors.empty()) return std::unexpected(std::move(errors));
  ApplyTicketLosses(ws);
  DecideFencing(ws);
  SettleUncleanNodes(ws);
  InitWeights(ws);
  AssignAll(ws);
  ExpandInterleavedOrders(ws);
  BlockUnrunnable(ws);
  PlanChanges(ws);

  Transition t;
  t.placements.reserve(ws.rscs.size());
  for (const RscInfo& r : ws.rscs) FillPlacement(ws, r, t.placements.emplace_back());
  for (const CloneInfo& c : ws.clones) {
    if (c.cloned_group < 0) {
      t.clones.push_back(CloneSummary{c.id, c.child_id, c.agent, c.promotable});
      continue;
    }
    // A clone of a group shows once, as its group: its member clones share its id.
    const ClonedGroupInfo& cg = ws.cloned_groups[c.cloned_group];
    if (&c == &ws.clones[cg.member_clones.front()]) {
      t.clones.push_back(CloneSummary{c.id, cg.group_id, "", c.promotable, true});
    }
  }
  for (const NodeInfo& n : ws.nodes) {
    if (n.fence)
      t.fenced.push_back(FenceDecision{n.name, n.fence_reason, ws.settings.fencing_action});
    if (n.unfence) t.fenced.push_back(FenceDecision{n.name, n.unfence_reason, "on"});
    t.nodes.push_back(NodeSummary{n.name, n.membership, n.standby, n.maintenance, n.shutdown,
                                  n.unclean, n.fence});
  }
  t.have_quorum = ws.settings.have_quorum;
  std::sort(t.fenced.begin(), t.fenced.end(),
            [](const FenceDecision& a, const FenceDecision& b) { return a.node < b.node; });
  BuildGraph(ws, t);
  if (options.explain) {
    for (const RscInfo& r : ws.rscs) t.scores.push_back(ExplainScores(ws, r));
  }
  if (!ws.settings.have_quorum) {
    t.notes.push_back("the partition has no quorum (no-quorum-policy applies)");
  }
  for (std::string& note : ws.notes) t.notes.push_back(std::move(note));
  t.recheck_at_s = ws.recheck_at_s;
  t.recheck_reason = ws.recheck_reason;
  return t;
}

}  // namespace keel
