// Semantic checks on the model: ids, required attributes, references, option values.

#include <algorithm>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "xml/cib_parse.h"
#include "xml/cib_parse_internal.h"
#include "xml/cib_validate_internal.h"
#include "xml/duration.h"
#include "xml/fencing_target.h"
#include "xml/resource_templates.h"
#include "xml/rsc_pattern.h"

namespace keel::cib_parse {

std::string Validator::Place(int line, std::string_view id) const {
  std::string out = Where(source_, line);
  if (!id.empty()) out += " (" + std::string(id) + ")";
  return out;
}

void Validator::Report(int line, std::string_view id, std::string message, ErrorCode code) {
  errors_.push_back(Error{code, std::move(message), Place(line, id)});
}

namespace {

const std::initializer_list<std::string_view> kRoles = {
    "Started", "Stopped", "Master", "Slave", "Promoted", "Unpromoted"};
const std::initializer_list<std::string_view> kClasses = {
    "ocf", "lsb", "heartbeat", "stonith", "systemd", "service"};

// Only a model built in memory can hold these: XML 1.0 has no way to write them.
bool HasControlCharacter(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r';
  });
}

bool OneOf(std::string_view value, std::initializer_list<std::string_view> allowed) {
  for (std::string_view a : allowed) {
    if (value == a) return true;
  }
  return false;
}

class CibChecker {
 public:
  CibChecker(const Cib& cib, std::string_view source, const ParseNotes& notes)
      : config_(cib.configuration), notes_(notes), v_(source) {}

  Errors Run() {
    CheckNodes();
    CheckNvSets(config_.crm_config);
    CheckClusterOptions(v_, config_.crm_config);
    CheckTemplates();
    CheckResources();
    CheckTags();
    CheckLocations();
    CheckColocations();
    CheckTickets();
    CheckOrders();
    CheckNvSets(config_.rsc_defaults);
    CheckMetaAttributes(v_, config_.rsc_defaults);
    CheckNvSets(config_.op_defaults);
    CheckOpDefaults(v_, config_.op_defaults);
    CheckFencingLevels();
    CheckAlerts();
    return v_.TakeErrors();
  }

 private:
  // Every configuration id is unique document-wide (node ids are corosync ids, checked apart).
  void RegisterId(std::string_view element, const std::string& id, int line) {
    if (id.empty()) {
      Missing(element, "id", line, id);
      return;
    }
    auto [it, inserted] = ids_.emplace(id, line);
    if (!inserted) {
      v_.Report(line, id, "duplicate id '" + id + "' (first used at " +
                              v_.Place(it->second, "") + ")");
    }
  }

  bool ReportedBad(const std::string& id, std::string_view attr) const {
    return notes_.bad_attributes.contains({id, std::string(attr)});
  }

  void Missing(std::string_view element, std::string_view attr, int line, const std::string& id) {
    if (ReportedBad(id, attr)) return;
    v_.Report(line, id, "<" + std::string(element) + "> is missing required attribute '" +
                            std::string(attr) + "'");
  }

  void Require(std::string_view element, std::string_view attr, const std::string& value,
               int line, const std::string& id) {
    if (value.empty()) Missing(element, attr, line, id);
  }

  void CheckRole(std::string_view attr, const std::string& role, int line, const std::string& id) {
    if (role.empty() || OneOf(role, kRoles)) return;
    v_.Report(line, id, "attribute '" + std::string(attr) + "': unknown value '" + role +
                            "' (expected " + JoinAlternatives(kRoles) + ")");
  }

