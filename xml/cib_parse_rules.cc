// Rules, expressions and name/value sets.

#include "xml/cib_parse_internal.h"

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
  if (const std::string* op = node.Attr("operation")) {
    if (auto parsed = ExprOpFromText(*op)) {
      expr.op = *parsed;
    } else {
      ctx.Fail(node, "attribute 'operation': unknown value '" + *op +
                         "' (expected lt, gt, lte, gte, eq, ne, defined or not_defined)");
    }
  } else {
    ctx.RequiredAttr(node, "operation");
  }
  if (const std::string* value = node.Attr("value")) expr.value = *value;
  if (const std::string* type = node.Attr("type")) {
    if (auto parsed = ExprTypeFromText(*type)) {
      expr.type = *parsed;
    } else {
      ctx.Fail(node, "attribute 'type': unknown value '" + *type +
                         "' (expected string, integer, number or version)");
    }
  }
  if (auto source = ctx.EnumAttr(node, "value-source", {"literal", "param", "meta"})) {
    expr.value_source = *source == "literal" ? "" : *source;
  }
  for (const XmlNode& child : node.children) ctx.UnknownChild(node, child);
  return expr;
}

}  // namespace

std::optional<Rule> ParseRule(ParseContext& ctx, const XmlNode& node) {
  if (ctx.RefusesIdRef(node)) return std::nullopt;
  Rule rule;
  rule.id = node.AttrOr("id");
  rule.line = node.line;
  rule.score = ctx.ScoreAttr(node, "score");
  rule.score_attribute = node.AttrOr("score-attribute");
  rule.role = node.AttrOr("role");
  if (auto op = ctx.EnumAttr(node, "boolean-op", {"and", "or"})) {
    rule.boolean_op = *op == "or" ? BoolOp::kOr : BoolOp::kAnd;
  }
  for (const XmlNode& child : node.children) {
    if (child.name == "expression") {
      if (auto expr = ParseExpression(ctx, child)) rule.expressions.push_back(std::move(*expr));
    } else if (child.name == "rule") {
      if (auto nested = ParseRule(ctx, child)) rule.rules.push_back(std::move(*nested));
    } else if (child.name == "date_expression" || child.name == "op_expression" ||
               child.name == "rsc_expression") {
      ctx.Unsupported(child, child.name);
      ctx.NoteReported(node, "expression");
    } else {
      ctx.UnknownChild(node, child);
    }
  }
  return rule;
}

std::optional<NvSet> ParseNvSet(ParseContext& ctx, const XmlNode& node) {
  if (ctx.RefusesIdRef(node)) return std::nullopt;
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
      set.rule = ParseRule(ctx, child);
    } else {
      ctx.UnknownChild(node, child);
    }
  }
  return set;
}

std::vector<NvSet> ParseNvSets(ParseContext& ctx, const XmlNode& parent,
                               std::string_view set_name) {
  std::vector<NvSet> sets;
  for (const XmlNode& child : parent.children) {
    if (child.name != set_name) continue;
    if (auto set = ParseNvSet(ctx, child)) sets.push_back(std::move(*set));
  }
  return sets;
}

}  // namespace keel::cib_parse
