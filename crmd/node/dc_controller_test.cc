// The DC controller alone: when the acting DC plans, defers, holds and asks again.

#include "crmd/node/dc_controller.h"

#include <gtest/gtest.h>

#include "crmd/cib/cib_model.h"
#include "tests/fakes/fake_bus.h"

namespace keel {
namespace {

constexpr std::string_view kCib = R"(<cib admin_epoch="0" epoch="1" num_updates="0">
  <configuration><crm_config><cluster_property_set id="o">
      <nvpair id="o1" name="fencing-enabled" value="FENCING"/>
      <nvpair id="o2" name="dc-deadtime" value="10s"/>
    </cluster_property_set></crm_config>
    <nodes/>
    <resources><primitive id="d" class="ocf" provider="heartbeat" type="Dummy"/></resources>
    <constraints/></configuration><status/></cib>)";

class RecordingDcPort : public DcControllerPort {
 public:
  const XmlNode& CibXml() const override { return cib; }
  // Tests change `cib` in place: every call reads it as a new generation.
  std::expected<const Cib*, Errors> TypedCib(std::span<const Node> unlisted) const override {
    ++generation;
    return model.Get(cib, generation, generation, unlisted);
  }
  std::expected<void, Error> Send(const std::string& payload) override {
    sends.push_back(payload);
    return {};
  }
  void Log(const std::string& line) override { logs.push_back(line); }
  void RearmFenceTimer() override { ++rearms; }
  void StartFence(const FenceActionStart& fence) override { fences.push_back(fence); }
  std::vector<NodeId> Members() const override { return members; }
  bool Quorate() const override { return quorate; }
  bool IsActingDc() const override { return acting; }
  std::string QuorumHoldReason() const override { return hold; }
  int64_t NowS() const override { return 1'795'500'000; }
  int64_t MonoMs() const override { return mono_ms; }

  bool Logged(std::string_view text) const {
    for (const std::string& l : logs) {
      if (l.find(text) != std::string::npos) return true;
    }
    return false;
  }
  size_t Sent(std::string_view type) const {
    size_t n = 0;
    for (const std::string& s : sends) n += PayloadType(s) == type;
    return n;
  }

  XmlNode cib;
  std::vector<std::string> sends, logs;
  std::vector<FenceActionStart> fences;
  std::vector<NodeId> members{1, 2, 3};
  bool quorate = true;
  bool acting = true;
  std::string hold;
  int64_t mono_ms = 0;
  int rearms = 0;
  mutable CibModel model;
  mutable uint64_t generation = 0;
};

class DcControllerTest : public ::testing::Test {
 protected:
  DcControllerTest() : network_(3), nodes_(network_.AddNode(1), "") {
    network_.AddNode(2);
    network_.AddNode(3);  // configured: corosync's nodelist
    SetCib(false);
  }

  void SetCib(bool fencing) {
    std::string text(kCib);
    text.replace(text.find("FENCING"), 7, fencing ? "true" : "false");
    port_.cib = *ParseXml(text, "test");
  }

  DcChange Acting() {
    DcChange c;
    c.acting = true;
    c.version = CibVersion{0, 1, 0};
    return c;
  }

