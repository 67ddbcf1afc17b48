// id-ref on name/value sets and rules: each reference gets a copy of the content of the
// element it names, so that every reader of the model sees the values; the reference itself
// stays in the model and is what the writer writes back.

#include <functional>
#include <map>

#include "xml/cib_parse_internal.h"

namespace keel::cib_parse {
namespace {

using SetList = std::vector<NvSet>;

// Every list of sets in the configuration (alerts and operations included).
void ForEachSetList(Configuration& config, const std::function<void(SetList&)>& visit) {
  visit(config.crm_config);
  visit(config.rsc_defaults);
  visit(config.op_defaults);
  for (Node& n : config.nodes) {
    visit(n.instance_attributes);
    visit(n.utilization);
  }
  auto primitive = [&](Primitive& p) {
    visit(p.instance_attributes);
    visit(p.meta_attributes);
    visit(p.utilization);
    for (Operation& op : p.operations) {
      visit(op.instance_attributes);
      visit(op.meta_attributes);
    }
  };
  auto group = [&](Group& g) {
    visit(g.instance_attributes);
    visit(g.meta_attributes);
    for (Primitive& p : g.primitives) primitive(p);
  };
  for (Primitive& t : config.templates) primitive(t);
  for (Resource& r : config.resources) {
    if (auto* p = std::get_if<Primitive>(&r)) primitive(*p);
    if (auto* g = std::get_if<Group>(&r)) group(*g);
    if (auto* c = std::get_if<Clone>(&r)) {
      visit(c->instance_attributes);
      visit(c->meta_attributes);
      if (auto* p = std::get_if<Primitive>(&c->child)) primitive(*p);
      if (auto* g = std::get_if<Group>(&c->child)) group(*g);
    }
  }
  for (Alert& a : config.alerts) {
    visit(a.meta_attributes);
    visit(a.instance_attributes);
    for (AlertRecipient& r : a.recipients) {
      visit(r.meta_attributes);
      visit(r.instance_attributes);
    }
  }
}

// Every top-level rule (location rules, set rules); nested ones are reached through them.
void ForEachRule(Configuration& config, const std::function<void(Rule&)>& visit) {
  for (LocationConstraint& loc : config.locations) {
    for (Rule& rule : loc.rules) visit(rule);
  }
  ForEachSetList(config, [&](SetList& sets) {
    for (NvSet& set : sets) {
      if (set.rule) visit(*set.rule);
    }
  });
}

void CollectRules(const Rule& rule, std::map<std::string, const Rule*, std::less<>>& out) {
  if (!rule.id_ref.empty()) return;
  out.emplace(rule.id, &rule);
  for (const Rule& nested : rule.rules) CollectRules(nested, out);
}

void ResolveRule(ParseContext& ctx, Rule& rule,
                 const std::map<std::string, const Rule*, std::less<>>& rules) {
  if (rule.id_ref.empty()) {
    for (Rule& nested : rule.rules) ResolveRule(ctx, nested, rules);
    return;
  }
  auto it = rules.find(rule.id_ref);
  if (it == rules.end()) {
    ctx.FailAt(rule.line, rule.id_ref,
               "<rule id-ref=\"" + rule.id_ref + "\">: no <rule> has id '" + rule.id_ref + "'");
    return;
  }
  Rule copy = *it->second;
  copy.id_ref = rule.id_ref;
  copy.line = rule.line;
  rule = std::move(copy);
}

// Every primitive and template, wherever it stands.
void ForEachPrimitive(Configuration& config, const std::function<void(Primitive&)>& visit) {
  for (Primitive& t : config.templates) visit(t);
  auto group = [&](Group& g) {
    for (Primitive& p : g.primitives) visit(p);
  };
  for (Resource& r : config.resources) {
    if (auto* p = std::get_if<Primitive>(&r)) visit(*p);
    if (auto* g = std::get_if<Group>(&r)) group(*g);
    if (auto* c = std::get_if<Clone>(&r)) {
      if (auto* p = std::get_if<Primitive>(&c->child)) visit(*p);
      if (auto* g = std::get_if<Group>(&c->child)) group(*g);
    }
  }
}

void ResolveOperationsReferences(ParseContext& ctx, Configuration& config) {
  std::map<std::string, std::vector<Operation>, std::less<>> blocks;
  ForEachPrimitive(config, [&](Primitive& p) {
    if (p.operations_ref.empty() && !p.operations_id.empty()) {
      blocks.emplace(p.operations_id, p.operations);
    }
  });
  ForEachPrimitive(config, [&](Primitive& p) {
    if (p.operations_ref.empty()) return;
    auto it = blocks.find(p.operations_ref);
    if (it == blocks.end()) {
      ctx.FailAt(p.line, p.id,
                 "<operations id-ref=\"" + p.operations_ref + "\">: no <operations> has id '" +
                     p.operations_ref + "'");
      return;
    }
    p.operations = it->second;
  });
}

}  // namespace

void ResolveReferences(ParseContext& ctx, Configuration& config) {
  ResolveOperationsReferences(ctx, config);
  // Rules first, so that a set copied below carries its rule resolved. A reference names an
  // element with content (references to references are not followed).
  std::map<std::string, const Rule*, std::less<>> rules;
  ForEachRule(config, [&](Rule& rule) { CollectRules(rule, rules); });
  std::vector<std::pair<Rule*, Rule>> resolved;
  ForEachRule(config, [&](Rule& rule) {
    Rule copy = rule;
    ResolveRule(ctx, copy, rules);
    if (copy != rule) resolved.emplace_back(&rule, std::move(copy));
  });
  for (auto& [target, value] : resolved) *target = std::move(value);

  std::map<std::string, NvSet, std::less<>> sets;
  ForEachSetList(config, [&](SetList& list) {
    for (const NvSet& set : list) {
      if (set.id_ref.empty() && !set.id.empty()) sets.emplace(set.id, set);
    }
  });
  ForEachSetList(config, [&](SetList& list) {
    for (NvSet& set : list) {
      if (set.id_ref.empty()) continue;
      auto it = sets.find(set.id_ref);
      if (it == sets.end()) {
        ctx.FailAt(set.line, set.id_ref,
                   "id-ref=\"" + set.id_ref + "\": no name/value set has id '" + set.id_ref + "'");
        continue;
      }
      NvSet copy = it->second;
      copy.id_ref = set.id_ref;
      copy.line = set.line;
      set = std::move(copy);
    }
  });
}

}  // namespace keel::cib_parse
