// crm configure: statement dispatch, nodes, option sets, fencing topology, delete, and the
// helpers the statement parsers share.
#include <algorithm>
#include <cctype>

#include "cli/crm_parse_internal.h"
#include "cli/suggest.h"
#include "xml/fencing_target.h"

namespace keel {

namespace {

const std::vector<std::string> kWords = {
    "node",  "primitive", "group",        "clone",       "location",         "colocation",
    "order", "property",  "rsc_defaults", "op_defaults", "fencing_topology", "delete",
    "ms",    "tag",       "rsc_ticket",   "alert",       "rsc_template"};
const std::vector<std::string> kRoles = {"Started",    "Stopped", "Promoted",
                                         "Unpromoted", "Master",  "Slave"};
const std::vector<std::string> kNodeTypes = {"member", "remote", "ping"};

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::expected<Node, Error> ParseNode(TokenCursor& c) {
  Node node;
  auto first = c.Expect("a node name after 'node'");
  if (!first) return std::unexpected(first.error());
  CrmToken name = *first;
  if (auto id = IdSpec(name)) {
    node.id = *id;
    auto next = c.Expect("a node name");
    if (!next) return std::unexpected(next.error());
    name = *next;
  } else if (name.text.size() > 1 && name.text.back() == ':') {  // "node 1: node1"
    node.id = name.text.substr(0, name.text.size() - 1);
    auto next = c.Expect("a node name after '" + name.text + "'");
    if (!next) return std::unexpected(next.error());
    name = *next;
  }
  size_t colon = name.text.find(':');
  node.uname = name.text.substr(0, colon);
  node.type = "member";
  if (colon != std::string::npos) {
    node.type = name.text.substr(colon + 1);
    if (std::find(kNodeTypes.begin(), kNodeTypes.end(), node.type) == kNodeTypes.end()) {
      return std::unexpected(
          c.ErrorAt(name, UnknownWordMessage("node type", node.type, kNodeTypes)));
    }
  }
  if (node.uname.empty()) return std::unexpected(c.ErrorAt(name, "empty node name"));
  if (node.id.empty()) node.id = node.uname;
  node.line = name.line;
  while (!c.AtEnd()) {
    const CrmToken& word = c.Next();
    bool attributes = word.text == "attributes";
    if (!attributes && word.text != "utilization") {
      return std::unexpected(
          c.ErrorAt(word, UnknownWordMessage("keyword", word.text, {"attributes", "utilization"})));
    }
    std::vector<NvSet>& sets = attributes ? node.instance_attributes : node.utilization;
    std::string base = "nodes-" + node.id + (attributes ? "" : "-utilization");
    std::string id = sets.empty() ? base : base + "-" + std::to_string(sets.size());
    auto set = ReadNvSet(c, id, word);
    if (!set) return std::unexpected(set.error());
    sets.push_back(std::move(*set));
  }
  return node;
}

std::expected<NvSetDef, Error> ParseOptionSet(const CrmToken& keyword, TokenCursor& c) {
  NvSetDef def;
  def.target = keyword.text == "property"       ? NvSetTarget::kProperty
               : keyword.text == "rsc_defaults" ? NvSetTarget::kRscDefaults
                                                : NvSetTarget::kOpDefaults;
  std::string id = DefaultNvSetDefId(def.target);
  if (!c.AtEnd() && c.Peek().text.size() > 1 && c.Peek().text.back() == ':' &&
      !SplitKeyValue(c.Peek())) {  // "property my-set: k=v"
    id = c.Peek().text.substr(0, c.Peek().text.size() - 1);
    c.Next();
    def.named = true;
  }
  if (!c.AtEnd() && c.Peek().text.starts_with("$id=")) def.named = true;
  auto set = ReadNvSet(c, id, keyword);
  if (!set) return std::unexpected(set.error());
  if (!c.AtEnd()) {
    return std::unexpected(c.ErrorAt(c.Peek(), "expected name=value, not '" + c.Peek().text + "'"));
  }
  def.set = std::move(*set);
  return def;
}

// A fencing_topology target token: "NODE:", "attr:NAME=VALUE" or "pattern:REGEX"; nullopt for
// any other token (a device list).
std::optional<std::expected<FencingLevel, std::string>> ParseFencingTarget(
    const std::string& text) {
  FencingLevel level;
  if (text.starts_with("pattern:") && text.size() > 8) {
    level.target_pattern = text.substr(8);
    if (auto error = FencingPatternError(level.target_pattern)) {
      return std::unexpected("not a valid regular expression '" + level.target_pattern +
                             "': " + *error);
    }
    return level;
  }
  if (text.starts_with("attr:") && text.size() > 5) {
    const size_t eq = text.find('=', 5);
    if (eq == std::string::npos || eq == 5 || eq + 1 == text.size()) {
      return std::unexpected("expected attr:NAME=VALUE, not '" + text + "'");
    }
    level.target_attribute = text.substr(5, eq - 5);
    level.target_value = text.substr(eq + 1);
    return level;
  }
  if (text.size() > 1 && text.back() == ':') {
    level.target = text.substr(0, text.size() - 1);
    return level;
  }
  return std::nullopt;
}

std::expected<FencingDef, Error> ParseFencing(const CrmToken& keyword, TokenCursor& c) {
  FencingDef def;
  FencingLevel target;  // the target fields of the levels that follow
  bool have_target = false;
  int index = 0;
  while (!c.AtEnd()) {
    const CrmToken& token = c.Next();
    auto next_target = ParseFencingTarget(token.text);
    if (next_target) {
      if (!*next_target) return std::unexpected(c.ErrorAt(token, next_target->error()));
      target = **next_target;
      have_target = true;
      index = 0;
      continue;
    }
    if (!have_target) {
      return std::unexpected(c.ErrorAt(token,
                                       "not supported: fencing levels without a target (write "
                                       "NODE:, attr:NAME=VALUE or pattern:REGEX before DEVICES)",
                                       ErrorCode::kNotSupported));
    }
    FencingLevel level = target;
    level.index = ++index;
    level.id = FencingLevelDefaultId(FencingTargetText(target), index);
    level.line = token.line;
    size_t start = 0;
    for (size_t i = 0; i <= token.text.size(); ++i) {
      if (i == token.text.size() || token.text[i] == ',') {
        std::string device = token.text.substr(start, i - start);
        if (device.empty()) return std::unexpected(c.ErrorAt(token, "empty device name"));
        level.devices.push_back(device);
        def.devices.push_back(CrmToken{device, token.line, token.column, false});
        start = i + 1;
      }
    }
    def.levels.push_back(std::move(level));
  }
  if (def.levels.empty()) return std::unexpected(c.ErrorAt(keyword, "expected NODE: DEVICES"));
  return def;
}

}  // namespace

std::optional<bool> ParseCrmBool(std::string_view text) {
  std::string v = Lower(text);
  if (v == "true" || v == "yes" || v == "on" || v == "y" || v == "1") return true;
  if (v == "false" || v == "no" || v == "off" || v == "n" || v == "0") return false;
  return std::nullopt;
}

std::expected<void, Error> CheckRole(const CrmToken& token, const std::string& role) {
  if (std::find(kRoles.begin(), kRoles.end(), role) != kRoles.end()) return {};
  return std::unexpected(
      Error{ErrorCode::kParse, UnknownWordMessage("role", role, kRoles), TokenWhere(token)});
}

std::expected<CrmToken, Error> ExpectId(TokenCursor& c, const std::string& what) {
  auto token = c.Expect(what);
  if (!token) return token;
  if (!IsValidId(token->text)) {
    return std::unexpected(c.ErrorAt(*token, "invalid id '" + token->text +
                                                 "' (a letter or '_' first, then letters, "
                                                 "digits, '_', '-', '.')"));
  }
  return token;
}

std::expected<NvSet, Error> ReadNvSet(TokenCursor& c, const std::string& default_id,
                                      const CrmToken& keyword) {
  NvSet set;
  set.id = default_id;
  set.line = keyword.line;
  if (!c.AtEnd() && c.Peek().text == "rule") {
    return std::unexpected(
        c.ErrorAt(c.Peek(), "not supported: rules in " + keyword.text, ErrorCode::kNotSupported));
  }
  if (!c.AtEnd()) {
    if (auto id = IdSpec(c.Peek())) {
      if (!IsValidId(*id)) return std::unexpected(c.ErrorAt(c.Peek(), "invalid id '" + *id + "'"));
      set.id = *id;
      c.Next();
    }
  }
  while (!c.AtEnd()) {
    auto kv = SplitKeyValue(c.Peek());
    if (!kv) break;
    const CrmToken& token = c.Next();
    for (const NvPair& pair : set.pairs) {
      if (pair.name == kv->first) {
        return std::unexpected(
            c.ErrorAt(token, "duplicate name '" + kv->first + "' in " + keyword.text));
      }
    }
    set.pairs.push_back(NvPair{set.id + "-" + kv->first, kv->first, kv->second, token.line});
  }
  return set;
}

const std::vector<std::string>& CrmConfigureWords() { return kWords; }

std::string NvSetDefaultId(const std::string& owner, std::string_view kind, size_t index) {
  std::string id = owner + "-" + std::string(kind);
  return index == 0 ? id : id + "-" + std::to_string(index);
}

std::string OpDefaultId(const std::string& rsc, const std::string& name,
                        const std::string& interval_text) {
  return rsc + "-" + name + "-" + interval_text;
}

std::string RuleDefaultId(const std::string& owner, size_t index) {
  return index == 0 ? owner + "-rule" : owner + "-rule-" + std::to_string(index);
}

std::string ExpressionDefaultId(const std::string& rule_id, size_t index) {
  return index == 0 ? rule_id + "-expression" : rule_id + "-expression-" + std::to_string(index);
}

std::string FencingLevelDefaultId(const std::string& target, int index) {
  std::string id = "fencing-" + target + "-" + std::to_string(index);
  // pattern:/attr: targets hold characters an XML id cannot.
  for (char& ch : id) {
    if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '-' && ch != '_' && ch != '.') {
      ch = '_';
    }
  }
  return id;
}

