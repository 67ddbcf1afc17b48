#include "cli/crm_json.h"

#include <sstream>
#include <vector>

#include "cli/crm_lexer.h"
#include "cli/json_writer.h"

namespace keel {

namespace {

// The statement's id: "node 1: node1" and "node node1" give node1; a statement without one
// gives its $id= or "".
std::string StatementId(const CrmStatement& s) {
  const std::vector<CrmToken>& t = s.tokens;
  const std::string& kind = t[0].text;
  if (kind == "node" && t.size() > 2 && t[1].text.ends_with(':')) return t[2].text;
  const bool anonymous = kind == "property" || kind == "rsc_defaults" || kind == "op_defaults" ||
                         kind == "fencing_topology";
  if (!anonymous) return t.size() > 1 ? t[1].text : "";
  for (const CrmToken& token : t) {
    if (token.text.starts_with("$id=")) return token.text.substr(4);
  }
  return "";
}

}  // namespace

std::expected<std::string, Error> CrmTextToJson(std::string_view crm) {
  auto statements = LexCrm(crm);
  if (!statements) return std::unexpected(statements.error());
  std::vector<std::string_view> lines;
  for (size_t start = 0; start < crm.size();) {
    size_t end = crm.find('\n', start);
    if (end == std::string_view::npos) end = crm.size();
    lines.push_back(crm.substr(start, end - start));
    start = end + 1;
  }
  std::ostringstream out;
  JsonWriter w(out);
  w.BeginObject().Key("objects").BeginArray();
  for (size_t i = 0; i < statements->size(); ++i) {
    const CrmStatement& s = (*statements)[i];
    // A statement runs from its first line to the line before the next statement's.
    size_t first = static_cast<size_t>(s.line() - 1);
    size_t next = i + 1 < statements->size() ? static_cast<size_t>((*statements)[i + 1].line() - 1)
                                             : lines.size();
    std::string text;
    for (size_t l = first; l < next && l < lines.size(); ++l) {
      text += (text.empty() ? "" : "\n") + std::string(lines[l]);
    }
    w.BeginObject().Key("kind").String(s.tokens[0].text).Key("id");
    const std::string id = StatementId(s);
    if (id.empty()) {
      w.Null();
    } else {
      w.String(id);
    }
    w.Key("crm").String(text).EndObject();
  }
  w.EndArray().EndObject();
  out << "\n";
  return out.str();
}

}  // namespace keel
