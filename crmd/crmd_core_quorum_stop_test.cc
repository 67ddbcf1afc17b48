// no-quorum-policy=stop and a start in flight: the DC planned it while quorate, quorum is lost
// while the start message travels or the agent runs, and the start then succeeds. The node must stop what it just started. One CrmdCore on a bus
// driven by hand.

#include <gtest/gtest.h>

#include <deque>

#include "crmd/controller/controller_messages.h"
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
      <nvpair id="o1" name="fencing-enabled" value="false"/>
      <nvpair id="o2" name="no-quorum-policy" value="POLICY"/>
    </cluster_property_set></crm_config>
    <nodes><node id="1" uname="node1"/></nodes>
    <resources><primitive id="d" class="ocf" provider="heartbeat" type="Dummy"/></resources>
    <constraints/>
  </configuration>
  <status/>
</cib>)";

class LoopBus : public ClusterBus {
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
  std::vector<NodeId> ConfiguredNodes() const override { return {1}; }
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

class QuorumStopTest : public ::testing::Test {
 protected:
  // Starts a core with `policy`, quorate, and lets it plan until the DC has sent the start
  // of d; that message is left undelivered (`start_message_` holds it).
  void Begin(const std::string& policy) {
    std::string text(kCib);
    text.replace(text.find("POLICY"), 6, policy);
    CoreSinks sinks = QuietSinks(clock_);
    sinks.log = [this](const std::string& line) { logs_.push_back(line); };
    sinks.resources->submit = [this](const ActionRequest& r) -> std::expected<int, Error> {
      submitted_.push_back(r);
      return static_cast<int>(submitted_.size());
    };
    auto cib = ParseXml(text, "test");
    ASSERT_TRUE(cib.has_value());
    auto core = CrmdCore::Create(
        bus_, *cib, [](const XmlNode&, std::string_view) { return Errors{}; }, sinks, "", 1);
    ASSERT_TRUE(core.has_value()) << core.error().message;
    core_ = std::move(*core);
    ASSERT_TRUE(core_->Start().has_value());
    bus_.callbacks_.on_quorum(true);
    bus_.callbacks_.on_membership({1});
    bus_.callbacks_.on_quorum(true);  // the DC plans only after the quorum report
    for (int i = 0; i < 1000 && !bus_.outbox_.empty(); ++i) {
      std::string payload = std::move(bus_.outbox_.front());
      bus_.outbox_.pop_front();
      auto action = DecodeAction(payload);
      if (action && action->task == "start") {
        start_message_ = payload;
        return;
      }
      bus_.callbacks_.on_deliver(1, payload);
      for (size_t k = done_; k < submitted_.size(); ++k) Finish(static_cast<int>(k), ocf_rc::kNotRunning);
    }
  }
  // Delivers the held start message: the executor runs the start.
  int DeliverStart() {
    bus_.callbacks_.on_deliver(1, start_message_);
    return IndexOf("start");
  }
  void Finish(int index, int rc) {
    done_ = std::max(done_, static_cast<size_t>(index) + 1);
    ActionResult r;
    r.rsc_id = submitted_[index].rsc_id;
    r.action = submitted_[index].action;
    r.interval_ms = submitted_[index].interval_ms;
    r.call_id = index + 1;
    r.rc = rc;
    r.op_status = OpStatus::kDone;
    core_->OnExecutorResult(r);
  }
  int IndexOf(std::string_view action) const {
    for (size_t k = 0; k < submitted_.size(); ++k) {
      if (submitted_[k].action == action) return static_cast<int>(k);
    }
    return -1;
  }

  LoopBus bus_;
  int64_t wall_ms_ = 1'795'500'000'000;
  int64_t mono_ms_ = 0;
  RefClock clock_{mono_ms_, wall_ms_};
  std::unique_ptr<CrmdCore> core_;
  std::vector<std::string> logs_;
  std::vector<ActionRequest> submitted_;
  size_t done_ = 0;
  std::string start_message_;
};

// Quorum lost after the DC sent the start (its plan now waits for the quorum report after a
// membership change, but a later loss can still overtake a start), then the start's result.
TEST_F(QuorumStopTest, AStartThatEndsAfterQuorumLossIsStopped) {
  Begin("stop");
  ASSERT_FALSE(start_message_.empty()) << "the DC did not start d";
  bus_.callbacks_.on_quorum(false);
  EXPECT_EQ(IndexOf("stop"), -1);  // nothing runs here yet
  int start = DeliverStart();
  ASSERT_GE(start, 0);
  Finish(start, ocf_rc::kOk);
  int stop = IndexOf("stop");
  ASSERT_GE(stop, 0) << "d was left running without quorum";
  EXPECT_EQ(submitted_[stop].rsc_id, "d");
}

TEST_F(QuorumStopTest, FreezeKeepsAStartThatEndsAfterQuorumLoss) {
  Begin("freeze");
  ASSERT_FALSE(start_message_.empty());
  bus_.callbacks_.on_quorum(false);
  int start = DeliverStart();
  ASSERT_GE(start, 0);
  Finish(start, ocf_rc::kOk);
  EXPECT_EQ(IndexOf("stop"), -1);
}

TEST_F(QuorumStopTest, AStartThatEndsWithQuorumStays) {
  Begin("stop");
  int start = DeliverStart();
  ASSERT_GE(start, 0);
  Finish(start, ocf_rc::kOk);
  EXPECT_EQ(IndexOf("stop"), -1);
}

}  // namespace
}  // namespace keel
