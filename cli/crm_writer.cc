#include "cli/crm_writer.h"

#include <algorithm>

#include "cli/crm_lexer.h"
#include "cli/crm_parse_internal.h"
#include "cli/crm_syntax.h"
#include "xml/duration.h"
#include "xml/fencing_target.h"

namespace keel {

namespace {

// Builds one statement: words on the first line, later sections on continuation lines.
class Statement {
 public:
  explicit Statement(std::string head) : text_(std::move(head)) {}
  Statement& Word(std::string_view w) {
    text_ += " ";
    text_ += w;
    return *this;
  }
  Statement& Section(std::string_view w) {
    text_ += " \\\n\t";
    text_ += w;
    return *this;
  }
  std::string Done() const { return text_ + "\n"; }

 private:
  std::string text_;
};

class Writer {
 public:
  std::string Fail(std::string id, std::string what) {
    errors_.push_back(Error{ErrorCode::kNotSupported, "not supported in crm syntax: " + what, id});
    return "";
  }
  Errors TakeErrors() { return std::move(errors_); }

  void Pairs(Statement& s, const NvSet& set, const std::string& default_id) {
    if (!set.id_ref.empty()) Fail(set.id_ref, "id-ref on attribute sets");
    if (set.rule || set.score) Fail(set.id, "rules or scores on attribute sets");
    if (set.id != default_id) s.Word("$id=" + set.id);
    // nvpair ids are not written: re-parsing names them SETID-NAME.
    for (size_t i = 0; i < set.pairs.size(); ++i) {
      const NvPair& p = set.pairs[i];
      for (size_t j = 0; j < i; ++j) {
        if (set.pairs[j].name == p.name) Fail(set.id, "the name '" + p.name + "' twice in one set");
      }
      s.Word(p.name + "=" + QuoteCrmValue(p.value));
    }
  }

  void Sets(Statement& s, const char* word, const std::vector<NvSet>& sets,
            const std::string& owner, std::string_view kind) {
    for (size_t i = 0; i < sets.size(); ++i) {
      s.Section(word);
      Pairs(s, sets[i], NvSetDefaultId(owner, kind, i));
    }
  }

  void Op(Statement& s, const std::string& rsc, const Operation& op) {
    std::string interval = SpellDurationMs(op.interval_ms, op.interval_text);
    const std::vector<std::string>& names = CrmOpNames();
    if (std::find(names.begin(), names.end(), op.name) == names.end()) {
      Fail(op.id, "the operation name '" + op.name + "'");
    }
    s.Section("op " + op.name);
    s.Word("interval=" + interval);
    if (op.timeout_ms) s.Word("timeout=" + SpellDurationMs(*op.timeout_ms, op.timeout_text));
    if (op.start_delay_ms) {
      s.Word("start-delay=" + SpellDurationMs(*op.start_delay_ms, op.start_delay_text));
    }
    if (!op.on_fail.empty()) s.Word("on-fail=" + op.on_fail);
    if (!op.role.empty()) s.Word("role=" + op.role);
    if (op.enabled) s.Word(std::string("enabled=") + (*op.enabled ? "true" : "false"));
    if (op.id != OpDefaultId(rsc, op.name, interval)) s.Word("$id=" + op.id);
    if (!op.meta_attributes.empty()) Fail(op.id, "meta attributes on an operation");
    if (op.instance_attributes.size() > 1) Fail(op.id, "several attribute sets on an operation");
    for (const NvSet& set : op.instance_attributes) {
      for (const NvPair& p : set.pairs) {
        if (p.name != "OCF_CHECK_LEVEL")
          Fail(op.id, "operation attribute " + p.name);
        else
          s.Word(p.name + "=" + QuoteCrmValue(p.value));
      }
    }
  }

