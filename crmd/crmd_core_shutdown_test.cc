// Clean shutdown through CrmdCore (crmd_core_shutdown.cc): the node asks, the DC moves what
// runs there, the node leaves as expected down and is never fenced for it; a shutdown that
// passes shutdown-escalation exits as it is and is then treated as lost.

#include <gtest/gtest.h>

#include "crmd/cib/cib_document.h"
#include "crmd/crmd_core_fencing_fixture.h"

namespace keel {
namespace {

class ShutdownCoreTest : public FencingCoreTest {
 protected:
  void StartAll() {
    StartNode(1);
    StartNode(2);
    StartNode(3);
    Settle();
  }

  // The index of the first submission of `action` on `rsc` at `node` from `from`, or -1.
  int Find(NodeId node, const std::string& rsc, const std::string& action, size_t from = 0) {
    for (size_t i = from; i < submitted_.size(); ++i) {
      const Submitted& s = submitted_[i];
      if (s.node == node && s.request.rsc_id == rsc && s.request.action == action) {
        return static_cast<int>(i);
      }
    }
    return -1;
  }

  std::string Expected(NodeId seen_by, NodeId node) {
    const XmlNode* s = FindNodeState(cores_[seen_by]->member().cib(), std::to_string(node));
    return s == nullptr ? "" : s->AttrOr("expected");
  }
};

TEST_F(ShutdownCoreTest, TheHolderStopsCleanlyTheResourceMovesAndNothingIsFenced) {
  StartAll();
  ASSERT_TRUE(Started("d", 2));
  size_t before = submitted_.size();
  cores_[2]->RequestShutdown();
  network_.RunUntilIdle();
  EXPECT_TRUE(cores_[2]->shutting_down());
  int stop = Find(2, "d", "stop", before);
  ASSERT_GE(stop, 0) << "the DC stops d on the node that shuts down";
  EXPECT_FALSE(exits_.contains(2)) << "left before its resource stopped";
  EXPECT_EQ(Expected(1, 2), "member");
  Settle();
  int start = Find(3, "d", "start", before);
  ASSERT_GT(start, stop) << "d starts on node3 after its stop on node2";
  ASSERT_TRUE(exits_.contains(2));
  EXPECT_EQ(exits_[2], 0);
  EXPECT_EQ(Expected(1, 2), "down");  // every member holds the leave before node2 exits
  EXPECT_EQ(Expected(3, 2), "down");
  size_t after_exit = submitted_.size();
  network_.Crash(2);  // crmd exits: node2 leaves the group
  Settle();
  EXPECT_TRUE(agent_runs_.empty()) << "a node that shut down cleanly was fenced";
  EXPECT_EQ(Find(3, "d", "start", after_exit), -1) << "d was recovered a second time";
  EXPECT_EQ(Find(1, "d", "start", after_exit), -1);
  EXPECT_TRUE(Logged(2, "shutdown: complete; exiting"));
}

TEST_F(ShutdownCoreTest, TheDcFinishesItsMovesBeforeItLeavesAndTheNextDcFencesNothing) {
  const std::string prefer_node2 = R"(node="node2" score="100")";
  cib_text_.replace(cib_text_.find(prefer_node2), prefer_node2.size(),
                    R"(node="node1" score="100")");
  StartAll();
  ASSERT_TRUE(Started("d", 1));
  ASSERT_EQ(cores_[1]->member().dc(), 1u);
  size_t before = submitted_.size();
  cores_[1]->RequestShutdown();
  network_.RunUntilIdle();
  int stop = Find(1, "d", "stop", before);
  ASSERT_GE(stop, 0);
  auto ok = [](const Submitted&) { return ocf_rc::kOk; };
  while (static_cast<int>(answered_) <= stop) AnswerNextWith(ok);
  int start = Find(3, "d", "start", before);
  ASSERT_GE(start, 0);
  EXPECT_FALSE(exits_.contains(1)) << "the DC left while its transition ran";
  while (static_cast<int>(answered_) < start) AnswerNextWith(ok);
  EXPECT_FALSE(exits_.contains(1)) << "the DC left while its transition ran";
  Settle();
  ASSERT_TRUE(exits_.contains(1));
  EXPECT_EQ(exits_[1], 0);
  size_t after_exit = submitted_.size();
  network_.Crash(1);
  Settle();
  EXPECT_EQ(cores_[2]->member().dc(), 2u);
  EXPECT_TRUE(agent_runs_.empty()) << "the new DC fenced the old one after its clean stop";
  EXPECT_EQ(Find(3, "d", "start", after_exit), -1);
  EXPECT_EQ(Find(2, "d", "start", after_exit), -1);
}

// The DC sent an action to node3 before it saw node3's leave; CPG delivers it after the leave
// (in the lab: labfence's start, run after "shutdown: complete; exiting"). Run there, it
// would leave the device recorded active on a node that is then offline, and the next DC
// would fence node3 for it ("labfence is thought to be active there").
TEST_F(ShutdownCoreTest, AnActionDeliveredAfterTheLeaveIsNotRunAndNothingIsFencedForIt) {
  StartAll();
  ASSERT_TRUE(ActiveResources(cores_[3]->own_history()).empty());
  size_t before = submitted_.size();
  cores_[3]->RequestShutdown();
  network_.RunUntilIdle();
  ASSERT_TRUE(exits_.contains(3));
  ASSERT_EQ(Expected(1, 3), "down");
  for (const char* rsc : {"labfence", "d"}) {
    TransitionKey key{0, 99, ocf_rc::kOk, "1"};
    ASSERT_TRUE(
        network_.Bus(1)
            .Send(EncodeAction(ActionMessage{key.ToString(), "node3", "start", rsc, 0, 20000}))
            .has_value());
  }
  network_.RunUntilIdle();
  EXPECT_EQ(Find(3, "d", "start", before), -1) << "d started on a node that left";
  EXPECT_TRUE(ActiveResources(cores_[3]->own_history()).empty());
  auto seen = CibFromXml(cores_[1]->member().cib(), "node1");
  ASSERT_TRUE(seen.has_value());
  for (const NodeState& s : seen->cib.status.node_states) {
    if (s.uname == "node3") {
      EXPECT_TRUE(ActiveResources(s).empty()) << "the DC sees it active";
    }
  }
  EXPECT_TRUE(Logged(3, "shutdown: not running labfence start: this node is leaving"));
  network_.Crash(3);
  Settle();
  EXPECT_TRUE(agent_runs_.empty()) << "node3 was fenced after its clean stop";
  EXPECT_FALSE(Logged(1, "fencing node3"));
}

// The same, with an action of the DC's own transition (a probe of a resource committed while
// node3 asks to shut down): the DC waits for node3's answer until node3 has gone, then no more.
TEST_F(ShutdownCoreTest, TheDcStopsWaitingForAnActionRefusedByTheNodeThatLeft) {
  StartAll();
  XmlNode cib = cores_[1]->member().cib();
  auto e = ParseXml(R"(<primitive id="e" class="ocf" provider="heartbeat" type="Dummy"/>)", "e");
  ASSERT_TRUE(e.has_value());
  for (XmlNode& section : cib.children) {
    if (section.name != "configuration") continue;
    for (XmlNode& part : section.children) {
      if (part.name == "resources") part.children.push_back(*e);
    }
  }
  cores_[1]->RequestCommit(7, SerializeXml(cib), cores_[1]->member().version());
  cores_[3]->RequestShutdown();
  network_.RunUntilIdle();
  ASSERT_TRUE(exits_.contains(3));
  ASSERT_TRUE(Logged(3, "shutdown: not running e monitor: this node is leaving"));
  AnswerAll();
  ASSERT_TRUE(cores_[1]->controller().running()) << "the DC did not wait for node3's probe";
  network_.Crash(3);
  Settle();
  EXPECT_FALSE(cores_[1]->controller().running()) << "the DC still waits for node3's answer";
  EXPECT_TRUE(agent_runs_.empty()) << "node3 was fenced after its clean stop";
}

TEST_F(ShutdownCoreTest, AStopThatNeverEndsEscalatesAndTheNodeIsThenFencedAsLost) {
  StartAll();
  ASSERT_TRUE(Started("d", 2));
  const int64_t asked = mono_ms_;
  cores_[2]->RequestShutdown();
  network_.RunUntilIdle();
  ASSERT_GE(Find(2, "d", "stop"), 0);  // never answered
  mono_ms_ = asked + 60'000;
  cores_[2]->RequestShutdown();  // a second SIGTERM is only logged
  EXPECT_TRUE(Logged(2, "shutdown: already under way; waiting at most 1140 s more"));
  CheckProgressAt(2, asked + 20 * 60 * 1000 - 1);
  EXPECT_FALSE(exits_.contains(2));
  CheckProgressAt(2, asked + 20 * 60 * 1000);
  ASSERT_TRUE(exits_.contains(2));
  EXPECT_EQ(exits_[2], 1);
  EXPECT_TRUE(Logged(2, "SHUTDOWN-ESCALATION PASSED; not settled here: d, 1 action(s) under way"));
  EXPECT_EQ(Expected(1, 2), "member");
  network_.Crash(2);
  network_.RunUntilIdle();
  ASSERT_EQ(agent_runs_.size(), 1u);  // d may still run there: fenced before recovery
  EXPECT_NE(agent_runs_[0].run.stdin_text.find("plug=node2\n"), std::string::npos);
}

TEST_F(ShutdownCoreTest, WithoutQuorumUnderFreezeTheNodeStopsItsOwnResourcesAndLeaves) {
  cib_text_.replace(cib_text_.find("</cluster_property_set>"), 0,
                    R"(<nvpair id="o2" name="no-quorum-policy" value="freeze"/>)");
  StartAll();
  ASSERT_TRUE(Started("d", 2));
  network_.Partition({{1, 3}, {2}});
  network_.RunUntilIdle();
  AnswerAll();
  size_t before = submitted_.size();
  EXPECT_EQ(Find(2, "d", "stop"), -1) << "freeze keeps d running without quorum";
  cores_[2]->RequestShutdown();
  network_.RunUntilIdle();
  ASSERT_GE(Find(2, "d", "stop", before), 0);
  EXPECT_TRUE(Logged(2, "no DC plans for this node (no quorum): stopping d here"));
  AnswerAll();
  ASSERT_TRUE(exits_.contains(2));
  EXPECT_EQ(exits_[2], 0);
}

TEST_F(ShutdownCoreTest, TheRequestIsTheShutdownNodeAttributeWithItsTimeAsPacemakerWritesIt) {
  StartAll();
  cores_[2]->RequestShutdown();
  network_.RunUntilIdle();
  auto cib = CibFromXml(cores_[3]->member().cib(), "node3");
  ASSERT_TRUE(cib.has_value());
  std::optional<std::string> value;
  for (const NodeState& s : cib->cib.status.node_states) {
    if (s.uname == "node2") value = FindNvValue(s.transient_attributes, "shutdown");
  }
  EXPECT_EQ(value, std::to_string(now_ms_ / 1000));
}

}  // namespace
}  // namespace keel
