// Fencing through CrmdCore on a FakeNetwork: the DC's fencer asks the chosen node (over the
// bus) to run the agent, a fake agent runner answers, the outcome completes the transition's
// fence action; recovery waits for it, a failure blocks recovery and is retried after a backoff.

#include <gtest/gtest.h>

#include "crmd/crmd_core_fencing_fixture.h"

namespace keel {
namespace {

TEST_F(FencingCoreTest, LostHolderIsFencedOverTheBusAndRecoveredOnlyAfterTheFence) {
  LoseTheHolder();
  ASSERT_EQ(agent_runs_.size(), 1u);
  const AgentRun& run = agent_runs_[0];
  EXPECT_EQ(run.node, 1u);  // the lowest id that is not the target
  EXPECT_EQ(run.run.agent, "fence_fake");
  EXPECT_NE(run.run.stdin_text.find("action=reboot\n"), std::string::npos);
  EXPECT_NE(run.run.stdin_text.find("plug=node2\n"), std::string::npos);
  EXPECT_FALSE(Started("d", 3, before_));  // nothing before the fence
  ASSERT_EQ(History(1).size(), 1u);
  EXPECT_EQ(History(1)[0].state, FenceState::kPending);
  ASSERT_TRUE(timers_[1].has_value());  // the run's timeout
  FinishAgent(0, 0);
  AnswerAll();
  EXPECT_TRUE(Started("d", 3, before_));
  // node2 is down with its history cleared, on every member of the majority.
  for (NodeId n : {1u, 3u}) {
    const XmlNode* state = FindNodeState(cores_[n]->member().cib(), "2");
    ASSERT_NE(state, nullptr);
    EXPECT_EQ(state->AttrOr("in_ccm"), "false");
    EXPECT_EQ(state->AttrOr("expected"), "down");
    EXPECT_TRUE(state->children.empty());
    std::vector<FenceRecord> history = History(n);
    ASSERT_EQ(history.size(), 1u);
    EXPECT_EQ(history[0].state, FenceState::kSuccess);
    EXPECT_EQ(history[0].target, "node2");
    EXPECT_EQ(history[0].executor, "node1");
  }
  // Nothing more to do: not fenced again.
  Settle();
  EXPECT_EQ(agent_runs_.size(), 1u);
  EXPECT_FALSE(cores_[1]->controller().running());
}

// As Pacemaker: fencing enabled without any stonith device fences nothing (there is nothing
// to fence with) and recovers nothing from the lost node (its resources may still run there).
TEST_F(FencingCoreTest, WithoutAStonithDeviceTheDcPlansNoFencingAndKeepsTheLostNodesResource) {
  size_t device = cib_text_.find("<primitive id=\"labfence\"");
  cib_text_.erase(device, cib_text_.find("</primitive>", device) + 12 - device);
  ASSERT_EQ(cib_text_.find("stonith"), std::string::npos);
  LoseTheHolder();
  Settle();
  EXPECT_TRUE(agent_runs_.empty());
  EXPECT_TRUE(History(1).empty()) << "a fence operation was recorded";
  for (const std::string& line : logs_[1]) {
    EXPECT_EQ(line.find("controller: fencing node2"), std::string::npos) << line;
  }
  EXPECT_FALSE(Started("d", 3, before_)) << "recovered from a node that was not fenced";
  EXPECT_FALSE(Started("d", 1, before_));
}

// As in Pacemaker, a node that leaves uncleanly is fenced even when it ran nothing: it may
// still hold shared resources or come back in an unknown state.
TEST_F(FencingCoreTest, ALostNodeThatRanNothingIsFencedToo) {
  StartNode(1);
  StartNode(2);
  StartNode(3);
  Settle();
  ASSERT_TRUE(Started("d", 2));
  ASSERT_FALSE(Started("d", 3));
  ASSERT_FALSE(Started("labfence", 3));
  ASSERT_TRUE(ActiveResources(cores_[3]->own_history()).empty());
  network_.Partition({{1, 2}, {3}});
  network_.RunUntilIdle();
  AnswerAll();
  ASSERT_EQ(agent_runs_.size(), 1u);
  EXPECT_NE(agent_runs_[0].run.stdin_text.find("plug=node3\n"), std::string::npos);
  EXPECT_TRUE(Logged(1, "controller: fencing node3: peer is no longer part of the cluster"));
  FinishAgent(0, 0);
  Settle();
  EXPECT_EQ(agent_runs_.size(), 1u);  // fenced once: expected="down" now
  const XmlNode* state = FindNodeState(cores_[1]->member().cib(), "3");
  ASSERT_NE(state, nullptr);
  EXPECT_EQ(state->AttrOr("expected"), "down");
  EXPECT_FALSE(cores_[1]->controller().running());
}

// A stonith primitive's actions go to the node's executor like any other resource's (class
// stonith: crmd/executor/executor_stonith_test.cc runs its agent); a failed monitor is a
// failure (fail count, log) and the DC recovers the device.
TEST_F(FencingCoreTest, ADeviceMonitorRunsOnTheExecutorAndAFailureIsRecovered) {
  std::string ia = R"(</instance_attributes>
      </primitive>
      <primitive id="d")";
  cib_text_.replace(cib_text_.find(ia), ia.size(), R"(</instance_attributes>
        <operations><op id="lf-mon" name="monitor" interval="60s"/></operations>
      </primitive>
      <primitive id="d")");
  StartNode(1);
  StartNode(2);
  StartNode(3);
  Settle();
  NodeId holder = 0;
  for (NodeId n : {1u, 2u, 3u}) {
    std::vector<std::string> active = ActiveResources(cores_[n]->own_history());
    if (std::find(active.begin(), active.end(), "labfence") != active.end()) holder = n;
  }
  ASSERT_NE(holder, 0u);
  auto monitors = [&](size_t from = 0) {
    std::vector<Submitted> out;
    for (size_t i = from; i < submitted_.size(); ++i) {
      const Submitted& s = submitted_[i];
      if (s.request.rsc_id == "labfence" && s.request.interval_ms == 60000) out.push_back(s);
    }
    return out;
  };
  ASSERT_EQ(monitors().size(), 1u);
  const Submitted monitor = monitors()[0];
  EXPECT_EQ(monitor.node, holder);
  EXPECT_EQ(monitor.request.agent, (AgentSpec{AgentClass::kStonith, "", "fence_fake"}));
  EXPECT_TRUE(agent_runs_.empty());  // fence runs only: the monitor is the executor's
  EXPECT_FALSE(cores_[1]->controller().running());
  auto fail_count = [&]() -> std::string {
    auto cib = CibFromXml(cores_[1]->member().cib(), "dc");
    if (!cib) return "?";
    for (const NodeState& st : cib->cib.status.node_states) {
      if (st.id != std::to_string(holder)) continue;
      if (auto v = FindNvValue(st.transient_attributes, "fail-count-labfence#monitor_60000"))
        return *v;
    }
    return "";
  };
  EXPECT_EQ(fail_count(), "");
  // The device broke: the executor reports the change.
  ActionResult failed;
  failed.rsc_id = "labfence";
  failed.action = "monitor";
  failed.interval_ms = 60000;
  failed.call_id = monitor.call;
  failed.rc = ocf_rc::kErrGeneric;
  failed.op_status = OpStatus::kDone;
  failed.exit_reason = "fence agent fence_fake monitor: exit 1: power switch unreachable";
  size_t before = submitted_.size();
  cores_[holder]->OnExecutorResult(failed);
  network_.RunUntilIdle();
  EXPECT_TRUE(Logged(holder, "fencing: device labfence fence agent fence_fake monitor: exit 1"));
  EXPECT_EQ(fail_count(), "1");
  Settle();
  // Recovered: stopped and started again, its monitor submitted again.
  EXPECT_TRUE(Logged(1, "labfence_stop_0"));
  EXPECT_EQ(monitors(before).size(), 1u);
}

TEST_F(FencingCoreTest, FailedFenceBlocksRecoveryAndIsRetriedAfterABackoff) {
  LoseTheHolder();
  ASSERT_EQ(agent_runs_.size(), 1u);
  FinishAgent(0, 1);
  AnswerAll();
  EXPECT_FALSE(Started("d", 3, before_));
  EXPECT_FALSE(cores_[1]->controller().running());  // the run ended failed
  EXPECT_TRUE(Logged(1, "retrying node2 in 5 s"));
  std::vector<FenceRecord> history = History(3);
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].state, FenceState::kFailed);
  EXPECT_NE(history[0].reason.find("power switch unreachable"), std::string::npos);
  const XmlNode* state = FindNodeState(cores_[1]->member().cib(), "2");
  ASSERT_NE(state, nullptr);
  EXPECT_FALSE(state->children.empty());  // its history stays: it may still run d
  ASSERT_TRUE(timers_[1].has_value());
  EXPECT_EQ(*timers_[1], mono_ms_ + 5000);
  // A change before the backoff ends plans again, but the fence waits (fails at once).
  Advance(1000);
  cores_[1]->OnFenceTimer();
  network_.RunUntilIdle();
  EXPECT_EQ(agent_runs_.size(), 1u);
  Advance(4000);
  cores_[1]->OnFenceTimer();
  network_.RunUntilIdle();
  AnswerAll();
  ASSERT_EQ(agent_runs_.size(), 2u);
  EXPECT_FALSE(Started("d", 3, before_));
  FinishAgent(1, 1);
  EXPECT_TRUE(Logged(1, "retrying node2 in 10 s"));
  Advance(10000);
  cores_[1]->OnFenceTimer();
  network_.RunUntilIdle();
  AnswerAll();
  ASSERT_EQ(agent_runs_.size(), 3u);
  FinishAgent(2, 0);
  AnswerAll();
  EXPECT_TRUE(Started("d", 3, before_));
  EXPECT_EQ(History(1).size(), 3u);
}

