#include "cli/simulate_text.h"

#include <algorithm>
#include <map>
#include <set>

#include "crmd/scheduler/settings.h"

namespace keel {
namespace {

std::string Pad(const std::string& s, size_t width) {
  return s.size() >= width ? s : s + std::string(width - s.size(), ' ');
}

std::string PadLeft(const std::string& s, size_t width) {
  return s.size() >= width ? s : std::string(width - s.size(), ' ') + s;
}

std::string Bracketed(const std::vector<std::string>& names) {
  std::string out = "[";
  for (const std::string& n : names) out += " " + n;
  return out + " ]";
}

// Node list; `after` shows the nodes once the transition has run (fenced nodes are down).
void WriteNodes(const Transition& t, bool after, std::ostream& out) {
  std::vector<std::string> online, offline;
  std::map<std::string, bool> hosting;
  for (const Placement& p : t.placements) {
    if (after) {
      for (const std::string& n : p.next_nodes) hosting[n] = true;
    } else {
      for (const std::string& n : p.current_nodes) hosting[n] = true;
    }
  }
  out << "  * Node List:\n";
  for (const NodeSummary& n : t.nodes) {
    bool down = n.membership == NodeMembership::kOffline || (after && n.fenced);
    std::string with = hosting.count(n.name) ? " (with active resources)" : "";
    if (!down && n.unclean) {
      out << "    * Node " << n.name << ": UNCLEAN ("
          << (n.membership == NodeMembership::kOnline ? "online" : "offline") << ")\n";
    } else if (down) {
      offline.push_back(n.name);
    } else if (n.membership == NodeMembership::kPending) {
      out << "    * Node " << n.name << ": pending\n";
    } else if (n.maintenance) {
      out << "    * Node " << n.name << ": maintenance\n";
    } else if (n.standby) {
      out << "    * Node " << n.name << ": standby" << with << "\n";
    } else {
      online.push_back(n.name);
    }
  }
  std::sort(online.begin(), online.end());
  std::sort(offline.begin(), offline.end());
  if (!online.empty()) out << "    * Online: " << Bracketed(online) << "\n";
  if (!offline.empty()) out << "    * OFFLINE: " << Bracketed(offline) << "\n";
}

std::string StateText(const Placement& p, bool after) {
  std::string text;
  // An instance of a promotable clone shows its role where others show "Started".
  const std::string& role = after ? p.role : p.current_role;
  const std::string running = role.empty() ? "Started " : role + " ";
  if (after) {
    if (p.state == PlacementState::kStopped) {
      text = "Stopped";
    } else {
      text = (p.state == PlacementState::kFailed ? "FAILED " + (role.empty() ? "" : role + " ")
                                                 : running) +
             (p.next_nodes.size() > 1 ? Bracketed(p.next_nodes) : p.next_node);
    }
  } else if (p.current_nodes.empty()) {
    text = "Stopped";
  } else if (p.current_nodes.size() == 1) {
    text = (p.failed_now ? "FAILED " + (role.empty() ? "" : role + " ") : running) +
           p.current_nodes[0];
  } else {
    text = "Started " + Bracketed(p.current_nodes);
  }
  if (!p.managed) text += " (unmanaged)";
  if (p.blocked) text += " (blocked)";
  if (p.failure_ignored && p.state != PlacementState::kStopped) text += " (failure ignored)";
  return text;
}

// The group instances of a clone of a group: one whose members all run healthy on one node
// counts as started (or promoted, unpromoted) there, the others are shown whole, member by
// member.
void WriteGroupInstances(const Transition& t, const CloneSummary& c, bool after, std::ostream& out,
                         std::vector<std::string>& started, std::vector<std::string>& promoted,
                         std::vector<std::string>& unpromoted,
                         std::map<std::string, bool>& hosting) {
  std::map<std::string, std::vector<const Placement*>> instances;
  std::vector<std::string> order;
  for (const Placement& p : t.placements) {
    if (p.clone != c.id) continue;
    if (!instances.count(p.group)) order.push_back(p.group);
    instances[p.group].push_back(&p);
  }
  for (const std::string& group : order) {
    std::vector<std::string> nodes;
    bool plain = true;
    for (const Placement* p : instances[group]) {
      const std::vector<std::string>& on = after ? p->next_nodes : p->current_nodes;
      for (const std::string& n : on) hosting[n] = true;
      bool healthy = p->managed && !p->blocked &&
                     !(after ? p->state == PlacementState::kFailed : p->failed_now);
      if (p == instances[group].front()) nodes = on;
      plain = plain && healthy && on.size() == 1 && on == nodes;
    }
    if (plain) {  // a promotable clone's group instance: its members share its role
      const Placement& lead = *instances[group].front();
      const std::string& role = after ? lead.role : lead.current_role;
      (role == "Promoted"     ? promoted
       : role == "Unpromoted" ? unpromoted
                              : started)
          .push_back(nodes.front());
      continue;
    }
    bool any = std::any_of(
        instances[group].begin(), instances[group].end(),
        [&](const Placement* p) { return !(after ? p->next_nodes : p->current_nodes).empty(); });
    if (!any) continue;
    out << "      * Resource Group: " << group << ":\n";
    for (const Placement* p : instances[group]) {
      out << "        * " << p->resource << "\t(" << p->agent << "):\t " << StateText(*p, after)
          << "\n";
    }
  }
}

// The globally-unique clones of the configuration (their first globally-unique value).
std::set<std::string> UniqueClones(const Cib& cib) {
  std::set<std::string> unique;
  for (const Resource& r : cib.configuration.resources) {
    const auto* clone = std::get_if<Clone>(&r);
    if (clone == nullptr) continue;
    auto value = FindNvValue(clone->meta_attributes, "globally-unique");
    if (value && ParseTruth(*value).value_or(false)) unique.insert(clone->id);
  }
  return unique;
}

// A globally-unique clone of a primitive as crm_mon shows one: every instance on its own
// line, stopped ones too.
void WriteUniqueClone(const Transition& t, const CloneSummary& c, bool after, std::ostream& out) {
  out << "    * Clone Set: " << c.id << " [" << c.primitive << "]"
      << (c.promotable ? " (promotable, unique)" : " (unique)") << ":\n";
  for (const Placement& p : t.placements) {
    if (p.clone != c.id) continue;
    out << "      * " << p.resource << "\t(" << p.agent << "):\t " << StateText(p, after) << "\n";
  }
}

// A clone set as crm_mon shows one: healthy started instances as one node list, the
// others (failed, unmanaged, blocked) one by one, then the nodes without an instance.
void WriteClone(const Transition& t, const CloneSummary& c, bool after,
                const std::set<std::string>& unique, std::ostream& out) {
  if (unique.contains(c.id) && !c.of_group) {
    WriteUniqueClone(t, c, after, out);
    return;
  }
  out << "    * Clone Set: " << c.id << " [" << c.primitive << "]"
      << (c.promotable ? " (promotable)" : "") << ":\n";
  std::vector<std::string> started, promoted, unpromoted;
  std::map<std::string, bool> hosting;
  if (c.of_group) {
    WriteGroupInstances(t, c, after, out, started, promoted, unpromoted, hosting);
  }
  for (const Placement& p : t.placements) {
    if (p.clone != c.id || c.of_group) continue;
    const std::vector<std::string>& nodes = after ? p.next_nodes : p.current_nodes;
    for (const std::string& n : nodes) hosting[n] = true;
    bool plain =
        p.managed && !p.blocked && !(after ? p.state == PlacementState::kFailed : p.failed_now);
    const std::string& role = after ? p.role : p.current_role;
    if (plain) {
      std::vector<std::string>& list = role == "Promoted"     ? promoted
                                       : role == "Unpromoted" ? unpromoted
                                                              : started;
      list.insert(list.end(), nodes.begin(), nodes.end());
    } else if (!nodes.empty()) {
      out << "      * " << p.resource << "\t(" << p.agent << "):\t " << StateText(p, after) << "\n";
    }
  }
  for (auto [name, list] : {std::pair{"Promoted", &promoted}, std::pair{"Unpromoted", &unpromoted},
                            std::pair{"Started", &started}}) {
    std::sort(list->begin(), list->end());
    if (!list->empty()) out << "      * " << name << ": " << Bracketed(*list) << "\n";
  }
  std::vector<std::string> stopped;
  for (const NodeSummary& n : t.nodes) {
    if (!hosting.count(n.name)) stopped.push_back(n.name);
  }
  std::sort(stopped.begin(), stopped.end());
  if (!stopped.empty()) out << "      * Stopped: " << Bracketed(stopped) << "\n";
}

void WriteResources(const Transition& t, bool after, const std::set<std::string>& unique,
                    std::ostream& out) {
  out << "  * Full List of Resources:\n";
  std::string group, clone;
  for (const CloneSummary& c : t.clones) {
    bool has_instances = std::any_of(t.placements.begin(), t.placements.end(),
                                     [&](const Placement& p) { return p.clone == c.id; });
    if (!has_instances) WriteClone(t, c, after, unique, out);
  }
  for (const Placement& p : t.placements) {
    if (!p.clone.empty()) {
      if (p.clone != clone) {
        for (const CloneSummary& c : t.clones) {
          if (c.id == p.clone) WriteClone(t, c, after, unique, out);
        }
      }
      clone = p.clone;
      group.clear();
      continue;
    }
    clone.clear();
    if (p.group != group && !p.group.empty()) out << "    * Resource Group: " << p.group << ":\n";
    group = p.group;
    out << (p.group.empty() ? "    * " : "      * ") << p.resource << "\t(" << p.agent
        << "):\t " << StateText(p, after) << "\n";
  }
}

void WriteSummary(const Transition& t, std::ostream& out) {
  out << "Transition Summary:\n";
  for (const FenceDecision& f : t.fenced) {
    out << "  * Fence (" << f.action << ") " << f.node << " '" << f.reason << "'\n";
  }
  struct Line {
    std::string change, rsc, where, reason;
  };
  std::vector<Line> lines;
  for (const Placement& p : t.placements) {
    if (p.change.empty()) continue;
    std::string from = p.current_nodes.empty() ? "" : p.current_nodes.front();
    std::string where = p.change == "Start" ? p.next_node
                        : p.change == "Stop" ? from
                        : (from == p.next_node || from.empty()) ? p.next_node
                                                                : from + " -> " + p.next_node;
    // Instances of promotable clones name their roles, as crm_simulate does.
    const std::string now = p.current_role.empty() ? std::string("Stopped") : p.current_role;
    if (p.change == "Promote" || p.change == "Demote") {
      where = now + " -> " + p.role + " " + p.next_node;
    } else if (!p.current_role.empty() && p.change == "Stop") {
      where = p.current_role + " " + from;
    } else if (!p.current_role.empty() && !p.role.empty() && from == p.next_node) {
      where = (p.role == now ? now : now + " -> " + p.role) + " " + p.next_node;
    } else if (!p.current_role.empty() && !p.role.empty() && !from.empty()) {
      where = now + " " + from + " -> " + p.role + " " + p.next_node;
    }
    lines.push_back(Line{p.change, p.resource, where, p.reason});
  }
  size_t rw = 0, ww = 0;
  for (const Line& l : lines) {
    rw = std::max(rw, l.rsc.size());
    ww = std::max(ww, l.where.size());
  }
  for (const Line& l : lines) {
    out << "  * " << Pad(l.change, 10) << " " << Pad(l.rsc, rw) << " ( " << PadLeft(l.where, ww)
        << " )";
    if (!l.reason.empty()) out << "  " << l.reason;
    out << "\n";
  }
}

void WriteActions(const Transition& t, const std::string& action, std::ostream& out) {
  out << "Executing Cluster Transition:\n";
  for (const Action& a : t.actions) {
    if (a.task == "fence" || a.task == "unfence") {
      out << "  * Fencing " << a.node << " (" << (a.task == "fence" ? action : "on") << ")\n";
      continue;
    }
    if (a.task == "clear_failcount") {
      out << "  * Cluster action:  clear_failcount for " << a.resource << " on " << a.node << "\n";
      continue;
    }
    std::string task = a.task;
    if ((a.task == "monitor" || a.task == "cancel") && a.interval_ms > 0) {
      task += "=" + std::to_string(a.interval_ms);
    }
    out << "  * Resource action: " << Pad(a.resource, 15) << " " << task << " on " << a.node
        << "\n";
  }
}

void WriteScores(const Transition& t, std::ostream& out) {
  out << "Allocation scores:\n";
  for (const ResourceScores& rs : t.scores) {
    for (const NodeScore& ns : rs.nodes) {
      out << "  " << rs.resource << " allocation score on " << ns.node << ": "
          << ns.total.ToString() << (ns.can_run ? "" : " (cannot run resources)") << "\n";
    }
  }
  out << "\n";
}

void WriteExplain(const Transition& t, const std::string& rsc, std::ostream& out) {
  for (const ResourceScores& rs : t.scores) {
    if (rs.resource != rsc) continue;
    out << "Explanation for " << rsc << ":\n";
    for (const NodeScore& ns : rs.nodes) {
      out << "  * " << ns.node << ": " << ns.total.ToString() << "\n";
      if (ns.contributions.empty()) out << "      0  (no constraint mentions this node)\n";
      for (const ScoreContribution& c : ns.contributions) {
        out << "      " << PadLeft(c.score.ToString(), 9) << "  " << c.source << "\n";
      }
    }
    out << "  => " << rs.decision << "\n\n";
  }
}

}  // namespace

void WriteSimulateText(const Cib& cib, const ClusterView& view, const Transition& t,
                       const SimulateTextOptions& options, std::ostream& out) {
  (void)view;
  std::string action = "reboot";
  for (const NvSet& set : cib.configuration.crm_config) {
    for (const NvPair& pair : set.pairs) {
      if (pair.name == "stonith-action" || pair.name == "fencing-action") action = pair.value;
    }
  }
  if (!options.modifications.empty()) {
    out << "Performed Requested Modifications:\n";
    for (const std::string& m : options.modifications) out << "  * " << m << "\n";
    out << "\n";
  }
  out << "Current cluster status:\n";
  WriteNodes(t, false, out);
  out << "\n";
  WriteResources(t, false, UniqueClones(cib), out);
  out << "\n";
  if (options.scores) WriteScores(t, out);
  if (!options.explain.empty()) WriteExplain(t, options.explain, out);
  WriteSummary(t, out);
  out << "\n";
  if (!t.notes.empty()) {
    out << "Notes:\n";
    for (const std::string& note : t.notes) out << "  * " << note << "\n";
    out << "\n";
  }
  WriteActions(t, action, out);
  out << "\nRevised Cluster Status:\n";
  WriteNodes(t, true, out);
  out << "\n";
  WriteResources(t, true, UniqueClones(cib), out);
}

}  // namespace keel
