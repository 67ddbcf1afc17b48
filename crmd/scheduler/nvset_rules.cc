#include "crmd/scheduler/nvset_rules.h"

#include <string_view>
#include <vector>

namespace keel {
namespace {

Error Refused(const PlaceFn& place, const std::string& what, const std::string& id, int line) {
  return Error{ErrorCode::kNotSupported, "not supported: " + what + " (id " + id + ")",
               place(id, line)};
}

void CheckRule(const Rule& rule, std::string_view where, bool node_known, const PlaceFn& place,
               Errors& errors) {
  for (const Expression& e : rule.expressions) {
    if (e.value_source.empty()) continue;
    errors.push_back(Refused(place,
                             "value-source in the rule of " + std::string(where) +
                                 " (only a location constraint's rule has a resource to read)",
                             e.id, e.line));
  }
  if (!node_known) {
    for (const Expression& e : rule.expressions) {
      errors.push_back(Refused(place,
                               "a node attribute expression in the rule of " + std::string(where) +
                                   " (read without a node)",
                               e.id, e.line));
    }
  }
  for (const Rule& nested : rule.rules) CheckRule(nested, where, node_known, place, errors);
}

void CheckSets(const std::vector<NvSet>& sets, std::string_view where, bool node_known,
               const PlaceFn& place, Errors& errors) {
  for (const NvSet& set : sets) {
    if (!set.rule) continue;
    if (!set.rule->role.empty()) {
      errors.push_back(Refused(place, "role on the rule of " + std::string(where), set.rule->id,
                               set.rule->line));
    }
    CheckRule(*set.rule, where, node_known, place, errors);
  }
}

// Every set list of the configuration, with what it is called and whether a node is known
// where it is read (a resource's instance_attributes only).
template <typename Visit>
void ForEachSetList(const Configuration& config, Visit visit) {
  visit(config.crm_config, "<cluster_property_set>", false);
  visit(config.rsc_defaults, "<rsc_defaults>", false);
  visit(config.op_defaults, "<op_defaults>", false);
  for (const Node& n : config.nodes) {
    visit(n.instance_attributes, "a node's <instance_attributes>", false);
    visit(n.utilization, "a node's <utilization>", false);
  }
  auto primitive = [&](const Primitive& p) {
    visit(p.instance_attributes, "<instance_attributes>", true);
    visit(p.meta_attributes, "<meta_attributes>", false);
    visit(p.utilization, "<utilization>", false);
    for (const Operation& op : p.operations) {
      visit(op.instance_attributes, "an operation's <instance_attributes>", false);
      visit(op.meta_attributes, "an operation's <meta_attributes>", false);
    }
  };
  auto group = [&](const Group& g) {
    visit(g.instance_attributes, "<instance_attributes>", true);
    visit(g.meta_attributes, "<meta_attributes>", false);
    for (const Primitive& p : g.primitives) primitive(p);
  };
  for (const Primitive& t : config.templates) primitive(t);
  for (const Resource& r : config.resources) {
    if (const auto* p = std::get_if<Primitive>(&r)) primitive(*p);
    if (const auto* g = std::get_if<Group>(&r)) group(*g);
    if (const auto* c = std::get_if<Clone>(&r)) {
      visit(c->instance_attributes, "<instance_attributes>", true);
      visit(c->meta_attributes, "<meta_attributes>", false);
      if (const auto* p = std::get_if<Primitive>(&c->child)) primitive(*p);
      if (const auto* g = std::get_if<Group>(&c->child)) group(*g);
    }
  }
}

bool HasDate(const Rule& rule) {
  if (!rule.date_expressions.empty()) return true;
  for (const Rule& nested : rule.rules) {
    if (HasDate(nested)) return true;
  }
  return false;
}

}  // namespace

Errors NvSetRuleRefusals(const Configuration& config, const PlaceFn& place) {
  Errors errors;
  ForEachSetList(config,
                 [&](const std::vector<NvSet>& sets, std::string_view where, bool node_known) {
                   CheckSets(sets, where, node_known, place, errors);
                 });
  return errors;
}

Errors NvSetRuleLiveRefusals(const Configuration& config) {
  Errors errors;
  for (const NvSet& set : config.crm_config) {
    if (!set.rule) continue;
    errors.push_back(Error{ErrorCode::kNotSupported,
                           "not supported: a rule in <cluster_property_set> in a running cluster "
                           "(id " +
                               set.id +
                               "): the daemon reads its options without rules; "
                               "crm simulate only",
                           set.id});
  }
  ForEachSetList(config, [&](const std::vector<NvSet>& sets, std::string_view, bool) {
    if (&sets == &config.crm_config) return;
    for (const NvSet& set : sets) {
      if (!set.rule || !HasDate(*set.rule)) continue;
      errors.push_back(Error{ErrorCode::kNotSupported,
                             "not supported: date rules in a running cluster (id " + set.id +
                                 "): the controller does not re-run the scheduler when their "
                                 "time comes; crm simulate only",
                             set.id});
    }
  });
  return errors;
}

}  // namespace keel
