#include "crmd/executor/agent_command.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace keel {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::Not;

ExecutorConfig TestConfig() {
  ExecutorConfig config;
  config.ocf_root = "/ocf";
  config.lsb_dir = "/init.d";
  config.heartbeat_dir = "/hard";
  config.rsctmp = "/tmp/rsc";
  config.node_name = "node1";
  return config;
}

ActionRequest Request(std::string agent, std::string action) {
  ActionRequest request;
  request.rsc_id = "vip";
  request.agent = *ParseAgentSpec(agent);
  request.action = std::move(action);
  return request;
}

TEST(AgentCommandTest, OcfGetsTheOcfEnvironmentAndNoShell) {
  ActionRequest request = Request("ocf:heartbeat:IPaddr2", "monitor");
  request.interval_ms = 10000;
  request.timeout_ms = 30000;
  request.params = {{"ip", "198.18.0.10"}, {"cidr_netmask", "24"}};
  request.meta = {{"migration-threshold", "3"}};
  auto command = BuildAgentCommand(TestConfig(), request);
  ASSERT_TRUE(command.has_value()) << command.error().message;
  EXPECT_EQ(command->path, "/ocf/resource.d/heartbeat/IPaddr2");
  EXPECT_THAT(command->argv, ElementsAre("/ocf/resource.d/heartbeat/IPaddr2", "monitor"));
  for (const char* entry :
       {"OCF_ROOT=/ocf", "OCF_RESOURCE_INSTANCE=vip", "OCF_RESOURCE_TYPE=IPaddr2",
        "OCF_RESOURCE_PROVIDER=heartbeat", "OCF_RESKEY_ip=198.18.0.10",
        "OCF_RESKEY_cidr_netmask=24", "OCF_RESKEY_CRM_meta_interval=10000",
        "OCF_RESKEY_CRM_meta_timeout=30000", "OCF_RESKEY_CRM_meta_name=monitor",
        "OCF_RESKEY_CRM_meta_on_node=node1", "OCF_RESKEY_CRM_meta_migration_threshold=3",
        "HA_RSCTMP=/tmp/rsc", "OCF_RA_VERSION_MAJOR=1"}) {
    EXPECT_THAT(command->env, Contains(entry));
  }
}

TEST(AgentCommandTest, DefaultTimeoutIsPassedWhenTheRequestHasNone) {
  auto command = BuildAgentCommand(TestConfig(), Request("ocf:heartbeat:Dummy", "start"));
  EXPECT_THAT(command->env, Contains("OCF_RESKEY_CRM_meta_timeout=20000"));
  EXPECT_THAT(command->env, Contains("OCF_RESKEY_CRM_meta_interval=0"));
}

TEST(AgentCommandTest, InjectionValueStaysOneLiteralEnvironmentEntry) {
  ActionRequest request = Request("ocf:heartbeat:IPaddr2", "start");
  request.params = {{"ip", "1.2.3.4; touch /tmp/x"}};
  auto command = BuildAgentCommand(TestConfig(), request);
  ASSERT_TRUE(command.has_value());
  EXPECT_THAT(command->env, Contains("OCF_RESKEY_ip=1.2.3.4; touch /tmp/x"));
  EXPECT_THAT(command->argv, ElementsAre("/ocf/resource.d/heartbeat/IPaddr2", "start"));
}

TEST(AgentCommandTest, RejectsUnpassableNames) {
  ActionRequest request = Request("ocf:heartbeat:Dummy", "start");
  request.params = {{"a=b", "1"}};
  EXPECT_EQ(BuildAgentCommand(TestConfig(), request).error().code, ErrorCode::kInvalid);
  request.params = {{"ok", std::string("a\0b", 3)}};
  EXPECT_THAT(BuildAgentCommand(TestConfig(), request).error().message, testing::HasSubstr("NUL"));
}

TEST(AgentCommandTest, LsbRunsStatusForMonitorAndTakesNoParameters) {
  auto command = BuildAgentCommand(TestConfig(), Request("lsb:haproxy", "monitor"));
  ASSERT_TRUE(command.has_value());
  EXPECT_THAT(command->argv, ElementsAre("/init.d/haproxy", "status"));
  EXPECT_THAT(command->env, Not(Contains(testing::StartsWith("OCF_"))));
  ActionRequest with_params = Request("lsb:haproxy", "start");
  with_params.params = {{"x", "1"}};
  EXPECT_EQ(BuildAgentCommand(TestConfig(), with_params).error().code, ErrorCode::kInvalid);
  EXPECT_EQ(BuildAgentCommand(TestConfig(), Request("lsb:haproxy", "promote")).error().code,
            ErrorCode::kNotSupported);
}

