#include "agents/ping_config.h"

#include <gtest/gtest.h>

#include "agents/meta_data.h"

namespace keel {
namespace {

OcfParams Params(std::map<std::string, std::string> values) {
  return OcfParams(std::move(values)).WithDefaults(PingSpec());
}

std::string Wheres(const Errors& errors) {
  std::string out;
  for (const Error& e : errors) out += e.where + ";";
  return out;
}

TEST(PingConfig, DefaultsAreOcfPacemakerPings) {
  auto config = ParsePingConfig(Params({{"host_list", "198.18.0.254"}}));
  ASSERT_TRUE(config.has_value());
  EXPECT_EQ(config->hosts, std::vector<std::string>{"198.18.0.254"});
  EXPECT_EQ(config->attribute, "pingd");
  EXPECT_EQ(config->multiplier, 1);
  EXPECT_EQ(config->dampen_ms, 5000);
  EXPECT_EQ(config->attempts, 3);
  EXPECT_EQ(config->timeout_s, 2);
  EXPECT_FALSE(config->failure_score.has_value());
}

TEST(PingConfig, ParsesEveryParameter) {
  auto config = ParsePingConfig(Params({{"host_list", "  198.18.0.254 gw.example fe80::1%eth0 "},
                                        {"name", "uplink"},
                                        {"multiplier", "100"},
                                        {"dampen", "1500ms"},
                                        {"attempts", "1"},
                                        {"timeout", "1"},
                                        {"failure_score", "100"}}));
  ASSERT_TRUE(config.has_value());
  EXPECT_EQ(config->hosts,
            (std::vector<std::string>{"198.18.0.254", "gw.example", "fe80::1%eth0"}));
  EXPECT_EQ(config->attribute, "uplink");
  EXPECT_EQ(config->multiplier, 100);
  EXPECT_EQ(config->dampen_ms, 1500);
  EXPECT_EQ(config->attempts, 1);
  EXPECT_EQ(config->timeout_s, 1);
  EXPECT_EQ(config->failure_score, 100);
}

TEST(PingConfig, DuplicateHostsCountOnce) {
  auto config = ParsePingConfig(Params({{"host_list", "198.18.0.254 198.18.0.254"}}));
  ASSERT_TRUE(config.has_value());
  EXPECT_EQ(config->hosts.size(), 1u);
}

TEST(PingConfig, ReportsEveryBadParameterByName) {
  auto config = ParsePingConfig(Params({{"host_list", "198.18.0.254 -f $(reboot)"},
                                        {"name", "ping d"},
                                        {"multiplier", "0"},
                                        {"dampen", "soon"},
                                        {"attempts", "11"},
                                        {"timeout", "x"},
                                        {"failure_score", "-1"}}));
  ASSERT_FALSE(config.has_value());
  EXPECT_EQ(Wheres(config.error()),
            "host_list;host_list;name;multiplier;dampen;attempts;timeout;failure_score;");
  EXPECT_NE(config.error()[0].message.find("'-f'"), std::string::npos);
}

TEST(PingConfig, MissingOrEmptyHostList) {
  for (const char* hosts : {"", "   "}) {
    auto config = ParsePingConfig(Params({{"host_list", hosts}}));
    ASSERT_FALSE(config.has_value()) << "'" << hosts << "'";
    EXPECT_EQ(config.error()[0].where, "host_list");
  }
}

TEST(PingConfig, TooManyHosts) {
  std::string hosts;
  for (int i = 1; i <= 33; ++i) hosts += "198.18.1." + std::to_string(i) + " ";
  auto config = ParsePingConfig(Params({{"host_list", hosts}}));
  ASSERT_FALSE(config.has_value());
  EXPECT_NE(config.error()[0].message.find("at most 32"), std::string::npos);
}

TEST(PingConfig, RefusesPacemakerOptionsItDoesNotImplement) {
  auto config = ParsePingConfig(
      Params({{"host_list", "198.18.0.254"}, {"options", "-I eth1"}, {"use_fping", "1"}}));
  ASSERT_FALSE(config.has_value());
  ASSERT_EQ(config.error().size(), 2u);
  EXPECT_EQ(config.error()[0].code, ErrorCode::kNotSupported);
  EXPECT_NE(config.error()[0].message.find("not supported: options"), std::string::npos);
  EXPECT_NE(config.error()[1].message.find("not supported: use_fping"), std::string::npos);
}

TEST(PingScore, MultiplierTimesReachableHosts) {
  PingConfig config;
  config.multiplier = 100;
  EXPECT_EQ(PingScore(config, 0), 0);
  EXPECT_EQ(PingScore(config, 1), 100);
  EXPECT_EQ(PingScore(config, 3), 300);
  config.multiplier = 1;
  EXPECT_EQ(PingScore(config, 2), 2);
}

TEST(PingCommands, PingIsBoundedByAttemptsTimesTimeout) {
  PingConfig config;
  config.attempts = 3;
  config.timeout_s = 2;
  EXPECT_EQ(PingCommand(config, "198.18.0.254"),
            (std::vector<std::string>{"ping", "-n", "-q", "-c", "1", "-i", "2", "-w", "6",
                                      "198.18.0.254"}));
  EXPECT_EQ(PingTimeLimit(config), std::chrono::milliseconds(8000));
}

TEST(PingCommands, AttrdUpdaterWithDampening) {
  PingConfig config;
  config.attribute = "pingd";
  config.dampen_ms = 5000;
  EXPECT_EQ(
      AttrdUpdateCommand(config, 200),
      (std::vector<std::string>{"attrd_updater", "-n", "pingd", "-v", "200", "-d", "5000ms"}));
  EXPECT_EQ(AttrdDeleteCommand(config),
            (std::vector<std::string>{"attrd_updater", "-D", "-n", "pingd", "-d", "5000ms"}));
}

TEST(PingSpec, MetaDataNamesEveryParameter) {
  std::string xml = RenderMetaData(PingSpec());
  for (const char* name :
       {"host_list", "name", "multiplier", "dampen", "attempts", "timeout", "failure_score"}) {
    EXPECT_NE(xml.find("<parameter name=\"" + std::string(name) + "\""), std::string::npos) << name;
  }
  EXPECT_NE(xml.find("<resource-agent name=\"ping\""), std::string::npos);
}

}  // namespace
}  // namespace keel
