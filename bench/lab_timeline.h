// Pure helpers of the failover bench: crmd and corosync log lines as timed events, and the
// figures (median, p90, max) printed in its tables. No I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace keel::bench {

struct LogEvent {
  int64_t us = 0;  // microseconds since the epoch (UTC)
  std::string text;
};

// "2026-11-24T08:51:52.055895Z text" (crmd/log.cc's stamp) -> its time; nullopt otherwise.
std::optional<int64_t> ParseCrmdStamp(std::string_view line);
// Every stamped line of a crmd log (unstamped lines, e.g. libqb's own, are skipped).
std::vector<LogEvent> ParseCrmdLog(std::string_view text);

// corosync's "timestamp: hires" lines: "Nov 24 08:51:54.963 [1234] n1 corosync notice ...", in
// local time without a year (taken from reference_us, the previous year when that would put the
// line more than a day in the future).
std::optional<int64_t> ParseCorosyncStamp(std::string_view line, int64_t reference_us);
std::vector<LogEvent> ParseCorosyncLog(std::string_view text, int64_t reference_us);

// The first event at or after after_us whose text contains needle.
std::optional<LogEvent> FirstAfter(const std::vector<LogEvent>& events, int64_t after_us,
                                   std::string_view needle);

struct Figures {
  size_t n = 0;
  double median = 0, p90 = 0, max = 0;
};
// Nearest-rank median and p90 of the values; n == 0 when there are none.
Figures Summarize(std::vector<double> values);

}  // namespace keel::bench
