#include "xml/rsc_pattern.h"

#include <regex.h>

namespace keel {
namespace {

// A compiled regex that frees itself.
class CompiledRegex {
 public:
  explicit CompiledRegex(const std::string& text)
      : status_(regcomp(&regex_, text.c_str(), REG_EXTENDED)) {}
  ~CompiledRegex() {
    if (status_ == 0) regfree(&regex_);
  }
  CompiledRegex(const CompiledRegex&) = delete;
  CompiledRegex& operator=(const CompiledRegex&) = delete;

  bool ok() const { return status_ == 0; }
  std::string Message() const {
    char buffer[256];
    regerror(status_, &regex_, buffer, sizeof buffer);
    return buffer;
  }
  const regex_t& get() const { return regex_; }

 private:
  regex_t regex_{};
  int status_;
};

struct SplitPattern {
  bool inverted;
  std::string regex;
};

SplitPattern Split(std::string_view pattern) {
  const bool inverted = pattern.starts_with('!');
  return {inverted, std::string(inverted ? pattern.substr(1) : pattern)};
}

}  // namespace

std::optional<std::string> RscPatternError(std::string_view pattern) {
  SplitPattern split = Split(pattern);
  if (split.regex.empty()) return "an empty rsc-pattern";
  CompiledRegex regex(split.regex);
  if (!regex.ok()) return "rsc-pattern '" + std::string(pattern) + "': " + regex.Message();
  return std::nullopt;
}

std::optional<std::vector<std::string>> SelectByRscPattern(std::string_view pattern,
                                                           std::string_view id) {
  SplitPattern split = Split(pattern);
  if (split.regex.empty()) return std::nullopt;
  CompiledRegex regex(split.regex);
  if (!regex.ok()) return std::nullopt;
  const std::string subject(id);
  constexpr size_t kGroups = 10;  // %0 .. %9
  regmatch_t groups[kGroups];
  const bool matched = regexec(&regex.get(), subject.c_str(), kGroups, groups, 0) == 0;
  if (split.inverted) {
    if (matched) return std::nullopt;
    return std::vector<std::string>{};
  }
  if (!matched) return std::nullopt;
  std::vector<std::string> submatches;
  const size_t count = std::min(kGroups, regex.get().re_nsub + 1);
  for (size_t i = 0; i < count; ++i) {
    if (groups[i].rm_so < 0) {
      submatches.emplace_back();
    } else {
      submatches.push_back(subject.substr(groups[i].rm_so, groups[i].rm_eo - groups[i].rm_so));
    }
  }
  return submatches;
}

std::string ExpandSubmatches(std::string_view text, const std::vector<std::string>& submatches) {
  if (submatches.empty()) return std::string(text);
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 1 < text.size() && text[i + 1] >= '0' && text[i + 1] <= '9') {
      const size_t n = static_cast<size_t>(text[i + 1] - '0');
      if (n < submatches.size()) out += submatches[n];
      ++i;
    } else {
      out += text[i];
    }
  }
  return out;
}

}  // namespace keel