TEST(AgentCommandTest, HeartbeatTakesPositionalArgumentsInNumericOrder) {
  ActionRequest request = Request("heartbeat:IPaddr", "start");
  request.params = {{"10", "ten"}, {"2", "two"}, {"1", "198.18.0.5/24"}};
  auto command = BuildAgentCommand(TestConfig(), request);
  ASSERT_TRUE(command.has_value());
  EXPECT_THAT(command->argv, ElementsAre("/hard/IPaddr", "198.18.0.5/24", "two", "ten", "start"));
  request.params = {{"ip", "x"}};
  EXPECT_THAT(BuildAgentCommand(TestConfig(), request).error().message,
              testing::HasSubstr("named 1, 2"));
}

TEST(ExitCodeTest, OcfCodesPassThroughAndOthersAreGenericErrors) {
  for (int code = 0; code <= 9; ++code) {
    EXPECT_EQ(MapExitCode(AgentClass::kOcf, "monitor", code, ""), code);
  }
  EXPECT_EQ(MapExitCode(AgentClass::kOcf, "start", 10, ""), ocf_rc::kErrGeneric);
  EXPECT_EQ(MapExitCode(AgentClass::kOcf, "start", 127, ""), ocf_rc::kErrGeneric);
  EXPECT_EQ(RcName(8), "running promoted");
  EXPECT_EQ(RcName(5), "not installed");
}

TEST(ExitCodeTest, LsbStatusCodes) {
  EXPECT_EQ(MapExitCode(AgentClass::kLsb, "monitor", 0, ""), ocf_rc::kOk);
  EXPECT_EQ(MapExitCode(AgentClass::kLsb, "monitor", 1, ""), ocf_rc::kNotRunning);
  EXPECT_EQ(MapExitCode(AgentClass::kLsb, "status", 2, ""), ocf_rc::kNotRunning);
  EXPECT_EQ(MapExitCode(AgentClass::kLsb, "monitor", 3, ""), ocf_rc::kNotRunning);
  EXPECT_EQ(MapExitCode(AgentClass::kLsb, "monitor", 4, ""), ocf_rc::kErrGeneric);
  EXPECT_EQ(MapExitCode(AgentClass::kLsb, "monitor", 150, ""), ocf_rc::kErrGeneric);
}

TEST(ExitCodeTest, LsbStartStopCodes) {
  EXPECT_EQ(MapExitCode(AgentClass::kLsb, "start", 0, ""), ocf_rc::kOk);
  EXPECT_EQ(MapExitCode(AgentClass::kLsb, "start", 1, ""), ocf_rc::kErrGeneric);
  EXPECT_EQ(MapExitCode(AgentClass::kLsb, "start", 5, ""), ocf_rc::kErrInstalled);
  EXPECT_EQ(MapExitCode(AgentClass::kLsb, "start", 7, ""), ocf_rc::kNotRunning);
  EXPECT_EQ(MapExitCode(AgentClass::kLsb, "stop", 7, ""), ocf_rc::kOk);
  EXPECT_EQ(MapExitCode(AgentClass::kLsb, "stop", 200, ""), ocf_rc::kErrGeneric);
}

TEST(ExitCodeTest, HeartbeatStatusReadsTheOutput) {
  EXPECT_EQ(MapExitCode(AgentClass::kHeartbeat, "monitor", 0, "IPaddr is running\n"), ocf_rc::kOk);
  EXPECT_EQ(MapExitCode(AgentClass::kHeartbeat, "status", 0, "OK\n"), ocf_rc::kOk);
  EXPECT_EQ(MapExitCode(AgentClass::kHeartbeat, "monitor", 0, "stopped\n"), ocf_rc::kNotRunning);
  EXPECT_EQ(MapExitCode(AgentClass::kHeartbeat, "monitor", 0, "x is not running\n"),
            ocf_rc::kNotRunning);
  EXPECT_EQ(MapExitCode(AgentClass::kHeartbeat, "monitor", 0, ""), ocf_rc::kNotRunning);
  EXPECT_EQ(MapExitCode(AgentClass::kHeartbeat, "start", 0, ""), ocf_rc::kOk);
  EXPECT_EQ(MapExitCode(AgentClass::kHeartbeat, "start", 3, ""), ocf_rc::kErrGeneric);
}

}  // namespace
}  // namespace keel
