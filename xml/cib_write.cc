// CIB model -> XmlNode tree, in Pacemaker's element and attribute names. Optional values are
// written only when set, so that ParseCib(SerializeCib(c)) == c.

#include "xml/cib_write.h"

#include "xml/duration.h"

namespace keel {

namespace {

void SetIf(XmlNode& node, std::string_view attr, const std::string& value) {
  if (!value.empty()) node.SetAttr(attr, value);
}

std::string_view ExprOpName(ExprOp op) {
  switch (op) {
    case ExprOp::kLt: return "lt";
    case ExprOp::kGt: return "gt";
    case ExprOp::kLte: return "lte";
    case ExprOp::kGte: return "gte";
    case ExprOp::kEq: return "eq";
    case ExprOp::kNe: return "ne";
    case ExprOp::kDefined: return "defined";
    case ExprOp::kNotDefined: return "not_defined";
  }
  return "eq";
}

std::string_view ExprTypeName(ExprType type) {
  switch (type) {
    case ExprType::kString: return "string";
    case ExprType::kInteger: return "integer";
    case ExprType::kNumber: return "number";
    case ExprType::kVersion: return "version";
  }
  return "string";
}

std::string_view OrderKindName(OrderKind kind) {
  switch (kind) {
    case OrderKind::kMandatory: return "Mandatory";
    case OrderKind::kOptional: return "Optional";
    case OrderKind::kSerialize: return "Serialize";
  }
  return "Mandatory";
}

const char* DateOpName(DateOp op) {
  switch (op) {
    case DateOp::kGt:
      return "gt";
    case DateOp::kLt:
      return "lt";
    case DateOp::kInRange:
      return "in_range";
    case DateOp::kDateSpec:
      return "date_spec";
  }
  return "in_range";
}

void WriteRule(const Rule& rule, XmlNode& parent) {
  XmlNode& node = parent.AddChild("rule");
  if (!rule.id_ref.empty()) {
    node.SetAttr("id-ref", rule.id_ref);
    return;
  }
  node.SetAttr("id", rule.id);
  if (rule.score) node.SetAttr("score", rule.score->ToString());
  SetIf(node, "score-attribute", rule.score_attribute);
  node.SetAttr("boolean-op", rule.boolean_op == BoolOp::kOr ? "or" : "and");
  SetIf(node, "role", rule.role);
  for (const Expression& e : rule.expressions) {
    XmlNode& expr = node.AddChild("expression");
    expr.SetAttr("id", e.id);
    expr.SetAttr("attribute", e.attribute);
    expr.SetAttr("operation", ExprOpName(e.op));
    if (e.value) expr.SetAttr("value", *e.value);
    if (e.type) expr.SetAttr("type", ExprTypeName(*e.type));
    SetIf(expr, "value-source", e.value_source);
  }
  for (const DateExpression& e : rule.date_expressions) {
    XmlNode& expr = node.AddChild("date_expression");
    expr.SetAttr("id", e.id);
    expr.SetAttr("operation", DateOpName(e.op));
    SetIf(expr, "start", e.start);
    SetIf(expr, "end", e.end);
    for (const auto* fields : {&e.date_spec, &e.duration}) {
      if (!*fields) continue;
      XmlNode& child = expr.AddChild(fields == &e.date_spec ? "date_spec" : "duration");
      child.SetAttr("id", (*fields)->id);
      for (const auto& [name, value] : (*fields)->fields) child.SetAttr(name, value);
    }
  }
  for (const RscExpression& e : rule.rsc_expressions) {
    XmlNode& expr = node.AddChild("rsc_expression");
    expr.SetAttr("id", e.id);
    SetIf(expr, "class", e.resource_class);
    SetIf(expr, "provider", e.provider);
    SetIf(expr, "type", e.type);
  }
  for (const OpExpression& e : rule.op_expressions) {
    XmlNode& expr = node.AddChild("op_expression");
    expr.SetAttr("id", e.id);
    expr.SetAttr("name", e.name);
    SetIf(expr, "interval", e.interval);
  }
  for (const Rule& nested : rule.rules) WriteRule(nested, node);
}

void WriteSets(const std::vector<NvSet>& sets, std::string_view name, XmlNode& parent) {
  for (const NvSet& set : sets) parent.children.push_back(NvSetToXml(set, name));
}

void WriteOperation(const Operation& op, XmlNode& parent) {
  XmlNode& node = parent.AddChild("op");
  node.SetAttr("id", op.id);
  node.SetAttr("name", op.name);
  node.SetAttr("interval", SpellDurationMs(op.interval_ms, op.interval_text));
  if (op.timeout_ms) node.SetAttr("timeout", SpellDurationMs(*op.timeout_ms, op.timeout_text));
  if (op.start_delay_ms) {
    node.SetAttr("start-delay", SpellDurationMs(*op.start_delay_ms, op.start_delay_text));
  }
  SetIf(node, "on-fail", op.on_fail);
  SetIf(node, "role", op.role);
  if (op.enabled) node.SetAttr("enabled", *op.enabled ? "true" : "false");
  WriteSets(op.instance_attributes, "instance_attributes", node);
  WriteSets(op.meta_attributes, "meta_attributes", node);
}

void WritePrimitive(const Primitive& p, XmlNode& parent, std::string_view element = "primitive") {
  XmlNode& node = parent.AddChild(element);
  node.SetAttr("id", p.id);
  if (p.template_id.empty() || !p.resource_class.empty()) {
    node.SetAttr("class", p.resource_class);
    SetIf(node, "provider", p.provider);
    node.SetAttr("type", p.type);
  }
  SetIf(node, "template", p.template_id);
  SetIf(node, "description", p.description);
  WriteSets(p.instance_attributes, "instance_attributes", node);
  WriteSets(p.meta_attributes, "meta_attributes", node);
  WriteSets(p.utilization, "utilization", node);
  if (!p.operations_ref.empty()) {
    node.AddChild("operations").SetAttr("id-ref", p.operations_ref);
  } else if (!p.operations.empty() || !p.operations_id.empty()) {
    XmlNode& ops = node.AddChild("operations");
    SetIf(ops, "id", p.operations_id);
    for (const Operation& op : p.operations) WriteOperation(op, ops);
  }
}

void WriteGroup(const Group& g, XmlNode& parent) {
  XmlNode& node = parent.AddChild("group");
  node.SetAttr("id", g.id);
  SetIf(node, "description", g.description);
  WriteSets(g.instance_attributes, "instance_attributes", node);
  WriteSets(g.meta_attributes, "meta_attributes", node);
  for (const Primitive& p : g.primitives) WritePrimitive(p, node);
}

void WriteClone(const Clone& c, XmlNode& parent) {
  XmlNode& node = parent.AddChild(c.promotable_element ? "master" : "clone");
  node.SetAttr("id", c.id);
  SetIf(node, "description", c.description);
  WriteSets(c.instance_attributes, "instance_attributes", node);
  WriteSets(c.meta_attributes, "meta_attributes", node);
  if (const auto* p = std::get_if<Primitive>(&c.child)) WritePrimitive(*p, node);
  if (const auto* g = std::get_if<Group>(&c.child)) WriteGroup(*g, node);
}

void WriteNodes(const std::vector<Node>& nodes, XmlNode& parent) {
  XmlNode& out = parent.AddChild("nodes");
  for (const Node& n : nodes) {
    XmlNode& node = out.AddChild("node");
    node.SetAttr("id", n.id);
    node.SetAttr("uname", n.uname);
    SetIf(node, "type", n.type);
    WriteSets(n.instance_attributes, "instance_attributes", node);
    WriteSets(n.utilization, "utilization", node);
  }
}

void WriteResourceSets(const std::vector<ResourceSet>& sets, XmlNode& parent) {
  auto flag = [](XmlNode& node, std::string_view name, const std::optional<bool>& value) {
    if (value) node.SetAttr(name, *value ? "true" : "false");
  };
  for (const ResourceSet& set : sets) {
    XmlNode& node = parent.AddChild("resource_set");
    node.SetAttr("id", set.id);
    flag(node, "sequential", set.sequential);
    flag(node, "require-all", set.require_all);
    flag(node, "ordered", set.ordered);
    SetIf(node, "role", set.role);
    SetIf(node, "action", set.action);
    if (set.score) node.SetAttr("score", set.score->ToString());
    for (const std::string& id : set.resources) node.AddChild("resource_ref").SetAttr("id", id);
  }
}

void WriteConstraints(const Configuration& config, XmlNode& parent) {
  XmlNode& out = parent.AddChild("constraints");
  for (const LocationConstraint& loc : config.locations) {
    XmlNode& node = out.AddChild("rsc_location");
    node.SetAttr("id", loc.id);
    SetIf(node, "rsc", loc.rsc);
    SetIf(node, "rsc-pattern", loc.rsc_pattern);
    SetIf(node, "role", loc.role);
    if (loc.node) node.SetAttr("node", *loc.node);
    if (loc.score) node.SetAttr("score", loc.score->ToString());
    SetIf(node, "resource-discovery", loc.resource_discovery);
    WriteResourceSets(loc.sets, node);
    for (const Rule& rule : loc.rules) WriteRule(rule, node);
  }
  for (const ColocationConstraint& col : config.colocations) {
    XmlNode& node = out.AddChild("rsc_colocation");
    node.SetAttr("id", col.id);
    SetIf(node, "rsc", col.rsc);
    SetIf(node, "with-rsc", col.with_rsc);
    node.SetAttr("score", col.score.ToString());
    SetIf(node, "rsc-role", col.rsc_role);
    SetIf(node, "with-rsc-role", col.with_rsc_role);
    SetIf(node, "node-attribute", col.node_attribute);
    WriteResourceSets(col.sets, node);
  }
  for (const OrderConstraint& order : config.orders) {
    XmlNode& node = out.AddChild("rsc_order");
    node.SetAttr("id", order.id);
    SetIf(node, "first", order.first);
    SetIf(node, "then", order.then);
    SetIf(node, "first-action", order.first_action);
    SetIf(node, "then-action", order.then_action);
    if (order.kind) node.SetAttr("kind", OrderKindName(*order.kind));
    if (order.score) node.SetAttr("score", order.score->ToString());
    if (order.symmetrical) node.SetAttr("symmetrical", *order.symmetrical ? "true" : "false");
    if (order.require_all) node.SetAttr("require-all", *order.require_all ? "true" : "false");
    WriteResourceSets(order.sets, node);
  }
  for (const TicketConstraint& ticket : config.tickets) {
    XmlNode& node = out.AddChild("rsc_ticket");
    node.SetAttr("id", ticket.id);
    node.SetAttr("ticket", ticket.ticket);
    SetIf(node, "rsc", ticket.rsc);
    SetIf(node, "rsc-role", ticket.rsc_role);
    if (ticket.loss_policy) node.SetAttr("loss-policy", TicketLossPolicyName(*ticket.loss_policy));
    WriteResourceSets(ticket.sets, node);
  }
}

void WriteFencingTopology(const std::vector<FencingLevel>& levels, XmlNode& parent) {
  if (levels.empty()) return;
  XmlNode& out = parent.AddChild("fencing-topology");
  for (const FencingLevel& level : levels) {
    XmlNode& node = out.AddChild("fencing-level");
    node.SetAttr("id", level.id);
    if (!level.target.empty()) node.SetAttr("target", level.target);
    if (!level.target_pattern.empty()) node.SetAttr("target-pattern", level.target_pattern);
    if (!level.target_attribute.empty()) {
      node.SetAttr("target-attribute", level.target_attribute);
      node.SetAttr("target-value", level.target_value);
    }
    node.SetAttr("index", std::to_string(level.index));
    std::string devices;
    for (const std::string& d : level.devices) devices += (devices.empty() ? "" : ",") + d;
    node.SetAttr("devices", devices);
  }
}

XmlNode ConfigurationToXml(const Configuration& config) {
  XmlNode node;
  node.name = "configuration";
  WriteSets(config.crm_config, "cluster_property_set", node.AddChild("crm_config"));
  WriteNodes(config.nodes, node);
  XmlNode& resources = node.AddChild("resources");
  for (const Primitive& t : config.templates) WritePrimitive(t, resources, "template");
  for (const Resource& r : config.resources) {
    if (const auto* p = std::get_if<Primitive>(&r)) WritePrimitive(*p, resources);
    if (const auto* g = std::get_if<Group>(&r)) WriteGroup(*g, resources);
    if (const auto* c = std::get_if<Clone>(&r)) WriteClone(*c, resources);
  }
  WriteConstraints(config, node);
  if (!config.rsc_defaults.empty()) {
    WriteSets(config.rsc_defaults, "meta_attributes", node.AddChild("rsc_defaults"));
  }
  if (!config.op_defaults.empty()) {
    WriteSets(config.op_defaults, "meta_attributes", node.AddChild("op_defaults"));
  }
  WriteFencingTopology(config.fencing_levels, node);
  if (!config.tags.empty()) {
    XmlNode& tags = node.AddChild("tags");
    for (const Tag& tag : config.tags) {
      XmlNode& out = tags.AddChild("tag");
      out.SetAttr("id", tag.id);
      for (const std::string& ref : tag.refs) out.AddChild("obj_ref").SetAttr("id", ref);
    }
  }
  if (!config.alerts.empty()) node.children.push_back(AlertsToXml(config.alerts));
  if (config.acls) node.children.push_back(AclsToXml(*config.acls));
  return node;
}

}  // namespace

XmlNode NvSetToXml(const NvSet& set, std::string_view element_name) {
  XmlNode node;
  node.name = std::string(element_name);
  if (!set.id_ref.empty()) {
    node.SetAttr("id-ref", set.id_ref);
    return node;
  }
  node.SetAttr("id", set.id);
  if (set.score) node.SetAttr("score", set.score->ToString());
  if (set.rule) WriteRule(*set.rule, node);
  for (const NvPair& pair : set.pairs) {
    XmlNode& nv = node.AddChild("nvpair");
    nv.SetAttr("id", pair.id);
    nv.SetAttr("name", pair.name);
    nv.SetAttr("value", pair.value);
  }
  return node;
}

XmlNode CibToXml(const Cib& cib) {
  XmlNode root;
  root.name = "cib";
  root.SetAttr("admin_epoch", std::to_string(cib.version.admin_epoch));
  root.SetAttr("epoch", std::to_string(cib.version.epoch));
  root.SetAttr("num_updates", std::to_string(cib.version.num_updates));
  root.SetAttr("validate-with", cib.validate_with);
  SetIf(root, "crm_feature_set", cib.crm_feature_set);
  if (cib.have_quorum) root.SetAttr("have-quorum", *cib.have_quorum ? "1" : "0");
  if (cib.no_quorum_panic) root.SetAttr("no-quorum-panic", *cib.no_quorum_panic ? "1" : "0");
  SetIf(root, "dc-uuid", cib.dc_uuid);
  SetIf(root, "cib-last-written", cib.cib_last_written);
  SetIf(root, "update-origin", cib.update_origin);
  SetIf(root, "update-client", cib.update_client);
  SetIf(root, "update-user", cib.update_user);
  if (cib.execution_date) root.SetAttr("execution-date", std::to_string(*cib.execution_date));
  root.children.push_back(ConfigurationToXml(cib.configuration));
  root.children.push_back(StatusToXml(cib.status));
  return root;
}

std::string SerializeCib(const Cib& cib) { return SerializeXml(CibToXml(cib)); }

}  // namespace keel
