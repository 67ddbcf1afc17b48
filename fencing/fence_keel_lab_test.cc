// The lab fence agent's protocol surface, without root or namespaces (the lab test does those).

#include <gtest/gtest.h>

#include <filesystem>

#include "fencing/fence_device.h"
#include "fencing/local_agent.h"
#include "fencing/posix_agent_runner.h"

namespace keel {
namespace {

const std::string kAgentDir = KEEL_THIS_DIR;

AgentExit RunLabAgent(const std::string& input) {
  PosixAgentRunner runner;
  AgentInvocation invocation;
  invocation.path = kAgentDir + "/fence_keel_lab";
  invocation.stdin_text = input;
  invocation.timeout_ms = 20000;
  return runner.Run(invocation);
}

TEST(FenceKeelLab, MetadataParsesWithEveryAction) {
  PosixAgentRunner runner;
  auto metadata = QueryFenceMetadata(runner, kAgentDir, "fence_keel_lab", 20000);
  ASSERT_TRUE(metadata) << metadata.error().ToString();
  EXPECT_EQ(metadata->name, "fence_keel_lab");
  for (const char* action :
       {"on", "off", "reboot", "status", "monitor", "list", "list-status", "metadata"}) {
    EXPECT_TRUE(metadata->HasAction(action)) << action;
  }
  FenceDeviceConfig device;
  device.params = {{"lab_name", "keellab"}, {"lab_net", "198.18.0"}};
  EXPECT_TRUE(CheckDeviceAgainstMetadata(device, *metadata).empty());
}

TEST(FenceKeelLab, BadInputIsExitOneWithAReason) {
  AgentExit exit = RunLabAgent("action=off\nlab_name=kfl_none_here\n");
  EXPECT_EQ(exit.exit_code, 1);
  EXPECT_NE(exit.err.find("plug '' is not a lab node name"), std::string::npos) << exit.err;
  exit = RunLabAgent("action=status\nplug=n1\nlab_name=kfl_none_here\n");
  EXPECT_EQ(exit.exit_code, 1);
  EXPECT_NE(exit.err.find("no network namespace kfl_none_here-n1"), std::string::npos) << exit.err;
  exit = RunLabAgent("action=off\nplug=n1\nlab_name=bad/name\n");
  EXPECT_EQ(exit.exit_code, 1);
  exit = RunLabAgent("plug=n1\n");
  EXPECT_EQ(exit.exit_code, 1);
  EXPECT_NE(exit.err.find("no action"), std::string::npos);
}

TEST(FenceKeelLab, ListOfAMissingLabIsEmptyAndMonitorFails) {
  AgentExit exit = RunLabAgent("action=list\nlab_name=kfl_none_here\n");
  EXPECT_EQ(exit.exit_code, 0);
  EXPECT_EQ(exit.out, "");
  exit = RunLabAgent("action=monitor\nlab_name=kfl_none_here\n");
  EXPECT_EQ(exit.exit_code, 1);
}

}  // namespace
}  // namespace keel