  void CheckRule(const Rule& rule, bool scored) {
    if (!rule.id_ref.empty()) return;  // a copy of a rule checked where it stands
    RegisterId("rule", rule.id, rule.line);
    CheckRole("role", rule.role, rule.line, rule.id);
    if (scored && !rule.score && rule.score_attribute.empty() && !ReportedBad(rule.id, "score")) {
      v_.Report(rule.line, rule.id, "<rule> needs attribute 'score' or 'score-attribute'");
    }
    if (rule.expressions.empty() && rule.date_expressions.empty() && rule.rsc_expressions.empty() &&
        rule.op_expressions.empty() && rule.rules.empty() && !ReportedBad(rule.id, "expression")) {
      v_.Report(rule.line, rule.id, "<rule> has no expressions");
    }
    for (const Expression& e : rule.expressions) {
      RegisterId("expression", e.id, e.line);
      Require("expression", "attribute", e.attribute, e.line, e.id);
      const bool unary = e.op == ExprOp::kDefined || e.op == ExprOp::kNotDefined;
      if (!unary && !e.value) Missing("expression", "value", e.line, e.id);
    }
    for (const DateExpression& e : rule.date_expressions) {
      RegisterId("date_expression", e.id, e.line);
      if (e.date_spec) RegisterId("date_spec", e.date_spec->id, e.date_spec->line);
      if (e.duration) RegisterId("duration", e.duration->id, e.duration->line);
    }
    for (const RscExpression& e : rule.rsc_expressions) RegisterId("rsc_expression", e.id, e.line);
    for (const OpExpression& e : rule.op_expressions) RegisterId("op_expression", e.id, e.line);
    for (const Rule& nested : rule.rules) CheckRule(nested, false);
  }

  void CheckNvSets(const std::vector<NvSet>& sets) {
    for (const NvSet& set : sets) {
      if (!set.id_ref.empty()) continue;  // a copy of a set checked where it stands
      RegisterId("nvset", set.id, set.line);
      if (set.rule) CheckRule(*set.rule, false);
      for (const NvPair& pair : set.pairs) {
        RegisterId("nvpair", pair.id, pair.line);
        Require("nvpair", "name", pair.name, pair.line, pair.id);
        if (HasControlCharacter(pair.name) || HasControlCharacter(pair.value)) {
          v_.Report(pair.line, pair.id, "<nvpair> holds a control character XML cannot carry");
        }
      }
    }
  }

  // Utilization amounts are whole numbers (the scheduler compares and subtracts them).
  void CheckUtilization(const std::vector<NvSet>& sets) {
    CheckNvSets(sets);
    for (const NvSet& set : sets) {
      for (const NvPair& pair : set.pairs) {
        const bool digits = !pair.value.empty() && pair.value.size() <= 18 &&
                            pair.value.find_first_not_of("0123456789") == std::string::npos;
        if (!digits) {
          v_.Report(pair.line, pair.id, "utilization '" + pair.name + "': '" + pair.value +
                                            "' is not a whole number >= 0");
        }
      }
    }
  }

  void CheckNodes() {
    std::unordered_map<std::string, int> node_ids;
    for (const Node& node : config_.nodes) {
      Require("node", "id", node.id, node.line, node.id);
      Require("node", "uname", node.uname, node.line, node.id);
      if (!node.id.empty() && !node_ids.emplace(node.id, node.line).second) {
        v_.Report(node.line, node.id, "duplicate node id '" + node.id + "' (first used at " +
                                          v_.Place(node_ids[node.id], "") + ")");
      }
      if (!node.uname.empty() && !node_names_.emplace(node.uname, node.line).second) {
        v_.Report(node.line, node.id, "duplicate node name '" + node.uname +
                                          "' (first used at " +
                                          v_.Place(node_names_[node.uname], "") + ")");
      }
      CheckNvSets(node.instance_attributes);
      CheckUtilization(node.utilization);
    }
  }

