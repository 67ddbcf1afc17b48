// Three CrmdCores on a FakeNetwork whose membership changes come before their quorum reports
// (as corosync may deliver them): the DC of each partition plans nothing until its quorum
// report has come, or a second has passed without one.

#include <gtest/gtest.h>

#include <map>

#include "crmd/crmd_core.h"
#include "tests/fakes/core_test_cluster.h"

namespace keel {
namespace {

// d prefers node3, so node1 (the DC: lowest id) and d's node differ.
constexpr std::string_view kCib =
    R"(<cib admin_epoch="0" epoch="1" num_updates="0" validate-with="pacemaker-3.0">
  <configuration>
    <crm_config><cluster_property_set id="o">
      <nvpair id="o1" name="fencing-enabled" value="false"/>
    </cluster_property_set></crm_config>
    <nodes><node id="1" uname="node1"/><node id="2" uname="node2"/><node id="3" uname="node3"/></nodes>
    <resources><primitive id="d" class="ocf" provider="heartbeat" type="Dummy"/></resources>
    <constraints><rsc_location id="l" rsc="d" node="node3" score="100"/></constraints>
  </configuration>
  <status/>
</cib>)";

class QuorumGateTest : public CoreTestCluster {
 protected:
  QuorumGateTest() : CoreTestCluster(3) {
    now_ms_ = 1'795'500'000'000;
    mono_ms_ = 30'000;
  }

  // Three nodes, d started on node3, every action answered.
  void SetUp() override {
    for (NodeId id : {1u, 2u, 3u}) StartNode(id);
    network_.RunUntilIdle();
    for (int i = 0; i < 4; ++i) AnswerAll();
    ASSERT_EQ(ActiveResources(cores_[3]->own_history()), std::vector<std::string>{"d"});
    ASSERT_FALSE(cores_[1]->controller().running());
    before_ = submitted_.size();
  }

  void StartNode(NodeId id) { StartCore(id, kCib, RecordingSinks(id)); }

  // Both clocks move; deadlines are on the monotonic one (apart from the wall clock here, so
  // that a deadline on the wrong clock shows).
  void Advance(int64_t ms) {
    now_ms_ += ms;
    mono_ms_ += ms;
  }

  // Nodes that were asked to start d since SetUp.
  std::vector<NodeId> StartsSinceSetUp() const {
    std::vector<NodeId> nodes;
    for (size_t i = before_; i < submitted_.size(); ++i) {
      if (submitted_[i].request.action == "start") nodes.push_back(submitted_[i].node);
    }
    return nodes;
  }

  bool Logged(NodeId id, std::string_view text) {
    for (const std::string& line : logs_[id]) {
      if (line.find(text) != std::string::npos) return true;
    }
    return false;
  }

  size_t before_ = 0;
};

// node1 alone still reads "quorate" after the CPG change: without the gate it started d,
// whose node it no longer sees, before corosync said the partition had lost quorum.
TEST_F(QuorumGateTest, APartitionThatLostQuorumStartsNothingBeforeOrAfterTheReport) {
  network_.HoldQuorumReports(true);
  network_.Partition({{1}, {2, 3}});
  network_.RunUntilIdle();
  ASSERT_TRUE(cores_[1]->member().quorate());  // stale
  EXPECT_TRUE(Logged(1, "not planning yet: waiting for corosync's quorum report"));
  EXPECT_EQ(StartsSinceSetUp(), std::vector<NodeId>{});
  network_.ReportQuorum();
  network_.RunUntilIdle();
  AnswerAll();
  EXPECT_FALSE(cores_[1]->member().quorate());
  EXPECT_EQ(StartsSinceSetUp(), std::vector<NodeId>{});
  EXPECT_TRUE(ActiveResources(cores_[1]->own_history()).empty());
  EXPECT_EQ(ActiveResources(cores_[3]->own_history()), std::vector<std::string>{"d"});
}

TEST_F(QuorumGateTest, APartitionThatKeptQuorumPlansRightAfterTheReport) {
  network_.HoldQuorumReports(true);
  network_.Partition({{1, 2}, {3}});
  network_.RunUntilIdle();
  EXPECT_EQ(StartsSinceSetUp(), std::vector<NodeId>{});
  EXPECT_FALSE(cores_[1]->controller().running());
  network_.ReportQuorum();
  network_.RunUntilIdle();
  EXPECT_TRUE(Logged(1, "planning: quorum report after the membership change"));
  AnswerAll();
  std::vector<NodeId> starts = StartsSinceSetUp();
  ASSERT_EQ(starts.size(), 1u);
  EXPECT_NE(starts[0], 3u);
  EXPECT_TRUE(ActiveResources(cores_[3]->own_history()).empty());  // stopped: lost quorum
}

TEST_F(QuorumGateTest, WithoutAQuorumReportTheDcPlansAfterASecond) {
  network_.HoldQuorumReports(true);
  network_.Partition({{1, 2}, {3}});
  network_.RunUntilIdle();
  ASSERT_TRUE(timers_[1].has_value());
  EXPECT_EQ(*timers_[1], mono_ms_ + 1000);
  Advance(999);
  cores_[1]->OnFenceTimer();
  network_.RunUntilIdle();
  EXPECT_EQ(StartsSinceSetUp(), std::vector<NodeId>{});
  Advance(1);
  cores_[1]->OnFenceTimer();
  network_.RunUntilIdle();
  AnswerAll();
  EXPECT_TRUE(Logged(1, "no quorum report after the membership change within 1 s"));
  std::vector<NodeId> starts = StartsSinceSetUp();
  ASSERT_EQ(starts.size(), 1u);
  EXPECT_NE(starts[0], 3u);
}

}  // namespace
}  // namespace keel
