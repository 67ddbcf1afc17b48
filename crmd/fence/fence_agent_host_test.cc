// The fence-agent host alone: runs for the DC, no-quorum-policy=fence. (Stonith devices'
// actions and monitors are the executor's: crmd/executor/executor_stonith_test.cc.)

#include "crmd/fence/fence_agent_host.h"

#include <gtest/gtest.h>

#include "crmd/fence/fence_test_port.h"
#include "fencing/fence_wire.h"
#include "tests/fakes/fake_bus.h"
#include "xml/cib_parse.h"

namespace keel {
namespace {

struct AgentCall {
  RunAgentEffect run;
  std::function<void(const AgentExit&)> done;
};

AgentExit Exited(int code) {
  AgentExit exit;
  exit.how = AgentExit::How::kExited;
  exit.exit_code = code;
  return exit;
}

class FenceAgentHostTest : public ::testing::Test {
 protected:
  FenceAgentHostTest()
      : network_(3),
        nodes_(network_.AddNode(2), ""),
        host_(port_, nodes_, [this](const RunAgentEffect& run, auto done) {
          runs_.push_back(AgentCall{run, std::move(done)});
        }) {}

  FenceRunMessage RunFor(const std::string& node) {
    RunAgentEffect run;
    run.run_id = 9;
    run.op_id = "op-1";
    run.node = node;
    run.device = "labfence";
    run.agent = "fence_fake";
    run.action = FenceAction::kOff;
    run.timeout_ms = 1000;
    return FenceRunMessage{"node1", "3", SerializeXml(FenceRunToXml(run), false)};
  }

  RecordingFencePort port_;
  FakeNetwork network_;
  NodeDirectory nodes_;
  std::vector<AgentCall> runs_;
  FenceAgentHost host_;
};

TEST_F(FenceAgentHostTest, RunsWhatTheDcAsksOfThisNodeAndAnswers) {
  host_.OnRun(RunFor("node3"));
  EXPECT_TRUE(runs_.empty());
  host_.OnRun(RunFor("node2"));
  ASSERT_EQ(runs_.size(), 1u);
  EXPECT_EQ(runs_[0].run.agent, "fence_fake");
  EXPECT_TRUE(port_.Logged("fencing: running fence_fake (off) for op-1 as asked by node1"));
  port_.mono_ms += 37;
  runs_[0].done(Exited(0));
  EXPECT_TRUE(port_.Logged("fencing: fence_fake (off) for op-1 done after 37 ms: ok"));
  auto answers = port_.Sent(FenceRunResultMessage::kType);
  ASSERT_EQ(answers.size(), 1u);
  auto m = Decode<FenceRunResultMessage>(answers[0]);
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->dc, "node1");
  EXPECT_EQ(m->gen, "3");
  auto result = FenceRunResultFromXml(*ParseXml(m->xml, "test"));
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result->run_id, 9u);
  EXPECT_EQ(result->exit.exit_code, 0);
}

TEST_F(FenceAgentHostTest, AFailedRunIsLoggedWithItsReasonAndDuration) {
  host_.OnRun(RunFor("node2"));
  ASSERT_EQ(runs_.size(), 1u);
  port_.mono_ms += 1200;
  runs_[0].done(Exited(1));
  EXPECT_TRUE(port_.Logged("fencing: fence_fake (off) for op-1 done after 1200 ms: exit 1"));
}

TEST_F(FenceAgentHostTest, WithoutARunnerTheRunFailsAtOnce) {
  FenceAgentHost host(port_, nodes_, nullptr);
  host.OnRun(RunFor("node2"));
  auto answers = port_.Sent(FenceRunResultMessage::kType);
  ASSERT_EQ(answers.size(), 1u);
  auto m = Decode<FenceRunResultMessage>(answers[0]);
  auto result = FenceRunResultFromXml(*ParseXml(m->xml, "test"));
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result->exit.start_error, "crmd on node2 cannot run fence agents");
}

TEST_F(FenceAgentHostTest, StonithPrimitivesAreFenceDevices) {
  auto parsed = CibFromXml(port_.cib, "test");
  ASSERT_TRUE(parsed.has_value());
  EXPECT_TRUE(FenceAgentHost::IsFenceDevice(parsed->cib, "labfence"));
  EXPECT_FALSE(FenceAgentHost::IsFenceDevice(parsed->cib, "d"));
  EXPECT_FALSE(FenceAgentHost::IsFenceDevice(parsed->cib, "ghost"));
}

TEST_F(FenceAgentHostTest, SelfFencingRunsTheDeviceThatCanFenceThisNode) {
  host_.SelfFence();
  ASSERT_EQ(runs_.size(), 1u);
  EXPECT_EQ(runs_[0].run.node, "node2");
  EXPECT_EQ(runs_[0].run.device, "labfence");
  EXPECT_TRUE(port_.exits.empty());
  runs_[0].done(Exited(0));
  EXPECT_TRUE(port_.Logged("fencing: self-fencing reported success; still running?"));
  EXPECT_TRUE(port_.exits.empty());
}

TEST_F(FenceAgentHostTest, AFailedSelfFenceStopsEverythingThenExits) {
  port_.active = {"d", "labfence"};
  host_.SelfFence();
  runs_[0].done(Exited(1));
  EXPECT_EQ(port_.stopped, (std::vector<std::string>{"d", "labfence"}));
  EXPECT_TRUE(port_.exits.empty());
  EXPECT_EQ(host_.NextDeadline(), port_.mono_ms + 30000);
  port_.active.clear();
  host_.CheckExitAfterStops();
  EXPECT_EQ(port_.exits, std::vector<int>{1});
  EXPECT_TRUE(port_.Logged(
      "fencing: exiting: every resource here is stopped (no quorum, no self-fencing)"));
}

TEST_F(FenceAgentHostTest, StopsThatTakeTooLongEndInAnExitAnyway) {
  FenceAgentHost host(port_, nodes_, nullptr);
  port_.active = {"d"};
  host.SelfFence();
  EXPECT_TRUE(port_.Logged("fencing: this crmd cannot run fence agents; stopping 1 resource(s)"));
  EXPECT_FALSE(host.ExitIfDue(port_.mono_ms + 29999));
  EXPECT_TRUE(host.ExitIfDue(port_.mono_ms + 30000));
  EXPECT_EQ(port_.exits, std::vector<int>{1});
}

}  // namespace
}  // namespace keel
