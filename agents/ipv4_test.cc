#include "agents/ipv4.h"

#include <gtest/gtest.h>

namespace keel {
namespace {

TEST(Ipv4, ParsesAndFormats) {
  auto ip = ParseIpv4("198.18.0.100");
  ASSERT_TRUE(ip.has_value());
  EXPECT_EQ(*ip, (198u << 24) | (18u << 16) | 100u);
  EXPECT_EQ(FormatIpv4(*ip), "198.18.0.100");
}

TEST(Ipv4, RejectsMalformed) {
  for (const char* bad : {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.4; touch /tmp/x",
                          "1..2.3", "a.b.c.d", "1.2.3.4 "}) {
    EXPECT_FALSE(ParseIpv4(bad).has_value()) << bad;
  }
}

TEST(Ipv4, SubnetsAndMasks) {
  EXPECT_EQ(PrefixMask(24), 0xffffff00u);
  EXPECT_EQ(PrefixMask(0), 0u);
  EXPECT_EQ(PrefixMask(32), 0xffffffffu);
  EXPECT_TRUE(InSubnet(*ParseIpv4("198.18.0.7"), *ParseIpv4("198.18.0.0"), 24));
  EXPECT_FALSE(InSubnet(*ParseIpv4("198.18.1.7"), *ParseIpv4("198.18.0.0"), 24));
}

TEST(Ipv4, InterfaceNames) {
  EXPECT_TRUE(ValidInterfaceName("eth0"));
  EXPECT_FALSE(ValidInterfaceName("a/b"));
  EXPECT_FALSE(ValidInterfaceName("eth0:1"));
  EXPECT_FALSE(ValidInterfaceName("0123456789abcdef"));
  EXPECT_FALSE(ValidInterfaceName(""));
}

TEST(Ipv4, FindsLongestConnectedRoute) {
  auto routes = ParseRoutes(
      "default via 198.18.0.254 dev eth0\n"
      "198.18.0.0/16 dev eth1 proto kernel scope link src 198.18.3.1\n"
      "198.18.0.0/24 dev eth0 proto kernel scope link src 198.18.0.1\n"
      "198.19.0.0/24 via 198.18.0.9 dev eth0\n"
      "garbage line\n");
  ASSERT_EQ(routes.size(), 4u);
  auto route = FindConnectedRoute(routes, *ParseIpv4("198.18.0.100"));
  ASSERT_TRUE(route.has_value());
  EXPECT_EQ(route->dev, "eth0");
  EXPECT_EQ(route->prefix, 24);
  EXPECT_EQ(FindConnectedRoute(routes, *ParseIpv4("198.18.7.1"))->dev, "eth1");
  EXPECT_FALSE(FindConnectedRoute(routes, *ParseIpv4("198.19.0.5")).has_value());
}

TEST(Ipv4, ParsesAddressLines) {
  auto entries = ParseAddresses(
      "1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever\n"
      "2: eth0@if5    inet 198.18.0.1/24 brd 198.18.0.255 scope global eth0\\       valid_lft "
      "forever\n"
      "2: eth0@if5    inet 198.18.0.100/24 brd 198.18.0.255 scope global secondary eth0:vip\\ "
      "     valid_lft forever\n");
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[1].dev, "eth0");
  EXPECT_EQ(FormatIpv4(entries[2].address), "198.18.0.100");
  EXPECT_EQ(entries[2].prefix, 24);
  EXPECT_EQ(entries[2].label, "eth0:vip");
}

}  // namespace
}  // namespace keel
