#pragma once
// crm configure text -> statements of tokens. Pure: no I/O.
// Whitespace separates tokens; "..." and '...' group (anywhere in a token, so k="a b" is one
// token "k=a b"); a backslash before a newline continues the statement on the next line;
// '#' as the first non-blank of a line comments out that line (elsewhere it is text: #uname).

#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "xml/base/error.h"

namespace keel {

struct CrmToken {
  std::string text;  // quotes removed, escapes resolved
  int line = 0;
  int column = 0;  // 1-based, of the token's first character
  bool quoted = false;
  friend bool operator==(const CrmToken&, const CrmToken&) = default;
};

// One command: its tokens (never empty) in order.
struct CrmStatement {
  std::vector<CrmToken> tokens;
  int line() const { return tokens.front().line; }
};

// Splits `text` into statements. Errors (unterminated quote) name "line L:C".
std::expected<std::vector<CrmStatement>, Error> LexCrm(std::string_view text);

// "line L:C" for messages.
std::string TokenWhere(const CrmToken& token);

// `text` as one crm token: quoted with "..." when it holds whitespace, quotes, '#', '\' or
// is empty; otherwise unchanged.
std::string QuoteCrmValue(std::string_view text);

}  // namespace keel
