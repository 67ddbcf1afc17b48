#include "cli/suggest.h"

#include <algorithm>

namespace keel {

int EditDistance(std::string_view a, std::string_view b) {
  // Optimal string alignment distance over two rolling rows plus the one before.
  std::vector<int> prev2(b.size() + 1), prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = static_cast<int>(i);
    for (size_t j = 1; j <= b.size(); ++j) {
      int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        cur[j] = std::min(cur[j], prev2[j - 2] + 1);
      }
    }
    prev2 = prev;
    prev = cur;
  }
  return prev[b.size()];
}

std::string NearestWord(std::string_view word, const std::vector<std::string>& candidates) {
  int limit = std::max<int>(1, static_cast<int>(word.size()) / 3);
  std::string best;
  int best_distance = limit + 1;
  for (const std::string& candidate : candidates) {
    int d = EditDistance(word, candidate);
    if (d < best_distance && d < static_cast<int>(word.size())) {
      best = candidate;
      best_distance = d;
    }
  }
  return best;
}

std::string UnknownWordMessage(std::string_view kind, std::string_view word,
                               const std::vector<std::string>& candidates) {
  std::string message = "unknown " + std::string(kind) + " '" + std::string(word) + "'";
  std::string near = NearestWord(word, candidates);
  if (!near.empty()) message += ", did you mean '" + near + "'?";
  return message;
}

}  // namespace keel
