#include "cli/cluster_lifecycle.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "cli/cluster_all.h"
#include "cli/program_runner.h"
#include "cli/remote_runner.h"

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
  EXPECT_EQ(ParseClusterLifecycle({"status", "--all"}).error(),
            "not supported: status --all (run it on each node)");
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
            "usage: crm cluster start [--all] | stop [--all] [--timeout SECONDS] | restart [--all] "
            "| status\n");
  EXPECT_TRUE(out.str().empty());
}

TEST(ClusterLifecycle, StartAndRestartAllAreAccepted) {
  EXPECT_EQ(*ParseClusterLifecycle({"start", "--all"}),
            (ClusterLifecycleRequest{"start", true, kClusterStopTimeoutS}));
  EXPECT_EQ(*ParseClusterLifecycle({"restart", "--all"}),
            (ClusterLifecycleRequest{"restart", true, kClusterStopTimeoutS}));
}

// Records what would run where; answers with the exit code set for the node (default 0), or
// an error for a node in `unreachable`.
class FakeRemote : public RemoteRunner {
 public:
  std::expected<ProgramResult, Error> Run(const std::string& node,
                                          const std::vector<std::string>& argv,
                                          int timeout_ms) override {
    std::string line = node + ":";
    for (const std::string& a : argv) line += " " + a;
    calls.push_back(line);
    timeouts.push_back(timeout_ms);
    if (unreachable.contains(node)) {
      return std::unexpected(Error{ErrorCode::kIo, "ssh: connect refused", node});
    }
    auto it = exit_codes.find(node);
    return ProgramResult{it == exit_codes.end() ? 0 : it->second,
                         it == exit_codes.end() ? "" : "corosync did not start\n"};
  }
  std::vector<std::string> calls;
  std::vector<int> timeouts;
  std::map<std::string, int> exit_codes;
  std::set<std::string> unreachable;
};

TEST(ClusterAll, TheOtherNodesOfTheNodelistInItsOrder) {
  EXPECT_EQ(*OtherNodes({"n1", "n2", "n3"}, "n2"), (std::vector<std::string>{"n1", "n3"}));
  EXPECT_EQ(OtherNodes({"n1", "n2"}, "web9").error(),
            "this node (web9) is not in corosync.conf's nodelist (n1, n2)");
}