  // `register_id` is false for a group member already reported as clashing with a top-level one.
  void CheckPrimitive(const Primitive& p, bool register_id) {
    if (register_id) RegisterId("primitive", p.id, p.line);
    resources_.insert(p.id);
    if (!p.template_id.empty()) {
      CheckTemplateUse(p);
    } else {
      Require("primitive", "class", p.resource_class, p.line, p.id);
      Require("primitive", "type", p.type, p.line, p.id);
    }
    if (!p.resource_class.empty() && !OneOf(p.resource_class, kClasses)) {
      v_.Report(p.line, p.id, "attribute 'class': unknown value '" + p.resource_class +
                                  "' (expected " + JoinAlternatives(kClasses) + ")");
    }
    if (p.resource_class == "ocf" && p.provider.empty() && !ReportedBad(p.id, "provider")) {
      v_.Report(p.line, p.id, "<primitive> of class ocf is missing required attribute 'provider'");
    }
    CheckNvSets(p.instance_attributes);
    CheckNvSets(p.meta_attributes);
    CheckMetaAttributes(v_, p.meta_attributes);
    NoteRemoteNode(p);
    CheckUtilization(p.utilization);
    for (const Operation& op : p.operations) {
      if (!p.operations_ref.empty()) break;  // a copy of a block checked where it stands
      RegisterId("op", op.id, op.line);
      Require("op", "name", op.name, op.line, op.id);
      // Only a model built in memory can hold these: parsing refuses negative durations.
      const bool negative = op.interval_ms < 0 || op.timeout_ms.value_or(0) < 0 ||
                            op.start_delay_ms.value_or(0) < 0;
      if (negative) v_.Report(op.line, op.id, "<op> has a negative duration");
      CheckRole("role", op.role, op.line, op.id);
      CheckNvSets(op.instance_attributes);
      CheckNvSets(op.meta_attributes);
    }
  }

  void CheckTemplateUse(const Primitive& p) {
    const Primitive* tmpl = FindTemplate(config_, p.template_id);
    if (tmpl == nullptr) {
      v_.Report(p.line, p.id,
                "attribute 'template' names unknown template '" + p.template_id + "'");
      return;
    }
    if (!p.resource_class.empty() || !p.type.empty()) {
      v_.Report(p.line, p.id,
                "<primitive> names both a template and its own class or type (use one)");
    }
    NoteRemoteNode(WithTemplate(p, *tmpl));
  }

  void CheckTemplates() {
    for (const Primitive& t : config_.templates) {
      RegisterId("template", t.id, t.line);
      if (!t.template_id.empty()) {
        v_.Report(t.line, t.id, "a <template> cannot name a template");
      }
      CheckPrimitive(t, false);
    }
  }

  // Pacemaker Remote and guest nodes are defined by resources, not <nodes>: an
  // ocf:pacemaker:remote primitive (named by its id) or a primitive with meta remote-node.
  // Refused where defined too: such a node may run resources even when nothing names it.
  void NoteRemoteNode(const Primitive& p) {
    if (p.resource_class == "ocf" && p.provider == "pacemaker" && p.type == "remote") {
      remote_nodes_.emplace(p.id, "remote node '" + p.id + "' (ocf:pacemaker:remote primitive)");
      v_.Report(p.line, p.id, "not supported: " + remote_nodes_.at(p.id), ErrorCode::kNotSupported);
    }
    for (const NvSet& set : p.meta_attributes) {
      for (const NvPair& pair : set.pairs) {
        if (pair.name != "remote-node") continue;
        remote_nodes_.emplace(pair.value, "guest node '" + pair.value +
                                              "' (meta remote-node of primitive '" + p.id + "')");
        v_.Report(pair.line > 0 ? pair.line : p.line, p.id,
                  "not supported: " + remote_nodes_.at(pair.value), ErrorCode::kNotSupported);
      }
    }
  }

  // A constraint or fencing level names `node`, which <nodes> does not list.
  void ReportUnknownNode(int line, const std::string& id, std::string_view attr,
                         const std::string& node) {
    if (auto remote = remote_nodes_.find(node); remote != remote_nodes_.end()) {
      v_.Report(line, id, "not supported: " + remote->second, ErrorCode::kNotSupported);
      return;
    }
    v_.Report(line, id, "attribute '" + std::string(attr) + "' names unknown node '" + node + "'");
  }

