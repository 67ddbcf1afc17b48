// Corosync may deliver a CPG membership change before the quorum report that goes with it. A
// partition that has just lost quorum would then act once on a stale "quorate": the DC plans
// nothing, so fences nothing, until the quorum report. One CrmdCore on a bus driven by hand.

#include <gtest/gtest.h>

#include <deque>

#include "crmd/crmd_core.h"
#include "tests/fakes/quiet_sinks.h"
#include "tests/fakes/ref_clock.h"
#include "xml/xml_node.h"

namespace keel {
namespace {

constexpr std::string_view kCib =
    R"(<cib admin_epoch="0" epoch="1" num_updates="0">
  <configuration>
    <crm_config><cluster_property_set id="o">
      <nvpair id="o1" name="fencing-enabled" value="true"/>
      <nvpair id="o2" name="no-quorum-policy" value="freeze"/>
    </cluster_property_set></crm_config>
    <nodes><node id="1" uname="node1"/><node id="2" uname="node2"/><node id="3" uname="node3"/></nodes>
    <resources>
      <primitive id="labfence" class="stonith" type="fence_fake">
        <instance_attributes id="lf-ia">
          <nvpair id="lf1" name="pcmk_host_list" value="node1 node2 node3"/>
        </instance_attributes>
      </primitive>
      <primitive id="d" class="ocf" provider="heartbeat" type="Dummy"/>
    </resources>
    <constraints/>
  </configuration>
  <status>
    <node_state id="2" uname="node2" in_ccm="true" crmd="online" join="member" expected="member">
      <lrm id="2"><lrm_resources><lrm_resource id="d" class="ocf" provider="heartbeat" type="Dummy">
        <lrm_rsc_op id="d_last_0" operation_key="d_start_0" operation="start" interval="0" call-id="3" rc-code="0" op-status="0"/>
      </lrm_resource></lrm_resources></lrm>
    </node_state>
    <node_state id="3" uname="node3" in_ccm="false" crmd="offline" join="down" expected="down"/>
  </status>
</cib>)";

// Messages go back to this node only when the test says so; membership and quorum likewise.
class HandBus : public ClusterBus {
 public:
  std::expected<void, Error> Join(BusCallbacks callbacks) override {
    callbacks_ = std::move(callbacks);
    return {};
  }
  std::expected<void, Error> Send(std::string_view payload) override {
    outbox_.emplace_back(payload);
    return {};
  }
  NodeId LocalId() const override { return 1; }
  std::string NodeName(NodeId id) const override { return "node" + std::to_string(id); }
  std::vector<NodeId> ConfiguredNodes() const override { return {1, 2, 3}; }

  void DeliverAll() {
    for (int i = 0; i < 1000 && !outbox_.empty(); ++i) {
      std::string payload = std::move(outbox_.front());
      outbox_.pop_front();
      callbacks_.on_deliver(1, payload);
    }
  }
  BusCallbacks callbacks_;
  std::deque<std::string> outbox_;
};

class FencingQuorumTest : public ::testing::Test {
 protected:
  void SetUp() override {
    CoreSinks sinks = QuietSinks(clock_);
    sinks.log = [this](const std::string& line) { logs_.push_back(line); };
    sinks.resources->run_fence_agent = [this](const RunAgentEffect& run,
                                              std::function<void(const AgentExit&)>) {
      runs_.push_back(run);
    };
    sinks.resources->fence_timer = [this](std::optional<int64_t> at) { timer_ = at; };
    auto cib = ParseXml(kCib, "test");
    ASSERT_TRUE(cib.has_value());
    auto core = CrmdCore::Create(
        bus_, *cib, [](const XmlNode&, std::string_view) { return Errors{}; }, sinks, "", 1);
    ASSERT_TRUE(core.has_value()) << core.error().message;
    core_ = std::move(*core);
    ASSERT_TRUE(core_->Start().has_value());
    // Quorate with node2: then node2 is gone, and the quorum report has not come yet.
    bus_.callbacks_.on_quorum(true);
    bus_.callbacks_.on_membership({1, 2});
    bus_.callbacks_.on_quorum(true);
    bus_.outbox_.clear();  // node2's announce never comes: this view never syncs
    bus_.callbacks_.on_membership({1});
    bus_.DeliverAll();
  }

  // Both clocks move; deadlines are on the monotonic one (apart from the wall clock here, so
  // that a deadline on the wrong clock shows).
  void Advance(int64_t ms) {
    now_ms_ += ms;
    mono_ms_ += ms;
  }

  bool Logged(std::string_view text) const {
    for (const std::string& line : logs_) {
      if (line.find(text) != std::string::npos) return true;
    }
    return false;
  }

  HandBus bus_;
  int64_t now_ms_ = 1'795'500'000'000;
  int64_t mono_ms_ = 30'000;
  RefClock clock_{mono_ms_, now_ms_};
  std::unique_ptr<CrmdCore> core_;
  std::vector<std::string> logs_;
  std::vector<RunAgentEffect> runs_;
  std::optional<int64_t> timer_;
};

TEST_F(FencingQuorumTest, NothingIsPlannedOnAStaleQuorateAndNothingOnceQuorumTurnsOutLost) {
  EXPECT_TRUE(Logged("not planning yet: waiting for corosync's quorum report"));
  EXPECT_FALSE(Logged("controller: fencing node2"));
  EXPECT_TRUE(runs_.empty());
  ASSERT_TRUE(timer_.has_value());  // the fallback, if no quorum report ever comes
  EXPECT_EQ(*timer_, mono_ms_ + 1000);
  bus_.callbacks_.on_quorum(false);
  bus_.DeliverAll();
  EXPECT_TRUE(runs_.empty());
  EXPECT_FALSE(Logged("controller: fencing node2"));
  EXPECT_EQ(core_->controller().plans(), 0);
}

TEST_F(FencingQuorumTest, TheFenceIsPlannedAndRunOnceQuorumIsConfirmed) {
  EXPECT_FALSE(Logged("controller: fencing node2"));
  bus_.callbacks_.on_quorum(true);
  bus_.DeliverAll();
  EXPECT_TRUE(Logged("controller: planning: quorum report after the membership change"));
  ASSERT_EQ(runs_.size(), 1u);
  EXPECT_NE(runs_[0].stdin_text.find("plug=node2\n"), std::string::npos);
}

TEST_F(FencingQuorumTest, WithoutAnyQuorumReportTheDcPlansAndFencesAfterASecond) {
  Advance(999);
  core_->OnFenceTimer();  // early: still waiting
  EXPECT_FALSE(Logged("controller: fencing node2"));
  Advance(1);
  core_->OnFenceTimer();
  bus_.DeliverAll();
  EXPECT_TRUE(Logged("no quorum report after the membership change"));
  EXPECT_TRUE(Logged("controller: fencing node2"));
  EXPECT_EQ(runs_.size(), 1u);  // the last known state said quorate
}

}  // namespace
}  // namespace keel
