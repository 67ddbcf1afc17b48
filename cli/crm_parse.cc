// crm configure statements: dispatch, resources, nodes, option sets, fencing, delete.
// Constraints are in crm_parse_constraints.cc.
#include <algorithm>

#include "cli/crm_cursor.h"
#include "cli/crm_parse_internal.h"
#include "cli/crm_syntax.h"
#include "cli/suggest.h"
#include "xml/duration.h"

namespace keel {

namespace {

const std::vector<std::string> kClasses = {"ocf",     "lsb",     "heartbeat",
                                           "stonith", "systemd", "service"};
const std::vector<std::string> kPrimitiveSections = {"params", "meta", "utilization", "operations",
                                                     "op"};
const std::vector<std::string> kOpNames = {
    "start",  "stop",   "monitor",      "promote",      "demote",    "migrate_to", "migrate_from",
    "notify", "reload", "reload-agent", "validate-all", "meta-data", "methods"};
const std::vector<std::string> kOpKeys = {"interval", "timeout", "start-delay",     "on-fail",
                                          "role",     "enabled", "OCF_CHECK_LEVEL", "$id"};
const std::vector<std::string> kOnFail = {"ignore",  "block", "stop",  "restart",
                                          "standby", "fence", "demote"};
const std::vector<std::string> kUnsupported = {"user",      "role",     "acl_target", "acl",
                                               "acl_group", "template", "bundle",     "rsc_set"};

}  // namespace

const std::vector<std::string>& CrmOpNames() { return kOpNames; }

namespace {

std::expected<void, Error> ParseAgent(const CrmToken& token, Primitive& p) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t i = 0; i <= token.text.size(); ++i) {
    if (i == token.text.size() || token.text[i] == ':') {
      parts.push_back(token.text.substr(start, i - start));
      start = i + 1;
    }
  }
  auto bad = [&](std::string m) {
    return std::unexpected(Error{ErrorCode::kParse, std::move(m), TokenWhere(token)});
  };
  if (token.text.starts_with("@")) {
    if (token.text.size() == 1) return bad("expected @TEMPLATE, not '@'");
    p.template_id = token.text.substr(1);
    return {};
  }
  for (const std::string& part : parts) {
    if (part.empty() || part.find('=') != std::string::npos) {
      return bad("bad resource agent '" + token.text + "' (expected class:provider:type)");
    }
  }
  if (parts.size() == 1) parts = {"ocf", "heartbeat", parts[0]};
  if (parts.size() > 3) return bad("bad resource agent '" + token.text + "'");
  if (std::find(kClasses.begin(), kClasses.end(), parts[0]) == kClasses.end()) {
    return bad(UnknownWordMessage("resource class", parts[0], kClasses));
  }
  if (parts[0] == "ocf" && parts.size() != 3) {
    return bad("ocf agents need a provider: ocf:PROVIDER:" + parts.back());
  }
  if (parts[0] != "ocf" && parts.size() != 2) {
    return bad("class '" + parts[0] + "' takes no provider: " + parts[0] + ":" + parts.back());
  }
  p.resource_class = parts[0];
  p.provider = parts.size() == 3 ? parts[1] : "";
  p.type = parts.back();
  return {};
}

std::expected<void, Error> SetOpKey(const CrmToken& token, const std::string& key,
                                    const std::string& value, Operation& op) {
  auto bad = [&](std::string m) {
    return std::unexpected(Error{ErrorCode::kParse, std::move(m), TokenWhere(token)});
  };
  auto duration = [&]() -> std::expected<int64_t, Error> {
    auto ms = ParseDurationMs(value);
    if (!ms) return bad(key + ": " + ms.error());
    return *ms;
  };
  if (key == "interval") {
    auto ms = duration();
    if (!ms) return std::unexpected(ms.error());
    op.interval_ms = *ms;
    op.interval_text = KeptDurationSpelling(*ms, value);
  } else if (key == "timeout" || key == "start-delay") {
    auto ms = duration();
    if (!ms) return std::unexpected(ms.error());
    (key == "timeout" ? op.timeout_ms : op.start_delay_ms) = *ms;
    (key == "timeout" ? op.timeout_text : op.start_delay_text) = KeptDurationSpelling(*ms, value);
  } else if (key == "on-fail") {
    if (std::find(kOnFail.begin(), kOnFail.end(), value) == kOnFail.end()) {
      return bad(UnknownWordMessage("on-fail value", value, kOnFail));
    }
    op.on_fail = value;
  } else if (key == "role") {
    auto role = CheckRole(token, value);
    if (!role) return std::unexpected(role.error());
    op.role = value;
  } else if (key == "enabled") {
    auto b = ParseCrmBool(value);
    if (!b) return bad("enabled: expected true or false, not '" + value + "'");
    op.enabled = *b;
  } else if (key == "OCF_CHECK_LEVEL") {
    if (op.instance_attributes.empty()) op.instance_attributes.push_back(NvSet{});
    op.instance_attributes[0].pairs.push_back(NvPair{"", key, value, token.line});
  } else {
    return bad(UnknownWordMessage("op attribute", key, kOpKeys));
  }
  return {};
}

