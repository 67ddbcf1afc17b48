// Rule evaluation: date expressions at the edges of their ranges, inside and/or rules.

#include "crmd/scheduler/rules.h"

#include <gtest/gtest.h>

#include "xml/date_time.h"

namespace keel {
namespace {

int64_t At(std::string_view text) { return ParseIsoDateTime(text).value(); }

DateExpression Date(DateOp op, std::string start, std::string end) {
  DateExpression e;
  e.id = "d";
  e.op = op;
  e.start = std::move(start);
  e.end = std::move(end);
  return e;
}

TEST(DateRules, GtAndLtAreStrict) {
  DateExpression gt = Date(DateOp::kGt, "2024-01-01", "");
  EXPECT_FALSE(DateExpressionMatches(gt, At("2024-01-01")));
  EXPECT_TRUE(DateExpressionMatches(gt, At("2024-01-01") + 1));
  DateExpression lt = Date(DateOp::kLt, "", "2024-01-01 00:00 +02:00");
  EXPECT_TRUE(DateExpressionMatches(lt, At("2023-12-31 21:59:59")));
  EXPECT_FALSE(DateExpressionMatches(lt, At("2023-12-31 22:00:00")));
}

TEST(DateRules, InRangeIsInclusiveWithEndOrDuration) {
  DateExpression range = Date(DateOp::kInRange, "2024-01-31", "2024-02-29");
  EXPECT_FALSE(DateExpressionMatches(range, At("2024-01-31") - 1));
  EXPECT_TRUE(DateExpressionMatches(range, At("2024-01-31")));
  EXPECT_TRUE(DateExpressionMatches(range, At("2024-02-29")));
  EXPECT_FALSE(DateExpressionMatches(range, At("2024-02-29") + 1));
  DateExpression month = Date(DateOp::kInRange, "2024-01-31", "");
  month.duration = DateFields{"du", {{"months", "1"}}, 0};
  EXPECT_TRUE(DateExpressionMatches(month, At("2024-02-29")));
  EXPECT_FALSE(DateExpressionMatches(month, At("2024-02-29") + 1));
  DateExpression until = Date(DateOp::kInRange, "", "2005-001");
  EXPECT_TRUE(DateExpressionMatches(until, At("1999-06-01")));
  EXPECT_FALSE(DateExpressionMatches(until, At("2005-01-02")));
}

TEST(DateRules, DateSpecNeedsEveryField) {
  DateExpression spec = Date(DateOp::kDateSpec, "", "");
  spec.date_spec = DateFields{"s", {{"hours", "9-16"}, {"weekdays", "1-5"}}, 0};
  EXPECT_TRUE(DateExpressionMatches(spec, At("2026-12-07 09:00")));  // Monday
  EXPECT_TRUE(DateExpressionMatches(spec, At("2026-12-07 16:59:59")));
  EXPECT_FALSE(DateExpressionMatches(spec, At("2026-12-07 17:00")));
  EXPECT_FALSE(DateExpressionMatches(spec, At("2026-12-06 10:00")));  // Sunday
  DateExpression leap_day = Date(DateOp::kDateSpec, "", "");
  leap_day.date_spec = DateFields{"s", {{"yeardays", "366"}}, 0};
  EXPECT_TRUE(DateExpressionMatches(leap_day, At("2024-12-31 12:00")));
  EXPECT_FALSE(DateExpressionMatches(leap_day, At("2023-12-31 12:00")));
}

TEST(DateRules, CombineWithNodeExpressionsAndNeedNow) {
  Rule rule;
  rule.id = "r";
  Expression node;
  node.attribute = "#uname";
  node.op = ExprOp::kEq;
  node.value = "n1";
  rule.expressions.push_back(node);
  rule.date_expressions.push_back(Date(DateOp::kGt, "2024-01-01", ""));
  NodeAttributes n1{{"#uname", "n1"}}, n2{{"#uname", "n2"}};
  EXPECT_TRUE(RuleMatches(rule, n1, At("2024-06-01")));
  EXPECT_FALSE(RuleMatches(rule, n1, At("2023-06-01")));
  EXPECT_FALSE(RuleMatches(rule, n2, At("2024-06-01")));
  EXPECT_FALSE(RuleMatches(rule, n1)) << "without now a date expression does not hold";
  rule.boolean_op = BoolOp::kOr;
  EXPECT_TRUE(RuleMatches(rule, n2, At("2024-06-01")));
  EXPECT_TRUE(RuleMatches(rule, n1, At("2023-06-01")));
  EXPECT_FALSE(RuleMatches(rule, n2, At("2023-06-01")));
}

}  // namespace
}  // namespace keel

namespace keel {
namespace {

Expression Expr(std::string attribute, ExprOp op, std::optional<std::string> value) {
  Expression e;
  e.id = "e";
  e.attribute = std::move(attribute);
  e.op = op;
  e.value = std::move(value);
  return e;
}

bool Holds(const Expression& e, const NodeAttributes& attrs) {
  Rule rule;
  rule.expressions.push_back(e);
  return RuleMatches(rule, attrs);
}

TEST(AttributeRules, AbsentValueFromAValueSourceComparesAsPacemakerDoes) {
  const NodeAttributes with{{"zone", "z1"}}, without{};
  EXPECT_TRUE(Holds(Expr("zone", ExprOp::kEq, std::nullopt), without));
  EXPECT_FALSE(Holds(Expr("zone", ExprOp::kEq, std::nullopt), with));
  EXPECT_TRUE(Holds(Expr("zone", ExprOp::kNe, std::nullopt), with));
  EXPECT_FALSE(Holds(Expr("zone", ExprOp::kNe, std::nullopt), without));
  EXPECT_FALSE(Holds(Expr("zone", ExprOp::kLt, std::nullopt), with));
  EXPECT_FALSE(Holds(Expr("zone", ExprOp::kGt, std::nullopt), without));
}

TEST(AttributeRules, AbsentNodeAttributeIsOnlyNotEqual) {
  const NodeAttributes without{};
  EXPECT_TRUE(Holds(Expr("zone", ExprOp::kNe, "z1"), without));
  EXPECT_FALSE(Holds(Expr("zone", ExprOp::kEq, "z1"), without));
  EXPECT_FALSE(Holds(Expr("zone", ExprOp::kLt, "z1"), without));
}

TEST(AttributeRules, ScoreAttributeMissingOnTheNodeBansIt) {
  Rule rule;
  rule.score_attribute = "weight";
  EXPECT_EQ(RuleScore(rule, NodeAttributes{{"weight", "25"}}), Score(25));
  EXPECT_EQ(RuleScore(rule, NodeAttributes{}), Score::MinusInfinity());
  EXPECT_EQ(RuleScore(rule, NodeAttributes{{"weight", "many"}}), Score(0));
}

}  // namespace
}  // namespace keel