  void CheckGroup(const Group& g) {
    RegisterId("group", g.id, g.line);
    resources_.insert(g.id);
    if (g.primitives.empty()) v_.Report(g.line, g.id, "<group> has no members");
    CheckNvSets(g.instance_attributes);
    CheckNvSets(g.meta_attributes);
    CheckMetaAttributes(v_, g.meta_attributes);
    for (const Primitive& p : g.primitives) {
      const bool clash = top_level_.contains(p.id);
      if (clash) {
        v_.Report(p.line, p.id, "resource '" + p.id +
                                    "' is both a group member and a top-level resource (at " +
                                    v_.Place(top_level_.at(p.id), "") + ")");
      }
      CheckPrimitive(p, !clash);
    }
  }

  void CheckResources() {
    for (const Resource& r : config_.resources) {
      if (!top_level_.contains(ResourceId(r))) top_level_.emplace(ResourceId(r), ResourceLine(r));
    }
    for (const Resource& r : config_.resources) {
      if (const auto* p = std::get_if<Primitive>(&r)) CheckPrimitive(*p, true);
      if (const auto* g = std::get_if<Group>(&r)) CheckGroup(*g);
      if (const auto* c = std::get_if<Clone>(&r)) {
        RegisterId(c->promotable_element ? "master" : "clone", c->id, c->line);
        resources_.insert(c->id);
        CheckNvSets(c->instance_attributes);
        CheckNvSets(c->meta_attributes);
        CheckMetaAttributes(v_, c->meta_attributes);
        if (const auto* p = std::get_if<Primitive>(&c->child)) CheckPrimitive(*p, true);
        if (const auto* g = std::get_if<Group>(&c->child)) CheckGroup(*g);
      }
    }
  }

  void CheckTags() {
    for (const Tag& tag : config_.tags) {
      RegisterId("tag", tag.id, tag.line);
      tags_.insert(tag.id);
      if (tag.refs.empty()) v_.Report(tag.line, tag.id, "<tag> has no obj_ref");
      for (const std::string& ref : tag.refs) {
        if (!ref.empty() && !resources_.contains(ref) && !notes_.dropped_ids.contains(ref)) {
          v_.Report(tag.line, tag.id, "obj_ref names unknown resource '" + ref + "'");
        }
      }
    }
  }

  // `tags_ok`: a constraint may name a tag instead.
  void CheckResourceRef(std::string_view element, std::string_view attr, const std::string& rsc,
                        int line, const std::string& id, bool tags_ok = true) {
    if (rsc.empty()) {
      Missing(element, attr, line, id);
    } else if (!resources_.contains(rsc) && !(tags_ok && tags_.contains(rsc)) &&
               !notes_.dropped_ids.contains(rsc)) {
      v_.Report(line, id, "attribute '" + std::string(attr) + "' names unknown resource '" +
                              rsc + "'");
    }
  }

  void CheckSets(const std::vector<ResourceSet>& sets) {
    static const std::initializer_list<std::string_view> kActions = {"start", "stop", "promote",
                                                                     "demote"};
    for (const ResourceSet& set : sets) {
      RegisterId("resource_set", set.id, set.line);
      if (set.resources.empty()) v_.Report(set.line, set.id, "<resource_set> has no resource_ref");
      for (const std::string& rsc : set.resources) {
        if (rsc.empty()) continue;  // reported by the parser
        if (!resources_.contains(rsc) && !tags_.contains(rsc) &&
            !notes_.dropped_ids.contains(rsc)) {
          v_.Report(set.line, set.id, "resource_ref names unknown resource '" + rsc + "'");
        }
      }
      CheckRole("role", set.role, set.line, set.id);
      if (!set.action.empty() && !OneOf(set.action, kActions)) {
        v_.Report(set.line, set.id,
                  "attribute 'action': unknown value '" + set.action + "' (expected " +
                      JoinAlternatives(kActions) + ")");
      }
    }
  }

