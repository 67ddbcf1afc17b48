#pragma once
// "did you mean ...?": the nearest word by edit distance, for error messages.

#include <string>
#include <string_view>
#include <vector>

namespace keel {

// Levenshtein distance (insert, delete, substitute; adjacent swap counts 1).
int EditDistance(std::string_view a, std::string_view b);

// The candidate nearest to `word` if it is close enough to be a plausible typo
// (distance <= max(1, size/3) and < word size), else "".
std::string NearestWord(std::string_view word, const std::vector<std::string>& candidates);

// "unknown KIND 'WORD'" plus ", did you mean 'X'?" when a candidate is near.
std::string UnknownWordMessage(std::string_view kind, std::string_view word,
                               const std::vector<std::string>& candidates);

}  // namespace keel
