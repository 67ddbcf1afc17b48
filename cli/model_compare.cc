#include "cli/model_compare.h"

namespace keel {

namespace {

// Clears the ids crm syntax cannot carry; source lines are xml's WithoutSourceLines' job.
void ClearIds(Rule& rule) {
  // and/or means nothing with a single expression; crm syntax cannot say which it was.
  if (rule.expressions.size() + rule.date_expressions.size() + rule.rules.size() <= 1) {
    rule.boolean_op = BoolOp::kAnd;
  }
  for (Expression& e : rule.expressions) e.id.clear();
  for (DateExpression& e : rule.date_expressions) {
    e.id.clear();
    if (e.date_spec) e.date_spec->id.clear();
    if (e.duration) e.duration->id.clear();
  }
  for (Rule& r : rule.rules) ClearIds(r);
}

void ClearIds(std::vector<NvSet>& sets) {
  for (NvSet& set : sets) {
    if (set.rule) ClearIds(*set.rule);
    for (NvPair& pair : set.pairs) pair.id.clear();
  }
}

void ClearIds(Primitive& p) {
  ClearIds(p.instance_attributes);
  ClearIds(p.meta_attributes);
  ClearIds(p.utilization);
  for (Operation& op : p.operations) {
    ClearIds(op.instance_attributes);
    ClearIds(op.meta_attributes);
  }
}

void ClearIds(Group& g) {
  ClearIds(g.instance_attributes);
  ClearIds(g.meta_attributes);
  for (Primitive& p : g.primitives) ClearIds(p);
}

void ClearIds(Clone& c) {
  ClearIds(c.instance_attributes);
  ClearIds(c.meta_attributes);
  std::visit([](auto& child) { ClearIds(child); }, c.child);
}

}  // namespace

Configuration WithoutLines(Configuration config) { return WithoutSourceLines(std::move(config)); }

Configuration WithoutUnwrittenIds(Configuration config) {
  config = WithoutSourceLines(std::move(config));
  // An empty <acls/> says nothing; crm syntax has no statement for it.
  if (config.acls && config.acls->empty()) config.acls.reset();
  ClearIds(config.crm_config);
  ClearIds(config.rsc_defaults);
  ClearIds(config.op_defaults);
  for (Node& n : config.nodes) {
    ClearIds(n.instance_attributes);
    ClearIds(n.utilization);
  }
  for (Resource& r : config.resources) std::visit([](auto& x) { ClearIds(x); }, r);
  for (Primitive& t : config.templates) ClearIds(t);
  auto clear_sets = [](std::vector<ResourceSet>& sets) {
    for (ResourceSet& set : sets) set.id.clear();
  };
  for (LocationConstraint& loc : config.locations) {
    for (Rule& rule : loc.rules) ClearIds(rule);
    clear_sets(loc.sets);
  }
  for (ColocationConstraint& col : config.colocations) clear_sets(col.sets);
  for (OrderConstraint& order : config.orders) clear_sets(order.sets);
  for (TicketConstraint& ticket : config.tickets) clear_sets(ticket.sets);
  for (FencingLevel& level : config.fencing_levels) level.id.clear();
  for (Alert& alert : config.alerts) {
    ClearIds(alert.meta_attributes);
    ClearIds(alert.instance_attributes);
    if (alert.select) {
      for (AlertAttributeName& name : alert.select->attribute_names) name.id.clear();
    }
    for (AlertRecipient& r : alert.recipients) {
      ClearIds(r.meta_attributes);
      ClearIds(r.instance_attributes);
    }
  }
  return config;
}

}  // namespace keel
