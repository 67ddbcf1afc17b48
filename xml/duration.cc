#include "xml/duration.h"

#include <cctype>
#include <charconv>
#include <limits>

namespace keel {

namespace {

constexpr int64_t kMaxMs = std::numeric_limits<int64_t>::max() / 1000 / 86400;

std::expected<int64_t, std::string> Bad(std::string_view text, std::string_view why) {
  return std::unexpected("bad duration '" + std::string(text) + "': " + std::string(why));
}

// "PT1H2M3S", "P1D", "PT0.5S" (fractions of seconds only).
std::expected<int64_t, std::string> ParseIso(std::string_view text) {
  std::string_view rest = text.substr(1);
  bool in_time = false;
  int64_t total = 0;
  bool any = false;
  while (!rest.empty()) {
    if (rest.front() == 'T') {
      if (in_time) return Bad(text, "two 'T' separators");
      in_time = true;
      rest.remove_prefix(1);
      continue;
    }
    int64_t whole = 0;
    auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), whole);
    if (ec != std::errc() || whole < 0) return Bad(text, "expected a number");
    rest.remove_prefix(static_cast<size_t>(end - rest.data()));
    int64_t fraction_ms = 0;
    if (!rest.empty() && rest.front() == '.') {
      rest.remove_prefix(1);
      int64_t scale = 100;
      while (!rest.empty() && std::isdigit(static_cast<unsigned char>(rest.front()))) {
        fraction_ms += (rest.front() - '0') * scale;
        scale /= 10;
        rest.remove_prefix(1);
      }
    }
    if (rest.empty()) return Bad(text, "number without a unit");
    char unit = rest.front();
    rest.remove_prefix(1);
    int64_t ms_per = 0;
    if (!in_time && unit == 'D') ms_per = 86'400'000;
    else if (!in_time && unit == 'W') ms_per = 7 * 86'400'000LL;
    // Hours and seconds are unambiguous before 'T' too (P10S = 10 s, as Pacemaker reads it).
    else if (unit == 'H') ms_per = 3'600'000;
    else if (in_time && unit == 'M') ms_per = 60'000;
    else if (unit == 'S') ms_per = 1000;
    else return Bad(text, "unsupported ISO 8601 unit (years and months have no fixed length)");
    if (fraction_ms != 0 && unit != 'S') return Bad(text, "fractions only for seconds");
    if (whole > kMaxMs * 1000 / ms_per) return Bad(text, "too long");
    total += whole * ms_per + fraction_ms;
    if (total > kMaxMs * 1000) return Bad(text, "too long");
    any = true;
  }
  if (!any) return Bad(text, "empty ISO 8601 duration");
  return total;
}

}  // namespace

std::expected<int64_t, std::string> ParseDurationMs(std::string_view text) {
  std::string_view body = text;
  while (!body.empty() && std::isspace(static_cast<unsigned char>(body.front()))) body.remove_prefix(1);
  while (!body.empty() && std::isspace(static_cast<unsigned char>(body.back()))) body.remove_suffix(1);
  if (body.empty()) return Bad(text, "empty");
  if (body.front() == 'P') return ParseIso(body);
  int64_t number = 0;
  auto [end, ec] = std::from_chars(body.data(), body.data() + body.size(), number);
  if (ec != std::errc() || number < 0) return Bad(text, "expected a non-negative number with an optional unit");
  if (number > kMaxMs * 1000) return Bad(text, "too long");
  std::string unit(end, body.data() + body.size());
  for (char& c : unit) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  while (!unit.empty() && unit.front() == ' ') unit.erase(0, 1);
  if (unit == "us" || unit == "usec" || unit == "usecs") return number / 1000;
  int64_t ms_per = 0;
  if (unit.empty() || unit == "s" || unit == "sec" || unit == "secs") ms_per = 1000;
  else if (unit == "ms" || unit == "msec" || unit == "msecs") ms_per = 1;
  else if (unit == "m" || unit == "min" || unit == "mins") ms_per = 60'000;
  else if (unit == "h" || unit == "hr" || unit == "hrs") ms_per = 3'600'000;
  else if (unit == "d" || unit == "day" || unit == "days") ms_per = 86'400'000;
  else return Bad(text, "unknown unit '" + unit + "' (use ms, s, min, h or d)");
  // One bound for every unit, so that any accepted value also reads back from its shortest
  // spelling (FormatDurationMs).
  if (number > kMaxMs * 1000 / ms_per) return Bad(text, "too long");
  return number * ms_per;
}

std::string FormatDurationMs(int64_t ms) {
  if (ms == 0) return "0";
  if (ms % 3'600'000 == 0) return std::to_string(ms / 3'600'000) + "h";
  if (ms % 60'000 == 0) return std::to_string(ms / 60'000) + "min";
  if (ms % 1000 == 0) return std::to_string(ms / 1000) + "s";
  return std::to_string(ms) + "ms";
}

std::string SpellDurationMs(int64_t ms, std::string_view spelling) {
  if (!spelling.empty()) {
    auto read = ParseDurationMs(spelling);
    if (read && *read == ms) return std::string(spelling);
  }
  return FormatDurationMs(ms);
}

std::string KeptDurationSpelling(int64_t ms, std::string_view text) {
  return text == FormatDurationMs(ms) ? std::string() : std::string(text);
}

}  // namespace keel
