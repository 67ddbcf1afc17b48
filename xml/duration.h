#pragma once
// Pacemaker durations: "10", "10s", "500ms", "2min", "1h", "1d", ISO 8601 "PT1M30S".
// A bare number means seconds.

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>

namespace keel {

// Milliseconds, or an error message.
std::expected<int64_t, std::string> ParseDurationMs(std::string_view text);

// The shortest exact spelling: "0", "10s", "1500ms", "2min", "1h".
std::string FormatDurationMs(int64_t ms);

// `spelling` when it reads as exactly `ms` (an operator's "60s" stays "60s"), otherwise the
// shortest spelling.
std::string SpellDurationMs(int64_t ms, std::string_view spelling);

// The spelling of `ms` worth keeping: `text`, or empty when `text` is the shortest spelling
// anyway (so that "1min" from crm text and "1min" from XML compare equal to code's empty one).
std::string KeptDurationSpelling(int64_t ms, std::string_view text);

}  // namespace keel
