#include "xml/duration.h"

#include <gtest/gtest.h>

namespace keel {
namespace {

TEST(DurationTest, Units) {
  EXPECT_EQ(ParseDurationMs("10"), 10'000);
  EXPECT_EQ(ParseDurationMs("10s"), 10'000);
  EXPECT_EQ(ParseDurationMs("500ms"), 500);
  EXPECT_EQ(ParseDurationMs("2min"), 120'000);
  EXPECT_EQ(ParseDurationMs("1h"), 3'600'000);
  EXPECT_EQ(ParseDurationMs("1d"), 86'400'000);
  EXPECT_EQ(ParseDurationMs(" 3m "), 180'000);
  EXPECT_EQ(ParseDurationMs("PT1M30S"), 90'000);
  EXPECT_EQ(ParseDurationMs("PT0.5S"), 500);
  EXPECT_EQ(ParseDurationMs("P1D"), 86'400'000);
  EXPECT_EQ(ParseDurationMs("P10S"), 10'000);
  EXPECT_EQ(ParseDurationMs("P1H"), 3'600'000);
  EXPECT_EQ(ParseDurationMs("P1DT2H"), 93'600'000);
}

TEST(DurationTest, Errors) {
  EXPECT_EQ(ParseDurationMs("").error(), "bad duration '': empty");
  EXPECT_EQ(ParseDurationMs("5 parsecs").error(),
            "bad duration '5 parsecs': unknown unit 'parsecs' (use ms, s, min, h or d)");
  EXPECT_EQ(ParseDurationMs("P1Y").error(),
            "bad duration 'P1Y': unsupported ISO 8601 unit (years and months have no fixed length)");
  EXPECT_FALSE(ParseDurationMs("-1").has_value());
  EXPECT_FALSE(ParseDurationMs("P").has_value());
  EXPECT_FALSE(ParseDurationMs("PT99999999999999999H").has_value());
  EXPECT_FALSE(ParseDurationMs("99999999999999999999").has_value());
}

TEST(DurationTest, FormatIsShortestExactAndReparses) {
  for (int64_t ms : {0LL, 1LL, 999LL, 1000LL, 1500LL, 60'000LL, 90'000LL, 3'600'000LL,
                     86'400'000LL}) {
    EXPECT_EQ(ParseDurationMs(FormatDurationMs(ms)), ms) << ms;
  }
  EXPECT_EQ(FormatDurationMs(10'000), "10s");
  EXPECT_EQ(FormatDurationMs(1500), "1500ms");
  EXPECT_EQ(FormatDurationMs(120'000), "2min");
}

}  // namespace
}  // namespace keel

namespace keel {
namespace {

TEST(DurationTest, EveryAcceptedValueReadsBackFromItsSpelling) {
  for (const char* text : {"1235555d", "106751991167d", "2562047788015h", "153722867280912min", "P15250284452W",
                           "PT106751991167S", "106751991167", "106751991167300ms"}) {
    auto ms = ParseDurationMs(text);
    if (!ms) continue;  // too long is fine; accepted values must survive
    EXPECT_EQ(ParseDurationMs(FormatDurationMs(*ms)), *ms) << text;
  }
  EXPECT_EQ(ParseDurationMs("106751991168d").error(), "bad duration '106751991168d': too long");
  EXPECT_FALSE(ParseDurationMs("PT-5S").has_value());
  EXPECT_FALSE(ParseDurationMs("P99999999999999W").has_value());
}

}  // namespace
}  // namespace keel
