// crm configure: location (with rules), colocation, order, rsc_ticket.
#include <algorithm>
#include <tuple>

#include "cli/crm_parse_internal.h"
#include "cli/suggest.h"
#include "xml/rsc_pattern.h"

namespace keel {

namespace {

const std::vector<std::string> kBinaryOps = {"lt", "gt", "lte", "gte", "eq", "ne"};
const std::vector<std::string> kTypes = {"string", "integer", "number", "version"};
const std::vector<std::string> kKinds = {"Mandatory", "Optional", "Serialize"};
const std::vector<std::string> kActions = {"start", "stop", "promote", "demote"};
const std::vector<std::string> kDiscovery = {"always", "never", "exclusive"};

bool EndsWithColon(const CrmToken& t) { return t.text.size() > 1 && t.text.back() == ':'; }
std::string StripColon(const std::string& s) { return s.substr(0, s.size() - 1); }

// crmsh's /REGEX/ in place of a location's resource: rsc-pattern.
bool IsRscPattern(const CrmToken& t) {
  return t.text.size() >= 2 && t.text.starts_with('/') && t.text.ends_with('/');
}

bool IsUnsupportedSetSyntax(const CrmToken& t) {
  return !t.quoted && (t.text.starts_with("(") || t.text.starts_with("[") ||
                       t.text.ends_with(")") || t.text.ends_with("]"));
}

std::expected<Score, Error> ParseScoreToken(const CrmToken& token) {
  auto score = Score::Parse(StripColon(token.text));
  if (!score) {
    // Score::Parse's message already names the score ("bad score 'abc': ...").
    return std::unexpected(Error{ErrorCode::kParse, score.error(), TokenWhere(token)});
  }
  return *score;
}

std::expected<ExprOp, Error> ParseBinaryOp(const CrmToken& token, std::optional<ExprType>& type) {
  std::string op = token.text;
  size_t colon = op.find(':');
  if (colon != std::string::npos) {
    std::string t = op.substr(0, colon);
    op = op.substr(colon + 1);
    if (t == "string")
      type = ExprType::kString;
    else if (t == "integer")
      type = ExprType::kInteger;
    else if (t == "number")
      type = ExprType::kNumber;
    else if (t == "version")
      type = ExprType::kVersion;
    else {
      return std::unexpected(
          Error{ErrorCode::kParse, UnknownWordMessage("type", t, kTypes), TokenWhere(token)});
    }
  }
  static const ExprOp kOps[] = {ExprOp::kLt,  ExprOp::kGt, ExprOp::kLte,
                                ExprOp::kGte, ExprOp::kEq, ExprOp::kNe};
  for (size_t i = 0; i < kBinaryOps.size(); ++i) {
    if (op == kBinaryOps[i]) return kOps[i];
  }
  return std::unexpected(
      Error{ErrorCode::kParse, UnknownWordMessage("operator", op, kBinaryOps), TokenWhere(token)});
}

std::expected<Expression, Error> ParseExpression(TokenCursor& c) {
  Expression e;
  auto first = c.Expect("an expression");
  if (!first) return std::unexpected(first.error());
  e.line = first->line;
  if (first->text == "defined" || first->text == "not_defined") {
    e.op = first->text == "defined" ? ExprOp::kDefined : ExprOp::kNotDefined;
    auto attr = c.Expect("an attribute after '" + first->text + "'");
    if (!attr) return std::unexpected(attr.error());
    e.attribute = attr->text;
    return e;
  }
  e.attribute = first->text;
  auto op = c.Expect("an operator (eq, ne, lt, gt, lte, gte) after '" + e.attribute + "'");
  if (!op) return std::unexpected(op.error());
  auto parsed = ParseBinaryOp(*op, e.type);
  if (!parsed) return std::unexpected(parsed.error());
  e.op = *parsed;
  auto value = c.Expect("a value after '" + op->text + "'");
  if (!value) return std::unexpected(value.error());
  e.value = value->text;
  return e;
}

// rule [$id=X] [$role=R] [SCORE: | ATTRIBUTE:] EXPR [and|or EXPR]...
std::expected<Rule, Error> ParseRule(TokenCursor& c, const std::string& rule_id) {
  Rule rule;
  rule.id = rule_id;
  rule.line = c.Previous().line;
  while (!c.AtEnd()) {
    const CrmToken& t = c.Peek();
    auto kv = SplitKeyValue(t);
    if (auto id = IdSpec(t)) {
      rule.id = *id;
    } else if (kv && (kv->first == "$role" || kv->first == "role")) {
      if (auto ok = CheckRole(t, kv->second); !ok) return std::unexpected(ok.error());
      rule.role = kv->second;
    } else if (kv && kv->first == "score-attribute") {
      rule.score_attribute = kv->second;
      if (rule.score_attribute.ends_with(":")) rule.score_attribute.pop_back();
    } else {
      break;
    }
    c.Next();
  }
  if (!c.AtEnd() && EndsWithColon(c.Peek())) {
    const CrmToken& t = c.Next();
    auto score = Score::Parse(StripColon(t.text));
    if (score)
      rule.score = *score;
    else
      rule.score_attribute = StripColon(t.text);
  }
  std::optional<BoolOp> bool_op;
  while (true) {
    if (!c.AtEnd() && c.Peek().text == "date" && !c.Peek().quoted) {
      // Numbered apart from the other expressions: `show` writes those first.
      const size_t n = rule.date_expressions.size();
      const CrmToken& date = c.Next();
      auto d = ParseCrmDateExpression(
          c, date, rule.id + "-date_expression" + (n == 0 ? "" : "-" + std::to_string(n)));
      if (!d) return std::unexpected(d.error());
      rule.date_expressions.push_back(std::move(*d));
    } else {
      auto e = ParseExpression(c);
      if (!e) return std::unexpected(e.error());
      e->id = ExpressionDefaultId(rule.id, rule.expressions.size());
      rule.expressions.push_back(std::move(*e));
    }
    if (c.AtEnd() || (c.Peek().text != "and" && c.Peek().text != "or")) break;
    const CrmToken& op = c.Next();
    BoolOp this_op = op.text == "and" ? BoolOp::kAnd : BoolOp::kOr;
    if (bool_op && *bool_op != this_op) {
      return std::unexpected(c.ErrorAt(
          op, "not supported: mixing 'and' and 'or' in one rule (use one rule per alternative)",
          ErrorCode::kNotSupported));
    }
    bool_op = this_op;
  }
  rule.boolean_op = bool_op.value_or(BoolOp::kAnd);
  return rule;
}

std::expected<LocationConstraint, Error> ParseLocation(TokenCursor& c) {
  auto id = ExpectId(c, "a constraint id after 'location'");
  if (!id) return std::unexpected(id.error());
  LocationConstraint l;
  l.id = id->text;
  l.line = id->line;
  auto rsc = c.Expect("a resource id after '" + l.id + "'");
  if (!rsc) return std::unexpected(rsc.error());
  if (IsRscPattern(*rsc)) {
    l.rsc_pattern = rsc->text.substr(1, rsc->text.size() - 2);
    if (auto error = RscPatternError(l.rsc_pattern)) {
      return std::unexpected(Error{ErrorCode::kParse, *error, TokenWhere(*rsc)});
    }
  } else if (IsUnsupportedSetSyntax(*rsc) || rsc->text == "{" || rsc->text.starts_with("~")) {
    return std::unexpected(
        c.ErrorAt(*rsc, "not supported: resource sets in location", ErrorCode::kNotSupported));
  } else {
    l.rsc = rsc->text;
  }
  const std::string& target = l.rsc.empty() ? rsc->text : l.rsc;
  while (!c.AtEnd() && SplitKeyValue(c.Peek())) {
    const CrmToken& t = c.Next();
    auto kv = SplitKeyValue(t);
    if (kv->first == "role") {
      if (auto ok = CheckRole(t, kv->second); !ok) return std::unexpected(ok.error());
      l.role = kv->second;
    } else if (kv->first == "resource-discovery") {
      if (std::find(kDiscovery.begin(), kDiscovery.end(), kv->second) == kDiscovery.end()) {
        return std::unexpected(
            c.ErrorAt(t, UnknownWordMessage("resource-discovery", kv->second, kDiscovery)));
      }
      l.resource_discovery = kv->second;
    } else {
      return std::unexpected(c.ErrorAt(
          t, UnknownWordMessage("location option", kv->first, {"role", "resource-discovery"})));
    }
  }
  auto next = c.Expect("SCORE: NODE or 'rule' after '" + target + "'");
  if (!next) return std::unexpected(next.error());
  if (next->text == "rule") {
    while (true) {
      auto rule = ParseRule(c, RuleDefaultId(l.id, l.rules.size()));
      if (!rule) return std::unexpected(rule.error());
      l.rules.push_back(std::move(*rule));
      if (c.AtEnd()) break;
      const CrmToken& t = c.Next();
      if (t.text != "rule") {
        return std::unexpected(
            c.ErrorAt(t, "expected 'and', 'or' or 'rule', not '" + t.text + "'"));
      }
    }
    return l;
  }
  if (!EndsWithColon(*next)) {
    return std::unexpected(
        c.ErrorAt(*next, "expected SCORE: NODE or 'rule', not '" + next->text + "'"));
  }
  auto score = ParseScoreToken(*next);
  if (!score) return std::unexpected(score.error());
  l.score = *score;
  auto node = c.Expect("a node name after '" + next->text + "'");
  if (!node) return std::unexpected(node.error());
  l.node = node->text;
  if (!c.AtEnd()) return std::unexpected(c.ErrorAt(c.Peek(), "unexpected '" + c.Peek().text + "'"));
  return l;
}

// "rsc[:suffix]" -> {rsc, suffix}.
std::pair<std::string, std::string> SplitSuffix(const std::string& text) {
  size_t colon = text.find(':');
  if (colon == std::string::npos) return {text, ""};
  return {text.substr(0, colon), text.substr(colon + 1)};
}

// The resource references after a colocation's score or an order's kind, brackets
// included, up to the first option outside brackets.
struct Refs {
  std::vector<CrmToken> tokens;
  bool sets = false;  // brackets or more than two references: resource sets
};

std::expected<Refs, Error> ReadRefs(TokenCursor& c, const std::string& what) {
  Refs refs;
  int depth = 0;
  while (!c.AtEnd() && (depth > 0 || !SplitKeyValue(c.Peek()))) {
    const CrmToken& t = c.Next();
    if (IsUnsupportedSetSyntax(t)) {
      refs.sets = true;
      if (t.text == "(" || t.text == "[") ++depth;
      if (t.text == ")" || t.text == "]") --depth;
    }
    refs.tokens.push_back(t);
  }
  if (refs.tokens.size() > 2) refs.sets = true;
  if (refs.tokens.size() < 2 && !refs.sets) {
    return std::unexpected(c.ErrorAtEnd("expected two resources in " + what));
  }
  return refs;
}

std::expected<ColocationConstraint, Error> ParseColocation(TokenCursor& c) {
  auto id = ExpectId(c, "a constraint id after 'colocation'");
  if (!id) return std::unexpected(id.error());
  ColocationConstraint col;
  col.id = id->text;
  col.line = id->line;
  auto score_token = c.Expect("SCORE: after '" + col.id + "'");
  if (!score_token) return std::unexpected(score_token.error());
  if (!EndsWithColon(*score_token)) {
    return std::unexpected(
        c.ErrorAt(*score_token, "expected SCORE: (e.g. inf:), not '" + score_token->text + "'"));
  }
  auto score = ParseScoreToken(*score_token);
  if (!score) return std::unexpected(score.error());
  col.score = *score;
  auto refs = ReadRefs(c, "colocation");
  if (!refs) return std::unexpected(refs.error());
  if (refs->sets) {
    auto sets = ParseResourceSets(c, refs->tokens, col.id, "role");
    if (!sets) return std::unexpected(sets.error());
    col.sets = std::move(*sets);
  } else {
    const CrmToken &first = refs->tokens[0], &second = refs->tokens[1];
    std::tie(col.rsc, col.rsc_role) = SplitSuffix(first.text);
    std::tie(col.with_rsc, col.with_rsc_role) = SplitSuffix(second.text);
    if (!col.rsc_role.empty()) {
      if (auto ok = CheckRole(first, col.rsc_role); !ok) return std::unexpected(ok.error());
    }
    if (!col.with_rsc_role.empty()) {
      if (auto ok = CheckRole(second, col.with_rsc_role); !ok) return std::unexpected(ok.error());
    }
  }
  while (!c.AtEnd()) {
    const CrmToken& t = c.Next();
    auto kv = SplitKeyValue(t);
    if (!kv || kv->first != "node-attribute") {
      return std::unexpected(
          c.ErrorAt(t, "unexpected '" + t.text + "' (expected node-attribute=)"));
    }
    col.node_attribute = kv->second;
  }
  return col;
}

std::expected<OrderConstraint, Error> ParseOrder(TokenCursor& c) {
  auto id = ExpectId(c, "a constraint id after 'order'");
  if (!id) return std::unexpected(id.error());
  OrderConstraint o;
  o.id = id->text;
  o.line = id->line;
  if (!c.AtEnd() && EndsWithColon(c.Peek())) {
    const CrmToken& t = c.Next();
    std::string kind = StripColon(t.text);
    if (kind == "Mandatory")
      o.kind = OrderKind::kMandatory;
    else if (kind == "Optional")
      o.kind = OrderKind::kOptional;
    else if (kind == "Serialize")
      o.kind = OrderKind::kSerialize;
    else if (auto score = Score::Parse(kind))
      o.score = *score;
    else
      return std::unexpected(c.ErrorAt(t, UnknownWordMessage("order kind", kind, kKinds)));
  }
  auto refs = ReadRefs(c, "order");
  if (!refs) return std::unexpected(refs.error());
  if (refs->sets) {
    auto sets = ParseResourceSets(c, refs->tokens, o.id, "action");
    if (!sets) return std::unexpected(sets.error());
    o.sets = std::move(*sets);
  } else {
    std::tie(o.first, o.first_action) = SplitSuffix(refs->tokens[0].text);
    std::tie(o.then, o.then_action) = SplitSuffix(refs->tokens[1].text);
    for (auto [action, token] :
         {std::pair{o.first_action, refs->tokens[0]}, std::pair{o.then_action, refs->tokens[1]}}) {
      if (!action.empty() &&
          std::find(kActions.begin(), kActions.end(), action) == kActions.end()) {
        return std::unexpected(c.ErrorAt(token, UnknownWordMessage("action", action, kActions)));
      }
    }
  }
  while (!c.AtEnd()) {
    const CrmToken& t = c.Next();
    auto kv = SplitKeyValue(t);
    if (!kv || kv->first != "symmetrical") {
      return std::unexpected(c.ErrorAt(t, "unexpected '" + t.text + "' (expected symmetrical=)"));
    }
    o.symmetrical = ParseCrmBool(kv->second);
    if (!o.symmetrical) return std::unexpected(c.ErrorAt(t, "symmetrical: expected true or false"));
  }
  return o;
}

// rsc_ticket ID TICKET: RSC[:ROLE] [loss-policy=POLICY]
std::expected<TicketConstraint, Error> ParseTicket(TokenCursor& c) {
  auto id = ExpectId(c, "a constraint id after 'rsc_ticket'");
  if (!id) return std::unexpected(id.error());
  TicketConstraint t;
  t.id = id->text;
  t.line = id->line;
  auto ticket = c.Expect("TICKET: after '" + t.id + "'");
  if (!ticket) return std::unexpected(ticket.error());
  if (!EndsWithColon(*ticket)) {
    return std::unexpected(
        c.ErrorAt(*ticket, "expected TICKET: (e.g. ticketA:), not '" + ticket->text + "'"));
  }
  t.ticket = StripColon(ticket->text);
  if (c.AtEnd() || SplitKeyValue(c.Peek())) {
    return std::unexpected(c.ErrorAtEnd("expected a resource in rsc_ticket"));
  }
  const CrmToken& rsc = c.Next();
  std::tie(t.rsc, t.rsc_role) = SplitSuffix(rsc.text);
  if (!t.rsc_role.empty()) {
    if (auto ok = CheckRole(rsc, t.rsc_role); !ok) return std::unexpected(ok.error());
  }
  static const std::vector<std::string> kPolicies = {"stop", "demote", "fence", "freeze"};
  while (!c.AtEnd()) {
    const CrmToken& tok = c.Next();
    auto kv = SplitKeyValue(tok);
    if (!kv) {
      return std::unexpected(c.ErrorAt(tok, "not supported: rsc_ticket with several resources",
                                       ErrorCode::kNotSupported));
    }
    if (kv->first != "loss-policy") {
      return std::unexpected(
          c.ErrorAt(tok, "unexpected '" + tok.text + "' (expected loss-policy=)"));
    }
    auto it = std::find(kPolicies.begin(), kPolicies.end(), kv->second);
    if (it == kPolicies.end()) {
      return std::unexpected(
          c.ErrorAt(tok, UnknownWordMessage("loss-policy", kv->second, kPolicies)));
    }
    t.loss_policy = static_cast<TicketLossPolicy>(it - kPolicies.begin());
  }
  return t;
}

}  // namespace

std::expected<CrmObject, Error> ParseConstraintStatement(const std::string& word, TokenCursor& c) {
  if (word == "location") {
    auto l = ParseLocation(c);
    if (!l) return std::unexpected(l.error());
    return CrmObject(std::move(*l));
  }
  if (word == "colocation") {
    auto col = ParseColocation(c);
    if (!col) return std::unexpected(col.error());
    return CrmObject(std::move(*col));
  }
  if (word == "rsc_ticket") {
    auto t = ParseTicket(c);
    if (!t) return std::unexpected(t.error());
    return CrmObject(std::move(*t));
  }
  auto o = ParseOrder(c);
  if (!o) return std::unexpected(o.error());
  return CrmObject(std::move(*o));
}

}  // namespace keel
