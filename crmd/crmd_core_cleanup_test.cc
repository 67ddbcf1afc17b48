// `crm resource cleanup` through CrmdCores on a FakeNetwork with fake executors: history and
// fail counts forgotten on the targeted nodes, re-probed, the DC re-plans, the origin answers.

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

class CleanupCoreTest : public CoreTestCluster {
 protected:
  CleanupCoreTest() : CoreTestCluster(3) {}

  void StartNode(NodeId id) {
    CoreSinks sinks = RecordingSinks(id);
    sinks.answer = [this](RequestId request, std::expected<std::string, Error> outcome) {
      replies_[request] = outcome ? *outcome : "error: " + outcome.error().ToString();
    };
    StartCore(id, kCib, sinks);
  }

  // Answers every open action: probes find `d` running where it runs, others succeed.
  void AnswerAll() {
    AnswerAllWith([this](const Submitted& s) {
      bool probe = s.request.action == "monitor" && s.request.interval_ms == 0;
      int rc = probe && !running_on_.contains(s.node) ? ocf_rc::kNotRunning : ocf_rc::kOk;
      if (s.request.action == "start") running_on_.insert(s.node);
      if (s.request.action == "stop") running_on_.erase(s.node);
      return rc;
    });
  }

  // Both nodes up, d running on node2 after one failed monitor there (fail count 1).
  void RunWithOneFailure() {
    StartNode(1);
    StartNode(2);
    network_.RunUntilIdle();
    for (int i = 0; i < 3; ++i) AnswerAll();
    ASSERT_EQ(submitted_.back().request.interval_ms, 10000);
    ActionResult failed;
    failed.rsc_id = "d";
    failed.action = "monitor";
    failed.interval_ms = 10000;
    failed.call_id = submitted_.back().call;
    failed.rc = ocf_rc::kNotRunning;
    failed.op_status = OpStatus::kDone;
    running_on_.clear();
    cores_[2]->OnExecutorResult(failed);
    network_.RunUntilIdle();
    for (int i = 0; i < 3; ++i) AnswerAll();
    ASSERT_EQ(FailCount("node2"), "1");
  }

  std::string FailCount(std::string_view node) {
    auto parsed = CibFromXml(cores_[1]->member().cib(), "dc");
    if (!parsed) return "unparsable";
    for (const NodeState& s : parsed->cib.status.node_states) {
      if (s.uname != node) continue;
      if (auto v = FindNvValue(s.transient_attributes, "fail-count-d#monitor_10000")) return *v;
    }
    return "";
  }

  std::set<NodeId> running_on_;
  std::map<RequestId, std::string> replies_;
};

TEST_F(CleanupCoreTest, ForgetsFailCountsReprobesEveryNodeAndTheDcReplans) {
  RunWithOneFailure();
  size_t before = submitted_.size();
  cores_[1]->RequestCleanup(7, "d", "");
  network_.RunUntilIdle();
  ASSERT_EQ(submitted_.size(), before + 2);  // one probe per node
  for (size_t i = before; i < submitted_.size(); ++i) {
    EXPECT_EQ(submitted_[i].request.action, "monitor");
    EXPECT_EQ(submitted_[i].request.interval_ms, 0);
  }
  EXPECT_EQ(FailCount("node2"), "");  // forgotten as soon as the node published its state
  EXPECT_FALSE(replies_.contains(7));  // not before the probes are through
  AnswerAll();
  EXPECT_EQ(replies_[7], "cleaned up d on node1, node2");
  // The DC re-planned from the probes: d stays on node2 and gets its monitor back.
  ASSERT_GT(submitted_.size(), before + 2);
  EXPECT_EQ(submitted_.back().node, 2u);
  EXPECT_EQ(submitted_.back().request.action, "monitor");
  EXPECT_EQ(submitted_.back().request.interval_ms, 10000);
  AnswerAll();
  EXPECT_EQ(FailCount("node2"), "");
}

TEST_F(CleanupCoreTest, OneNodeOnlyAndTheAnswerComesFromANonDcOrigin) {
  RunWithOneFailure();
  size_t before = submitted_.size();
  cores_[2]->RequestCleanup(3, "d", "node2");
  network_.RunUntilIdle();
  ASSERT_EQ(submitted_.size(), before + 1);
  EXPECT_EQ(submitted_.back().node, 2u);
  AnswerAll();
  EXPECT_EQ(replies_[3], "cleaned up d on node2");
  EXPECT_EQ(FailCount("node2"), "");
}

TEST_F(CleanupCoreTest, UnknownResourceOrNodeIsRefusedAndNothingChanges) {
  RunWithOneFailure();
  size_t before = submitted_.size();
  std::string cib_before = SerializeXml(cores_[1]->member().cib());
  cores_[1]->RequestCleanup(1, "ghost", "");
  cores_[1]->RequestCleanup(2, "d", "node9");
  network_.RunUntilIdle();
  EXPECT_NE(replies_[1].find("no resource 'ghost'"), std::string::npos) << replies_[1];
  EXPECT_NE(replies_[2].find("node 'node9' is not an online member"), std::string::npos)
      << replies_[2];
  EXPECT_EQ(submitted_.size(), before);
  EXPECT_EQ(SerializeXml(cores_[1]->member().cib()), cib_before);
  EXPECT_EQ(FailCount("node2"), "1");
}

TEST_F(CleanupCoreTest, ATargetedNodeThatLeavesNoLongerHoldsTheAnswer) {
  RunWithOneFailure();
  cores_[1]->RequestCleanup(5, "d", "");
  network_.RunUntilIdle();
  // node1 answers its probe, node2 never does: it leaves the cluster.
  for (size_t i = answered_; i < submitted_.size(); ++i) {
    if (submitted_[i].node != 1) continue;
    ActionResult r;
    r.rsc_id = "d";
    r.action = "monitor";
    r.call_id = submitted_[i].call;
    r.rc = ocf_rc::kNotRunning;
    r.op_status = OpStatus::kDone;
    cores_[1]->OnExecutorResult(r);
  }
  network_.RunUntilIdle();
  EXPECT_FALSE(replies_.contains(5));
  network_.Partition({{1}, {2}});
  network_.RunUntilIdle();
  EXPECT_EQ(replies_[5], "cleaned up d on node1");
}

TEST_F(CleanupCoreTest, AMemberThatNeverReportsIsNamedInAnErrorAfterThirtySeconds) {
  RunWithOneFailure();
  network_.LoseNextSend(2, "cleanup-done");
  cores_[1]->RequestCleanup(9, "d", "");
  network_.RunUntilIdle();
  AnswerAll();
  EXPECT_FALSE(replies_.contains(9)) << "node2's report was lost: still waiting";
  CheckProgressAt(1, 1000);
  CheckProgressAt(1, 30000);
  EXPECT_FALSE(replies_.contains(9)) << "not before 30 s";
  CheckProgressAt(1, 31000);
  EXPECT_EQ(replies_[9], "error: d: cleanup: no answer from node2 within 30 s (done on node1)");
}

}  // namespace
}  // namespace keel
