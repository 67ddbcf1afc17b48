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

}  // namespace keel
