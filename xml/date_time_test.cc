// ISO 8601 dates, date_spec calendar fields and <duration> arithmetic: edge cases.

#include "xml/date_time.h"

#include <gtest/gtest.h>

namespace keel {
namespace {

int64_t At(std::string_view text) {
  auto parsed = ParseIsoDateTime(text);
  EXPECT_TRUE(parsed) << text << ": " << parsed.error();
  return parsed.value_or(0);
}

TEST(DateTime, CalendarOrdinalAndWeekDatesNameTheSameDay) {
  EXPECT_EQ(At("1970-01-01"), 0);
  EXPECT_EQ(At("2005-01-01"), 1104537600);
  EXPECT_EQ(At("2005-001"), 1104537600);
  EXPECT_EQ(At("2004-W53-6"), 1104537600);  // 2005-01-01 is in the last week of 2004
  EXPECT_EQ(At("2009-W01-1"), At("2008-12-29"));
  EXPECT_EQ(At("2024-366"), At("2024-12-31"));  // leap year
}

TEST(DateTime, TimesAndOffsets) {
  EXPECT_EQ(At("2019-09-20 15:10:52 +00:00"), 1568992252);
  EXPECT_EQ(At("2019-09-20T15:10:52Z"), 1568992252);
  EXPECT_EQ(At("2019-09-20 17:10:52 +02:00"), 1568992252);
  EXPECT_EQ(At("2019-09-20 10:10:52-0500"), 1568992252);
  EXPECT_EQ(At("2019-09-20 15:10"), 1568992200);
  // An offset can move the instant into another day (and year).
  EXPECT_EQ(At("2025-01-01 01:00 +02:00"), At("2024-12-31 23:00:00 Z"));
}

TEST(DateTime, RejectsWhatIsNotADate) {
  EXPECT_FALSE(ParseIsoDateTime("2023-02-29"));  // not a leap year
  EXPECT_TRUE(ParseIsoDateTime("2000-02-29"));   // divisible by 400
  EXPECT_FALSE(ParseIsoDateTime("1900-02-29"));  // divisible by 100 only
  EXPECT_FALSE(ParseIsoDateTime("2023-13-01"));
  EXPECT_FALSE(ParseIsoDateTime("2023-366"));
  EXPECT_TRUE(ParseIsoDateTime("2020-W53-1"));  // 2020 has 53 weeks
  EXPECT_FALSE(ParseIsoDateTime("2021-W53-1"));
  EXPECT_FALSE(ParseIsoDateTime("2021-01-01 24:00"));
  EXPECT_FALSE(ParseIsoDateTime("2021-01-01 10:00 +15:00"));
  EXPECT_FALSE(ParseIsoDateTime("2021-01-01x"));
  EXPECT_FALSE(ParseIsoDateTime("tomorrow"));
  EXPECT_FALSE(ParseIsoDateTime(""));
}

TEST(DateTime, RangesAreOneNumberOrOneInclusiveRange) {
  auto one = ParseDateRange("12");
  ASSERT_TRUE(one);
  EXPECT_EQ(one->low, 12);
  EXPECT_EQ(one->high, 12);
  auto span = ParseDateRange("9-17");
  ASSERT_TRUE(span);
  EXPECT_EQ(span->low, 9);
  EXPECT_EQ(span->high, 17);
  EXPECT_FALSE(ParseDateRange("17-9"));
  EXPECT_FALSE(ParseDateRange("1,2"));
  EXPECT_FALSE(ParseDateRange("1-"));
  EXPECT_FALSE(ParseDateRange("-1"));
  EXPECT_FALSE(ParseDateRange(""));
}

TEST(DateTime, CalendarFieldsInUtc) {
  CalendarFields f = CalendarOf(At("2005-01-01 13:14:15"));
  EXPECT_EQ(f.years, 2005);
  EXPECT_EQ(f.months, 1);
  EXPECT_EQ(f.monthdays, 1);
  EXPECT_EQ(f.hours, 13);
  EXPECT_EQ(f.minutes, 14);
  EXPECT_EQ(f.seconds, 15);
  EXPECT_EQ(f.yeardays, 1);
  EXPECT_EQ(f.weekdays, 6);  // Saturday
  EXPECT_EQ(f.weeks, 53);
  EXPECT_EQ(f.weekyears, 2004);
  CalendarFields leap = CalendarOf(At("2024-12-31"));
  EXPECT_EQ(leap.yeardays, 366);
  EXPECT_EQ(leap.weeks, 1);  // Tuesday of the week holding 2025-01-02 (a Thursday)
  EXPECT_EQ(leap.weekyears, 2025);
  EXPECT_EQ(CalendarOf(-1).years, 1969);
  EXPECT_EQ(CalendarOf(-1).hours, 23);
  EXPECT_EQ(CalendarField(f, "weekdays"), 6);
  EXPECT_EQ(CalendarField(f, "moon"), -1);
}

TEST(DateTime, DurationsClampToTheMonthEnd) {
  CalendarDuration month{.months = 1};
  EXPECT_EQ(AddDuration(At("2023-01-31"), month), At("2023-02-28"));
  EXPECT_EQ(AddDuration(At("2024-01-31"), month), At("2024-02-29"));
  EXPECT_EQ(AddDuration(At("2024-02-29"), CalendarDuration{.years = 1}), At("2025-02-28"));
  EXPECT_EQ(AddDuration(At("2024-11-15 10:00"), CalendarDuration{.months = 14}),
            At("2026-01-15 10:00"));
  EXPECT_EQ(AddDuration(At("2024-12-31 23:00"),
                        CalendarDuration{.weeks = 1, .days = 1, .hours = 1, .seconds = 5}),
            At("2025-01-09 00:00:05"));
}

}  // namespace
}  // namespace keel
