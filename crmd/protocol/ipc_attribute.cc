#include "crmd/protocol/ipc_attribute.h"

#include <charconv>

namespace keel {
namespace {

Error Bad(std::string message) {
  return Error{ErrorCode::kInvalid, "attribute request: " + std::move(message), ""};
}

std::string Escaped(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else {
      out += c;
    }
  }
  return out;
}

std::string Unescaped(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\' || i + 1 == text.size()) {
      out += text[i];
      continue;
    }
    char next = text[++i];
    out += next == 'n' ? '\n' : next == 't' ? '\t' : next;
  }
  return out;
}

}  // namespace

std::string IpcAttribute::Body() const {
  std::string body = "op=" + op + "\nnode=" + node + "\nname=" + name + "\n";
  if (dampen_ms) body += "dampen=" + std::to_string(*dampen_ms) + "\n";
  if (is_private) body += "private=1\n";
  return body + "\n" + value;
}

std::expected<IpcAttribute, Error> IpcAttribute::FromBody(std::string_view body) {
  IpcAttribute r;
  while (true) {
    size_t nl = body.find('\n');
    if (nl == std::string_view::npos) return std::unexpected(Bad("no end of header"));
    std::string_view line = body.substr(0, nl);
    body.remove_prefix(nl + 1);
    if (line.empty()) break;
    size_t eq = line.find('=');
    if (eq == std::string_view::npos) return std::unexpected(Bad("header line without '='"));
    std::string_view key = line.substr(0, eq);
    std::string value(line.substr(eq + 1));
    if (key == "op") {
      r.op = value;
    } else if (key == "node") {
      r.node = value;
    } else if (key == "name") {
      r.name = value;
    } else if (key == "private") {
      r.is_private = value == "1";
    } else if (key == "dampen") {
      int64_t ms = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), ms);
      if (ec != std::errc() || end != value.data() + value.size() || ms < 0) {
        return std::unexpected(Bad("bad dampen '" + value + "'"));
      }
      r.dampen_ms = ms;
    } else {
      return std::unexpected(Bad("unknown key '" + std::string(key) + "'"));
    }
  }
  r.value = std::string(body);
  return r;
}

std::string EncodeAttributeAnswer(const std::vector<std::pair<std::string, std::string>>& rows) {
  std::string out;
  for (const auto& [node, value] : rows) out += node + "\t" + Escaped(value) + "\n";
  return out;
}

std::vector<std::pair<std::string, std::string>> DecodeAttributeAnswer(std::string_view text) {
  std::vector<std::pair<std::string, std::string>> rows;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    size_t tab = line.find('\t');
    if (tab == std::string_view::npos) continue;
    rows.emplace_back(std::string(line.substr(0, tab)), Unescaped(line.substr(tab + 1)));
  }
  return rows;
}

}  // namespace keel
