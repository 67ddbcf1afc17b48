// Two CrmdCores on a FakeNetwork with fake executors: the DC plans, nodes run what they are
// told, results land in the replicated CIB status, failures re-plan.

#include <gtest/gtest.h>

#include <map>

#include "crmd/crmd_core.h"
#include "tests/fakes/core_test_cluster.h"
#include "xml/cib_parse.h"

namespace keel {
namespace {

constexpr std::string_view kCib =
    R"(<cib admin_epoch="0" epoch="1" num_updates="0" validate-with="pacemaker-3.0">
  <configuration>
    <crm_config><cluster_property_set id="o">
      <nvpair id="o1" name="fencing-enabled" value="false"/>
    </cluster_property_set></crm_config>
    <nodes><node id="1" uname="node1"/><node id="2" uname="node2"/></nodes>
    <resources>
      <primitive id="d" class="ocf" provider="heartbeat" type="Dummy">
        <operations><op id="d-mon" name="monitor" interval="10s"/></operations>
      </primitive>
    </resources>
    <constraints><rsc_location id="l" rsc="d" node="node2" score="100"/></constraints>
  </configuration>
  <status/>
</cib>)";

class ControllerCoreTest : public CoreTestCluster {
 protected:
  ControllerCoreTest() : CoreTestCluster(3) {}

  void StartNode(NodeId id) { StartCore(id, kCib, RecordingSinks(id)); }

