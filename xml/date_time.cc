#include "xml/date_time.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <optional>

namespace keel {
namespace {

using namespace std::chrono;

constexpr int64_t kDay = 86400;

// Exactly `width` digits at `pos`; advances pos.
std::optional<int64_t> Digits(std::string_view text, size_t& pos, size_t width) {
  if (pos + width > text.size()) return std::nullopt;
  int64_t value = 0;
  for (size_t i = pos; i < pos + width; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    value = value * 10 + (text[i] - '0');
  }
  pos += width;
  return value;
}

bool Eat(std::string_view text, size_t& pos, char c) {
  if (pos < text.size() && text[pos] == c) {
    ++pos;
    return true;
  }
  return false;
}

// Monday of ISO week 1 of `y`: the week holding January 4.
sys_days IsoWeekOne(int64_t y) {
  sys_days jan4 = year_month_day{year(static_cast<int>(y)), January, day(4)};
  unsigned iso = weekday(jan4).iso_encoding();
  return jan4 - days(iso - 1);
}

std::expected<sys_days, std::string> ParseDate(std::string_view text, size_t& pos) {
  auto y = Digits(text, pos, 4);
  if (!y || !Eat(text, pos, '-')) return std::unexpected("expected a year as YYYY-");
  if (Eat(text, pos, 'W')) {
    auto w = Digits(text, pos, 2);
    if (!w || !Eat(text, pos, '-')) return std::unexpected("expected a week as Www-D");
    auto d = Digits(text, pos, 1);
    if (!d || *d < 1 || *d > 7) return std::unexpected("week day must be 1 (Monday) to 7");
    sys_days monday = IsoWeekOne(*y);
    int64_t weeks_in_year = (IsoWeekOne(*y + 1) - monday).count() / 7;
    if (*w < 1 || *w > weeks_in_year) {
      return std::unexpected("week " + std::to_string(*w) + " does not exist in " +
                             std::to_string(*y));
    }
    return monday + days((*w - 1) * 7 + (*d - 1));
  }
  size_t after_year = pos;
  auto m = Digits(text, pos, 2);
  if (m && Eat(text, pos, '-')) {
    auto d = Digits(text, pos, 2);
    if (!d) return std::unexpected("expected a day as DD");
    year_month_day ymd{year(static_cast<int>(*y)), month(static_cast<unsigned>(*m)),
                       day(static_cast<unsigned>(*d))};
    if (*m < 1 || *m > 12 || !ymd.ok()) return std::unexpected("no such day in the calendar");
    return sys_days(ymd);
  }
  pos = after_year;
  auto ordinal = Digits(text, pos, 3);
  if (!ordinal) return std::unexpected("expected MM-DD, DDD or Www-D after the year");
  bool leap = year(static_cast<int>(*y)).is_leap();
  if (*ordinal < 1 || *ordinal > (leap ? 366 : 365)) {
    return std::unexpected("day " + std::to_string(*ordinal) + " does not exist in " +
                           std::to_string(*y));
  }
  return sys_days(year_month_day{year(static_cast<int>(*y)), January, day(1)}) + days(*ordinal - 1);
}

std::expected<int64_t, std::string> ParseTimeOfDay(std::string_view text, size_t& pos) {
  auto h = Digits(text, pos, 2);
  if (!h || !Eat(text, pos, ':')) return std::unexpected("expected a time as HH:MM[:SS]");
  auto m = Digits(text, pos, 2);
  if (!m) return std::unexpected("expected a time as HH:MM[:SS]");
  int64_t s = 0;
  if (Eat(text, pos, ':')) {
    auto parsed = Digits(text, pos, 2);
    if (!parsed) return std::unexpected("expected seconds as SS");
    s = *parsed;
  }
  if (*h > 23 || *m > 59 || s > 59) return std::unexpected("time of day out of range");
  return *h * 3600 + *m * 60 + s;
}

// Seconds east of UTC.
std::expected<int64_t, std::string> ParseOffset(std::string_view text, size_t& pos) {
  if (Eat(text, pos, 'Z')) return 0;
  int sign = 0;
  if (Eat(text, pos, '+'))
    sign = 1;
  else if (Eat(text, pos, '-'))
    sign = -1;
  else
    return std::unexpected("expected an offset as Z, +HH:MM or -HH:MM");
  auto h = Digits(text, pos, 2);
  if (!h) return std::unexpected("expected an offset as Z, +HH:MM or -HH:MM");
  int64_t m = 0;
  if (pos < text.size()) {
    Eat(text, pos, ':');
    auto parsed = Digits(text, pos, 2);
    if (!parsed) return std::unexpected("expected an offset as Z, +HH:MM or -HH:MM");
    m = *parsed;
  }
  if (*h > 14 || m > 59) return std::unexpected("offset out of range");
  return sign * (*h * 3600 + m * 60);
}

}  // namespace

std::expected<int64_t, std::string> ParseIsoDateTime(std::string_view text) {
  size_t pos = 0;
  auto date = ParseDate(text, pos);
  if (!date) return std::unexpected(date.error());
  int64_t seconds = date->time_since_epoch().count() * kDay;
  if (pos < text.size() && (text[pos] == ' ' || text[pos] == 'T')) {
    ++pos;
    auto time = ParseTimeOfDay(text, pos);
    if (!time) return std::unexpected(time.error());
    seconds += *time;
    Eat(text, pos, ' ');
    if (pos < text.size()) {
      auto offset = ParseOffset(text, pos);
      if (!offset) return std::unexpected(offset.error());
      seconds -= *offset;
    }
  }
  if (pos != text.size()) return std::unexpected("unexpected text after the date");
  return seconds;
}

std::expected<DateRange, std::string> ParseDateRange(std::string_view text) {
  auto number = [](std::string_view part) -> std::optional<int64_t> {
    int64_t n = 0;
    auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), n);
    if (part.empty() || ec != std::errc() || end != part.data() + part.size() || n < 0) {
      return std::nullopt;
    }
    return n;
  };
  size_t dash = text.find('-');
  auto low = number(text.substr(0, dash));
  auto high = dash == std::string_view::npos ? low : number(text.substr(dash + 1));
  if (!low || !high) return std::unexpected("expected N or A-B (one range, whole numbers)");
  if (*high < *low) return std::unexpected("range ends before it starts");
  return DateRange{*low, *high};
}

