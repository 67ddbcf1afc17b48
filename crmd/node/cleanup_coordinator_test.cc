// The cleanup coordinator alone: what it sends, answers and asks of this node's probes.

#include "crmd/node/cleanup_coordinator.h"

#include <gtest/gtest.h>

#include "tests/fakes/fake_bus.h"

namespace keel {
namespace {

constexpr std::string_view kCib = R"(<cib admin_epoch="0" epoch="1" num_updates="0">
  <configuration><crm_config/><nodes/>
    <resources>
      <primitive id="d" class="ocf" provider="heartbeat" type="Dummy"/>
      <group id="g">
        <primitive id="g1" class="ocf" provider="heartbeat" type="Dummy"/>
        <primitive id="g2" class="ocf" provider="heartbeat" type="Dummy"/>
      </group>
      <clone id="cg"><group id="cgg">
        <primitive id="ca" class="ocf" provider="heartbeat" type="Dummy"/>
        <primitive id="cb" class="ocf" provider="heartbeat" type="Dummy"/>
      </group></clone>
      <clone id="uc"><meta_attributes id="ucm"><nvpair id="ucm1" name="globally-unique" value="true"/>
        <nvpair id="ucm2" name="clone-max" value="2"/></meta_attributes>
        <primitive id="u" class="ocf" provider="heartbeat" type="Dummy"/></clone>
    </resources><constraints/></configuration><status/></cib>)";

class RecordingProbes : public LocalProbes {
 public:
  void Forget(const std::vector<std::string>& rscs) override {
    forgotten.insert(forgotten.end(), rscs.begin(), rscs.end());
  }
  Probe StartProbe(const std::string& rsc) override {
    if (rsc == "g2") return {std::nullopt, "g2 not probed: no such agent"};
    started.push_back(rsc);
    return {next_call++, ""};
  }
  std::vector<std::string> forgotten, started;
  int next_call = 10;
};

class CleanupCoordinatorTest : public ::testing::Test {
 protected:
  CleanupCoordinatorTest()
      : network_(3), nodes_(network_.AddNode(1), ""), coordinator_(nodes_, probes_) {
    cib_ = *ParseXml(kCib, "test");
  }

  // The coordinator's only send, decoded.
  template <typename M>
  M OnlySend(const CleanupEffects& fx) {
    EXPECT_EQ(fx.sends.size(), 1u);
    auto m = Decode<M>(fx.sends.empty() ? "" : fx.sends.front());
    EXPECT_TRUE(m.has_value());
    return m ? *m : M{};
  }

  static std::string Reply(const CleanupEffects& fx) {
    if (fx.replies.size() != 1) return "replies: " + std::to_string(fx.replies.size());
    const auto& outcome = fx.replies.front().second;
    return outcome ? *outcome : "error: " + outcome.error().ToString();
  }