TEST_F(FencingCoreTest, ClientRequestFromAnyNodeIsRunByTheDcAndAnswered) {
  StartNode(1);
  StartNode(2);
  StartNode(3);
  Settle();
  cores_[3]->RequestFence(7, "node2", FenceAction::kOff);
  network_.RunUntilIdle();
  ASSERT_EQ(agent_runs_.size(), 1u);
  EXPECT_NE(agent_runs_[0].run.stdin_text.find("action=off\n"), std::string::npos);
  EXPECT_TRUE(replies_.empty());
  FinishAgent(0, 0);
  ASSERT_TRUE(replies_.contains(7));
  EXPECT_FALSE(replies_[7].starts_with("error")) << replies_[7];
  std::vector<FenceRecord> history = History(2);
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].requesters, std::vector<std::string>{"crm@node3#7"});
  // A target no device can fence fails with the fencer's reason.
  cores_[2]->RequestFence(8, "node9", std::nullopt);
  network_.RunUntilIdle();
  ASSERT_TRUE(replies_.contains(8));
  EXPECT_NE(replies_[8].find("no fence device can fence node9"), std::string::npos) << replies_[8];
}

TEST_F(FencingCoreTest, OnlyTheDcMayMarkAnotherNodeDownOrWriteTheHistory) {
  StartNode(1);
  StartNode(2);
  StartNode(3);
  Settle();
  XmlNode down = DownNodeState("3", "node3", nullptr, false);
  ASSERT_TRUE(cores_[2]->bus().Send(EncodePeerState(down)).has_value());
  network_.RunUntilIdle();
  EXPECT_TRUE(Logged(1, "ignoring peer_state from node2: not the DC"));
  EXPECT_EQ(FindNodeState(cores_[1]->member().cib(), "3")->AttrOr("in_ccm"), "true");
  FenceRecord forged;
  forged.id = "node3-1-1";
  forged.target = "node1";
  forged.action = "reboot";
  forged.origin = "node3";
  forged.state = FenceState::kSuccess;
  forged.completed_ms = 2;
  ASSERT_TRUE(cores_[3]->bus().Send(EncodeFenceHistory(FenceHistoryToXml({forged}))).has_value());
  network_.RunUntilIdle();
  EXPECT_TRUE(History(1).empty());
  EXPECT_TRUE(History(3).empty());
  // From the DC, a member may not be claimed up by it, only marked down.
  XmlNode up = FindNodeState(cores_[1]->member().cib(), "3")
                   ? *FindNodeState(cores_[1]->member().cib(), "3")
                   : XmlNode{};
  up.SetAttr("crmd", "offline");
  ASSERT_TRUE(cores_[1]->bus().Send(EncodePeerState(up)).has_value());
  network_.RunUntilIdle();
  EXPECT_TRUE(Logged(2, "ignoring peer_state for member 3"));
}

