#include "bench/lab_timeline.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>

namespace keel::bench {
namespace {

template <typename Fn>
void ForEachLine(std::string_view text, Fn fn) {
  while (!text.empty()) {
    size_t end = text.find('\n');
    fn(text.substr(0, end));
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
}

int MonthIndex(std::string_view name) {
  static constexpr std::string_view kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  for (int i = 0; i < 12; ++i) {
    if (kMonths[i] == name) return i;
  }
  return -1;
}

}  // namespace

std::optional<int64_t> ParseCrmdStamp(std::string_view line) {
  // 2026-11-24T08:51:52.055895Z
  if (line.size() < 27 || line[10] != 'T' || line[19] != '.' || line[26] != 'Z')
    return std::nullopt;
  tm parts{};
  int micros = 0;
  std::string head(line.substr(0, 26));
  if (std::sscanf(head.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d.%6d", &parts.tm_year, &parts.tm_mon,
                  &parts.tm_mday, &parts.tm_hour, &parts.tm_min, &parts.tm_sec, &micros) != 7) {
    return std::nullopt;
  }
  parts.tm_year -= 1900;
  parts.tm_mon -= 1;
  return static_cast<int64_t>(timegm(&parts)) * 1000000 + micros;
}

std::vector<LogEvent> ParseCrmdLog(std::string_view text) {
  std::vector<LogEvent> events;
  ForEachLine(text, [&](std::string_view line) {
    if (auto us = ParseCrmdStamp(line)) events.push_back({*us, std::string(line.substr(28))});
  });
  return events;
}

std::optional<int64_t> ParseCorosyncStamp(std::string_view line, int64_t reference_us) {
  // Nov 24 08:51:54.963 [1234] ...
  if (line.size() < 20 || line[3] != ' ' || line[15] != '.') return std::nullopt;
  int month = MonthIndex(line.substr(0, 3));
  if (month < 0) return std::nullopt;
  tm parts{};
  int millis = 0;
  std::string head(line.substr(4, 15));
  if (std::sscanf(head.c_str(), "%2d %2d:%2d:%2d.%3d", &parts.tm_mday, &parts.tm_hour,
                  &parts.tm_min, &parts.tm_sec, &millis) != 5) {
    return std::nullopt;
  }
  time_t ref = static_cast<time_t>(reference_us / 1000000);
  tm ref_parts{};
  localtime_r(&ref, &ref_parts);
  parts.tm_mon = month;
  parts.tm_year = ref_parts.tm_year;
  parts.tm_isdst = -1;
  time_t secs = mktime(&parts);
  if (secs > ref + 86400) {
    parts.tm_year -= 1;
    parts.tm_isdst = -1;
    secs = mktime(&parts);
  }
  return static_cast<int64_t>(secs) * 1000000 + millis * 1000;
}

std::vector<LogEvent> ParseCorosyncLog(std::string_view text, int64_t reference_us) {
  std::vector<LogEvent> events;
  ForEachLine(text, [&](std::string_view line) {
    if (auto us = ParseCorosyncStamp(line, reference_us)) {
      events.push_back({*us, std::string(line.substr(20))});
    }
  });
  return events;
}

std::optional<LogEvent> FirstAfter(const std::vector<LogEvent>& events, int64_t after_us,
                                   std::string_view needle) {
  for (const LogEvent& e : events) {
    if (e.us >= after_us && e.text.find(needle) != std::string::npos) return e;
  }
  return std::nullopt;
}

Figures Summarize(std::vector<double> values) {
  Figures f;
  if (values.empty()) return f;
  std::sort(values.begin(), values.end());
  f.n = values.size();
  auto rank = [&](double q) {
    size_t r = static_cast<size_t>(std::ceil(q * static_cast<double>(f.n)));
    return values[std::clamp<size_t>(r, 1, f.n) - 1];
  };
  f.median = rank(0.5);
  f.p90 = rank(0.9);
  f.max = values.back();
  return f;
}

}  // namespace keel::bench