  std::string Primitive(const keel::Primitive& p, std::string_view keyword = "primitive") {
    std::string agent =
        p.resource_class + ":" + (p.provider.empty() ? "" : p.provider + ":") + p.type;
    if (!p.template_id.empty()) {
      if (!p.resource_class.empty()) Fail(p.id, "a primitive with both a template and a class");
      agent = "@" + p.template_id;
    }
    Statement s(std::string(keyword) + " " + p.id + " " + agent);
    if (!p.description.empty()) s.Word("description=" + QuoteCrmValue(p.description));
    Sets(s, "params", p.instance_attributes, p.id, "instance_attributes");
    Sets(s, "meta", p.meta_attributes, p.id, "meta_attributes");
    Sets(s, "utilization", p.utilization, p.id, "utilization");
    if (!p.operations_ref.empty()) {
      Fail(p.id, "<operations id-ref> (another primitive's operations)");
    }
    if (!p.operations_id.empty()) {
      s.Section("operations");
      s.Word("$id=" + p.operations_id);
    }
    for (const Operation& op : p.operations) Op(s, p.id, op);
    return s.Done();
  }

  template <typename Container>
  void ContainerTail(Statement& s, const Container& c) {
    if (!c.description.empty()) s.Word("description=" + QuoteCrmValue(c.description));
    Sets(s, "params", c.instance_attributes, c.id, "instance_attributes");
    Sets(s, "meta", c.meta_attributes, c.id, "meta_attributes");
  }

  std::string Group(const keel::Group& g) {
    std::string out;
    Statement s("group " + g.id);
    for (const keel::Primitive& p : g.primitives) {
      out += Primitive(p);
      s.Word(p.id);
    }
    ContainerTail(s, g);
    return out + s.Done();
  }

  std::string Clone(const keel::Clone& c) {
    if (c.promotable_element) {  // <master>: shown as the clone it is
      keel::Clone promotable = c;
      MarkPromotable(promotable);
      return Clone(promotable);
    }
    std::string out;
    std::string child_id;
    if (auto* p = std::get_if<keel::Primitive>(&c.child)) out += Primitive(*p), child_id = p->id;
    if (auto* g = std::get_if<keel::Group>(&c.child)) out += Group(*g), child_id = g->id;
    Statement s("clone " + c.id + " " + child_id);
    ContainerTail(s, c);
    return out + s.Done();
  }

  std::string Resource(const keel::Resource& r) {
    if (auto* p = std::get_if<keel::Primitive>(&r)) return Primitive(*p);
    if (auto* g = std::get_if<keel::Group>(&r)) return Group(*g);
    return Clone(std::get<keel::Clone>(r));
  }

  std::string Node(const keel::Node& n) {
    std::string name = n.uname + (n.type == "member" ? "" : ":" + n.type);
    Statement s(n.id == n.uname ? "node " + name : "node " + n.id + ": " + name);
    for (size_t i = 0; i < n.instance_attributes.size(); ++i) {
      s.Section("attributes");
      std::string base = "nodes-" + n.id;
      Pairs(s, n.instance_attributes[i], i == 0 ? base : base + "-" + std::to_string(i));
    }
    for (size_t i = 0; i < n.utilization.size(); ++i) {
      s.Section("utilization");
      std::string base = "nodes-" + n.id + "-utilization";
      Pairs(s, n.utilization[i], i == 0 ? base : base + "-" + std::to_string(i));
    }
    return s.Done();
  }

  std::string Expression(const keel::Expression& e, const std::string& rule_id) {
    if (!e.value_source.empty()) Fail(e.id.empty() ? rule_id : e.id, "value-source");
    if (e.op == ExprOp::kDefined) return "defined " + e.attribute;
    if (e.op == ExprOp::kNotDefined) return "not_defined " + e.attribute;
    static const char* kOps[] = {"lt", "gt", "lte", "gte", "eq", "ne"};
    static const char* kTypes[] = {"string", "integer", "number", "version"};
    std::string op = kOps[static_cast<int>(e.op)];
    if (e.type) op = std::string(kTypes[static_cast<int>(*e.type)]) + ":" + op;
    return e.attribute + " " + op + " " + QuoteCrmValue(e.value.value_or(""));
  }

