// FenceDeviceAgents: a device's monitor command from the CIB (the fencer's agent input, the
// device's own monitor timeout), and whether it is active from this node's started resources.

#include "crmd/fence/fence_device_agents.h"

#include <gtest/gtest.h>

#include "crmd/fence/fence_test_port.h"

namespace keel {
namespace {

class FenceDeviceAgentsTest : public ::testing::Test {
 protected:
  FenceDeviceAgentsTest()
      : agents_(
            "/opt/fence", [this] { return &port_.cib; }, [this] { return port_.active; }) {}

  RecordingFencePort port_;  // its CIB and active resources
  FenceDeviceAgents agents_;
};

TEST_F(FenceDeviceAgentsTest, AMonitorRunsTheDevicesAgentWithTheFencersInput) {
  auto command = agents_.MonitorCommand("labfence");
  ASSERT_TRUE(command.has_value()) << command.error().message;
  EXPECT_EQ(command->path, "/opt/fence/fence_fake");
  EXPECT_EQ(command->stdin_text.rfind("action=monitor\n", 0), 0u);
  EXPECT_EQ(command->stdin_text.find("plug="), std::string::npos);  // device-wide
  EXPECT_EQ(command->stdin_text.find("pcmk_"), std::string::npos);
  EXPECT_EQ(command->timeout_ms, 0);  // the operation's own
}

TEST_F(FenceDeviceAgentsTest, TheDevicesMonitorNameAndTimeoutApply) {
  std::string cib(kFenceTestCib);
  const std::string list = R"(<nvpair id="lf1" name="pcmk_host_list" value="node1 node2 node3"/>)";
  cib.replace(cib.find(list), list.size(),
              list + R"(<nvpair id="lf2" name="pcmk_monitor_action" value="status"/>
                        <nvpair id="lf3" name="pcmk_monitor_timeout" value="7s"/>)");
  port_.cib = *ParseXml(cib, "test");
  auto command = agents_.MonitorCommand("labfence");
  ASSERT_TRUE(command.has_value()) << command.error().message;
  EXPECT_EQ(command->stdin_text.rfind("action=status\n", 0), 0u);
  EXPECT_EQ(command->timeout_ms, 7000);
}

TEST_F(FenceDeviceAgentsTest, UnknownDevicesAndActiveOnesAreTold) {
  EXPECT_EQ(agents_.MonitorCommand("d").error().message, "no fence device d");
  EXPECT_FALSE(agents_.DeviceActive("labfence"));
  port_.active = {"d", "labfence"};
  EXPECT_TRUE(agents_.DeviceActive("labfence"));
}

}  // namespace
}  // namespace keel