std::expected<Operation, Error> ParseOp(TokenCursor& c, const std::string& rsc) {
  auto name = c.Expect("an operation name after 'op'");
  if (!name) return std::unexpected(name.error());
  if (std::find(kOpNames.begin(), kOpNames.end(), name->text) == kOpNames.end()) {
    return std::unexpected(c.ErrorAt(*name, UnknownWordMessage("operation", name->text, kOpNames)));
  }
  Operation op;
  op.name = name->text;
  op.line = name->line;
  std::string interval_text = "0";
  std::string explicit_id;
  while (!c.AtEnd() && SplitKeyValue(c.Peek())) {
    const CrmToken& token = c.Next();
    auto kv = SplitKeyValue(token);
    if (auto id = IdSpec(token)) {
      explicit_id = *id;
      continue;
    }
    if (kv->first == "interval") interval_text = kv->second;
    auto ok = SetOpKey(token, kv->first, kv->second, op);
    if (!ok) return std::unexpected(ok.error());
  }
  op.id = explicit_id.empty() ? OpDefaultId(rsc, op.name, interval_text) : explicit_id;
  if (!op.instance_attributes.empty()) {
    NvSet& set = op.instance_attributes[0];
    set.id = op.id + "-instance_attributes";
    set.line = op.line;
    for (NvPair& pair : set.pairs) pair.id = set.id + "-" + pair.name;
  }
  return op;
}

std::expected<Primitive, Error> ParsePrimitive(TokenCursor& c, std::string_view word) {
  auto id = ExpectId(c, "a resource id after '" + std::string(word) + "'");
  if (!id) return std::unexpected(id.error());
  Primitive p;
  p.id = id->text;
  p.line = id->line;
  auto agent = c.Expect("a resource agent (class:provider:type) after '" + p.id + "'");
  if (!agent) return std::unexpected(agent.error());
  if (auto ok = ParseAgent(*agent, p); !ok) return std::unexpected(ok.error());
  if (word == "rsc_template" && !p.template_id.empty()) {
    return std::unexpected(c.ErrorAt(*agent, "a template cannot name a template"));
  }
  while (!c.AtEnd()) {
    const CrmToken& word = c.Next();
    auto kv = SplitKeyValue(word);
    if (kv && kv->first == "description") {
      p.description = kv->second;
    } else if (word.text == "params" || word.text == "meta" || word.text == "utilization") {
      std::vector<NvSet>& sets = word.text == "params" ? p.instance_attributes
                                 : word.text == "meta" ? p.meta_attributes
                                                       : p.utilization;
      std::string kind = word.text == "params" ? "instance_attributes"
                         : word.text == "meta" ? "meta_attributes"
                                               : "utilization";
      auto set = ReadNvSet(c, NvSetDefaultId(p.id, kind, sets.size()), word);
      if (!set) return std::unexpected(set.error());
      sets.push_back(std::move(*set));
    } else if (word.text == "operations") {
      // crmsh's "operations $id=ID": the id of the <operations> block the ops go in.
      auto id_word = c.Expect("$id=ID after 'operations'");
      if (!id_word) return std::unexpected(id_word.error());
      auto id_kv = SplitKeyValue(*id_word);
      if (!id_kv || id_kv->first != "$id" || id_kv->second.empty()) {
        return std::unexpected(
            c.ErrorAt(*id_word, "expected $id=ID after 'operations', not '" + id_word->text + "'"));
      }
      p.operations_id = id_kv->second;
    } else if (word.text == "op") {
      auto op = ParseOp(c, p.id);
      if (!op) return std::unexpected(op.error());
      p.operations.push_back(std::move(*op));
    } else {
      return std::unexpected(
          c.ErrorAt(word, UnknownWordMessage("keyword", word.text, kPrimitiveSections)));
    }
  }
  return p;
}