  void Rule(Statement& s, const keel::Rule& r, const std::string& default_id) {
    s.Section("rule");
    if (!r.id_ref.empty()) Fail(r.id_ref, "id-ref on rules");
    if (r.id != default_id) s.Word("$id=" + r.id);
    if (!r.role.empty()) s.Word("$role=" + r.role);
    if (r.score)
      s.Word(r.score->ToString() + ":");
    else if (!r.score_attribute.empty())
      s.Word("score-attribute=" + r.score_attribute);
    if (!r.rules.empty()) Fail(r.id, "nested rules");
    if (r.expressions.empty() && r.date_expressions.empty()) {
      Fail(r.id, "a rule without expressions");
    }
    std::vector<std::string> words;
    for (const keel::Expression& e : r.expressions) words.push_back(Expression(e, r.id));
    for (const DateExpression& e : r.date_expressions) words.push_back(DateWords(e));
    for (size_t i = 0; i < words.size(); ++i) {
      if (i > 0) s.Word(r.boolean_op == BoolOp::kAnd ? "and" : "or");
      s.Word(words[i]);
    }
  }

  // crmsh's spelling: date gt|lt DATE, date in start= end=|FIELD=N, date spec FIELD=RANGE.
  std::string DateWords(const DateExpression& e) {
    if (e.op == DateOp::kGt) return "date gt " + QuoteCrmValue(e.start);
    if (e.op == DateOp::kLt) return "date lt " + QuoteCrmValue(e.end);
    if (e.op == DateOp::kDateSpec && (!e.start.empty() || !e.end.empty())) {
      Fail(e.id, "start or end on a date_spec expression");
    }
    std::string out = e.op == DateOp::kInRange ? "date in" : "date spec";
    if (!e.start.empty()) out += " start=" + QuoteCrmValue(e.start);
    if (!e.end.empty()) out += " end=" + QuoteCrmValue(e.end);
    const auto& fields = e.op == DateOp::kInRange ? e.duration : e.date_spec;
    if (fields) {
      for (const auto& [name, value] : fields->fields) out += " " + name + "=" + value;
    }
    return out;
  }

  std::string Location(const LocationConstraint& l) {
    if (!l.sets.empty()) Fail(l.id, "resource sets in a location");
    const std::string target = l.rsc_pattern.empty() ? l.rsc : "/" + l.rsc_pattern + "/";
    Statement s("location " + l.id + " " + QuoteCrmValue(target));
    if (!l.role.empty()) s.Word("role=" + l.role);
    if (!l.resource_discovery.empty()) s.Word("resource-discovery=" + l.resource_discovery);
    if (l.node) {
      if (!l.rules.empty()) Fail(l.id, "a node and rules in one location");
      s.Word(l.score.value_or(Score(0)).ToString() + ": " + QuoteCrmValue(*l.node));
    }
    for (size_t i = 0; i < l.rules.size(); ++i) Rule(s, l.rules[i], RuleDefaultId(l.id, i));
    return s.Done();
  }

