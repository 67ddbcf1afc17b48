#include "cli/cluster_lifecycle.h"

#include <gtest/gtest.h>

#include <sstream>

#include "cli/program_runner.h"

namespace keel {
namespace {

TEST(ClusterLifecycle, ParsesTheActionsAndOptions) {
  auto stop = ParseClusterLifecycle({"stop", "--all", "--timeout", "90"});
  ASSERT_TRUE(stop.has_value()) << stop.error();
  EXPECT_EQ(*stop, (ClusterLifecycleRequest{"stop", true, 90}));
  auto status = ParseClusterLifecycle({"status"});
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(*status, (ClusterLifecycleRequest{"status", false, kClusterStopTimeoutS}));
}

TEST(ClusterLifecycle, RefusesWhatItCannotDoNamingTheArgument) {
  EXPECT_EQ(ParseClusterLifecycle({"start", "--all"}).error(),
            "not supported: start --all (crm runs nothing on other nodes; run it on each node)");
  EXPECT_EQ(ParseClusterLifecycle({"restart", "--all"}).error().substr(0, 29),
            "not supported: restart --all ");
  EXPECT_EQ(ParseClusterLifecycle({"stop", "--timeout", "0"}).error(),
            "--timeout wants seconds from 1 to 86400, not '0'");
  EXPECT_EQ(ParseClusterLifecycle({"stop", "--timeout"}).error(),
            "--timeout wants seconds from 1 to 86400, not ''");
  EXPECT_EQ(ParseClusterLifecycle({"start", "--timeout", "5"}).error(),
            "unexpected argument '--timeout'");
  EXPECT_EQ(ParseClusterLifecycle({"reload"}).error(), "unknown action 'reload'");
}

TEST(ClusterLifecycle, ABadCommandLineRunsNothingAndSaysHow) {
  std::ostringstream out, err;
  EXPECT_EQ(RunClusterLifecycle({"stop", "--now"}, out, err), 2);
  EXPECT_EQ(err.str(),
            "crm cluster: unexpected argument '--now'\n"
            "usage: crm cluster start | stop [--all] [--timeout SECONDS] | restart | status\n");
  EXPECT_TRUE(out.str().empty());
}

TEST(ProgramRunner, ReportsExitOutputAndKillsAtTheBound) {
  auto ok = RunProgram({"sh", "-c", "echo out; echo err >&2; exit 3"}, 5000);
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(ok->exit_code, 3);
  EXPECT_EQ(ok->output, "out\nerr\n");
  auto missing = RunProgram({"/nonexistent/keel-program"}, 5000);
  ASSERT_TRUE(missing.has_value());
  EXPECT_EQ(missing->exit_code, 127);
  auto slow = RunProgram({"sleep", "5"}, 200);
  ASSERT_FALSE(slow.has_value());
  EXPECT_EQ(slow.error().message, "did not finish within 200 ms; killed");
  auto daemon = RunProgram({"sh", "-c", "sleep 5 & exit 0"}, 2000, false);
  ASSERT_TRUE(daemon.has_value()) << "a background child must not hold the caller";
  EXPECT_EQ(daemon->exit_code, 0);
}

}  // namespace
}  // namespace keel
