// CrmdCore on a bus whose sends corosync refuses for a while (CS_ERR_TRY_AGAIN while it
// syncs): nothing is lost, nothing stalls. Lab finding (lab_quorum_qdevice): the survivor of
// a cut gave up announcing its CIB version after a refused send and never became acting DC.

#include <gtest/gtest.h>

#include <algorithm>

#include "crmd/crmd_core.h"
#include "tests/fakes/core_test_cluster.h"

namespace keel {
namespace {

constexpr std::string_view kCib =
    R"(<cib admin_epoch="0" epoch="1" num_updates="0" validate-with="pacemaker-3.0">
  <configuration>
    <crm_config><cluster_property_set id="o">
      <nvpair id="o1" name="fencing-enabled" value="false"/>
    </cluster_property_set></crm_config>
    <nodes><node id="1" uname="node1"/><node id="2" uname="node2"/><node id="3" uname="node3"/></nodes>
    <resources>
      <primitive id="d" class="ocf" provider="heartbeat" type="Dummy"/>
    </resources>
    <constraints><rsc_location id="l" rsc="d" node="node2" score="100"/></constraints>
  </configuration>
  <status/>
</cib>)";

class SendQueueCoreTest : public CoreTestCluster {
 protected:
  SendQueueCoreTest() : CoreTestCluster(3) {}

  void StartAll() {
    for (NodeId id : {1u, 2u, 3u}) StartCore(id, kCib, RecordingSinks(id));
    network_.RunUntilIdle();
    AnswerAll();
    AnswerAll();
  }

  std::vector<NodeId> StartsOfD() const {
    std::vector<NodeId> nodes;
    for (const Submitted& s : submitted_) {
      if (s.request.rsc_id == "d" && s.request.action == "start") nodes.push_back(s.node);
    }
    return nodes;
  }

  bool Logged(NodeId id, std::string_view text) const {
    auto it = logs_.find(id);
    if (it == logs_.end()) return false;
    return std::any_of(it->second.begin(), it->second.end(),
                       [&](const std::string& l) { return l.find(text) != std::string::npos; });
  }
};

TEST_F(SendQueueCoreTest, ASurvivorWhoseSendsCorosyncRefusesForSecondsStillBecomesDcAndRecovers) {
  StartAll();
  ASSERT_EQ(StartsOfD(), std::vector<NodeId>{2});
  // node2 (running d) crashes; corosync refuses node1's sends for 3 s (it is syncing).
  network_.RefuseSends(1, network_.now_ms() + 3000);
  network_.Crash(2);
  network_.RunUntilIdle();
  EXPECT_TRUE(cores_[1]->member().syncing()) << "its announcement is still waiting";
  EXPECT_GT(network_.Bus(1).QueuedSends(), 0u);
  network_.AdvanceTime(5000);
  AnswerAll();
  EXPECT_FALSE(cores_[1]->member().syncing());
  EXPECT_EQ(cores_[1]->member().dc(), NodeId{1});
  std::vector<NodeId> starts = StartsOfD();
  ASSERT_EQ(starts.size(), 2u) << "d is started again on a survivor";
  EXPECT_NE(starts[1], 2u);
  EXPECT_TRUE(Logged(1, "waiting 2.")) << "a wait of more than 2 s is logged";
  EXPECT_TRUE(Logged(1, "corosync took the")) << "and so is its end";
}

TEST_F(SendQueueCoreTest, UnsentMessagesOfTheOldMembershipAreDroppedByRuleAndLogged) {
  StartAll();
  // node3's sends wait; a cleanup request (kept) and its node_state (dropped) queue up.
  network_.RefuseSends(3, network_.now_ms() + 1000);
  XmlNode empty;
  empty.name = "node_state";
  cores_[3]->UpdateOwnState(empty);
  cores_[3]->RequestCleanup(7, "d", "");
  network_.RunUntilIdle();
  ASSERT_EQ(network_.Bus(3).QueuedSends(), 2u);
  network_.Crash(1);
  network_.RunUntilIdle();
  EXPECT_TRUE(Logged(3, "bus: membership changed: dropped unsent \"node_state\" message"));
  EXPECT_FALSE(Logged(3, "dropped unsent \"cleanup\""));
  // The membership's new announce queued behind the kept cleanup; all go out in order.
  network_.AdvanceTime(2000);
  AnswerAll();
  EXPECT_FALSE(cores_[3]->member().syncing());
  EXPECT_EQ(network_.Bus(3).QueuedSends(), 0u);
}

TEST_F(SendQueueCoreTest, AnElectedDcStuckInTheSyncSaysSoLoudlyAndAnnouncesAgain) {
  StartAll();
  // node2's messages are lost for good in this test (not queued: a broken peer), so node1,
  // the elected DC after node3's crash, waits for node2's announcement.
  network_.Crash(3);
  network_.SetSendFailure(true);
  network_.RunUntilIdle();
  network_.SetSendFailure(false);
  ASSERT_TRUE(cores_[1]->member().syncing());
  for (int64_t t = 0; t <= 6000; t += 1000) CheckProgressAt(1, t);
  network_.RunUntilIdle();
  EXPECT_TRUE(Logged(1,
                     "dc: ELECTED BUT NOT ACTING for 5.0 s: the sync waits for the CIB "
                     "version of node1, node2"));
  // Both re-announced after 5 s (node2 when its own check ran): the sync completes.
  CheckProgressAt(2, 0);
  CheckProgressAt(2, 5000);
  network_.RunUntilIdle();
  EXPECT_FALSE(cores_[1]->member().syncing());
  EXPECT_EQ(cores_[1]->member().dc(), NodeId{1});
}

TEST_F(SendQueueCoreTest, ADcMissingAMembersPostSyncStatusAsksForItAgainThenPlans) {
  StartAll();
  ASSERT_EQ(StartsOfD(), std::vector<NodeId>{2});
  // node2 (running d) crashes; node3's post-sync status report (a patch to the state the sync
  // gave every member) is lost on the way.
  network_.LoseNextSend(3, "node_state_patch");
  network_.Crash(2);
  network_.RunUntilIdle();
  AnswerAll();
  ASSERT_FALSE(cores_[1]->member().syncing());
  ASSERT_EQ(cores_[1]->member().dc(), NodeId{1});
  EXPECT_EQ(StartsOfD().size(), 1u) << "the DC waits for node3's status before planning";
  CheckProgressAt(1, 0);
  CheckProgressAt(1, 5000);
  network_.RunUntilIdle();
  AnswerAll();
  EXPECT_TRUE(Logged(1, "waiting for the post-sync status of node3; asking again"));
  EXPECT_TRUE(Logged(3, "the DC asked for this node's status again"));
  std::vector<NodeId> starts = StartsOfD();
  ASSERT_EQ(starts.size(), 2u) << "the DC planned once node3 answered";
  EXPECT_NE(starts[1], 2u);
}

}  // namespace
}  // namespace keel