TEST_F(FencingCoreTest, FailedStopEscalatesToFencingAndRecoveryWaitsForIt) {
  StartNode(1);
  StartNode(2);
  StartNode(3);
  Settle();
  ASSERT_TRUE(Started("d", 2));
  // The recurring monitor fails on node2: the DC recovers with a stop there, which fails.
  const Submitted* monitor = nullptr;
  for (const Submitted& s : submitted_) {
    if (s.node == 2 && s.request.action == "monitor" && s.request.interval_ms > 0) monitor = &s;
  }
  ASSERT_NE(monitor, nullptr);
  ActionResult failed;
  failed.rsc_id = "d";
  failed.action = "monitor";
  failed.interval_ms = monitor->request.interval_ms;
  failed.call_id = monitor->call;
  failed.rc = ocf_rc::kErrGeneric;
  failed.op_status = OpStatus::kDone;
  before_ = submitted_.size();
  cores_[2]->OnExecutorResult(failed);
  network_.RunUntilIdle();
  ASSERT_GT(submitted_.size(), before_);
  EXPECT_EQ(submitted_[before_].request.action, "stop");
  AnswerAll(ocf_rc::kErrGeneric);  // the stop fails
  ASSERT_EQ(agent_runs_.size(), 1u);
  EXPECT_NE(agent_runs_[0].run.stdin_text.find("plug=node2\n"), std::string::npos);
  EXPECT_FALSE(Started("d", 3, before_));
  FinishAgent(0, 0);
  AnswerAll();
  EXPECT_TRUE(Started("d", 3, before_));
}