std::string DefaultNvSetDefId(NvSetTarget target) {
  switch (target) {
    case NvSetTarget::kProperty:
      return "cib-bootstrap-options";
    case NvSetTarget::kRscDefaults:
      return "rsc-options";
    case NvSetTarget::kOpDefaults:
      return "op-options";
  }
  return "";
}

namespace {

// tag ID: RSC... (crmsh also takes "tag ID RSC...").
std::expected<Tag, Error> ParseTag(TokenCursor& c) {
  auto id = c.Expect("a tag id after 'tag'");
  if (!id) return std::unexpected(id.error());
  Tag tag;
  tag.id = id->text.ends_with(":") ? id->text.substr(0, id->text.size() - 1) : id->text;
  tag.line = id->line;
  if (tag.id.empty()) return std::unexpected(c.ErrorAt(*id, "expected a tag id"));
  while (!c.AtEnd()) tag.refs.push_back(c.Next().text);
  if (tag.refs.empty()) return std::unexpected(c.ErrorAtEnd("expected resources in tag " + tag.id));
  return tag;
}

}  // namespace

std::expected<CrmCommand, Errors> ParseCrmStatement(const CrmStatement& statement) {
  TokenCursor c(statement);
  const CrmToken keyword = c.Next();
  std::string word = keyword.text == "collocation" ? "colocation" : keyword.text;
  auto fail = [](Error e) { return std::unexpected(Errors{std::move(e)}); };
  const auto& unsupported = UnsupportedCrmWords();
  if (std::find(unsupported.begin(), unsupported.end(), word) != unsupported.end()) {
    return fail(c.ErrorAt(keyword, "not supported: " + word, ErrorCode::kNotSupported));
  }
  std::expected<CrmObject, Error> object = std::unexpected(Error{});
  if (word == "delete") {
    CrmDelete del;
    while (!c.AtEnd()) del.ids.push_back(c.Next());
    if (del.ids.empty()) return fail(c.ErrorAtEnd("expected an id to delete"));
    return CrmCommand{std::move(del), keyword};
  } else if (word == "primitive" || word == "rsc_template" || word == "group" || word == "clone" ||
             word == "ms" || word == "master") {
    object = ParseResourceStatement(word, c);
  } else if (word == "location" || word == "colocation" || word == "order" ||
             word == "rsc_ticket") {
    object = ParseConstraintStatement(word, c);
  } else if (word == "node") {
    auto node = ParseNode(c);
    object =
        node ? std::expected<CrmObject, Error>(std::move(*node)) : std::unexpected(node.error());
  } else if (word == "property" || word == "rsc_defaults" || word == "op_defaults") {
    auto set = ParseOptionSet(keyword, c);
    object = set ? std::expected<CrmObject, Error>(std::move(*set)) : std::unexpected(set.error());
  } else if (word == "tag") {
    auto tag = ParseTag(c);
    object = tag ? std::expected<CrmObject, Error>(std::move(*tag)) : std::unexpected(tag.error());
  } else if (word == "fencing_topology") {
    auto f = ParseFencing(keyword, c);
    object = f ? std::expected<CrmObject, Error>(std::move(*f)) : std::unexpected(f.error());
  } else if (word == "alert") {
    auto a = ParseAlertStatement(c);
    object = a ? std::expected<CrmObject, Error>(std::move(*a)) : std::unexpected(a.error());
  } else {
    return fail(c.ErrorAt(keyword, UnknownWordMessage("command", keyword.text, kWords)));
  }
  if (!object) return fail(object.error());
  return CrmCommand{std::move(*object), keyword};
}

std::expected<std::vector<CrmCommand>, Errors> ParseCrm(std::string_view text) {
  auto statements = LexCrm(text);
  if (!statements) return std::unexpected(Errors{statements.error()});
  std::vector<CrmCommand> commands;
  Errors errors;
  for (const CrmStatement& statement : *statements) {
    auto command = ParseCrmStatement(statement);
    if (!command) {
      errors.insert(errors.end(), command.error().begin(), command.error().end());
    } else {
      commands.push_back(std::move(*command));
    }
  }
  if (!errors.empty()) return std::unexpected(std::move(errors));
  return commands;
}

}  // namespace keel
