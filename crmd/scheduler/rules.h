#pragma once
// Rule evaluation, as rsc_location rules and name/value sets (instance_attributes,
// meta_attributes, utilization, rsc_defaults, op_defaults, cluster_property_set) use it:
// against one node's attributes (#uname, #id, #kind and node attributes), the time, and in
// rsc_defaults / op_defaults the resource and the operation. Pure.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "xml/cib.h"

namespace keel {

using NodeAttributes = std::map<std::string, std::string, std::less<>>;

// Where an expression with value-source="param" or "meta" takes its value: the resource a
// location constraint applies to. Parameters are read on the node the rule is evaluated
// for (their sets' rules may name it); meta attributes fall back to rsc_defaults.
struct ValueSources {
  const std::vector<NvSet>* params = nullptr;
  const std::vector<NvSet>* meta = nullptr;
  const std::vector<NvSet>* rsc_defaults = nullptr;
};

// What a rule is evaluated against. A part left empty is not known where the rule stands:
// an expression needing it does not hold (NvSetRuleRefusals refuses such rules first).
struct RuleInput {
  const NodeAttributes* node = nullptr;       // node attribute expressions
  std::optional<int64_t> now = std::nullopt;  // date expressions, epoch seconds
  const Primitive* rsc = nullptr;             // rsc_expression
  const ValueSources* values = nullptr;       // value-source (none: the value is absent)
  struct Op {
    std::string_view name = {};
    int64_t interval_ms = 0;
  };
  std::optional<Op> op = std::nullopt;  // op_expression
};

// A location rule on a node: RuleMatches with the node's attributes, `now` and the
// constrained resource's value sources.
bool LocationRuleMatches(const Rule& rule, const NodeAttributes& attrs, std::optional<int64_t> now,
                         const ValueSources* values);

// True when the rule holds for `input`. An empty rule holds.
bool RuleMatches(const Rule& rule, const RuleInput& input);

// Pacemaker's reading of name/value sets: the sets whose rule holds for `input` (or that
// have none), higher score first, document order among equal scores; the set with id
// `first_id` (crm_config's "cib-bootstrap-options") before all. The first set that sets a
// name gives its value. Pointers into `sets`.
std::vector<const NvSet*> ApplicableSets(const std::vector<NvSet>& sets, const RuleInput& input,
                                         std::string_view first_id = "");

// The value of `name` read that way; nullopt when no applicable set has it.
std::optional<std::string> NvValue(const std::vector<NvSet>& sets, std::string_view name,
                                   const RuleInput& input, std::string_view first_id = "");

// True when the rule holds on a node with these attributes (which include #uname, #id,
// #kind) at `now` (epoch seconds, for date expressions). An empty rule holds (Pacemaker: a
// rule with no expressions is true). Without `now` a date expression never holds.
bool RuleMatches(const Rule& rule, const NodeAttributes& attrs,
                 std::optional<int64_t> now = std::nullopt);

// One date_expression at `now`: gt is strictly after start, lt strictly before end,
// in_range between start and end (or start + duration) inclusive, date_spec when every
// given field of now (UTC) is in its range. Dates the parser accepted only.
bool DateExpressionMatches(const DateExpression& expr, int64_t now);

// The score a matching location rule gives a node: its score, or the node attribute named
// by score-attribute (-INFINITY when the node has no such attribute, 0 when it is not a
// score).
Score RuleScore(const Rule& rule, const NodeAttributes& attrs);

}  // namespace keel