TEST_F(FencingCoreTest, WithoutFencingALostNodeIsMarkedDownKeepingItsHistory) {
  const std::string on = R"(name="fencing-enabled" value="true")";
  cib_text_.replace(cib_text_.find(on), on.size(), R"(name="fencing-enabled" value="false")");
  LoseTheHolder();
  EXPECT_TRUE(agent_runs_.empty());
  EXPECT_TRUE(Started("d", 3, before_));
  AnswerAll();
  for (NodeId n : {1u, 3u}) {
    const XmlNode* state = FindNodeState(cores_[n]->member().cib(), "2");
    ASSERT_NE(state, nullptr);
    EXPECT_EQ(state->AttrOr("in_ccm"), "false");
    EXPECT_EQ(state->AttrOr("crmd"), "offline");
    EXPECT_FALSE(state->children.empty());  // what it ran stays recorded, as Pacemaker does
  }
  // d counts once: nothing more is planned (no stop, no second start).
  size_t settled = submitted_.size();
  Settle();
  EXPECT_EQ(submitted_.size(), settled);
  EXPECT_FALSE(cores_[1]->controller().running());
  // node2 comes back: its own report replaces the DC's entry.
  network_.Merge();
  network_.RunUntilIdle();
  EXPECT_EQ(FindNodeState(cores_[1]->member().cib(), "2")->AttrOr("in_ccm"), "true");
}

TEST_F(FencingCoreTest, MonitorFailureWithOnFailFenceFencesWithoutTryingAStop) {
  const std::string op = R"(interval="10s"/>)";
  cib_text_.replace(cib_text_.find(op), op.size(), R"(interval="10s" on-fail="fence"/>)");
  StartNode(1);
  StartNode(2);
  StartNode(3);
  Settle();
  const Submitted* monitor = nullptr;
  for (const Submitted& s : submitted_) {
    if (s.node == 2 && s.request.action == "monitor" && s.request.interval_ms > 0) monitor = &s;
  }
  ASSERT_NE(monitor, nullptr);
  ActionResult failed;
  failed.rsc_id = "d";
  failed.action = "monitor";
  failed.interval_ms = monitor->request.interval_ms;
  failed.call_id = monitor->call;
  failed.rc = ocf_rc::kErrGeneric;
  failed.op_status = OpStatus::kDone;
  before_ = submitted_.size();
  cores_[2]->OnExecutorResult(failed);
  network_.RunUntilIdle();
  ASSERT_EQ(agent_runs_.size(), 1u);
  EXPECT_NE(agent_runs_[0].run.stdin_text.find("plug=node2\n"), std::string::npos);
  for (size_t i = before_; i < submitted_.size(); ++i) {
    EXPECT_FALSE(submitted_[i].node == 2 && submitted_[i].request.action == "stop");
  }
  EXPECT_FALSE(Started("d", 3, before_));
  FinishAgent(0, 0);
  AnswerAll();
  EXPECT_TRUE(Started("d", 3, before_));
}

void UseNoQuorumPolicyFence(std::string& cib, const std::string& host_list) {
  cib.replace(cib.find("</cluster_property_set>"), 0,
              R"(<nvpair id="o2" name="no-quorum-policy" value="suicide"/>)");
  const std::string hosts = R"(value="node1 node2 node3")";
  cib.replace(cib.find(hosts), hosts.size(), "value=\"" + host_list + "\"");
}

TEST_F(FencingCoreTest, NoQuorumPolicyFenceMakesTheIsolatedNodeFenceItself) {
  UseNoQuorumPolicyFence(cib_text_, "node1 node2 node3");
  LoseTheHolder();
  std::vector<const AgentRun*> self;
  for (const AgentRun& r : agent_runs_) {
    if (r.node == 2) self.push_back(&r);
  }
  ASSERT_EQ(self.size(), 1u);
  EXPECT_NE(self[0]->run.stdin_text.find("plug=node2\n"), std::string::npos);
  EXPECT_NE(self[0]->run.stdin_text.find("action=reboot\n"), std::string::npos);
  EXPECT_TRUE(Logged(2, "fencing myself (node2) with labfence"));
  EXPECT_TRUE(exits_.empty());
}