  // Exactly one of rsc, rsc-pattern and resource sets names what the location applies to.
  void CheckLocationTarget(const LocationConstraint& loc) {
    const int given = !loc.rsc.empty() + !loc.rsc_pattern.empty() + !loc.sets.empty();
    if (given > 1) {
      v_.Report(loc.line, loc.id,
                "<rsc_location> needs one of 'rsc', 'rsc-pattern' or resource sets");
    } else if (!loc.rsc_pattern.empty()) {
      if (auto error = RscPatternError(loc.rsc_pattern)) v_.Report(loc.line, loc.id, *error);
    } else if (loc.sets.empty()) {
      CheckResourceRef("rsc_location", "rsc", loc.rsc, loc.line, loc.id);
    }
  }

  void CheckLocations() {
    for (const LocationConstraint& loc : config_.locations) {
      RegisterId("rsc_location", loc.id, loc.line);
      CheckLocationTarget(loc);
      CheckSets(loc.sets);
      CheckRole("role", loc.role, loc.line, loc.id);
      if (loc.node && !loc.rules.empty()) {
        v_.Report(loc.line, loc.id, "<rsc_location> has both 'node' and rules");
      } else if (loc.node) {
        if (!loc.score) Missing("rsc_location", "score", loc.line, loc.id);
        if (!node_names_.contains(*loc.node)) ReportUnknownNode(loc.line, loc.id, "node", *loc.node);
      } else if (loc.rules.empty()) {
        v_.Report(loc.line, loc.id, "<rsc_location> needs 'node' and 'score', or a rule");
      }
      for (const Rule& rule : loc.rules) CheckRule(rule, true);
    }
  }

  void CheckColocations() {
    for (const ColocationConstraint& col : config_.colocations) {
      RegisterId("rsc_colocation", col.id, col.line);
      if (col.sets.empty()) {
        CheckResourceRef("rsc_colocation", "rsc", col.rsc, col.line, col.id);
        CheckResourceRef("rsc_colocation", "with-rsc", col.with_rsc, col.line, col.id);
      }
      CheckSets(col.sets);
      CheckRole("rsc-role", col.rsc_role, col.line, col.id);
      CheckRole("with-rsc-role", col.with_rsc_role, col.line, col.id);
    }
  }

  void CheckTickets() {
    for (const TicketConstraint& ticket : config_.tickets) {
      RegisterId("rsc_ticket", ticket.id, ticket.line);
      if (ticket.sets.empty()) {
        CheckResourceRef("rsc_ticket", "rsc", ticket.rsc, ticket.line, ticket.id);
      }
      CheckSets(ticket.sets);
      CheckRole("rsc-role", ticket.rsc_role, ticket.line, ticket.id);
    }
  }

  void CheckOrders() {
    static const std::initializer_list<std::string_view> kActions = {
        "start", "stop", "promote", "demote"};
    for (const OrderConstraint& order : config_.orders) {
      RegisterId("rsc_order", order.id, order.line);
      if (order.sets.empty()) {
        CheckResourceRef("rsc_order", "first", order.first, order.line, order.id);
        CheckResourceRef("rsc_order", "then", order.then, order.line, order.id);
      }
      CheckSets(order.sets);
      for (const auto& [attr, action] : {std::pair{"first-action", &order.first_action},
                                         std::pair{"then-action", &order.then_action}}) {
        if (action->empty() || OneOf(*action, kActions)) continue;
        v_.Report(order.line, order.id, "attribute '" + std::string(attr) + "': unknown value '" +
                                            *action + "' (expected " +
                                            JoinAlternatives(kActions) + ")");
      }
    }
  }

