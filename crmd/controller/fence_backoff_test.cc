#include "crmd/controller/fence_backoff.h"

#include <gtest/gtest.h>

namespace keel {
namespace {

TEST(FenceBackoff, DoublesFromFiveSecondsUpToAMinute) {
  FenceBackoff b;
  EXPECT_TRUE(b.Ready("n3", 0));
  std::vector<int64_t> waits;
  int64_t now = 1000;
  for (int i = 0; i < 7; ++i) {
    int64_t at = b.Failed("n3", now);
    waits.push_back(at - now);
    EXPECT_FALSE(b.Ready("n3", at - 1));
    EXPECT_TRUE(b.Ready("n3", at));
    now = at;
  }
  EXPECT_EQ(waits, (std::vector<int64_t>{5000, 10000, 20000, 40000, 60000, 60000, 60000}));
  EXPECT_EQ(b.Failures("n3"), 7);
  b.Clear("n3");
  EXPECT_EQ(b.Failures("n3"), 0);
  EXPECT_EQ(b.Failed("n3", 0), 5000);
}

TEST(FenceBackoff, DueTargetsAreHandedOutOncePerFailure) {
  FenceBackoff b;
  b.Failed("n2", 0);
  b.Failed("n3", 1000);
  EXPECT_EQ(b.NextDue(), 5000);
  EXPECT_TRUE(b.TakeDue(4999).empty());
  EXPECT_EQ(b.TakeDue(5000), std::vector<std::string>{"n2"});
  EXPECT_TRUE(b.TakeDue(5500).empty());
  EXPECT_EQ(b.NextDue(), 6000);
  EXPECT_EQ(b.TakeDue(7000), std::vector<std::string>{"n3"});
  EXPECT_FALSE(b.NextDue().has_value());
  b.Failed("n2", 7000);  // failed again: due again after the next (longer) wait
  EXPECT_EQ(b.NextDue(), 17000);
  b.ClearAll();
  EXPECT_FALSE(b.NextDue().has_value());
  EXPECT_TRUE(b.Ready("n2", 0));
}

}  // namespace
}  // namespace keel