  // crmsh's set syntax (cli/crm_parse_sets.cc): plain members for a set with neither
  // sequential nor require-all, "( ... )" for sequential=false, "[ ... ]" with require-all=false
  // too, options inside brackets otherwise. Set ids are not written (they become ID-N).
  void Sets(Statement& s, const std::string& id, const std::vector<ResourceSet>& sets, bool roles) {
    bool previous_plain = false;
    std::string previous_qual;
    if (sets.size() == 1 && sets[0].resources.size() == 2 && !sets[0].sequential &&
        !sets[0].require_all) {
      Fail(id, "a sequential set of two resources (it would read as a pair)");
    }
    for (const ResourceSet& set : sets) {
      if (set.ordered || set.score) Fail(set.id, "ordered or score on a resource set");
      const std::string& qual = roles ? set.role : set.action;
      if (!(roles ? set.action : set.role).empty()) {
        Fail(set.id, roles ? "an action on a colocation set" : "a role on an order set");
      }
      const bool plain = !set.sequential && !set.require_all;
      if (plain && previous_plain && qual == previous_qual) {
        Fail(set.id, "two sequential sets in a row with the same " +
                         std::string(roles ? "role" : "action"));
      }
      if (!set.sequential && set.require_all == false) {
        Fail(set.id, "require-all=false without sequential");
      }
      const bool square = set.sequential == false && set.require_all == false;
      if (!plain) s.Word(square ? "[" : "(");
      for (const std::string& rsc : set.resources) s.Word(qual.empty() ? rsc : rsc + ":" + qual);
      if (!plain && !square) {
        if (set.sequential == true) s.Word("sequential=true");
        if (set.require_all) {
          s.Word(std::string("require-all=") + (*set.require_all ? "true" : "false"));
        }
      }
      if (!plain) s.Word(square ? "]" : ")");
      previous_plain = plain;
      previous_qual = qual;
    }
  }

  std::string Colocation(const ColocationConstraint& c) {
    Statement s("colocation " + c.id + " " + c.score.ToString() + ":");
    if (!c.sets.empty()) {
      Sets(s, c.id, c.sets, true);
      if (!c.node_attribute.empty()) s.Word("node-attribute=" + c.node_attribute);
      return s.Done();
    }
    s.Word(c.rsc + (c.rsc_role.empty() ? "" : ":" + c.rsc_role));
    s.Word(c.with_rsc + (c.with_rsc_role.empty() ? "" : ":" + c.with_rsc_role));
    if (!c.node_attribute.empty()) s.Word("node-attribute=" + c.node_attribute);
    return s.Done();
  }

  std::string Ticket(const TicketConstraint& t) {
    Statement s("rsc_ticket " + t.id + " " + t.ticket + ":");
    if (!t.sets.empty()) Fail(t.id, "an rsc_ticket with resource sets");
    s.Word(t.rsc + (t.rsc_role.empty() ? "" : ":" + t.rsc_role));
    if (t.loss_policy) s.Word("loss-policy=" + std::string(TicketLossPolicyName(*t.loss_policy)));
    return s.Done();
  }

  std::string Order(const OrderConstraint& o) {
    Statement s("order " + o.id);
    if (o.kind && o.score) Fail(o.id, "both kind and score on an order");
    if (o.require_all) Fail(o.id, "require-all on an order between two resources");
    static const char* kKinds[] = {"Mandatory", "Optional", "Serialize"};
    if (o.kind)
      s.Word(std::string(kKinds[static_cast<int>(*o.kind)]) + ":");
    else if (o.score)
      s.Word(o.score->ToString() + ":");
    if (!o.sets.empty()) {
      Sets(s, o.id, o.sets, false);
    } else {
      s.Word(o.first + (o.first_action.empty() ? "" : ":" + o.first_action));
      s.Word(o.then + (o.then_action.empty() ? "" : ":" + o.then_action));
    }
    if (o.symmetrical) s.Word(std::string("symmetrical=") + (*o.symmetrical ? "true" : "false"));
    return s.Done();
  }

  std::string TagStatement(const Tag& tag) {
    Statement s("tag " + tag.id + ":");
    for (const std::string& rsc : tag.refs) s.Word(rsc);
    return s.Done();
  }