  RecordingDcPort port_;
  FakeNetwork network_;
  NodeDirectory nodes_;
};

TEST_F(DcControllerTest, ANewDcPlansOnceEveryMemberReannouncedItsStatus) {
  DcController dc(port_, nodes_, 1, true);
  dc.AfterChange(Acting());
  EXPECT_TRUE(dc.acting());
  EXPECT_TRUE(dc.busy());
  EXPECT_EQ(dc.controller().plans(), 0);
  EXPECT_TRUE(
      port_.Logged("controller: became DC: waiting for 3 member(s) to re-announce their status "
                   "before planning"));
  dc.OnNodeState(1);
  dc.OnNodeState(2);
  EXPECT_EQ(dc.controller().plans(), 0);
  dc.OnNodeState(3);
  EXPECT_EQ(dc.controller().plans(), 1);
  EXPECT_GT(port_.Sent(ActionMessage::kType), 0u);  // the probes
}

TEST_F(DcControllerTest, ChangesWhileWaitingAreDeferredWithTheFirstReason) {
  DcController dc(port_, nodes_, 1, true);
  dc.AfterChange(Acting());
  dc.Replan("node2 is shutting down");
  for (NodeId id : {1, 2, 3}) dc.OnNodeState(id);
  EXPECT_EQ(dc.controller().plans(), 1);
  EXPECT_TRUE(port_.Logged("controller: planning: became DC; every member's status is in"));
  // Not deferred any longer: a change reaches the controller at once (it aborts the run).
  dc.Replan("node3 is shutting down");
  EXPECT_TRUE(port_.Logged("controller: aborting transition 1: node3 is shutting down"));
}

TEST_F(DcControllerTest, WithoutQuorumOnlyIgnorePlans) {
  port_.members = {1};
  DcController dc(port_, nodes_, 1, true);
  dc.AfterChange(Acting());
  dc.OnNodeState(1);
  int plans = dc.controller().plans();
  port_.quorate = false;
  DcChange lost = Acting();
  lost.quorum_changed = true;
  dc.AfterChange(lost);
  EXPECT_TRUE(port_.Logged("controller: no quorum: not planning (quorum changed)"));
  dc.Trigger("anything");
  EXPECT_EQ(dc.controller().plans(), plans);
}

TEST_F(DcControllerTest, SilentMembersAreAskedAgainEveryFiveSeconds) {
  DcController dc(port_, nodes_, 1, true);
  dc.AfterChange(Acting());
  dc.OnNodeState(1);
  dc.CheckStatusWait(10'000);
  EXPECT_EQ(port_.Sent(StatusRequestMessage::kType), 0u);
  dc.CheckStatusWait(14'999);
  EXPECT_EQ(port_.Sent(StatusRequestMessage::kType), 0u);
  dc.CheckStatusWait(15'000);
  ASSERT_EQ(port_.Sent(StatusRequestMessage::kType), 1u);
  auto m = Decode<StatusRequestMessage>(port_.sends.back());
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->nodes, "2,3");
  EXPECT_TRUE(
      port_.Logged("controller: DC not planning for 5.0 s: waiting for the post-sync "
                   "status of node2, node3; asking again"));
  dc.CheckStatusWait(19'999);
  EXPECT_EQ(port_.Sent(StatusRequestMessage::kType), 1u);
  dc.CheckStatusWait(20'000);
  EXPECT_EQ(port_.Sent(StatusRequestMessage::kType), 2u);
}

TEST_F(DcControllerTest, TheFirstPlanWaitsForNodesItWouldFenceUntilDcDeadtime) {
  SetCib(true);
  port_.members = {1, 2};  // node3 never seen: startup-fencing would fence it
  DcController dc(port_, nodes_, 1, true);
  dc.Start(0);
  dc.OnMembership(port_.members);
  dc.NoteStartupWait();
  dc.AfterChange(Acting());
  dc.OnNodeState(1);
  dc.OnNodeState(2);
  EXPECT_TRUE(dc.plan_held());
  EXPECT_TRUE(
      port_.Logged("not planning yet: waiting up to 10 s after start (dc-deadtime) for "
                   "node3 to join"));
  EXPECT_EQ(port_.fences.size(), 0u);
  port_.mono_ms = 9'999;
  dc.CheckStartupWait();
  EXPECT_TRUE(dc.plan_held());
  port_.mono_ms = 10'000;
  dc.CheckStartupWait();
  EXPECT_FALSE(dc.plan_held());
  EXPECT_TRUE(port_.Logged("controller: planning: the startup wait is over"));
}

TEST_F(DcControllerTest, TheQuorumGateHoldsThePlan) {
  port_.hold = "waiting for corosync's quorum report after the membership change";
  DcController dc(port_, nodes_, 1, true);
  dc.AfterChange(Acting());
  for (NodeId id : {1, 2, 3}) dc.OnNodeState(id);
  EXPECT_TRUE(dc.plan_held());
  EXPECT_GT(port_.rearms, 0);  // the fence timer ends the wait without a report
  port_.hold.clear();
  DcChange report = Acting();
  dc.AfterChange(report);  // nothing changed but the report is in
  EXPECT_FALSE(dc.plan_held());
  EXPECT_EQ(dc.controller().plans(), 1);
}

TEST_F(DcControllerTest, ANodeWithoutExecutorNeverPlans) {
  DcController dc(port_, nodes_, 1, false);
  dc.Trigger("anything");
  dc.OnResult(ResultMessage{});
  EXPECT_EQ(dc.controller().plans(), 0);
  EXPECT_TRUE(port_.sends.empty());
}

TEST_F(DcControllerTest, ResigningForgetsTheWait) {
  DcController dc(port_, nodes_, 1, true);
  dc.AfterChange(Acting());
  EXPECT_TRUE(dc.busy());
  DcChange lost;
  dc.AfterChange(lost);
  EXPECT_FALSE(dc.acting());
  EXPECT_FALSE(dc.busy());
  dc.CheckStatusWait(0);
  dc.CheckStatusWait(10'000);
  EXPECT_EQ(port_.Sent(StatusRequestMessage::kType), 0u);
}

}  // namespace
}  // namespace keel
