#include "agents/ipaddr_config.h"

#include <gtest/gtest.h>

namespace keel {
namespace {

OcfParams Params(std::map<std::string, std::string> values) {
  return OcfParams(std::move(values)).WithDefaults(IpaddrSpec());
}

TEST(IpaddrConfig, ParsesEveryParameter) {
  auto config = ParseIpaddrConfig(Params({{"ip", "198.18.0.100"},
                                          {"cidr_netmask", "255.255.255.0"},
                                          {"nic", "eth0"},
                                          {"broadcast", "198.18.0.255"},
                                          {"label", "vip"},
                                          {"arp_count", "3"},
                                          {"arp_interval", "50"}}));
  ASSERT_TRUE(config.has_value());
  EXPECT_EQ(FormatIpv4(config->ip), "198.18.0.100");
  EXPECT_EQ(config->prefix, 24);
  EXPECT_EQ(config->nic, "eth0");
  EXPECT_EQ(config->label, "vip");
  EXPECT_EQ(config->arp_count, 3);
  EXPECT_EQ(config->arp_interval_ms, 50);
}

TEST(IpaddrConfig, DefaultsFromSpec) {
  auto config = ParseIpaddrConfig(Params({{"ip", "198.18.0.100"}}));
  ASSERT_TRUE(config.has_value());
  EXPECT_EQ(config->prefix, -1);
  EXPECT_EQ(config->arp_count, 5);
  EXPECT_EQ(config->arp_interval_ms, 200);
}

TEST(IpaddrConfig, ReportsEveryBadParameter) {
  auto config = ParseIpaddrConfig(Params({{"ip", "1.2.3.4; touch /tmp/x"},
                                          {"cidr_netmask", "33"},
                                          {"nic", "eth0/x"},
                                          {"arp_count", "many"}}));
  ASSERT_FALSE(config.has_value());
  ASSERT_EQ(config.error().size(), 4u);
  EXPECT_EQ(config.error()[0].where, "ip");
  EXPECT_EQ(config.error()[1].where, "cidr_netmask");
  EXPECT_EQ(config.error()[2].where, "nic");
  EXPECT_EQ(config.error()[3].where, "arp_count");
}

TEST(IpaddrConfig, MissingIpIsAnError) {
  auto config = ParseIpaddrConfig(Params({}));
  ASSERT_FALSE(config.has_value());
  EXPECT_EQ(config.error()[0].where, "ip");
}

TEST(IpaddrConfig, ResolvesNicAndPrefixFromRoutes) {
  auto routes = ParseRoutes("198.18.0.0/24 dev eth1 proto kernel scope link\n");
  auto config = ParseIpaddrConfig(Params({{"ip", "198.18.0.100"}}));
  auto resolved = ResolveIpaddrConfig(*config, routes);
  ASSERT_TRUE(resolved.has_value());
  EXPECT_EQ(resolved->nic, "eth1");
  EXPECT_EQ(resolved->prefix, 24);
}

TEST(IpaddrConfig, ExplicitNicOffRouteGets32) {
  auto routes = ParseRoutes("198.18.0.0/24 dev eth1 proto kernel scope link\n");
  auto config = ParseIpaddrConfig(Params({{"ip", "198.18.0.100"}, {"nic", "eth2"}}));
  auto resolved = ResolveIpaddrConfig(*config, routes);
  ASSERT_TRUE(resolved.has_value());
  EXPECT_EQ(resolved->prefix, 32);
}

TEST(IpaddrConfig, NoRouteNoNicIsAnError) {
  auto config = ParseIpaddrConfig(Params({{"ip", "198.19.0.100"}}));
  auto resolved = ResolveIpaddrConfig(*config, {});
  ASSERT_FALSE(resolved.has_value());
  EXPECT_EQ(resolved.error().where, "nic");
}

TEST(IpaddrConfig, LabelTooLong) {
  auto config =
      ParseIpaddrConfig(Params({{"ip", "198.18.0.1"}, {"nic", "eth0"}, {"label", "verylonglabel"}}));
  ASSERT_TRUE(config.has_value());
  auto resolved = ResolveIpaddrConfig(*config, {});
  ASSERT_FALSE(resolved.has_value());
  EXPECT_EQ(resolved.error().where, "label");
}

}  // namespace
}  // namespace keel
