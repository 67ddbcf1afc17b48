#include "cli/crm_lexer.h"

namespace keel {

namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r'; }

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  std::expected<std::vector<CrmStatement>, Error> Run() {
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (c == '\n') {
        EndStatement();
        Advance();
      } else if (IsSpace(c)) {
        Advance();
      } else if (c == '\\' && ContinuesLine()) {
        SkipContinuation();
      } else if (c == '#' && line_start_) {
        while (pos_ < text_.size() && text_[pos_] != '\n') Advance();
      } else {
        auto token = ReadToken();
        if (!token) return std::unexpected(token.error());
        current_.tokens.push_back(std::move(*token));
        line_start_ = false;
      }
    }
    EndStatement();
    return std::move(statements_);
  }

 private:
  void Advance() {
    if (text_[pos_] == '\n') {
      line_start_ = true;
      ++line_;
      column_ = 1;
    } else {
      ++column_;
    }
    ++pos_;
  }

  // A backslash followed by optional blanks and a newline (or the end).
  bool ContinuesLine() const {
    size_t p = pos_ + 1;
    while (p < text_.size() && IsSpace(text_[p])) ++p;
    return p >= text_.size() || text_[p] == '\n';
  }

  void SkipContinuation() {
    Advance();
    while (pos_ < text_.size() && text_[pos_] != '\n') Advance();
    if (pos_ < text_.size()) Advance();
  }

  void EndStatement() {
    if (!current_.tokens.empty()) statements_.push_back(std::move(current_));
    current_ = CrmStatement{};
  }

  std::expected<CrmToken, Error> ReadToken() {
    CrmToken token{"", line_, column_, false};
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (IsSpace(c) || c == '\n') break;
      if (c == '\\' && ContinuesLine()) break;
      if (c == '"' || c == '\'') {
        auto ok = ReadQuoted(c, token.text);
        if (!ok) return std::unexpected(ok.error());
        token.quoted = true;
        continue;
      }
      token.text += c;
      Advance();
    }
    return token;
  }

  std::expected<void, Error> ReadQuoted(char quote, std::string& out) {
    int start_line = line_;
    int start_column = column_;
    Advance();
    while (pos_ < text_.size() && text_[pos_] != quote) {
      char c = text_[pos_];
      if (c == '\\' && quote == '"' && pos_ + 1 < text_.size() &&
          (text_[pos_ + 1] == '"' || text_[pos_ + 1] == '\\')) {
        Advance();
        c = text_[pos_];
      }
      out += c;
      Advance();
    }
    if (pos_ >= text_.size()) {
      return std::unexpected(
          Error{ErrorCode::kParse, std::string("unterminated quote ") + quote + " (opened here)",
                "line " + std::to_string(start_line) + ":" + std::to_string(start_column)});
    }
    Advance();
    return {};
  }

  std::string_view text_;
  size_t pos_ = 0;
  int line_ = 1;
  int column_ = 1;
  bool line_start_ = true;  // only blanks so far on this physical line
  CrmStatement current_;
  std::vector<CrmStatement> statements_;
};

}  // namespace

std::expected<std::vector<CrmStatement>, Error> LexCrm(std::string_view text) {
  return Lexer(text).Run();
}

std::string TokenWhere(const CrmToken& token) {
  return "line " + std::to_string(token.line) + ":" + std::to_string(token.column);
}

std::string QuoteCrmValue(std::string_view text) {
  bool plain = !text.empty();
  for (char c : text) {
    if (IsSpace(c) || c == '\n' || c == '"' || c == '\'' || c == '#' || c == '\\') plain = false;
  }
  if (plain) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace keel
