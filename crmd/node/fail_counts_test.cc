#include "crmd/node/fail_counts.h"

#include <gtest/gtest.h>

namespace keel {
namespace {

ActionResult Failed(const std::string& action, int64_t interval_ms) {
  ActionResult r;
  r.rsc_id = "vip";
  r.action = action;
  r.interval_ms = interval_ms;
  r.rc = 1;
  r.op_status = OpStatus::kDone;
  return r;
}

std::vector<std::pair<std::string, std::string>> Pairs(const std::vector<AttributeUpdate>& u) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const AttributeUpdate& x : u) {
    EXPECT_EQ(x.node, "n1");
    out.emplace_back(x.name, x.op == AttributeUpdate::Op::kSet ? x.value : "(delete)");
  }
  return out;
}

using P = std::vector<std::pair<std::string, std::string>>;

TEST(FailCountsTest, AFailedMonitorIncrementsItsCountAndStampsTheTime) {
  EXPECT_EQ(FailCountName("vip", "monitor", 10000), "fail-count-vip#monitor_10000");
  EXPECT_EQ(Pairs(FailureUpdates("n1", Failed("monitor", 10000), true, false, 1700000000)),
            (P{{"fail-count-vip#monitor_10000", "value++"},
               {"last-failure-vip#monitor_10000", "1700000000"}}));
}

TEST(FailCountsTest, AFailedStartIsInfiniteOnlyWhenStartFailureIsFatal) {
  EXPECT_EQ(Pairs(FailureUpdates("n1", Failed("start", 0), true, false, 5))[0],
            (std::pair<std::string, std::string>{"fail-count-vip#start_0", "INFINITY"}));
  EXPECT_EQ(Pairs(FailureUpdates("n1", Failed("start", 0), false, false, 5))[0],
            (std::pair<std::string, std::string>{"fail-count-vip#start_0", "value++"}));
}

TEST(FailCountsTest, AFailedStopIsAlwaysInfinite) {
  EXPECT_EQ(Pairs(FailureUpdates("n1", Failed("stop", 0), false, false, 5))[0],
            (std::pair<std::string, std::string>{"fail-count-vip#stop_0", "INFINITY"}));
}

TEST(FailCountsTest, OnFailIgnoreStampsTheLastFailureOnly) {
  EXPECT_EQ(Pairs(FailureUpdates("n1", Failed("monitor", 10000), true, true, 7)),
            (P{{"last-failure-vip#monitor_10000", "7"}}));
}

TEST(FailCountsTest, AFailedProbeOrOtherOneShotActionIsNotCounted) {
  EXPECT_TRUE(FailureUpdates("n1", Failed("monitor", 0), true, false, 5).empty());
  EXPECT_TRUE(FailureUpdates("n1", Failed("migrate_to", 0), true, false, 5).empty());
  EXPECT_FALSE(FailureUpdates("n1", Failed("promote", 0), true, false, 5).empty());
  EXPECT_FALSE(FailureUpdates("n1", Failed("demote", 0), true, false, 5).empty());
}

TEST(FailCountsTest, CleanupDeletesTheResourcesFailuresOnlyNotAPrefixOfAnother) {
  EXPECT_TRUE(IsFailureAttributeOf("fail-count-vip#monitor_10000", "vip"));
  EXPECT_TRUE(IsFailureAttributeOf("last-failure-vip#start_0", "vip"));
  EXPECT_TRUE(IsFailureAttributeOf("fail-count-vip", "vip"));
  EXPECT_FALSE(IsFailureAttributeOf("fail-count-vip2#start_0", "vip"));
  EXPECT_FALSE(IsFailureAttributeOf("pingd", "vip"));
  std::vector<std::string> names{"fail-count-vip#monitor_10000", "fail-count-vip2#start_0",
                                 "last-failure-vip#monitor_10000", "pingd",
                                 "fail-count-web#stop_0"};
  EXPECT_EQ(Pairs(FailureDeletions("n1", names, {"vip", "web"})),
            (P{{"fail-count-vip#monitor_10000", "(delete)"},
               {"last-failure-vip#monitor_10000", "(delete)"},
               {"fail-count-web#stop_0", "(delete)"}}));
}

}  // namespace
}  // namespace keel
