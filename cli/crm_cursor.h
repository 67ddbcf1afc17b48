#pragma once
// Walks one statement's tokens for the crm parsers (internal to cli/).

#include <expected>
#include <optional>
#include <string>
#include <utility>

#include "cli/crm_lexer.h"
#include "xml/base/error.h"

namespace keel {

class TokenCursor {
 public:
  explicit TokenCursor(const CrmStatement& statement) : tokens_(statement.tokens) {}

  bool AtEnd() const { return pos_ >= tokens_.size(); }
  const CrmToken& Peek() const { return tokens_[pos_]; }
  const CrmToken& Next() { return tokens_[pos_++]; }
  const CrmToken& Previous() const { return tokens_[pos_ - 1]; }

  // The next token, or an error "expected WHAT" placed after the last token.
  std::expected<CrmToken, Error> Expect(const std::string& what) {
    if (!AtEnd()) return Next();
    return std::unexpected(ErrorAtEnd("expected " + what));
  }

  Error ErrorAt(const CrmToken& token, std::string message,
                ErrorCode code = ErrorCode::kParse) const {
    return Error{code, std::move(message), TokenWhere(token)};
  }
  Error ErrorAtEnd(std::string message) const {
    const CrmToken& last = tokens_.back();
    CrmToken after{"", last.line, last.column + static_cast<int>(last.text.size()), false};
    return ErrorAt(after, std::move(message));
  }

 private:
  const std::vector<CrmToken>& tokens_;
  size_t pos_ = 0;
};

// "k=v" -> {k, v}; nullopt when there is no '=' or the key is empty.
inline std::optional<std::pair<std::string, std::string>> SplitKeyValue(const CrmToken& token) {
  size_t eq = token.text.find('=');
  if (eq == std::string::npos || eq == 0) return std::nullopt;
  return std::make_pair(token.text.substr(0, eq), token.text.substr(eq + 1));
}

// "x" for "$id=x" or "id=x", else nullopt.
inline std::optional<std::string> IdSpec(const CrmToken& token) {
  auto kv = SplitKeyValue(token);
  if (!kv || (kv->first != "$id" && kv->first != "id")) return std::nullopt;
  return kv->second;
}

// XML ids: a letter or '_' first, then letters, digits, '_', '-', '.'.
inline bool IsValidId(const std::string& id) {
  if (id.empty()) return false;
  auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  if (!alpha(id[0])) return false;
  for (char c : id) {
    if (!alpha(c) && !(c >= '0' && c <= '9') && c != '-' && c != '.') return false;
  }
  return true;
}

}  // namespace keel
