#include "crmd/scheduler/rules.h"

#include <algorithm>
#include <charconv>
#include <climits>
#include <cstdlib>
#include <optional>
#include <vector>

#include "xml/date_time.h"
#include "xml/duration.h"

namespace keel {
namespace {

std::optional<double> ParseNumber(const std::string& text) {
  if (text.empty()) return std::nullopt;
  char* end = nullptr;
  double value = std::strtod(text.c_str(), &end);
  if (end == nullptr || *end != '\0') return std::nullopt;
  return value;
}

std::vector<long> VersionParts(const std::string& text) {
  std::vector<long> parts;
  size_t start = 0;
  while (start <= text.size()) {
    size_t dot = text.find('.', start);
    if (dot == std::string::npos) dot = text.size();
    parts.push_back(std::strtol(text.substr(start, dot - start).c_str(), nullptr, 10));
    start = dot + 1;
  }
  while (!parts.empty() && parts.back() == 0) parts.pop_back();
  return parts;
}

// -1, 0, 1 comparing `left` with `right` under the expression's type.
int Compare(const std::string& left, const std::string& right, std::optional<ExprType> type) {
  ExprType effective = ExprType::kString;
  if (type) {
    effective = *type;
  } else if (ParseNumber(left) && ParseNumber(right)) {
    effective = ExprType::kNumber;
  }
  switch (effective) {
    case ExprType::kInteger:
    case ExprType::kNumber: {
      auto l = ParseNumber(left);
      auto r = ParseNumber(right);
      if (!l || !r) return left.compare(right) < 0 ? -1 : (left == right ? 0 : 1);
      if (effective == ExprType::kInteger) {
        long long li = static_cast<long long>(*l), ri = static_cast<long long>(*r);
        return li < ri ? -1 : (li > ri ? 1 : 0);
      }
      return *l < *r ? -1 : (*l > *r ? 1 : 0);
    }
    case ExprType::kVersion: {
      auto l = VersionParts(left), r = VersionParts(right);
      return l < r ? -1 : (l > r ? 1 : 0);
    }
    case ExprType::kString:
      break;
  }
  int c = left.compare(right);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

// The value an expression compares with: as written, or read from the resource.
std::optional<std::string> ComparedValue(const Expression& expr, const RuleInput& input) {
  if (expr.value_source.empty() || !expr.value) return expr.value;
  const ValueSources* values = input.values;
  if (values == nullptr) return std::nullopt;
  if (expr.value_source == "param") {
    if (values->params == nullptr) return std::nullopt;
    return NvValue(*values->params, *expr.value, RuleInput{input.node, input.now});
  }
  std::optional<std::string> value;
  if (values->meta != nullptr) value = NvValue(*values->meta, *expr.value, RuleInput{});
  if (!value && values->rsc_defaults != nullptr) {
    value = NvValue(*values->rsc_defaults, *expr.value, RuleInput{});
  }
  return value;
}

bool ExpressionMatches(const Expression& expr, const NodeAttributes& attrs,
                       const RuleInput& input) {
  auto it = attrs.find(expr.attribute);
  const std::string* actual = it == attrs.end() ? nullptr : &it->second;
  if (expr.op == ExprOp::kDefined) return actual != nullptr;
  if (expr.op == ExprOp::kNotDefined) return actual == nullptr;
  const std::optional<std::string> value = ComparedValue(expr, input);
  if (!value) {  // a value-source the resource does not have: compared as Pacemaker does
    if (expr.op == ExprOp::kEq) return actual == nullptr;
    return expr.op == ExprOp::kNe && actual != nullptr;
  }
  if (actual == nullptr) return expr.op == ExprOp::kNe;
  int c = Compare(*actual, *value, expr.type);
  switch (expr.op) {
    case ExprOp::kLt: return c < 0;
    case ExprOp::kGt: return c > 0;
    case ExprOp::kLte: return c <= 0;
    case ExprOp::kGte: return c >= 0;
    case ExprOp::kEq: return c == 0;
    case ExprOp::kNe: return c != 0;
    default: return false;
  }
}

int64_t DateOr(const std::string& text, int64_t fallback) {
  auto parsed = ParseIsoDateTime(text);
  return parsed ? *parsed : fallback;
}

CalendarDuration DurationOf(const DateFields& fields) {
  CalendarDuration d;
  for (const auto& [name, value] : fields.fields) {
    int64_t n = std::strtoll(value.c_str(), nullptr, 10);
    if (name == "years") d.years = n;
    if (name == "months") d.months = n;
    if (name == "weeks") d.weeks = n;
    if (name == "days") d.days = n;
    if (name == "hours") d.hours = n;
    if (name == "minutes") d.minutes = n;
    if (name == "seconds") d.seconds = n;
  }
  return d;
}

bool SpecMatches(const DateFields& spec, int64_t now) {
  CalendarFields calendar = CalendarOf(now);
  for (const auto& [name, value] : spec.fields) {
    auto range = ParseDateRange(value);
    int64_t actual = CalendarField(calendar, name);
    if (!range || actual < range->low || actual > range->high) return false;
  }
  return true;
}

bool RscMatches(const RscExpression& expr, const Primitive& p) {
  return (expr.resource_class.empty() || expr.resource_class == p.resource_class) &&
         (expr.provider.empty() || expr.provider == p.provider) &&
         (expr.type.empty() || expr.type == p.type);
}

bool OpMatches(const OpExpression& expr, const RuleInput::Op& op) {
  if (expr.name != op.name) return false;
  if (expr.interval.empty()) return true;
  auto ms = ParseDurationMs(expr.interval);
  return ms && *ms == op.interval_ms;
}

}  // namespace

bool DateExpressionMatches(const DateExpression& expr, int64_t now) {
  switch (expr.op) {
    case DateOp::kGt:
      return now > DateOr(expr.start, INT64_MAX);
    case DateOp::kLt:
      return now < DateOr(expr.end, INT64_MIN);
    case DateOp::kInRange: {
      if (!expr.start.empty() && now < DateOr(expr.start, INT64_MAX)) return false;
      if (!expr.end.empty()) return now <= DateOr(expr.end, INT64_MIN);
      if (expr.duration) {
        return now <= AddDuration(DateOr(expr.start, INT64_MIN), DurationOf(*expr.duration));
      }
      return true;
    }
    case DateOp::kDateSpec:
      return expr.date_spec && SpecMatches(*expr.date_spec, now);
  }
  return false;
}

bool RuleMatches(const Rule& rule, const RuleInput& input) {
  const bool is_and = rule.boolean_op == BoolOp::kAnd;
  bool decided = false, result = is_and;
  auto take = [&](bool ok) {
    if (decided) return;
    if (is_and != ok) {
      decided = true;
      result = ok;
    }
  };
  bool any = false;
  for (const Expression& expr : rule.expressions) {
    take(input.node != nullptr && ExpressionMatches(expr, *input.node, input));
    any = true;
  }
  for (const DateExpression& expr : rule.date_expressions) {
    take(input.now && DateExpressionMatches(expr, *input.now));
    any = true;
  }
  for (const RscExpression& expr : rule.rsc_expressions) {
    take(input.rsc != nullptr && RscMatches(expr, *input.rsc));
    any = true;
  }
  for (const OpExpression& expr : rule.op_expressions) {
    take(input.op && OpMatches(expr, *input.op));
    any = true;
  }
  for (const Rule& nested : rule.rules) {
    if (!decided) take(RuleMatches(nested, input));
    any = true;
  }
  if (decided) return result;
  return is_and || !any;
}

bool RuleMatches(const Rule& rule, const NodeAttributes& attrs, std::optional<int64_t> now) {
  return RuleMatches(rule, RuleInput{&attrs, now});
}

bool LocationRuleMatches(const Rule& rule, const NodeAttributes& attrs, std::optional<int64_t> now,
                         const ValueSources* values) {
  return RuleMatches(rule, RuleInput{&attrs, now, nullptr, values});
}

std::vector<const NvSet*> ApplicableSets(const std::vector<NvSet>& sets, const RuleInput& input,
                                         std::string_view first_id) {
  std::vector<const NvSet*> out;
  for (const NvSet& set : sets) {
    if (!set.rule || RuleMatches(*set.rule, input)) out.push_back(&set);
  }
  auto rank = [&](const NvSet* set) {
    return std::pair(!first_id.empty() && set->id == first_id ? 1 : 0,
                     set->score.value_or(Score(0)).value());
  };
  std::stable_sort(out.begin(), out.end(),
                   [&](const NvSet* a, const NvSet* b) { return rank(a) > rank(b); });
  return out;
}

// "#default" unsets the name (IsDefaultValue).
std::optional<std::string> NvValue(const std::vector<NvSet>& sets, std::string_view name,
                                   const RuleInput& input, std::string_view first_id) {
  if (sets.empty()) return std::nullopt;  // most resources have no meta attributes at all
  return FindNvValue(ApplicableSets(sets, input, first_id), name);
}

Score RuleScore(const Rule& rule, const NodeAttributes& attrs) {
  if (rule.score) return *rule.score;
  if (!rule.score_attribute.empty()) {
    auto it = attrs.find(rule.score_attribute);
    if (it == attrs.end()) return Score::MinusInfinity();  // as Pacemaker: no value, no node
    auto parsed = Score::Parse(it->second);
    return parsed ? *parsed : Score(0);
  }
  return Score(0);
}

}  // namespace keel