  std::string Fencing(const std::vector<FencingLevel>& levels) {
    if (levels.empty()) return "";
    Statement s("fencing_topology");
    // Targets in order of first appearance, each target's levels by index.
    std::vector<std::string> targets;
    for (const FencingLevel& l : levels) {
      const std::string text = FencingTargetText(l);
      if (std::find(targets.begin(), targets.end(), text) == targets.end()) targets.push_back(text);
    }
    std::vector<FencingLevel> sorted;
    for (const std::string& t : targets) {
      size_t first = sorted.size();
      for (const FencingLevel& l : levels)
        if (FencingTargetText(l) == t) sorted.push_back(l);
      std::stable_sort(sorted.begin() + first, sorted.end(),
                       [](const auto& a, const auto& b) { return a.index < b.index; });
    }
    std::string target;
    int expected = 0;
    for (const FencingLevel& l : sorted) {
      if (FencingTargetText(l) != target) {
        target = FencingTargetText(l);
        expected = 0;
        if (!l.target.empty()) {
          s.Section(target + ":");
        } else if (target.find_first_of(" \t\"'\\") != std::string::npos) {
          Fail(l.id, "a fencing target crm syntax cannot write: '" + target + "'");
        } else {
          s.Section(target);
        }
      }
      if (l.index != ++expected) Fail(l.id, "fencing levels not numbered 1, 2, ... per target");
      std::string devices;
      for (const std::string& d : l.devices) devices += (devices.empty() ? "" : ",") + d;
      s.Word(devices);
    }
    return s.Done();
  }

  std::string Alert(const keel::Alert& a) {
    Statement s("alert " + a.id + " " + QuoteCrmValue(a.path));
    if (!a.description.empty()) s.Word("description=" + QuoteCrmValue(a.description));
    Sets(s, "meta", a.meta_attributes, a.id, "meta_attributes");
    Sets(s, "attributes", a.instance_attributes, a.id, "instance_attributes");
    if (a.select) {
      const AlertSelect& sel = *a.select;
      if (!sel.nodes && !sel.fencing && !sel.resources && !sel.attributes) {
        Fail(a.id, "an empty <select> (an alert for no event)");
      }
      s.Section("select");
      if (a.select->nodes) s.Word("nodes");
      if (a.select->fencing) s.Word("fencing");
      if (a.select->resources) s.Word("resources");
      if (a.select->attributes) s.Word("attributes");
      if (!a.select->attribute_names.empty()) {
        s.Word("{");
        for (const AlertAttributeName& n : a.select->attribute_names) s.Word(QuoteCrmValue(n.name));
        s.Word("}");
      }
    }
    for (size_t i = 0; i < a.recipients.size(); ++i) {
      const AlertRecipient& r = a.recipients[i];
      s.Section("to {");
      std::string value = QuoteCrmValue(r.value);
      // A recipient spelled like a keyword or k=v must not read as one.
      const bool keyword = r.value == "meta" || r.value == "attributes" || r.value == "{" ||
                           r.value == "}" || r.value.find('=') != std::string::npos;
      s.Word(keyword && value.front() != '"' ? "\"" + value + "\"" : value);
      if (r.id != AlertRecipientDefaultId(a.id, i)) s.Word("$id=" + r.id);
      Sets(s, "meta", r.meta_attributes, r.id, "meta_attributes");
      Sets(s, "attributes", r.instance_attributes, r.id, "instance_attributes");
      s.Word("}");
    }
    return s.Done();
  }

  // `first`: the first set of its kind. A later set keeps its $id even when it is the default
  // one: without it the reader would put its options into the first set.
  std::string OptionSet(const char* word, const NvSet& set, NvSetTarget target, bool first = true) {
    Statement s(word);
    if (!set.id_ref.empty()) Fail(set.id_ref, "id-ref on option sets");
    if (set.rule || set.score) Fail(set.id, "rules or scores on option sets");
    if (set.id != DefaultNvSetDefId(target) || !first) s.Word("$id=" + set.id);
    for (const NvPair& p : set.pairs) s.Section(p.name + "=" + QuoteCrmValue(p.value));
    return s.Done();
  }