TEST_F(FencingCoreTest, NoQuorumPolicyFenceWithoutADeviceStopsEverythingAndExits) {
  UseNoQuorumPolicyFence(cib_text_, "node1 node3");
  LoseTheHolder();
  for (const AgentRun& r : agent_runs_) EXPECT_NE(r.node, 2u);
  EXPECT_TRUE(Logged(2, "no fence device can fence node2; stopping"));
  bool stopped = false;
  for (size_t i = before_; i < submitted_.size(); ++i) {
    if (submitted_[i].node == 2 && submitted_[i].request.action == "stop") stopped = true;
  }
  EXPECT_TRUE(stopped);
  AnswerAll();  // the stop completes: crmd exits with an error
  ASSERT_TRUE(exits_.contains(2));
  EXPECT_EQ(exits_[2], 1);
  EXPECT_FALSE(exits_.contains(1));
}

class FiveNodeFencingTest : public FencingCoreTest {
 protected:
  FiveNodeFencingTest() : FencingCoreTest(5) {}
};

TEST_F(FiveNodeFencingTest, NewDcAdoptsTheHistoryRetriesAnInterruptedFenceAndFencesOnce) {
  for (NodeId n = 1; n <= 5; ++n) StartNode(n);
  Settle();
  ASSERT_TRUE(Started("d", 2));
  before_ = submitted_.size();
  network_.Partition({{1, 3, 4, 5}, {2}});
  network_.RunUntilIdle();
  AnswerAll();
  ASSERT_EQ(agent_runs_.size(), 1u);
  EXPECT_EQ(agent_runs_[0].node, 1u);
  ASSERT_EQ(History(3).size(), 1u);
  EXPECT_EQ(History(3)[0].state, FenceState::kPending);
  // The DC dies with the fence in flight: node3 takes over from the replicated history.
  Advance(3000);
  network_.Crash(1);
  network_.RunUntilIdle();
  AnswerAll();
  // node2 again (the old run reads as interrupted), and node1 too: lost with the device
  // active there.
  std::vector<size_t> node2_runs;
  for (size_t i = 0; i < agent_runs_.size(); ++i) {
    if (agent_runs_[i].run.stdin_text.find("plug=node2\n") != std::string::npos) {
      node2_runs.push_back(i);
    }
  }
  ASSERT_EQ(node2_runs.size(), 2u);
  const size_t retry = node2_runs[1];
  EXPECT_EQ(agent_runs_[retry].node, 3u);  // the lowest member that is not the target
  std::vector<FenceRecord> history = History(4);
  ASSERT_GE(history.size(), 2u);
  EXPECT_EQ(history[0].target, "node2");
  EXPECT_EQ(history[0].state, FenceState::kFailed);
  EXPECT_NE(history[0].reason.find("interrupted"), std::string::npos) << history[0].reason;
  EXPECT_EQ(history[0].origin, "node1");
  EXPECT_FALSE(Started("d", 3, before_));
  // The old DC's run ends late: its result names the old DC and is ignored.
  FinishAgent(0, 0);
  EXPECT_FALSE(Started("d", 3, before_));
  FinishAgent(retry, 0);
  for (size_t i = 1; i < agent_runs_.size(); ++i) {
    if (i != retry) FinishAgent(i, 0);  // node1's fence
  }
  AnswerAll();
  EXPECT_TRUE(Started("d", 3, before_));
  Settle();
  size_t count = 0;
  for (const AgentRun& r : agent_runs_) {
    if (r.run.stdin_text.find("plug=node2\n") != std::string::npos) ++count;
  }
  EXPECT_EQ(count, 2u);  // not fenced again
  for (const FenceRecord& r : History(5)) {
    if (r.origin == "node3") {
      EXPECT_EQ(r.state, FenceState::kSuccess) << r.target;
    }
  }
}

TEST_F(FiveNodeFencingTest, AClientWaitingForAFenceIsAnsweredWhenTheDcGoes) {
  for (NodeId n = 1; n <= 5; ++n) StartNode(n);
  Settle();
  cores_[4]->RequestFence(11, "node3", std::nullopt);
  network_.RunUntilIdle();
  ASSERT_EQ(agent_runs_.size(), 1u);  // running on node1, the DC
  EXPECT_TRUE(replies_.empty());
  network_.Crash(1);
  network_.RunUntilIdle();
  ASSERT_TRUE(replies_.contains(11));
  EXPECT_NE(replies_[11].find("the DC changed while fencing was under way"), std::string::npos)
      << replies_[11];
}

}  // namespace
}  // namespace keel