CalendarFields CalendarOf(int64_t epoch_seconds) {
  int64_t day_number =
      epoch_seconds >= 0 ? epoch_seconds / kDay : -((-epoch_seconds + kDay - 1) / kDay);
  int64_t in_day = epoch_seconds - day_number * kDay;
  sys_days date{days(day_number)};
  year_month_day ymd{date};
  CalendarFields f{};
  f.years = static_cast<int>(ymd.year());
  f.months = static_cast<unsigned>(ymd.month());
  f.monthdays = static_cast<unsigned>(ymd.day());
  f.hours = in_day / 3600;
  f.minutes = in_day / 60 % 60;
  f.seconds = in_day % 60;
  f.yeardays = (date - sys_days(year_month_day{ymd.year(), January, day(1)})).count() + 1;
  f.weekdays = weekday(date).iso_encoding();
  // The ISO week belongs to the year of its Thursday.
  sys_days thursday = date + days(4 - f.weekdays);
  year_month_day thursday_ymd{thursday};
  f.weekyears = static_cast<int>(thursday_ymd.year());
  f.weeks = (thursday - IsoWeekOne(f.weekyears)).count() / 7 + 1;
  return f;
}

int64_t CalendarField(const CalendarFields& f, std::string_view name) {
  if (name == "years") return f.years;
  if (name == "months") return f.months;
  if (name == "monthdays") return f.monthdays;
  if (name == "hours") return f.hours;
  if (name == "minutes") return f.minutes;
  if (name == "seconds") return f.seconds;
  if (name == "yeardays") return f.yeardays;
  if (name == "weekdays") return f.weekdays;
  if (name == "weeks") return f.weeks;
  if (name == "weekyears") return f.weekyears;
  return -1;
}

int64_t AddDuration(int64_t epoch_seconds, const CalendarDuration& d) {
  int64_t day_number =
      epoch_seconds >= 0 ? epoch_seconds / kDay : -((-epoch_seconds + kDay - 1) / kDay);
  int64_t in_day = epoch_seconds - day_number * kDay;
  year_month_day ymd{sys_days{days(day_number)}};
  int64_t total_months = static_cast<int>(ymd.year()) * 12 +
                         (static_cast<unsigned>(ymd.month()) - 1) + d.years * 12 + d.months;
  int64_t y = total_months >= 0 ? total_months / 12 : -((-total_months + 11) / 12);
  unsigned m = static_cast<unsigned>(total_months - y * 12) + 1;
  year_month_day_last last{year(static_cast<int>(y)), month_day_last(month(m))};
  unsigned dd = std::min(static_cast<unsigned>(ymd.day()), static_cast<unsigned>(last.day()));
  sys_days moved{year_month_day{year(static_cast<int>(y)), month(m), day(dd)}};
  return moved.time_since_epoch().count() * kDay + in_day + (d.weeks * 7 + d.days) * kDay +
         d.hours * 3600 + d.minutes * 60 + d.seconds;
}

}  // namespace keel
