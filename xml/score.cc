#include "xml/score.h"

#include <charconv>
#include <strings.h>

namespace keel {

std::expected<Score, std::string> Score::Parse(std::string_view text) {
  std::string_view body = text;
  bool negative = false;
  if (!body.empty() && (body.front() == '+' || body.front() == '-')) {
    negative = body.front() == '-';
    body.remove_prefix(1);
  }
  auto is = [&](const char* word) {
    return body.size() == std::char_traits<char>::length(word) &&
           strncasecmp(body.data(), word, body.size()) == 0;
  };
  if (is("INFINITY") || is("inf")) return negative ? MinusInfinity() : Infinity();
  if (body.empty()) return std::unexpected("bad score '" + std::string(text) + "': empty");
  if (body.front() < '0' || body.front() > '9') {  // a second sign, a space, ...
    return std::unexpected("bad score '" + std::string(text) +
                           "': expected an integer or [+-]INFINITY");
  }
  int64_t value = 0;
  auto [end, ec] = std::from_chars(body.data(), body.data() + body.size(), value);
  if (end != body.data() + body.size()) {
    return std::unexpected("bad score '" + std::string(text) +
                           "': expected an integer or [+-]INFINITY");
  }
  if (ec == std::errc::result_out_of_range) return negative ? MinusInfinity() : Infinity();
  return Score(negative ? -value : value);
}

std::string Score::ToString() const {
  if (value_ == kInfinity) return "INFINITY";
  if (value_ == -kInfinity) return "-INFINITY";
  return std::to_string(value_);
}

}  // namespace keel
