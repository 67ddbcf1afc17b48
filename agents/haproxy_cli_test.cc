#include "agents/haproxy_cli.h"

#include <gtest/gtest.h>

namespace keel {
namespace {

TEST(HaproxyCli, ParsesShowProc) {
  auto processes = ParseShowProc(
      "#<PID>          <type>          <reloads>       <uptime>        <version>      \n"
      "20059           master          1 [failed: 0]   0d00h10m11s     2.6.12\n"
      "# workers\n"
      "20071           worker          0               0d00h00m01s     2.6.12\n"
      "20060           worker          1               0d00h10m11s     2.6.12\n"
      "# programs\n\n");
  ASSERT_EQ(processes.size(), 3u);
  EXPECT_EQ(processes[0].type, "master");
  EXPECT_EQ(processes[0].reloads, 1);
  EXPECT_EQ(processes[1].pid, 20071);
  EXPECT_EQ(processes[2].reloads, 1);
}

TEST(HaproxyCli, ParsesFrontendStatusByHeader) {
  auto frontends = ParseFrontends(
      "# pxname,svname,qcur,status,x\n"
      "fe,FRONTEND,,OPEN,1\n"
      "be,s1,0,UP,1\n"
      "be,BACKEND,0,UP,1\n"
      "admin,FRONTEND,,STOP,1\n\n");
  ASSERT_EQ(frontends.size(), 2u);
  EXPECT_EQ(frontends[0].name, "fe");
  EXPECT_EQ(frontends[0].status, "OPEN");
  EXPECT_EQ(frontends[1].status, "STOP");
}

TEST(HaproxyCli, MissingSocketIsAnError) {
  auto answer = MasterCli("/nonexistent/keel.sock", "show proc", std::chrono::milliseconds(100));
  ASSERT_FALSE(answer.has_value());
  EXPECT_EQ(answer.error().where, "/nonexistent/keel.sock");
}

}  // namespace
}  // namespace keel