 private:
  Errors errors_;
};

}  // namespace

std::expected<std::string, Errors> WriteCrm(const Configuration& config) {
  Writer w;
  std::string out;
  for (const Node& n : config.nodes) out += w.Node(n);
  for (const keel::Primitive& t : config.templates) out += w.Primitive(t, "rsc_template");
  for (const Resource& r : config.resources) out += w.Resource(r);
  for (const Tag& t : config.tags) out += w.TagStatement(t);
  for (const auto& l : config.locations) out += w.Location(l);
  for (const auto& c : config.colocations) out += w.Colocation(c);
  for (const auto& o : config.orders) out += w.Order(o);
  for (const auto& t : config.tickets) out += w.Ticket(t);
  out += w.Fencing(config.fencing_levels);
  for (const NvSet& s : config.crm_config)
    out += w.OptionSet("property", s, NvSetTarget::kProperty, &s == &config.crm_config.front());
  for (const NvSet& s : config.rsc_defaults) {
    out += w.OptionSet("rsc_defaults", s, NvSetTarget::kRscDefaults,
                       &s == &config.rsc_defaults.front());
  }
  for (const NvSet& s : config.op_defaults) {
    out +=
        w.OptionSet("op_defaults", s, NvSetTarget::kOpDefaults, &s == &config.op_defaults.front());
  }
  for (const keel::Alert& a : config.alerts) out += w.Alert(a);
  if (config.acls && !config.acls->empty()) w.Fail("acls", "acls");
  Errors errors = w.TakeErrors();
  if (!errors.empty()) return std::unexpected(std::move(errors));
  return out;
}

std::expected<std::string, Errors> WriteCrmObject(const Configuration& config,
                                                  std::string_view id) {
  Writer w;
  std::string out;
  for (const Node& n : config.nodes)
    if (n.uname == id || n.id == id) out += w.Node(n);
  for (const Resource& r : config.resources) {
    Configuration one;
    one.resources.push_back(r);
    bool inside = false;
    if (auto* g = std::get_if<Group>(&r)) {
      for (const Primitive& p : g->primitives)
        if (p.id == id) out += w.Primitive(p), inside = true;
    }
    if (auto* c = std::get_if<Clone>(&r)) {
      if (auto* p = std::get_if<Primitive>(&c->child); p && p->id == id)
        out += w.Primitive(*p), inside = true;
      if (auto* g = std::get_if<Group>(&c->child)) {
        if (g->id == id) out += w.Group(*g), inside = true;
        for (const Primitive& p : g->primitives)
          if (p.id == id) out += w.Primitive(p), inside = true;
      }
    }
    if (!inside && ResourceId(r) == id) out += w.Resource(r);
  }
  for (const keel::Primitive& t : config.templates)
    if (t.id == id) out += w.Primitive(t, "rsc_template");
  for (const Tag& t : config.tags)
    if (t.id == id) out += w.TagStatement(t);
  for (const auto& l : config.locations)
    if (l.id == id) out += w.Location(l);
  for (const auto& c : config.colocations)
    if (c.id == id) out += w.Colocation(c);
  for (const auto& o : config.orders)
    if (o.id == id) out += w.Order(o);
  for (const auto& t : config.tickets)
    if (t.id == id) out += w.Ticket(t);
  if (id == "fencing_topology") out += w.Fencing(config.fencing_levels);
  for (const NvSet& s : config.crm_config)
    if (s.id == id) out += w.OptionSet("property", s, NvSetTarget::kProperty);
  for (const NvSet& s : config.rsc_defaults)
    if (s.id == id) out += w.OptionSet("rsc_defaults", s, NvSetTarget::kRscDefaults);
  for (const NvSet& s : config.op_defaults)
    if (s.id == id) out += w.OptionSet("op_defaults", s, NvSetTarget::kOpDefaults);
  for (const keel::Alert& a : config.alerts)
    if (a.id == id) out += w.Alert(a);
  Errors errors = w.TakeErrors();
  if (!errors.empty()) return std::unexpected(std::move(errors));
  if (out.empty()) {
    return std::unexpected(
        Errors{Error{ErrorCode::kNotFound, "no object with id '" + std::string(id) + "'", ""}});
  }
  return out;
}

}  // namespace keel