  FakeNetwork network_;
  NodeDirectory nodes_;
  RecordingProbes probes_;
  CleanupCoordinator coordinator_;
  XmlNode cib_;
  const std::vector<NodeId> both_{1, 2};
};

TEST_F(CleanupCoordinatorTest, UnknownResourcesAndNodesAreRefusedAndNothingIsSent) {
  CleanupEffects fx = coordinator_.Request(1, cib_, "nosuch", "", both_);
  EXPECT_TRUE(fx.sends.empty());
  EXPECT_EQ(Reply(fx), "error: nosuch: cleanup: no resource 'nosuch' in the configuration");
  fx = coordinator_.Request(2, cib_, "d", "node3", both_);
  EXPECT_TRUE(fx.sends.empty());
  EXPECT_EQ(Reply(fx),
            "error: node3: cleanup: node 'node3' is not an online member (online: "
            "node1, node2)");
}

TEST_F(CleanupCoordinatorTest, TheOriginAnswersOnceEveryTargetedMemberReported) {
  CleanupEffects fx = coordinator_.Request(7, cib_, "g", "", both_);
  CleanupMessage sent = OnlySend<CleanupMessage>(fx);
  EXPECT_EQ(sent.rscs, "g1,g2");
  EXPECT_EQ(sent.origin, "node1");
  // Our own message comes back: this node forgets and probes; g2 cannot be probed.
  fx = coordinator_.OnCleanup(sent, both_);
  EXPECT_EQ(probes_.forgotten, (std::vector<std::string>{"g1", "g2"}));
  EXPECT_EQ(probes_.started, std::vector<std::string>{"g1"});
  EXPECT_TRUE(fx.sends.empty()) << "cleanup-done waits for the probe";
  EXPECT_TRUE(fx.replies.empty());
  fx = coordinator_.OnProbeDone(99);
  EXPECT_TRUE(fx.sends.empty()) << "not one of the cleanup's probes";
  fx = coordinator_.OnProbeDone(10);
  CleanupDoneMessage done = OnlySend<CleanupDoneMessage>(fx);
  EXPECT_EQ(done.from, "node1");
  EXPECT_EQ(done.note, "g2 not probed: no such agent");
  fx = coordinator_.OnCleanupDone(done, /*acting_dc=*/true, both_);
  EXPECT_EQ(fx.replan, "cleanup of g1,g2 on node1");
  EXPECT_TRUE(fx.replies.empty()) << "node2 has not reported";
  fx = coordinator_.OnCleanupDone(CleanupDoneMessage{"node1", "7", "node2", "g1,g2", ""}, false,
                                  both_);
  EXPECT_FALSE(fx.replan.has_value());
  EXPECT_EQ(Reply(fx), "cleaned up g on node1, node2 (node1: g2 not probed: no such agent)");
}

// A cloned group's instances are recorded under their members' ids on each node.
TEST_F(CleanupCoordinatorTest, ACloneOfAGroupCleansUpItsMembers) {
  EXPECT_EQ(OnlySend<CleanupMessage>(coordinator_.Request(4, cib_, "cg", "", both_)).rscs, "ca,cb");
  EXPECT_EQ(OnlySend<CleanupMessage>(coordinator_.Request(5, cib_, "cgg", "", both_)).rscs,
            "ca,cb");
  EXPECT_EQ(OnlySend<CleanupMessage>(coordinator_.Request(6, cib_, "cb", "", both_)).rscs, "cb");
}

// A globally-unique clone's instances are recorded as "u:N": each is cleaned up.
TEST_F(CleanupCoordinatorTest, AGloballyUniqueCloneCleansUpEachInstance) {
  EXPECT_EQ(OnlySend<CleanupMessage>(coordinator_.Request(4, cib_, "uc", "", both_)).rscs,
            "u:0,u:1");
  EXPECT_EQ(OnlySend<CleanupMessage>(coordinator_.Request(5, cib_, "u:1", "", both_)).rscs, "u:1");
}

TEST_F(CleanupCoordinatorTest, AMemberThatLeavesNoLongerCounts) {
  CleanupMessage sent = OnlySend<CleanupMessage>(coordinator_.Request(3, cib_, "d", "", both_));
  coordinator_.OnCleanup(sent, both_);
  CleanupEffects fx = coordinator_.OnMembership({1});
  EXPECT_TRUE(fx.replies.empty()) << "node1 itself has not reported";
  fx = coordinator_.OnCleanupDone(CleanupDoneMessage{"node1", "3", "node1", "d", ""}, false, {1});
  EXPECT_EQ(Reply(fx), "cleaned up d on node1");
}

TEST_F(CleanupCoordinatorTest, UnansweredAfterThirtySecondsAndUnsendableRequestsGetAnError) {
  CleanupMessage sent = OnlySend<CleanupMessage>(coordinator_.Request(4, cib_, "d", "", both_));
  coordinator_.OnCleanup(sent, both_);
  coordinator_.OnCleanupDone(CleanupDoneMessage{"node1", "4", "node1", "d", ""}, false, both_);
  EXPECT_TRUE(coordinator_.Check(1000).replies.empty());
  EXPECT_TRUE(coordinator_.Check(30999).replies.empty());
  EXPECT_EQ(Reply(coordinator_.Check(31000)),
            "error: d: cleanup: no answer from node2 within 30 s (done on node1)");

  CleanupEffects fx = coordinator_.Request(5, cib_, "d", "", both_);
  fx = coordinator_.SendFailed(fx.sends.front(), Error{ErrorCode::kIo, "not joined", ""});
  EXPECT_EQ(Reply(fx), "error: d: cleanup: could not reach the cluster: not joined");
  EXPECT_TRUE(coordinator_.Check(100000).replies.empty()) << "answered once";
}

}  // namespace
}  // namespace keel
