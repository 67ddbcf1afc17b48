#include "cli/keepalived_conf.h"

#include <cctype>

namespace keel {

namespace {

struct Token {
  std::string text;  // "\n" ends a statement
  int line;
};

std::vector<Token> Tokenize(std::string_view text) {
  std::vector<Token> tokens;
  int line = 1;
  size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (c == '\n') {
      tokens.push_back({"\n", line++});
      ++i;
    } else if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (c == '#' || c == '!') {
      while (i < text.size() && text[i] != '\n') ++i;
    } else if (c == '{' || c == '}') {
      tokens.push_back({std::string(1, c), line});
      ++i;
    } else if (c == '"') {
      size_t end = text.find('"', i + 1);
      if (end == std::string_view::npos) end = text.size();
      tokens.push_back({std::string(text.substr(i + 1, end - i - 1)), line});
      i = end + 1;
    } else {
      size_t start = i;
      while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i])) &&
             text[i] != '{' && text[i] != '}')
        ++i;
      tokens.push_back({std::string(text.substr(start, i - start)), line});
    }
  }
  return tokens;
}

// Parses statements until '}' (depth > 0) or the end. Bounded by the token count.
std::vector<KeepalivedStatement> ParseBlock(const std::vector<Token>& tokens, size_t& pos,
                                            Errors& errors, int depth, const std::string& source) {
  std::vector<KeepalivedStatement> statements;
  KeepalivedStatement current;
  auto flush = [&] {
    if (!current.words.empty()) statements.push_back(std::move(current));
    current = KeepalivedStatement{};
  };
  while (pos < tokens.size()) {
    const Token& t = tokens[pos++];
    if (t.text == "\n") {
      flush();
    } else if (t.text == "{") {
      current.line = current.words.empty() ? t.line : current.line;
      current.has_block = true;
      current.block = ParseBlock(tokens, pos, errors, depth + 1, source);
      if (current.words.empty()) current.words.push_back("{");
      flush();
    } else if (t.text == "}") {
      flush();
      if (depth == 0)
        errors.push_back(
            {ErrorCode::kParse, "unexpected '}'", source + ":" + std::to_string(t.line)});
      else
        return statements;
    } else {
      if (current.words.empty()) current.line = t.line;
      current.words.push_back(t.text);
    }
  }
  flush();
  if (depth > 0) errors.push_back({ErrorCode::kParse, "unterminated block (missing '}')", source});
  return statements;
}

}  // namespace

std::expected<std::vector<KeepalivedStatement>, Errors> ParseKeepalivedConf(
    std::string_view text, const std::string& source) {
  std::vector<Token> tokens = Tokenize(text);
  Errors errors;
  size_t pos = 0;
  auto statements = ParseBlock(tokens, pos, errors, 0, source);
  if (!errors.empty()) return std::unexpected(errors);
  return statements;
}

}  // namespace keel
