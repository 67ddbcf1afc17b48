#include "agents/health_state.h"

#include <gtest/gtest.h>

#include "agents/ipv4.h"
#include "agents/ipvs_test_util.h"

namespace keel {
namespace {

const ProbeOutcome kUp{true, std::nullopt};
const ProbeOutcome kDown{false, std::nullopt};

IpvsConfig TwoServers(std::map<std::string, std::string> extra = {}) {
  std::map<std::string, std::string> values{{"vip", "198.18.0.100"},
                                            {"real_servers", "198.18.1.2:80:1 198.18.1.3:80:2"},
                                            {"delay_loop", "1s"},
                                            {"retry", "3"}};
  for (auto& [key, value] : extra) values[key] = value;
  return TestIpvsConfig(values);
}

TEST(MiscExit, StaticAndDynamic) {
  EXPECT_TRUE(MapMiscExit(0, false).success);
  EXPECT_FALSE(MapMiscExit(2, false).success);
  EXPECT_TRUE(MapMiscExit(0, true).success);
  EXPECT_FALSE(MapMiscExit(0, true).weight.has_value());
  EXPECT_FALSE(MapMiscExit(1, true).success);
  EXPECT_EQ(MapMiscExit(2, true).weight, 0);
  EXPECT_EQ(MapMiscExit(7, true).weight, 5);
  EXPECT_EQ(MapMiscExit(255, true).weight, 253);
  EXPECT_FALSE(MapMiscExit(-1, true).success);  // killed by a signal
}

TEST(HealthTracker, LeavesAfterRetryFailuresAndReturnsOnSuccess) {
  HealthTracker tracker(TwoServers(), 0);
  EXPECT_EQ(tracker.Due(0).size(), 2u);
  EXPECT_FALSE(tracker.Record(0, kDown, 0));
  EXPECT_FALSE(tracker.Record(0, kDown, 1000));
  EXPECT_TRUE(tracker.alive(0));
  EXPECT_TRUE(tracker.Record(0, kDown, 2000));  // third consecutive failure
  EXPECT_FALSE(tracker.alive(0));
  ASSERT_EQ(tracker.Destinations().size(), 1u);
  EXPECT_EQ(FormatIpv4(tracker.Destinations()[0].ip), "198.18.1.3");
  EXPECT_TRUE(tracker.Record(0, kUp, 3000));
  EXPECT_EQ(tracker.Destinations().size(), 2u);
}

TEST(HealthTracker, SuccessResetsTheFailureCount) {
  HealthTracker tracker(TwoServers(), 0);
  tracker.Record(0, kDown, 0);
  tracker.Record(0, kDown, 1000);
  tracker.Record(0, kUp, 2000);
  tracker.Record(0, kDown, 3000);
  tracker.Record(0, kDown, 4000);
  EXPECT_TRUE(tracker.alive(0));
}

TEST(HealthTracker, SchedulesEveryDelayLoopAndSpreadsWarmup) {
  HealthTracker tracker(TwoServers({{"warmup", "4s"}}), 10000);
  EXPECT_EQ(tracker.Due(10000), std::vector<size_t>{0});
  EXPECT_EQ(tracker.NextDue(), 10000);
  tracker.Record(0, kUp, 10000);
  EXPECT_EQ(tracker.NextDue(), 11000);  // server 0 again after delay_loop (1 s)
  EXPECT_EQ(tracker.Due(11999), (std::vector<size_t>{0}));
  EXPECT_EQ(tracker.Due(12000), (std::vector<size_t>{0, 1}));  // server 1 after warmup/2
}

TEST(HealthTracker, InhibitKeepsWeightZero) {
  HealthTracker tracker(TwoServers({{"inhibit_on_failure", "yes"}, {"retry", "1"}}), 0);
  EXPECT_TRUE(tracker.Record(1, kDown, 0));
  auto dests = tracker.Destinations();
  ASSERT_EQ(dests.size(), 2u);
  EXPECT_EQ(dests[1].weight, 0);
}

// keepalived's inhibit_on_failure belongs to one real_server: only the named one stays.
TEST(HealthTracker, InhibitServersKeepOnlyTheNamedServerAtWeightZero) {
  HealthTracker tracker(TwoServers({{"inhibit_servers", "198.18.1.3:80"}, {"retry", "1"}}), 0);
  tracker.Record(0, kDown, 0);
  EXPECT_TRUE(tracker.Record(1, kDown, 0));
  auto dests = tracker.Destinations();
  ASSERT_EQ(dests.size(), 1u);
  EXPECT_EQ(FormatIpv4(dests[0].ip), "198.18.1.3");
  EXPECT_EQ(dests[0].weight, 0);
}

TEST(HealthTracker, DynamicWeight) {
  HealthTracker tracker(TwoServers(), 0);
  EXPECT_TRUE(tracker.Record(1, MapMiscExit(12, true), 0));
  EXPECT_EQ(tracker.Destinations()[1].weight, 10);
  EXPECT_FALSE(tracker.Record(1, MapMiscExit(0, true), 1000));  // 0: weight unchanged
  EXPECT_EQ(tracker.weight(1), 10);
}

TEST(HealthTracker, SorryServerWhenAllDown) {
  HealthTracker tracker(TwoServers({{"sorry_server", "198.18.1.9:8080"}, {"retry", "1"}}), 0);
  tracker.Record(0, kDown, 0);
  EXPECT_TRUE(tracker.Record(1, kDown, 0));
  auto dests = tracker.Destinations();
  ASSERT_EQ(dests.size(), 1u);
  EXPECT_TRUE(dests[0].sorry);
  EXPECT_EQ(dests[0].port, 8080);
  EXPECT_TRUE(tracker.Record(0, kUp, 1000));
  EXPECT_FALSE(tracker.Destinations()[0].sorry);
}

TEST(HealthTracker, QuorumWithHysteresis) {
  // Weights 1 and 2; quorum 2, hysteresis 1: lost below 1, regained at 3.
  HealthTracker tracker(TwoServers({{"quorum", "2"},
                                    {"hysteresis", "1"},
                                    {"retry", "1"},
                                    {"sorry_server", "198.18.1.9:80"}}),
                        0);
  EXPECT_TRUE(tracker.quorum_up());
  tracker.Record(1, kDown, 0);  // live weight 1: not below 1, still up
  EXPECT_TRUE(tracker.quorum_up());
  tracker.Record(0, kDown, 0);  // live weight 0: lost
  EXPECT_FALSE(tracker.quorum_up());
  tracker.Record(1, kUp, 1000);  // live weight 2: below 3, still lost
  EXPECT_FALSE(tracker.quorum_up());
  EXPECT_TRUE(tracker.Destinations()[0].sorry);
  tracker.Record(0, kUp, 1000);  // live weight 3: regained
  EXPECT_TRUE(tracker.quorum_up());
  EXPECT_EQ(tracker.Destinations().size(), 2u);
}

}  // namespace
}  // namespace keel