// Reads `params`/`meta` sections of a group or clone; anything else is an error.
std::expected<void, Error> ParseContainerSets(TokenCursor& c, const std::string& id,
                                              std::vector<NvSet>& params, std::vector<NvSet>& meta,
                                              std::string& description) {
  while (!c.AtEnd()) {
    const CrmToken& word = c.Next();
    auto kv = SplitKeyValue(word);
    if (kv && kv->first == "description") {
      description = kv->second;
      continue;
    }
    if (word.text != "params" && word.text != "meta") {
      return std::unexpected(
          c.ErrorAt(word, UnknownWordMessage("keyword", word.text, {"params", "meta"})));
    }
    bool is_params = word.text == "params";
    std::vector<NvSet>& sets = is_params ? params : meta;
    auto set = ReadNvSet(
        c, NvSetDefaultId(id, is_params ? "instance_attributes" : "meta_attributes", sets.size()),
        word);
    if (!set) return std::unexpected(set.error());
    sets.push_back(std::move(*set));
  }
  return {};
}

std::expected<GroupDef, Error> ParseGroup(TokenCursor& c) {
  auto id = ExpectId(c, "a group id after 'group'");
  if (!id) return std::unexpected(id.error());
  GroupDef def;
  def.group.id = id->text;
  def.group.line = id->line;
  while (!c.AtEnd() && c.Peek().text != "params" && c.Peek().text != "meta" &&
         !SplitKeyValue(c.Peek())) {
    auto member = ExpectId(c, "a resource id");
    if (!member) return std::unexpected(member.error());
    def.members.push_back(*member);
  }
  if (def.members.empty())
    return std::unexpected(c.ErrorAtEnd("a group needs at least one resource"));
  Group& g = def.group;
  auto ok = ParseContainerSets(c, g.id, g.instance_attributes, g.meta_attributes, g.description);
  if (!ok) return std::unexpected(ok.error());
  return def;
}

std::expected<CloneDef, Error> ParseClone(TokenCursor& c) {
  auto id = ExpectId(c, "a clone id after 'clone'");
  if (!id) return std::unexpected(id.error());
  auto child = ExpectId(c, "the resource to clone after '" + id->text + "'");
  if (!child) return std::unexpected(child.error());
  CloneDef def{Clone{}, *child, ""};
  Clone& cl = def.clone;
  cl.id = id->text;
  cl.line = id->line;
  auto ok =
      ParseContainerSets(c, cl.id, cl.instance_attributes, cl.meta_attributes, cl.description);
  if (!ok) return std::unexpected(ok.error());
  return def;
}

}  // namespace

void MarkPromotable(Clone& clone) {
  clone.promotable_element = false;
  if (clone.meta_attributes.empty()) {
    clone.meta_attributes.push_back(
        NvSet{NvSetDefaultId(clone.id, "meta_attributes", 0), {}, {}, {}, clone.line});
  }
  NvSet& set = clone.meta_attributes.front();
  for (NvPair& pair : set.pairs) {
    if (pair.name == "promotable") {
      pair.value = "true";
      return;
    }
  }
  set.pairs.push_back(NvPair{set.id + "-promotable", "promotable", "true", clone.line});
}

std::expected<CrmObject, Error> ParseResourceStatement(const std::string& word, TokenCursor& c) {
  if (word == "primitive" || word == "rsc_template") {
    auto p = ParsePrimitive(c, word);
    if (!p) return std::unexpected(p.error());
    if (word == "rsc_template") return CrmObject(TemplateDef{std::move(*p)});
    return CrmObject(std::move(*p));
  }
  if (word == "group") {
    auto g = ParseGroup(c);
    if (!g) return std::unexpected(g.error());
    return CrmObject(std::move(*g));
  }
  auto cl = ParseClone(c);
  if (!cl) return std::unexpected(cl.error());
  if (word == "ms" || word == "master") {  // the old spelling
    MarkPromotable(cl->clone);
    cl->old_word = word;
  }
  return CrmObject(std::move(*cl));
}

const std::vector<std::string>& UnsupportedCrmWords() { return kUnsupported; }

}  // namespace keel
