// crm syntax for date expressions in rules (crmsh's: date lt|gt|in|spec ...).
#include <algorithm>

#include "cli/crm_parse_internal.h"
#include "xml/date_time.h"

namespace keel {

namespace {

const std::vector<std::string> kDateOps = {"lt", "gt", "in", "in_range", "spec", "date_spec"};
const std::vector<std::string> kSpecFields = {"years",    "months",    "weeks",    "weekyears",
                                              "yeardays", "monthdays", "weekdays", "hours",
                                              "minutes",  "seconds"};
const std::vector<std::string> kDurationFields = {"years", "months",  "weeks",  "days",
                                                  "hours", "minutes", "seconds"};

bool Contains(const std::vector<std::string>& words, const std::string& word) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

std::expected<std::string, Error> CheckedDate(const TokenCursor& c, const CrmToken& token,
                                              const std::string& text) {
  if (auto parsed = ParseIsoDateTime(text); !parsed) {
    return std::unexpected(c.ErrorAt(token, "bad date '" + text + "': " + parsed.error()));
  }
  return text;
}

}  // namespace

std::expected<DateExpression, Error> ParseCrmDateExpression(TokenCursor& c, const CrmToken& date,
                                                            const std::string& id) {
  DateExpression e;
  e.id = id;
  e.line = date.line;
  auto op = c.Expect("lt, gt, in or spec after 'date'");
  if (!op) return std::unexpected(op.error());
  if (!Contains(kDateOps, op->text)) {
    if (op->text == "moon") {
      return std::unexpected(c.ErrorAt(*op, "not supported: moon", ErrorCode::kNotSupported));
    }
    return std::unexpected(
        c.ErrorAt(*op, "unknown date operator '" + op->text + "' (expected lt, gt, in or spec)"));
  }
  if (op->text == "lt" || op->text == "gt") {
    e.op = op->text == "lt" ? DateOp::kLt : DateOp::kGt;
    auto value = c.Expect("a date after 'date " + op->text + "'");
    if (!value) return std::unexpected(value.error());
    auto checked = CheckedDate(c, *value, value->text);
    if (!checked) return std::unexpected(checked.error());
    (e.op == DateOp::kLt ? e.end : e.start) = *checked;
    return e;
  }
  const bool spec = op->text == "spec" || op->text == "date_spec";
  e.op = spec ? DateOp::kDateSpec : DateOp::kInRange;
  DateFields fields{id + (spec ? "-spec" : "-duration"), {}, op->line};
  while (!c.AtEnd() && SplitKeyValue(c.Peek())) {
    const CrmToken& t = c.Peek();
    auto kv = SplitKeyValue(t);
    if (!spec && (kv->first == "start" || kv->first == "end")) {
      auto checked = CheckedDate(c, t, kv->second);
      if (!checked) return std::unexpected(checked.error());
      (kv->first == "start" ? e.start : e.end) = *checked;
    } else if (kv->first == "moon") {
      return std::unexpected(c.ErrorAt(t, "not supported: moon", ErrorCode::kNotSupported));
    } else if (Contains(spec ? kSpecFields : kDurationFields, kv->first)) {
      auto range = ParseDateRange(kv->second);
      if (!range || (!spec && kv->second.find('-') != std::string::npos)) {
        return std::unexpected(c.ErrorAt(
            t, std::string("bad ") + (spec ? "range" : "duration") + " '" + kv->second + "' for " +
                   kv->first + ": " + (!range ? range.error() : "expected a whole number")));
      }
      fields.fields.emplace_back(kv->first, kv->second);
    } else {
      break;
    }
    c.Next();
  }
  if (spec) {
    if (fields.fields.empty()) {
      return std::unexpected(c.ErrorAt(*op, "'date spec' needs at least one field=value"));
    }
    e.date_spec = std::move(fields);
    return e;
  }
  if (!fields.fields.empty()) e.duration = std::move(fields);
  if (e.start.empty() && e.end.empty()) {
    return std::unexpected(c.ErrorAt(*op, "'date in' needs start= or end="));
  }
  if (!e.end.empty() && e.duration) {
    return std::unexpected(c.ErrorAt(*op, "'date in' takes end= or a duration, not both"));
  }
  if (e.duration && e.start.empty()) {
    return std::unexpected(c.ErrorAt(*op, "'date in' needs start= with a duration"));
  }
  return e;
}

}  // namespace keel
