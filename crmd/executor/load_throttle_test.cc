// Load levels and the agents they allow, from /proc/loadavg samples.
#include "crmd/executor/load_throttle.h"

#include <gtest/gtest.h>

namespace keel {
namespace {

TEST(LoadavgTest, ParsesTheOneMinuteAverageAndTheRunnableCount) {
  auto sample = ParseLoadavg("11.64 20.63 22.59 19/320 15778\n");
  ASSERT_TRUE(sample.has_value());
  EXPECT_DOUBLE_EQ(sample->load1, 11.64);
  EXPECT_EQ(sample->runnable, 19);
}

TEST(LoadavgTest, NonsenseIsAnErrorThatQuotesIt) {
  for (const char* text : {"", "x 1 2 3/4 5", "1.0 2 3 4 5", "1.0 2 3 a/4 5", "-1 2 3 4/5 6"}) {
    auto sample = ParseLoadavg(text);
    ASSERT_FALSE(sample.has_value()) << text;
    EXPECT_NE(sample.error().message.find("not a load average line"), std::string::npos);
  }
}

TEST(LoadThresholdTest, PercentWithOrWithoutTheSign) {
  EXPECT_DOUBLE_EQ(*ParseLoadThreshold("80%"), 0.8);
  EXPECT_DOUBLE_EQ(*ParseLoadThreshold("150"), 1.5);
  EXPECT_DOUBLE_EQ(*ParseLoadThreshold("12.5%"), 0.125);
  EXPECT_EQ(LoadThresholdText(0.8), "80%");
  EXPECT_EQ(LoadThresholdText(0.125), "12.5%");
  for (const char* bad : {"", "%", "0%", "-5%", "high", "80%%", "20000"}) {
    EXPECT_FALSE(ParseLoadThreshold(bad).has_value()) << bad;
  }
}

TEST(LoadThrottleTest, LevelsAreBandsOfTheThresholdPerCore) {
  // 2 cores, threshold 80%: low from 1.6 runnable, medium from 3.2, high from 4.8.
  struct Case {
    double load1;
    LoadLevel level;
  };
  for (Case c :
       {Case{0.0, LoadLevel::kNone}, Case{1.5, LoadLevel::kNone}, Case{1.6, LoadLevel::kLow},
        Case{3.2, LoadLevel::kMedium}, Case{4.7, LoadLevel::kMedium}, Case{4.9, LoadLevel::kHigh},
        Case{40, LoadLevel::kHigh}}) {
    LoadThrottle throttle(2);
    throttle.Add(LoadSample{c.load1, 1}, 0.8);
    EXPECT_EQ(throttle.level(), c.level) << c.load1;
  }
}

TEST(LoadThrottleTest, RunnableTasksRaiseTheLevelWithinSecondsAndTheWindowForgetsThem) {
  LoadThrottle throttle(2);
  // The 1-minute average still says idle; 20 runnable tasks (the reader is one) for 3 samples.
  EXPECT_FALSE(throttle.Add(LoadSample{0.1, 1}, 0.8));
  EXPECT_TRUE(throttle.Add(LoadSample{0.1, 21}, 0.8));  // mean (0 + 20) / 2 = 10 -> 5 per core
  EXPECT_EQ(throttle.level(), LoadLevel::kHigh);
  EXPECT_DOUBLE_EQ(throttle.per_core(), 5.0);
  throttle.Add(LoadSample{0.1, 21}, 0.8);
  throttle.Add(LoadSample{0.1, 21}, 0.8);
  for (size_t i = 0; i < LoadThrottle::kWindow; ++i) throttle.Add(LoadSample{0.1, 1}, 0.8);
  EXPECT_EQ(throttle.level(), LoadLevel::kNone);
  EXPECT_DOUBLE_EQ(throttle.per_core(), 0.05);  // the 1-minute average again
}

TEST(LoadThrottleTest, TheOneMinuteAverageHoldsTheLevelAfterABurst) {
  LoadThrottle throttle(2);
  for (size_t i = 0; i < LoadThrottle::kWindow; ++i) throttle.Add(LoadSample{4.0, 1}, 0.8);
  EXPECT_EQ(throttle.level(), LoadLevel::kMedium);  // 2.0 per core, nothing runnable now
}

TEST(LoadThrottleTest, ALevelIsLeftDownwardsOnlyTenPercentBelowItsBound) {
  LoadThrottle throttle(1);
  EXPECT_TRUE(throttle.Add(LoadSample{2.5, 0}, 1.0));  // medium: 2.0 .. 3.0
  EXPECT_EQ(throttle.level(), LoadLevel::kMedium);
  EXPECT_FALSE(throttle.Add(LoadSample{1.9, 0}, 1.0));  // below 2.0 but not below 1.8
  EXPECT_EQ(throttle.level(), LoadLevel::kMedium);
  EXPECT_TRUE(throttle.Add(LoadSample{1.7, 0}, 1.0));
  EXPECT_EQ(throttle.level(), LoadLevel::kLow);
  EXPECT_TRUE(throttle.Add(LoadSample{0.5, 0}, 1.0));  // straight down several levels
  EXPECT_EQ(throttle.level(), LoadLevel::kNone);
  EXPECT_TRUE(throttle.Add(LoadSample{3.0, 0}, 1.0));  // straight up as well
  EXPECT_EQ(throttle.level(), LoadLevel::kHigh);
}

TEST(LoadThrottleTest, AllowedNeverBelowOne) {
  EXPECT_EQ(LoadThrottle::Allowed(LoadLevel::kNone, 8), 8);
  EXPECT_EQ(LoadThrottle::Allowed(LoadLevel::kLow, 8), 4);
  EXPECT_EQ(LoadThrottle::Allowed(LoadLevel::kMedium, 8), 2);
  EXPECT_EQ(LoadThrottle::Allowed(LoadLevel::kHigh, 8), 1);
  EXPECT_EQ(LoadThrottle::Allowed(LoadLevel::kLow, 1), 1);
  EXPECT_EQ(LoadThrottle::Allowed(LoadLevel::kMedium, 3), 1);
  EXPECT_EQ(LoadThrottle::Allowed(LoadLevel::kNone, 0), 1);
  EXPECT_EQ(LoadLevelName(LoadLevel::kMedium), "medium");
}

}  // namespace
}  // namespace keel
