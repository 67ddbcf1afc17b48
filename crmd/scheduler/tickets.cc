// Pacemaker 2.1's ticket rules, applied to each primitive a ticket's rsc covers.

#include "crmd/scheduler/tickets.h"

#include <algorithm>

namespace keel {
namespace {

enum class TicketEffect { kNone, kBan, kFenceAndBan, kFreeze };

struct TicketSituation {
  bool granted = false;
  bool standby = false;
};

TicketSituation SituationOf(const WorkingSet& ws, const std::string& ticket) {
  const auto& states = ws.cib->status.tickets;
  auto it = std::find_if(states.begin(), states.end(),
                         [&](const TicketState& s) { return s.id == ticket; });
  if (it == states.end()) return {};
  return {it->granted.value_or(false), it->standby.value_or(false)};
}

TicketLossPolicy PolicyOf(const TicketConstraint& t) {
  return t.loss_policy.value_or(TicketLossPolicy::kStop);
}

// "" (Started), Promoted or Unpromoted; Stopped when it runs nowhere.
std::string CurrentRole(const WorkingSet& ws, const RscInfo& rsc) {
  if (rsc.active_nodes.empty()) return "Stopped";
  if (rsc.clone >= 0 && ws.clones[rsc.clone].promotable) {
    return rsc.promoted_now ? "Promoted" : "Unpromoted";
  }
  return "";
}

TicketEffect EffectOf(const WorkingSet& ws, const TicketConstraint& t, const RscInfo& rsc) {
  const TicketSituation s = SituationOf(ws, t.ticket);
  const std::string role = NormalRole(t.rsc_role);
  const bool promoted_only = role == "Promoted";
  const TicketLossPolicy policy = PolicyOf(t);
  if (!s.granted && !rsc.active_nodes.empty()) {
    const bool role_matches = t.rsc_role.empty() || role == CurrentRole(ws, rsc);
    switch (policy) {
      case TicketLossPolicy::kStop:
        return TicketEffect::kBan;
      case TicketLossPolicy::kDemote:
        return promoted_only ? TicketEffect::kNone : TicketEffect::kBan;
      case TicketLossPolicy::kFence:
        return role_matches ? TicketEffect::kFenceAndBan : TicketEffect::kNone;
      case TicketLossPolicy::kFreeze:
        return role_matches ? TicketEffect::kFreeze : TicketEffect::kNone;
    }
  }
  if (!s.granted || s.standby) {
    if (!promoted_only || policy == TicketLossPolicy::kStop) return TicketEffect::kBan;
  }
  return TicketEffect::kNone;
}

std::string Lost(const TicketConstraint& t) { return "ticket " + t.ticket + " was lost"; }

template <typename Fn>
void ForEachCovered(WorkingSet& ws, Fn fn) {
  for (const TicketConstraint& t : ws.cib->configuration.tickets) {
    auto it = ws.entity_by_id.find(t.rsc);
    if (it == ws.entity_by_id.end()) continue;
    for (int m : ws.Members(it->second)) fn(t, ws.rscs[m]);
  }
}

}  // namespace

Configuration WithTicketSetsExpanded(const Configuration& config) {
  Configuration out = config;
  out.tickets.clear();
  for (const TicketConstraint& ticket : config.tickets) {
    if (ticket.sets.empty()) {
      out.tickets.push_back(ticket);
      continue;
    }
    for (const ResourceSet& set : ticket.sets) {
      for (const std::string& rsc : set.resources) {
        TicketConstraint one = ticket;
        one.sets.clear();
        one.rsc = rsc;
        if (!set.role.empty()) one.rsc_role = set.role;
        out.tickets.push_back(std::move(one));
      }
    }
  }
  return out;
}

void ApplyTicketLosses(WorkingSet& ws) {
  ForEachCovered(ws, [&](const TicketConstraint& t, RscInfo& rsc) {
    const TicketSituation s = SituationOf(ws, t.ticket);
    if (NormalRole(t.rsc_role) == "Promoted" && (!s.granted || s.standby)) {
      rsc.target_unpromoted = true;
      rsc.role_reason = s.granted ? "ticket " + t.ticket + " is on standby" : Lost(t);
    }
    const TicketEffect effect = EffectOf(ws, t, rsc);
    if (effect == TicketEffect::kFenceAndBan) {
      for (int n : rsc.active_nodes) {
        NodeInfo& node = ws.nodes[n];
        if (node.unclean) continue;
        node.unclean = true;
        node.unclean_reason = "deadman ticket was lost";
      }
    } else if (effect == TicketEffect::kFreeze) {
      rsc.managed = false;
      rsc.blocked = true;
      rsc.block_reason = Lost(t) + " (loss-policy=freeze)";
    }
  });
}

void ApplyTicketBans(WorkingSet& ws) {
  ForEachCovered(ws, [&](const TicketConstraint& t, RscInfo& rsc) {
    const TicketEffect effect = EffectOf(ws, t, rsc);
    if (effect != TicketEffect::kBan && effect != TicketEffect::kFenceAndBan) return;
    const std::string why = "ticket " + t.ticket + " (" + t.id + ")";
    for (size_t n = 0; n < ws.nodes.size(); ++n) {
      AddWeight(ws, rsc, static_cast<int>(n), Score::MinusInfinity(), why);
    }
  });
}

}  // namespace keel
