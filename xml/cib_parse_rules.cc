// Rules, expressions and name/value sets.

#include <algorithm>

#include "xml/cib_parse_internal.h"
#include "xml/date_time.h"
#include "xml/duration.h"

namespace keel::cib_parse {

namespace {

std::optional<ExprOp> ExprOpFromText(std::string_view text) {
  if (text == "lt") return ExprOp::kLt;
  if (text == "gt") return ExprOp::kGt;
  if (text == "lte") return ExprOp::kLte;
  if (text == "gte") return ExprOp::kGte;
  if (text == "eq") return ExprOp::kEq;
  if (text == "ne") return ExprOp::kNe;
  if (text == "defined") return ExprOp::kDefined;
  if (text == "not_defined") return ExprOp::kNotDefined;
  return std::nullopt;
}

std::optional<ExprType> ExprTypeFromText(std::string_view text) {
  if (text == "string") return ExprType::kString;
  if (text == "integer") return ExprType::kInteger;
  if (text == "number") return ExprType::kNumber;
  if (text == "version") return ExprType::kVersion;
  return std::nullopt;
}

std::optional<Expression> ParseExpression(ParseContext& ctx, const XmlNode& node) {
  if (ctx.RefusesIdRef(node)) return std::nullopt;
  Expression expr;
  expr.id = node.AttrOr("id");
  expr.attribute = node.AttrOr("attribute");
  expr.line = node.line;
  if (const auto op = node.Attr("operation")) {
    if (auto parsed = ExprOpFromText(*op)) {
      expr.op = *parsed;
    } else {
      ctx.Fail(node, "attribute 'operation': unknown value '" + std::string(*op) +
                         "' (expected lt, gt, lte, gte, eq, ne, defined or not_defined)");
    }
  } else {
    ctx.RequiredAttr(node, "operation");
  }
  if (const auto value = node.Attr("value")) expr.value = *value;
  if (const auto type = node.Attr("type")) {
    if (auto parsed = ExprTypeFromText(*type)) {
      expr.type = *parsed;
    } else {
      ctx.Fail(node, "attribute 'type': unknown value '" + std::string(*type) +
                         "' (expected string, integer, number or version)");
    }
  }
  if (auto source = ctx.EnumAttr(node, "value-source", {"literal", "param", "meta"})) {
    expr.value_source = *source == "literal" ? "" : *source;
  }
  for (const XmlNode& child : node.children) ctx.UnknownChild(node, child);
  return expr;
}

const std::vector<std::string_view> kSpecFields = {"years",    "months",    "weeks",    "weekyears",
                                                   "yeardays", "monthdays", "weekdays", "hours",
                                                   "minutes",  "seconds"};
const std::vector<std::string_view> kDurationFields = {"years", "months",  "weeks",  "days",
                                                       "hours", "minutes", "seconds"};

// <date_spec> (ranges) or <duration> (whole numbers): the known fields, in document order.
DateFields ParseDateFields(ParseContext& ctx, const XmlNode& node, bool spec) {
  DateFields out{node.AttrOr("id"), {}, node.line};
  const auto& known = spec ? kSpecFields : kDurationFields;
  for (const XmlAttributeView attr : node.attributes) {
    if (attr.name == "id") continue;
    if (attr.name == "moon") {
      ctx.Unsupported(node, "moon in <" + node.name + "> (deprecated)");
      continue;
    }
    if (std::find(known.begin(), known.end(), attr.name) == known.end()) {
      ctx.Fail(node, "<" + node.name + "> has unknown attribute '" + std::string(attr.name) +
                         "' (expected " + JoinAlternatives(known) + ")");
      continue;
    }
    auto range = ParseDateRange(attr.value);
    if (!range || (!spec && attr.value.find('-') != std::string::npos)) {
      ctx.Fail(node, "attribute '" + std::string(attr.name) + "': bad " +
                         (spec ? "range" : "duration") + " '" + std::string(attr.value) + "' (" +
                         (!range ? range.error() : "expected a whole number") + ")");
      continue;
    }
    out.fields.emplace_back(attr.name, attr.value);
  }
  if (node.attributes.size() == static_cast<size_t>(node.HasAttr("id"))) {
    ctx.Fail(node, "<" + node.name + "> has no fields");
  }
  for (const XmlNode& child : node.children) ctx.UnknownChild(node, child);
  return out;
}

std::string DateAttr(ParseContext& ctx, const XmlNode& node, std::string_view attr) {
  const auto text = node.Attr(attr);
  if (!text) return "";
  if (auto parsed = ParseIsoDateTime(*text); !parsed) {
    ctx.Fail(node, "attribute '" + std::string(attr) + "': bad date '" + std::string(*text) +
                       "' (" + parsed.error() + ")");
  }
  return std::string(*text);
}

std::optional<DateExpression> ParseDateExpression(ParseContext& ctx, const XmlNode& node) {
  if (ctx.RefusesIdRef(node)) return std::nullopt;
  DateExpression expr;
  expr.id = node.AttrOr("id");
  expr.line = node.line;
  auto op = ctx.EnumAttr(node, "operation", {"gt", "lt", "in_range", "date_spec"});
  if (!node.HasAttr("operation")) ctx.RequiredAttr(node, "operation");
  if (!op) return std::nullopt;
  expr.op = *op == "gt"         ? DateOp::kGt
            : *op == "lt"       ? DateOp::kLt
            : *op == "in_range" ? DateOp::kInRange
                                : DateOp::kDateSpec;
  expr.start = DateAttr(ctx, node, "start");
  expr.end = DateAttr(ctx, node, "end");
  for (const XmlNode& child : node.children) {
    if (child.name == "date_spec" && !expr.date_spec) {
      expr.date_spec = ParseDateFields(ctx, child, true);
    } else if (child.name == "duration" && !expr.duration) {
      expr.duration = ParseDateFields(ctx, child, false);
    } else {
      ctx.UnknownChild(node, child);
    }
  }
  const bool start = node.HasAttr("start"), end = node.HasAttr("end");
  auto need = [&](bool ok, const std::string& what) {
    if (!ok) ctx.Fail(node, "operation '" + *op + "' " + what);
  };
  switch (expr.op) {
    case DateOp::kGt:
      need(start && !end, "needs 'start' and no 'end'");
      break;
    case DateOp::kLt:
      need(end && !start, "needs 'end' and no 'start'");
      break;
    case DateOp::kInRange:
      need(start || end, "needs 'start' or 'end'");
      need(!(end && expr.duration), "takes 'end' or a <duration>, not both");
      need(!expr.duration || start, "needs 'start' with a <duration>");
      break;
    case DateOp::kDateSpec:
      need(expr.date_spec.has_value(), "needs a <date_spec>");
      break;
  }
  if (expr.op != DateOp::kDateSpec && expr.date_spec) {
    ctx.Fail(node, "<date_spec> only goes with operation 'date_spec'");
  }
  if (expr.op != DateOp::kInRange && expr.duration) {
    ctx.Fail(node, "<duration> only goes with operation 'in_range'");
  }
  return expr;
}

std::optional<RscExpression> ParseRscExpression(ParseContext& ctx, const XmlNode& node) {
  if (ctx.RefusesIdRef(node)) return std::nullopt;
  RscExpression expr{node.AttrOr("id"), node.AttrOr("class"), node.AttrOr("provider"),
                     node.AttrOr("type"), node.line};
  for (const XmlNode& child : node.children) ctx.UnknownChild(node, child);
  return expr;
}

std::optional<OpExpression> ParseOpExpression(ParseContext& ctx, const XmlNode& node) {
  if (ctx.RefusesIdRef(node)) return std::nullopt;
  OpExpression expr{node.AttrOr("id"), node.AttrOr("name"), node.AttrOr("interval"), node.line};
  if (!node.HasAttr("name")) ctx.RequiredAttr(node, "name");
  if (!expr.interval.empty()) {
    if (auto ms = ParseDurationMs(expr.interval); !ms) {
      ctx.Fail(node, "attribute 'interval': " + ms.error());
    }
  }
  for (const XmlNode& child : node.children) ctx.UnknownChild(node, child);
  return expr;
}

// <X id-ref="..."/>: nothing but the reference (resolved by ResolveReferences).
std::optional<std::string> Reference(ParseContext& ctx, const XmlNode& node) {
  const auto ref = node.Attr("id-ref");
  if (!ref) return std::nullopt;
  for (const XmlAttributeView attr : node.attributes) {
    if (attr.name != "id-ref") {
      ctx.Fail(node, "<" + node.name + " id-ref> takes no other attribute (has '" +
                         std::string(attr.name) + "')");
    }
  }
  if (!node.children.empty()) ctx.Fail(node, "<" + node.name + " id-ref> takes no children");
  if (ref->empty()) ctx.Fail(node, "attribute 'id-ref' is empty");
  return std::string(*ref);
}

}  // namespace

std::optional<Rule> ParseRule(ParseContext& ctx, const XmlNode& node, RuleScope scope) {
  if (auto ref = Reference(ctx, node)) {
    Rule rule;
    rule.id_ref = *ref;
    rule.line = node.line;
    return rule;
  }
  Rule rule;
  rule.id = node.AttrOr("id");
  rule.line = node.line;
  rule.score = ctx.ScoreAttr(node, "score");
  rule.score_attribute = node.AttrOr("score-attribute");
  rule.role = node.AttrOr("role");
  if (auto op = ctx.EnumAttr(node, "boolean-op", {"and", "or"})) {
    rule.boolean_op = *op == "or" ? BoolOp::kOr : BoolOp::kAnd;
  }
  const bool rsc_allowed = scope == RuleScope::kRscDefaults || scope == RuleScope::kOpDefaults;
  for (const XmlNode& child : node.children) {
    if (child.name == "expression") {
      if (auto expr = ParseExpression(ctx, child)) rule.expressions.push_back(std::move(*expr));
    } else if (child.name == "rule") {
      if (auto nested = ParseRule(ctx, child, scope)) rule.rules.push_back(std::move(*nested));
    } else if (child.name == "date_expression") {
      if (auto expr = ParseDateExpression(ctx, child)) {
        rule.date_expressions.push_back(std::move(*expr));
      }
    } else if (child.name == "rsc_expression" && rsc_allowed) {
      if (auto expr = ParseRscExpression(ctx, child)) {
        rule.rsc_expressions.push_back(std::move(*expr));
      }
    } else if (child.name == "op_expression" && scope == RuleScope::kOpDefaults) {
      if (auto expr = ParseOpExpression(ctx, child))
        rule.op_expressions.push_back(std::move(*expr));
    } else if (child.name == "op_expression" || child.name == "rsc_expression") {
      ctx.Unsupported(child, child.name + (child.name == "op_expression"
                                               ? " outside op_defaults"
                                               : " outside rsc_defaults and op_defaults"));
      ctx.NoteReported(node, "expression");
    } else {
      ctx.UnknownChild(node, child);
    }
  }
  return rule;
}

std::optional<NvSet> ParseNvSet(ParseContext& ctx, const XmlNode& node, RuleScope scope) {
  if (auto ref = Reference(ctx, node)) {
    NvSet set;
    set.id_ref = *ref;
    set.line = node.line;
    return set;
  }
  NvSet set;
  set.id = node.AttrOr("id");
  set.line = node.line;
  set.score = ctx.ScoreAttr(node, "score");
  for (const XmlNode& child : node.children) {
    if (child.name == "nvpair") {
      if (ctx.RefusesIdRef(child)) continue;
      set.pairs.push_back(NvPair{child.AttrOr("id"), child.AttrOr("name"), child.AttrOr("value"),
                                 child.line});
      for (const XmlNode& grandchild : child.children) ctx.UnknownChild(child, grandchild);
    } else if (child.name == "rule") {
      if (set.rule) {
        ctx.Unsupported(child, "more than one rule in a name/value set");
        continue;
      }
      set.rule = ParseRule(ctx, child, scope);
    } else {
      ctx.UnknownChild(node, child);
    }
  }
  return set;
}

std::vector<NvSet> ParseNvSets(ParseContext& ctx, const XmlNode& parent, std::string_view set_name,
                               RuleScope scope) {
  std::vector<NvSet> sets;
  for (const XmlNode& child : parent.children) {
    if (child.name != set_name) continue;
    if (auto set = ParseNvSet(ctx, child, scope)) sets.push_back(std::move(*set));
  }
  return sets;
}

}  // namespace keel::cib_parse
