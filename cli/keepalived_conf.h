#pragma once
// keepalived.conf's syntax: statements of words on a line, each with an optional { block };
// '#' and '!' start comments, "double quotes" make one word.

#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "xml/base/error.h"

namespace keel {

struct KeepalivedStatement {
  std::vector<std::string> words;  // never empty; a bare block is the word "{"
  int line = 0;
  std::vector<KeepalivedStatement> block;
  bool has_block = false;

  // Word `i`, or "" past the end.
  std::string Word(size_t i) const { return i < words.size() ? words[i] : ""; }
};

// The top-level statements of one file; an unmatched brace is an error naming `source` (and
// the line of a stray '}').
std::expected<std::vector<KeepalivedStatement>, Errors> ParseKeepalivedConf(
    std::string_view text, const std::string& source);

}  // namespace keel
