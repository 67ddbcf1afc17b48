#include "xml/cib.h"

#include <algorithm>
#include <cctype>

#include "xml/default_value.h"

namespace keel {

std::string_view TicketLossPolicyName(TicketLossPolicy policy) {
  switch (policy) {
    case TicketLossPolicy::kStop:
      return "stop";
    case TicketLossPolicy::kDemote:
      return "demote";
    case TicketLossPolicy::kFence:
      return "fence";
    case TicketLossPolicy::kFreeze:
      return "freeze";
  }
  return "stop";
}

bool IsDefaultValue(std::string_view value) {
  constexpr std::string_view kDefault = "#default";
  return value.size() == kDefault.size() &&
         std::equal(value.begin(), value.end(), kDefault.begin(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) == b;
         });
}

std::optional<std::string> FindNvValue(const std::vector<NvSet>& sets, std::string_view name) {
  std::vector<const NvSet*> all;
  for (const NvSet& set : sets) all.push_back(&set);
  return FindNvValue(all, name);
}

std::optional<std::string> FindNvValue(const std::vector<const NvSet*>& sets,
                                       std::string_view name) {
  std::optional<std::string> value;
  for (const NvSet* set : sets) {
    for (const NvPair& pair : set->pairs) {
      if (pair.name != name) continue;
      if (IsDefaultValue(pair.value)) {
        value.reset();
      } else if (!value) {
        value = pair.value;
      }
    }
  }
  return value;
}

const std::string& ResourceId(const Resource& resource) {
  return std::visit([](const auto& r) -> const std::string& { return r.id; }, resource);
}

int ResourceLine(const Resource& resource) {
  return std::visit([](const auto& r) { return r.line; }, resource);
}

OrderKind OrderConstraint::EffectiveKind() const {
  if (kind) return *kind;
  if (score && score->value() == 0) return OrderKind::kOptional;
  return OrderKind::kMandatory;
}

bool OrderConstraint::EffectiveSymmetrical() const {
  if (symmetrical) return *symmetrical;
  return EffectiveKind() != OrderKind::kSerialize;
}

const std::string& OrderConstraint::EffectiveFirstAction() const {
  static const std::string kStart = "start";
  return first_action.empty() ? kStart : first_action;
}

const std::string& OrderConstraint::EffectiveThenAction() const {
  return then_action.empty() ? EffectiveFirstAction() : then_action;
}

std::string CibVersion::ToString() const {
  return std::to_string(admin_epoch) + "." + std::to_string(epoch) + "." +
         std::to_string(num_updates);
}

void LrmRscOp::Set(Text t, std::string_view v) {
  // `v` may view texts_ itself (one field copied to another).
  const std::string copy(v);
  uint32_t begin = t == 0 ? 0 : ends_[t - 1];
  const uint32_t old_size = ends_[t] - begin;
  texts_.replace(begin, old_size, copy);
  const auto delta = static_cast<uint32_t>(copy.size()) - old_size;  // wraps when shrinking
  for (size_t i = t; i < kTextCount; ++i) ends_[i] += delta;
}

}  // namespace keel

namespace keel {

namespace {

void ClearLines(Rule& rule) {
  rule.line = 0;
  for (Expression& e : rule.expressions) e.line = 0;
  for (DateExpression& e : rule.date_expressions) {
    e.line = 0;
    if (e.date_spec) e.date_spec->line = 0;
    if (e.duration) e.duration->line = 0;
  }
  for (RscExpression& e : rule.rsc_expressions) e.line = 0;
  for (OpExpression& e : rule.op_expressions) e.line = 0;
  for (Rule& r : rule.rules) ClearLines(r);
}

void ClearLines(std::vector<NvSet>& sets) {
  for (NvSet& set : sets) {
    set.line = 0;
    if (set.rule) ClearLines(*set.rule);
    for (NvPair& pair : set.pairs) pair.line = 0;
  }
}

void ClearLines(Primitive& p) {
  p.line = 0;
  ClearLines(p.instance_attributes);
  ClearLines(p.meta_attributes);
  ClearLines(p.utilization);
  for (Operation& op : p.operations) {
    op.line = 0;
    ClearLines(op.instance_attributes);
    ClearLines(op.meta_attributes);
  }
}

void ClearLines(Group& g) {
  g.line = 0;
  ClearLines(g.instance_attributes);
  ClearLines(g.meta_attributes);
  for (Primitive& p : g.primitives) ClearLines(p);
}

void ClearLines(Clone& c) {
  c.line = 0;
  ClearLines(c.instance_attributes);
  ClearLines(c.meta_attributes);
  std::visit([](auto& child) { ClearLines(child); }, c.child);
}

void ClearLines(Alert& alert) {
  alert.line = 0;
  if (alert.select) {
    for (AlertAttributeName& name : alert.select->attribute_names) name.line = 0;
  }
  ClearLines(alert.meta_attributes);
  ClearLines(alert.instance_attributes);
  for (AlertRecipient& r : alert.recipients) {
    r.line = 0;
    ClearLines(r.meta_attributes);
    ClearLines(r.instance_attributes);
  }
}

void ClearLines(Configuration& config) {
  ClearLines(config.crm_config);
  for (Node& n : config.nodes) {
    n.line = 0;
    ClearLines(n.instance_attributes);
    ClearLines(n.utilization);
  }
  for (Resource& r : config.resources) std::visit([](auto& x) { ClearLines(x); }, r);
  auto clear_sets = [](std::vector<ResourceSet>& sets) {
    for (ResourceSet& set : sets) set.line = 0;
  };
  for (LocationConstraint& loc : config.locations) {
    loc.line = 0;
    clear_sets(loc.sets);
    for (Rule& rule : loc.rules) ClearLines(rule);
  }
  for (ColocationConstraint& col : config.colocations) {
    col.line = 0;
    clear_sets(col.sets);
  }
  for (OrderConstraint& order : config.orders) {
    order.line = 0;
    clear_sets(order.sets);
  }
  for (TicketConstraint& ticket : config.tickets) {
    ticket.line = 0;
    clear_sets(ticket.sets);
  }
  ClearLines(config.rsc_defaults);
  ClearLines(config.op_defaults);
  for (FencingLevel& level : config.fencing_levels) level.line = 0;
  for (Tag& tag : config.tags) tag.line = 0;
  for (Alert& alert : config.alerts) ClearLines(alert);
  if (config.acls) {
    config.acls->line = 0;
    for (AclSubject& subject : config.acls->subjects) subject.line = 0;
    for (AclRole& role : config.acls->roles) {
      role.line = 0;
      for (AclPermission& permission : role.permissions) permission.line = 0;
    }
  }
  for (Primitive& t : config.templates) ClearLines(t);
}

}  // namespace

Configuration WithoutSourceLines(Configuration config) {
  ClearLines(config);
  return config;
}

Cib WithoutSourceLines(Cib cib) {
  ClearLines(cib.configuration);
  for (TicketState& ticket : cib.status.tickets) ticket.line = 0;
  for (NodeState& state : cib.status.node_states) {
    state.line = 0;
    ClearLines(state.transient_attributes);
    for (LrmResource& rsc : state.lrm_resources) {
      rsc.line = 0;
      for (LrmRscOp& op : rsc.ops) op.line = 0;
    }
  }
  return cib;
}

}  // namespace keel
