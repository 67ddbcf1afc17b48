#include "agents/ipvs_config.h"

#include <gtest/gtest.h>

#include "agents/ipv4.h"

namespace keel {
namespace {

std::expected<IpvsConfig, Errors> Parse(std::map<std::string, std::string> values) {
  return ParseIpvsConfig(OcfParams(std::move(values)).WithDefaults(IpvsDirectorSpec()));
}

TEST(IpvsConfig, ParsesServiceAndChecks) {
  auto config = Parse({{"vip", "198.18.0.100"},
                       {"port", "8080"},
                       {"protocol", "udp"},
                       {"real_servers", "198.18.1.2:80:3, 198.18.1.3:81"},
                       {"scheduler", "wrr"},
                       {"check_type", "HTTP_GET"},
                       {"http_path", "/health"},
                       {"http_status", "204"},
                       {"delay_loop", "500ms"},
                       {"retry", "2"},
                       {"sorry_server", "198.18.1.9:80"},
                       {"backend", "nft"}});
  ASSERT_TRUE(config.has_value()) << JoinParamErrors(config.error());
  EXPECT_EQ(FormatIpv4(config->vip), "198.18.0.100");
  EXPECT_EQ(config->port, 8080);
  EXPECT_EQ(config->protocol, "udp");
  ASSERT_EQ(config->real_servers.size(), 2u);
  EXPECT_EQ(config->real_servers[0].weight, 3);
  EXPECT_EQ(config->real_servers[1].port, 81);
  EXPECT_EQ(config->real_servers[1].weight, 1);
  EXPECT_EQ(config->check, CheckType::kHttpGet);
  EXPECT_EQ(config->http_status, 204);
  EXPECT_EQ(config->delay_loop_ms, 500);
  EXPECT_EQ(config->retry, 2);
  ASSERT_TRUE(config->sorry_server.has_value());
  EXPECT_EQ(config->backend, IpvsBackend::kNft);
}

TEST(IpvsConfig, ReportsEveryError) {
  auto config = Parse({{"vip", "198.18.0.300"},
                       {"real_servers", "198.18.1.2 198.18.1.3:99999 198.18.1.4:80:x"},
                       {"scheduler", "fastest"},
                       {"forwarding", "MAGIC"},
                       {"check_type", "MISC_CHECK"},
                       {"misc_dynamic", "perhaps"},
                       {"backend", "ebpf"}});
  ASSERT_FALSE(config.has_value());
  std::vector<std::string> where;
  for (const Error& e : config.error()) where.push_back(e.where);
  EXPECT_EQ(where, (std::vector<std::string>{"vip", "real_servers", "real_servers",
                                             "real_servers", "scheduler", "forwarding",
                                             "misc_path", "misc_dynamic", "backend"}));
}

TEST(IpvsConfig, RequiresVipAndServers) {
  auto config = Parse({});
  ASSERT_FALSE(config.has_value());
  EXPECT_EQ(config.error().size(), 2u);
}

TEST(IpvsConfig, RejectsDuplicateServer) {
  auto config = Parse({{"vip", "198.18.0.1"}, {"real_servers", "198.18.1.2:80 198.18.1.2:80:2"}});
  ASSERT_FALSE(config.has_value());
  EXPECT_NE(config.error()[0].message.find("duplicate"), std::string::npos);
}

TEST(IpvsConfig, InhibitServersMustBeRealServers) {
  auto config = Parse({{"vip", "198.18.0.1"},
                       {"real_servers", "198.18.1.2:80 198.18.1.3:80"},
                       {"inhibit_servers", "198.18.1.3:80"}});
  ASSERT_TRUE(config.has_value()) << JoinParamErrors(config.error());
  EXPECT_FALSE(config->real_servers[0].inhibit);
  EXPECT_TRUE(config->real_servers[1].inhibit);
  auto typo = Parse({{"vip", "198.18.0.1"},
                     {"real_servers", "198.18.1.2:80"},
                     {"inhibit_servers", "198.18.1.4:80, nonsense"}});
  ASSERT_FALSE(typo.has_value());
  ASSERT_EQ(typo.error().size(), 2u);
  EXPECT_EQ(typo.error()[0].message, "'198.18.1.4:80' is not one of real_servers");
  EXPECT_EQ(typo.error()[1].where, "inhibit_servers");
}

TEST(IpvsConfig, TableNamePerInstance) {
  EXPECT_EQ(NftTableName("web-lb.1"), "keel_ipvs_web_lb_1");
  EXPECT_NE(NftTableName("a"), NftTableName("b"));
}

}  // namespace
}  // namespace keel