  std::optional<Cib> DcCib() {
    auto parsed = CibFromXml(cores_[1]->member().cib(), "dc");
    if (!parsed) return std::nullopt;
    return parsed->cib;
  }
};

const LrmRscOp* FindOp(const Cib& cib, std::string_view node, std::string_view op_id) {
  for (const NodeState& s : cib.status.node_states) {
    if (s.uname != node) continue;
    for (const LrmResource& r : s.lrm_resources) {
      for (const LrmRscOp& op : r.ops) {
        if (op.id() == op_id) return &op;
      }
    }
  }
  return nullptr;
}

TEST_F(ControllerCoreTest, DcProbesStartsAndMonitorsAndEveryResultIsInTheStatus) {
  StartNode(1);
  StartNode(2);
  network_.RunUntilIdle();
  ASSERT_EQ(submitted_.size(), 2u);  // a probe on each node
  for (const Submitted& s : submitted_) {
    EXPECT_EQ(s.request.action, "monitor");
    EXPECT_EQ(s.request.agent.ToString(), "ocf:heartbeat:Dummy");
  }
  AnswerAll();
  AnswerAll();
  ASSERT_EQ(submitted_.size(), 4u);
  EXPECT_EQ(submitted_[2].node, 2u);
  EXPECT_EQ(submitted_[2].request.action, "start");
  EXPECT_EQ(submitted_[3].request.action, "monitor");
  EXPECT_EQ(submitted_[3].request.interval_ms, 10000);
  EXPECT_FALSE(cores_[1]->controller().running());
  auto cib = DcCib();
  ASSERT_TRUE(cib.has_value());
  const LrmRscOp* start = FindOp(*cib, "node2", "d_last_0");
  ASSERT_NE(start, nullptr);
  EXPECT_EQ(start->operation(), "start");
  EXPECT_EQ(start->call_id, submitted_[2].call);
  EXPECT_FALSE(start->transition_key().empty());
  EXPECT_NE(FindOp(*cib, "node2", "d_monitor_10000"), nullptr);
  ASSERT_NE(FindOp(*cib, "node1", "d_last_0"), nullptr);
  EXPECT_EQ(FindOp(*cib, "node1", "d_last_0")->rc_code, ocf_rc::kNotRunning);
}

TEST_F(ControllerCoreTest, FailedMonitorBumpsFailCountAndTheDcRecovers) {
  StartNode(1);
  StartNode(2);
  network_.RunUntilIdle();
  AnswerAll();
  AnswerAll();
  ASSERT_EQ(submitted_.size(), 4u);
  const Submitted monitor = submitted_[3];
  ActionResult failed;
  failed.rsc_id = "d";
  failed.action = "monitor";
  failed.interval_ms = 10000;
  failed.call_id = monitor.call;
  failed.rc = ocf_rc::kNotRunning;
  failed.op_status = OpStatus::kDone;
  cores_[2]->OnExecutorResult(failed);
  network_.RunUntilIdle();
  auto cib = DcCib();
  ASSERT_TRUE(cib.has_value());
  std::string count;
  for (const NodeState& s : cib->status.node_states) {
    if (s.uname != "node2") continue;
    if (auto v = FindNvValue(s.transient_attributes, "fail-count-d#monitor_10000")) count = *v;
  }
  EXPECT_EQ(count, "1");
  ASSERT_GT(submitted_.size(), 4u);
  EXPECT_EQ(submitted_[4].request.action, "stop");  // recovery: stop, then start again
  EXPECT_EQ(submitted_[4].node, 2u);
  AnswerAll();
  AnswerAll();
  EXPECT_EQ(submitted_.back().request.action, "monitor");
  EXPECT_FALSE(cores_[1]->controller().running());
}

TEST_F(ControllerCoreTest, QuorumLossStopsLocallyAndTheMajorityStartsElsewhere) {
  StartNode(1);
  StartNode(2);
  StartNode(3);
  network_.RunUntilIdle();
  for (int i = 0; i < 4; ++i) AnswerAll();
  ASSERT_FALSE(cores_[1]->controller().running());
  EXPECT_EQ(ActiveResources(cores_[2]->own_history()), std::vector<std::string>{"d"});
  size_t before = submitted_.size();
  network_.Partition({{1, 3}, {2}});
  network_.RunUntilIdle();
  ASSERT_FALSE(cores_[2]->member().quorate());
  bool stopped_on_2 = false, started_elsewhere = false;
  for (size_t i = before; i < submitted_.size(); ++i) {
    const Submitted& s = submitted_[i];
    if (s.node == 2 && s.request.action == "stop") stopped_on_2 = true;
    if (s.node != 2 && s.request.action == "start") started_elsewhere = true;
  }
  EXPECT_TRUE(stopped_on_2);
  EXPECT_TRUE(started_elsewhere);
  AnswerAll();
  EXPECT_TRUE(ActiveResources(cores_[2]->own_history()).empty());
}

TEST_F(ControllerCoreTest, AnActionForAnUnknownResourceFailsWithAReason) {
  StartNode(1);
  StartNode(2);
  network_.RunUntilIdle();
  // The node answers the action itself: no primitive 'ghost'.
  ActionMessage m{"0:99:0:1", "node2", "start", "ghost", 0, 20000};
  ASSERT_TRUE(cores_[1]->bus().Send(EncodeAction(m)).has_value());
  network_.RunUntilIdle();
  bool logged = false;
  for (const std::string& line : logs_[2]) {
    if (line.find("cannot run ghost start") != std::string::npos) logged = true;
  }
  EXPECT_TRUE(logged);
}


TEST_F(ControllerCoreTest, AfterAMergeTheDcPlansFromEveryMembersOwnStatus) {
  StartNode(1);
  StartNode(2);
  StartNode(3);
  network_.RunUntilIdle();
  for (int i = 0; i < 4; ++i) AnswerAll();
  network_.Partition({{1, 3}, {2}});
  network_.RunUntilIdle();
  for (int i = 0; i < 4; ++i) AnswerAll();  // node2 stopped d, the majority started it
  std::vector<std::string> active;
  for (NodeId id : {1u, 3u}) {
    for (const std::string& r : ActiveResources(cores_[id]->own_history())) active.push_back(r);
  }
  ASSERT_EQ(active, std::vector<std::string>{"d"});
  // The isolated node's CIB moves on further, so that its (stale) copy wins the merge's sync.
  for (int i = 0; i < 5; ++i) {
    cores_[2]->UpdateOwnState(XmlNode{});
    network_.RunUntilIdle();
  }
  ASSERT_GT(cores_[2]->member().version(), cores_[1]->member().version());
  size_t before = submitted_.size();
  network_.Merge();
  network_.RunUntilIdle();
  for (size_t i = before; i < submitted_.size(); ++i) {
    EXPECT_NE(submitted_[i].request.action, "start")
        << "d started again on node" << submitted_[i].node << " after the merge";
  }
  AnswerAll();
  int holders = 0;
  for (NodeId id : {1u, 2u, 3u}) holders += ActiveResources(cores_[id]->own_history()).size();
  EXPECT_EQ(holders, 1);
}

}  // namespace
}  // namespace keel
