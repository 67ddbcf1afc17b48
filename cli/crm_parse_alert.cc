// crm configure `alert` (crmsh's syntax):
//   alert ID PATH [description=TEXT] [meta NAME=VALUE...] [attributes NAME=VALUE...]
//     [select nodes|fencing|resources|attributes [{ NAME... }]...]
//     [to [{] RECIPIENT [$id=ID] [meta NAME=VALUE...] [attributes NAME=VALUE...] [}]]...
#include <algorithm>

#include "cli/crm_parse_internal.h"
#include "cli/suggest.h"

namespace keel {

namespace {

const std::vector<std::string> kAlertSections = {"meta", "attributes", "select", "to"};
const std::vector<std::string> kSelectKinds = {"nodes", "fencing", "resources", "attributes"};

bool IsKind(const CrmToken& token) {
  return std::find(kSelectKinds.begin(), kSelectKinds.end(), token.text) != kSelectKinds.end();
}

// `{ NAME ... }` after `select attributes`.
std::expected<void, Error> ReadAttributeNames(TokenCursor& c, const std::string& alert_id,
                                              AlertSelect& select) {
  c.Next();  // "{"
  while (true) {
    auto name = c.Expect("an attribute name or '}'");
    if (!name) return std::unexpected(name.error());
    if (name->text == "}") break;
    select.attribute_names.push_back(
        AlertAttributeName{AlertAttributeNameDefaultId(alert_id, select.attribute_names.size()),
                           name->text, name->line});
  }
  if (select.attribute_names.empty()) {
    return std::unexpected(c.ErrorAt(c.Previous(), "'{ }' names no attribute"));
  }
  return {};
}

std::expected<AlertSelect, Error> ParseSelect(TokenCursor& c, const std::string& alert_id) {
  AlertSelect select;
  bool any = false;
  // `attributes` followed by NAME=VALUE is the alert's attributes section, not a kind.
  while (!c.AtEnd() && IsKind(c.Peek())) {
    const CrmToken& kind = c.Peek();
    if (kind.text == "attributes") {
      c.Next();
      if (!c.AtEnd() && SplitKeyValue(c.Peek())) {
        c.Next();
        return std::unexpected(
            c.ErrorAt(c.Previous(),
                      "'attributes' after 'select' is a kind of event; write the alert's "
                      "attributes before 'select'"));
      }
      select.attributes = true;
      if (!c.AtEnd() && c.Peek().text == "{") {
        if (auto ok = ReadAttributeNames(c, alert_id, select); !ok) {
          return std::unexpected(ok.error());
        }
      }
    } else {
      c.Next();
      (kind.text == "nodes"     ? select.nodes
       : kind.text == "fencing" ? select.fencing
                                : select.resources) = true;
    }
    any = true;
  }
  if (!any) {
    if (c.AtEnd()) return std::unexpected(c.ErrorAtEnd("expected an event kind after 'select'"));
    return std::unexpected(
        c.ErrorAt(c.Peek(), UnknownWordMessage("event kind", c.Peek().text, kSelectKinds)));
  }
  return select;
}

std::expected<AlertRecipient, Error> ParseRecipient(TokenCursor& c, const Alert& alert) {
  bool braced = !c.AtEnd() && c.Peek().text == "{";
  if (braced) c.Next();
  auto value = c.Expect("a recipient after 'to'");
  if (!value) return std::unexpected(value.error());
  const bool keyword = value->text == "}" || value->text == "meta" || value->text == "attributes" ||
                       SplitKeyValue(*value);
  if (keyword && !value->quoted) {
    return std::unexpected(c.ErrorAt(*value, "expected a recipient, not '" + value->text + "'"));
  }
  AlertRecipient r;
  r.id = AlertRecipientDefaultId(alert.id, alert.recipients.size());
  r.value = value->text;
  r.line = value->line;
  if (!c.AtEnd()) {
    if (auto id = IdSpec(c.Peek())) {
      if (!IsValidId(*id)) return std::unexpected(c.ErrorAt(c.Peek(), "invalid id '" + *id + "'"));
      r.id = *id;
      c.Next();
    }
  }
  while (!c.AtEnd() && (c.Peek().text == "meta" || c.Peek().text == "attributes")) {
    const CrmToken& word = c.Next();
    bool meta = word.text == "meta";
    std::vector<NvSet>& sets = meta ? r.meta_attributes : r.instance_attributes;
    auto set = ReadNvSet(
        c, NvSetDefaultId(r.id, meta ? "meta_attributes" : "instance_attributes", sets.size()),
        word);
    if (!set) return std::unexpected(set.error());
    sets.push_back(std::move(*set));
  }
  if (braced) {
    auto close = c.Expect("'}' after recipient '" + r.value + "'");
    if (!close) return std::unexpected(close.error());
    if (close->text != "}") {
      return std::unexpected(c.ErrorAt(*close, "expected '}', not '" + close->text + "'"));
    }
  }
  return r;
}

}  // namespace

std::string AlertRecipientDefaultId(const std::string& alert, size_t index) {
  return alert + "-recipient-" + std::to_string(index + 1);
}

std::string AlertAttributeNameDefaultId(const std::string& alert, size_t index) {
  return alert + "-select-attribute-" + std::to_string(index + 1);
}

std::expected<Alert, Error> ParseAlertStatement(TokenCursor& c) {
  auto id = ExpectId(c, "an alert id after 'alert'");
  if (!id) return std::unexpected(id.error());
  Alert alert;
  alert.id = id->text;
  alert.line = id->line;
  auto path = c.Expect("the alert agent's path after '" + alert.id + "'");
  if (!path) return std::unexpected(path.error());
  if (!path->text.starts_with("/")) {
    return std::unexpected(
        c.ErrorAt(*path, "the alert path must be absolute, not '" + path->text + "'"));
  }
  alert.path = path->text;
  while (!c.AtEnd()) {
    const CrmToken& word = c.Next();
    auto kv = SplitKeyValue(word);
    if (kv && kv->first == "description") {
      alert.description = kv->second;
    } else if (word.text == "meta" || word.text == "attributes") {
      bool meta = word.text == "meta";
      std::vector<NvSet>& sets = meta ? alert.meta_attributes : alert.instance_attributes;
      auto set = ReadNvSet(
          c,
          NvSetDefaultId(alert.id, meta ? "meta_attributes" : "instance_attributes", sets.size()),
          word);
      if (!set) return std::unexpected(set.error());
      sets.push_back(std::move(*set));
    } else if (word.text == "select") {
      if (alert.select) return std::unexpected(c.ErrorAt(word, "'select' given twice"));
      auto select = ParseSelect(c, alert.id);
      if (!select) return std::unexpected(select.error());
      alert.select = std::move(*select);
    } else if (word.text == "to") {
      auto recipient = ParseRecipient(c, alert);
      if (!recipient) return std::unexpected(recipient.error());
      alert.recipients.push_back(std::move(*recipient));
    } else {
      return std::unexpected(
          c.ErrorAt(word, UnknownWordMessage("keyword", word.text, kAlertSections)));
    }
  }
  return alert;
}

}  // namespace keel
