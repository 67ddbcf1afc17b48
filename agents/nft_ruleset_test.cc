#include "agents/nft_ruleset.h"

#include <gtest/gtest.h>

#include "agents/ipvs_test_util.h"

namespace keel {
namespace {

IpvsConfig Config(std::string scheduler) {
  return TestIpvsConfig({{"vip", "198.18.0.100"},
                         {"real_servers", "198.18.1.2:8080:1 198.18.1.3:8080:3"},
                         {"scheduler", scheduler}});
}

std::vector<Destination> Dests(int w1, int w2) {
  return {{(198u << 24) | (18u << 16) | (1u << 8) | 2u, 8080, w1, false},
          {(198u << 24) | (18u << 16) | (1u << 8) | 3u, 8080, w2, false}};
}

TEST(NftRuleset, RoundRobinOneSlotEach) {
  std::string rules = NftRuleset(Config("rr"), "keel_ipvs_web", Dests(1, 3));
  EXPECT_EQ(rules,
            "table ip keel_ipvs_web\n"
            "delete table ip keel_ipvs_web\n"
            "table ip keel_ipvs_web {\n"
            "  chain prerouting {\n"
            "    type nat hook prerouting priority dstnat; policy accept;\n"
            "    ip daddr 198.18.0.100 tcp dport 80 dnat ip to numgen inc mod 2 map { 0 : "
            "198.18.1.2 . 8080, 1 : 198.18.1.3 . 8080 }\n"
            "  }\n"
            "}\n");
}

TEST(NftRuleset, MasqueradeRewritesTheSourceOfWhatItForwarded) {
  IpvsConfig config = Config("rr");
  EXPECT_EQ(NftRuleset(config, "t", Dests(1, 1)).find("postrouting"), std::string::npos);
  config.masquerade = true;
  EXPECT_NE(NftRuleset(config, "t", Dests(1, 1))
                .find("  chain postrouting {\n"
                      "    type nat hook postrouting priority srcnat; policy accept;\n"
                      "    ct status dnat ct original ip daddr 198.18.0.100 meta l4proto tcp "
                      "ct original proto-dst 80 masquerade\n"
                      "  }\n}\n"),
            std::string::npos);
}

TEST(NftRuleset, WeightedRangesAndZeroWeightLeftOut) {
  EXPECT_NE(NftRuleset(Config("wrr"), "t", Dests(1, 3))
                .find("numgen inc mod 4 map { 0 : 198.18.1.2 . 8080, 1-3 : 198.18.1.3 . 8080 }"),
            std::string::npos);
  EXPECT_NE(NftRuleset(Config("wrr"), "t", Dests(0, 3))
                .find("numgen inc mod 3 map { 0-2 : 198.18.1.3 . 8080 }"),
            std::string::npos);
}

TEST(NftRuleset, SourceHash) {
  EXPECT_NE(NftRuleset(Config("sh"), "t", Dests(1, 1))
                .find("dnat ip to jhash ip saddr mod 2 map"),
            std::string::npos);
}

TEST(NftRuleset, NoDestinationRejects) {
  EXPECT_NE(NftRuleset(Config("rr"), "t", {}).find("tcp dport 80 reject with tcp reset"),
            std::string::npos);
  EXPECT_NE(NftRuleset(Config("rr"), "t", Dests(0, 0)).find("reject"), std::string::npos);
}

TEST(NftRuleset, UnsupportedConfigurationsAreNamed) {
  EXPECT_TRUE(CheckNftSupport(Config("rr")).has_value());
  EXPECT_EQ(CheckNftSupport(Config("wlc")).error().where, "scheduler");
  IpvsConfig dr = Config("rr");
  dr.forwarding = Forwarding::kDirect;
  EXPECT_EQ(CheckNftSupport(dr).error().where, "forwarding");
  IpvsConfig persistent = Config("rr");
  persistent.persistence_timeout_s = 60;
  EXPECT_EQ(CheckNftSupport(persistent).error().code, ErrorCode::kNotSupported);
}

}  // namespace
}  // namespace keel
