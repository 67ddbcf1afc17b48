#include "bench/lab_timeline.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>

namespace keel::bench {
namespace {

// 2026-11-24T08:51:52Z
constexpr int64_t kBaseSeconds = 1795510312;

TEST(LabTimelineTest, CrmdStampIsMicrosecondsUtc) {
  auto us = ParseCrmdStamp("2026-11-24T08:51:52.055895Z sync: membership [1,3]");
  ASSERT_TRUE(us.has_value());
  EXPECT_EQ(*us, kBaseSeconds * 1000000 + 55895);
  EXPECT_FALSE(ParseCrmdStamp("server name: keel-crmd").has_value());
  EXPECT_FALSE(ParseCrmdStamp("2026-11-24 08:51:52.055895 no T").has_value());
}

TEST(LabTimelineTest, CrmdLogSkipsUnstampedLinesAndKeepsText) {
  auto events = ParseCrmdLog(
      "2026-11-24T08:51:52.000001Z crmd: starting\nserver name: keel-crmd\n"
      "2026-11-24T08:51:52.500000Z controller: sending vip_start_0 on n2\n");
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].text, "controller: sending vip_start_0 on n2");
  EXPECT_EQ(events[1].us - events[0].us, 499999);
}

TEST(LabTimelineTest, FirstAfterHonoursTimeAndNeedle) {
  std::vector<LogEvent> events{
      {10, "sync: membership [1,2,3]"}, {20, "quorum: lost"}, {30, "sync: membership [1,3]"}};
  EXPECT_EQ(FirstAfter(events, 11, "sync: membership")->us, 30);
  EXPECT_EQ(FirstAfter(events, 10, "sync: membership")->us, 10);
  EXPECT_FALSE(FirstAfter(events, 31, "sync").has_value());
  EXPECT_FALSE(FirstAfter(events, 0, "fencing").has_value());
}

TEST(LabTimelineTest, CorosyncStampInLocalTimeTakesTheReferenceYear) {
  setenv("TZ", "UTC", 1);
  tzset();
  int64_t reference = kBaseSeconds * 1000000;
  auto us = ParseCorosyncStamp(
      "Nov 24 08:51:54.963 [1234] n1 corosync notice  [TOTEM ] A new membership", reference);
  ASSERT_TRUE(us.has_value());
  EXPECT_EQ(*us, (kBaseSeconds + 2) * 1000000 + 963000);
  // A line from December seen in January belongs to the previous year.
  int64_t january = (kBaseSeconds + 40 * 86400) * 1000000;  // 2027-01-03
  auto december = ParseCorosyncStamp("Dec 31 23:59:59.000 [1] n1 corosync notice", january);
  ASSERT_TRUE(december.has_value());
  EXPECT_LT(*december, january);
  EXPECT_GT(*december, january - int64_t{4} * 86400 * 1000000);
  EXPECT_FALSE(ParseCorosyncStamp("Foo 24 08:51:54.963 x", reference).has_value());
  auto events = ParseCorosyncLog(
      "Nov 24 08:51:54.963 [1] n1 corosync notice  [TOTEM ] A new membership\n", reference);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_NE(events[0].text.find("A new membership"), std::string::npos);
}

TEST(LabTimelineTest, SummarizeUsesNearestRank) {
  EXPECT_EQ(Summarize({}).n, 0u);
  Figures one = Summarize({5});
  EXPECT_EQ(one.median, 5);
  EXPECT_EQ(one.p90, 5);
  std::vector<double> twenty;
  for (int i = 20; i >= 1; --i) twenty.push_back(i);
  Figures f = Summarize(twenty);
  EXPECT_EQ(f.n, 20u);
  EXPECT_EQ(f.median, 10);  // rank ceil(0.5 * 20) = 10
  EXPECT_EQ(f.p90, 18);     // rank ceil(0.9 * 20) = 18
  EXPECT_EQ(f.max, 20);
}

}  // namespace
}  // namespace keel::bench
