#include "agents/ipvsadm_commands.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "agents/ipvs_test_util.h"

namespace keel {
namespace {

// The recorded expectation, without comment lines.
std::string Expected() {
  // Beside this source file, whatever the working directory.
  std::ifstream in(std::filesystem::path(KEEL_THIS_DIR) / "testdata" / "ipvsadm_expected.txt");
  EXPECT_TRUE(in.good()) << "recorded expectation not found";
  std::string out, line;
  while (std::getline(in, line)) {
    if (line.starts_with("# ")) continue;
    out += line + "\n";
  }
  return out;
}

void Append(std::string& out, const std::vector<CommandLine>& commands) {
  for (const CommandLine& c : commands) out += FormatCommandLine(c) + "\n";
}

TEST(Ipvsadm, MatchesRecordedExpectation) {
  IpvsConfig config =
      TestIpvsConfig({{"vip", "198.18.0.100"},
                      {"real_servers", "198.18.1.11:80:1 198.18.1.12:80:2 198.18.1.13:80:3"},
                      {"scheduler", "wlc"},
                      {"forwarding", "DR"},
                      {"persistence_timeout", "300"},
                      {"check_type", "MISC_CHECK"},
                      {"misc_path", "/bin/true"},
                      {"misc_dynamic", "true"},
                      {"inhibit_on_failure", "true"},
                      {"retry", "2"}});
  ASSERT_EQ(config.real_servers.size(), 3u);
  HealthTracker tracker(config, 0);
  std::string actual = "## create\n";
  std::vector<Destination> before = tracker.Destinations();
  Append(actual, IpvsadmCreate(config, before));
  actual += "## .12 down (inhibit: weight 0)\n";
  tracker.Record(1, MapMiscExit(1, true), 0);
  tracker.Record(1, MapMiscExit(1, true), 1000);
  Append(actual, IpvsadmUpdate(config, before, tracker.Destinations()));
  before = tracker.Destinations();
  actual += "## .13 weight 7 - 2 = 5\n";
  tracker.Record(2, MapMiscExit(7, true), 1000);
  Append(actual, IpvsadmUpdate(config, before, tracker.Destinations()));
  actual += "## delete\n";
  Append(actual, IpvsadmDelete(config));
  EXPECT_EQ(actual, Expected());
}

TEST(Ipvsadm, RemovalWithoutInhibitAndUdpNat) {
  IpvsConfig config = TestIpvsConfig(
      {{"vip", "198.18.0.100"}, {"port", "53"}, {"protocol", "udp"},
       {"real_servers", "198.18.1.2:53 198.18.1.3:53"}});
  std::vector<Destination> before{{config.real_servers[0].ip, 53, 1, false},
                                  {config.real_servers[1].ip, 53, 1, false}};
  std::vector<Destination> after{before[1]};
  auto commands = IpvsadmUpdate(config, before, after);
  ASSERT_EQ(commands.size(), 1u);
  EXPECT_EQ(FormatCommandLine(commands[0]), "ipvsadm -d -u 198.18.0.100:53 -r 198.18.1.2:53");
  EXPECT_EQ(FormatCommandLine(IpvsadmCreate(config, after)[1]),
            "ipvsadm -a -u 198.18.0.100:53 -r 198.18.1.3:53 -m -w 1");
}

}  // namespace
}  // namespace keel