TEST(ClusterAll, EveryNodeIsTriedAndEachFailureNamesItsNode) {
  FakeRemote remote;
  remote.exit_codes["n2"] = 1;
  remote.unreachable.insert("n3");
  std::ostringstream out, err;
  EXPECT_FALSE(RunOnNodes(remote, {"n2", "n3", "n4"}, "start", 120'000, out, err));
  EXPECT_EQ(remote.calls,
            (std::vector<std::string>{"n2: crm cluster start", "n3: crm cluster start",
                                      "n4: crm cluster start"}));
  EXPECT_EQ(out.str(), "n4: start done\n");
  EXPECT_EQ(err.str(),
            "crm cluster: n2: start FAILED (exit 1): corosync did not start\n"
            "crm cluster: n3: start FAILED (ssh: connect refused)\n");
  std::ostringstream out2, err2;
  FakeRemote fine;
  EXPECT_TRUE(RunOnNodes(fine, {"n1", "n3"}, "stop", 1000, out2, err2));
  EXPECT_EQ(out2.str(), "n1: stop done\nn3: stop done\n");
  EXPECT_EQ(fine.timeouts, (std::vector<int>{1000, 1000}));
}

TEST(ClusterAll, SshAsCrmshDoesIt) {
  EXPECT_EQ(SshRunner::SshArgv("n2", {"crm", "cluster", "stop"}),
            (std::vector<std::string>{"ssh", "-o", "BatchMode=yes", "root@n2", "crm", "cluster",
                                      "stop"}));
}

TEST(ClusterAll, ARemoteShellReplacesSsh) {
  EXPECT_EQ(SshRunner::ShellArgv(SshRunner::ShellWords(" /lab/lab.sh  on "), "n2",
                                 {"crm", "cluster", "stop"}),
            (std::vector<std::string>{"/lab/lab.sh", "on", "n2", "crm", "cluster", "stop"}));
  EXPECT_TRUE(SshRunner::ShellWords(nullptr).empty());
  EXPECT_TRUE(SshRunner::ShellWords(" \t\n").empty()) << "blank: ssh";
  setenv("KEEL_REMOTE_SHELL", "echo via", 1);
  SshRunner runner;
  auto r = runner.Run("n2", {"crm", "cluster", "stop"}, 5000);
  unsetenv("KEEL_REMOTE_SHELL");
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(r->exit_code, 0);
  EXPECT_EQ(r->output, "via n2 crm cluster stop\n");
}

// stop --all: this node first, then every other node stops itself with the same bound; a
// failing node is named and makes the exit 1, and so does a failed stop here.
TEST(ClusterAll, StopAllStopsHereThenEveryOtherNode) {
  FakeRemote remote;
  remote.exit_codes["n3"] = 1;
  std::ostringstream out, err;
  std::vector<std::string> order;
  auto here = [&](int rc) {
    return [&order, &remote, rc] {
      order.push_back("here, after " + std::to_string(remote.calls.size()) + " remote calls");
      return rc;
    };
  };
  EXPECT_EQ(StopOnAllNodes(here(0), remote, {"n1", "n3"}, 30, out, err), 1);
  EXPECT_EQ(order, std::vector<std::string>{"here, after 0 remote calls"});
  EXPECT_EQ(remote.calls, (std::vector<std::string>{"n1: crm cluster stop --timeout 30",
                                                    "n3: crm cluster stop --timeout 30"}));
  EXPECT_EQ(remote.timeouts, (std::vector<int>{90'000, 90'000}));
  EXPECT_EQ(out.str(), "n1: stop done\n");
  EXPECT_EQ(err.str(), "crm cluster: n3: stop FAILED (exit 1): corosync did not start\n");
  FakeRemote fine;
  EXPECT_EQ(StopOnAllNodes(here(0), fine, {"n1"}, 30, out, err), 0);
  EXPECT_EQ(StopOnAllNodes(here(1), fine, {"n1"}, 30, out, err), 1);
  EXPECT_EQ(fine.calls.size(), 2u) << "the others are stopped even when this node's stop failed";
}

// A node that is not in the nodelist runs nothing anywhere (not even here).
TEST(ClusterAll, ANodeOutsideTheNodelistRunsNothing) {
  auto path = std::filesystem::temp_directory_path() /
              ("corosync-all-" + std::to_string(getpid()) + ".conf");
  std::ofstream(path) << "totem {\n  version: 2\n}\nnodelist {\n  node {\n    name: n1\n"
                         "    ring0_addr: 198.18.0.1\n  }\n  node {\n    name: n2\n"
                         "    ring0_addr: 198.18.0.2\n  }\n}\n";
  setenv("COROSYNC_MAIN_CONFIG_FILE", path.c_str(), 1);
  setenv("KEEL_NODE_NAME", "n9", 1);
  FakeRemote remote;
  std::ostringstream out, err;
  for (const char* action : {"start", "restart", "stop"}) {
    out.str("");
    err.str("");
    EXPECT_EQ(RunClusterLifecycle({action, "--all"}, remote, out, err), 1);
    EXPECT_EQ(err.str(),
              "crm cluster: this node (n9) is not in corosync.conf's nodelist (n1, n2)\n");
    EXPECT_TRUE(remote.calls.empty());
    EXPECT_TRUE(out.str().empty()) << action << " --all stops nothing here either";
  }
  unsetenv("COROSYNC_MAIN_CONFIG_FILE");
  unsetenv("KEEL_NODE_NAME");
  std::filesystem::remove(path);
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