  // Exactly one way of naming nodes. A target that <nodes> does not list is kept, as Pacemaker
  // does: it applies if a node of that name is ever fenced.
  void CheckFencingTarget(const FencingLevel& level) {
    const int ways =
        !level.target.empty() + !level.target_pattern.empty() + !level.target_attribute.empty();
    if (ways == 0) {
      Missing("fencing-level", "target", level.line, level.id);
    } else if (ways > 1) {
      v_.Report(level.line, level.id,
                "<fencing-level> names its nodes in more than one way (use one of 'target', "
                "'target-pattern' or 'target-attribute')");
    }
    if (!level.target_attribute.empty() && level.target_value.empty()) {
      Missing("fencing-level", "target-value", level.line, level.id);
    }
    if (level.target_attribute.empty() && !level.target_value.empty()) {
      v_.Report(level.line, level.id, "attribute 'target-value' without 'target-attribute'");
    }
    if (!level.target_pattern.empty()) {
      if (auto error = FencingPatternError(level.target_pattern)) {
        v_.Report(level.line, level.id,
                  "attribute 'target-pattern': not a valid regular expression '" +
                      level.target_pattern + "': " + *error);
      }
    }
    if (!level.target.empty() && remote_nodes_.contains(level.target)) {
      ReportUnknownNode(level.line, level.id, "target", level.target);
    }
  }

  void CheckFencingLevels() {
    for (const FencingLevel& level : config_.fencing_levels) {
      RegisterId("fencing-level", level.id, level.line);
      CheckFencingTarget(level);
      if (level.devices.empty()) Missing("fencing-level", "devices", level.line, level.id);
      for (const std::string& device : level.devices) {
        CheckResourceRef("fencing-level", "devices", device, level.line, level.id, false);
      }
    }
  }

  // An alert's or recipient's meta timeout must be a positive duration.
  void CheckAlertMeta(const std::vector<NvSet>& meta) {
    CheckNvSets(meta);
    for (const NvSet& set : meta) {
      for (const NvPair& pair : set.pairs) {
        if (pair.name != "timeout") continue;
        auto ms = ParseDurationMs(pair.value);
        if (!ms || *ms <= 0) {
          v_.Report(pair.line, pair.id,
                    "alert meta 'timeout': not a positive duration: '" + pair.value + "'");
        }
      }
    }
  }

  void CheckAlerts() {
    for (const Alert& alert : config_.alerts) {
      RegisterId("alert", alert.id, alert.line);
      Require("alert", "path", alert.path, alert.line, alert.id);
      if (alert.select) {
        for (const AlertAttributeName& name : alert.select->attribute_names) {
          RegisterId("attribute", name.id, name.line);
          Require("attribute", "name", name.name, name.line, name.id);
        }
      }
      CheckAlertMeta(alert.meta_attributes);
      CheckNvSets(alert.instance_attributes);
      for (const AlertRecipient& r : alert.recipients) {
        RegisterId("recipient", r.id, r.line);
        Require("recipient", "value", r.value, r.line, r.id);
        CheckAlertMeta(r.meta_attributes);
        CheckNvSets(r.instance_attributes);
      }
    }
  }

  const Configuration& config_;
  const ParseNotes& notes_;
  Validator v_;
  std::unordered_map<std::string, int> ids_;          // id -> line of first use
  std::unordered_map<std::string, int> node_names_;   // uname -> line
  std::unordered_map<std::string, std::string> remote_nodes_;  // name -> what defines it
  std::unordered_map<std::string, int> top_level_;    // top-level resource id -> line
  std::unordered_set<std::string> resources_;         // every resource id, members too
  std::unordered_set<std::string> tags_;              // tag ids: constraints may name them
};

}  // namespace

Errors ValidateCibExcept(const Cib& cib, std::string_view source, const ParseNotes& notes) {
  return CibChecker(cib, source, notes).Run();
}

}  // namespace keel::cib_parse
