#pragma once
// ISO 8601 dates as date_expression uses them, date_spec fields and <duration> arithmetic.
// Pure; all times are seconds since the epoch, and a date without an offset is read as UTC
// (the scheduler has no time zone: the same CIB and `now` give the same answer anywhere).

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>

namespace keel {

// "2005-03-17", "2005-076" (ordinal), "2004-W53-6" (week date), each optionally followed by
// ' ' or 'T' and "HH:MM[:SS]", then "Z", "+HH", "+HH:MM" or "-HHMM" (a space may precede
// the offset). Errors say what is wrong with the text.
std::expected<int64_t, std::string> ParseIsoDateTime(std::string_view text);

// A date_spec value: "N" or "A-B" (inclusive), non-negative integers.
struct DateRange {
  int64_t low = 0;
  int64_t high = 0;
};
std::expected<DateRange, std::string> ParseDateRange(std::string_view text);

// The calendar fields of an instant (UTC), as date_spec names them.
struct CalendarFields {
  int64_t years, months, monthdays, hours, minutes, seconds;
  int64_t yeardays;   // 1-366
  int64_t weekdays;   // 1 Monday .. 7 Sunday
  int64_t weeks;      // ISO week 1-53
  int64_t weekyears;  // the ISO week's year
};
CalendarFields CalendarOf(int64_t epoch_seconds);
// The named field ("hours", "weekyears", ...); nullopt-like -1 for an unknown name.
int64_t CalendarField(const CalendarFields& fields, std::string_view name);

// `epoch_seconds` plus a <duration>: years and months move the calendar date (the day is
// clamped to the new month's last day: Jan 31 + 1 month = Feb 28 or 29), the rest add time.
struct CalendarDuration {
  int64_t years = 0, months = 0, weeks = 0, days = 0, hours = 0, minutes = 0, seconds = 0;
};
int64_t AddDuration(int64_t epoch_seconds, const CalendarDuration& duration);

}  // namespace keel
