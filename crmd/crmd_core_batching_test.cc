// CrmdCores whose buses batch each loop turn's messages (crmd/membership/batching_bus.h, as the
// daemon wires them): the DC's actions of a turn travel as one message, a node's result with
// its status patch as one, and the cluster ends where it would without batching.

#include <gtest/gtest.h>

#include "crmd/crmd_core.h"
#include "crmd/executor/testing/fake_event_loop.h"
#include "crmd/membership/batching_bus.h"
#include "crmd/protocol/batch_message.h"
#include "tests/fakes/core_test_cluster.h"
#include "xml/cib_parse.h"

namespace keel {
namespace {

std::string CibWithDummies(int count) {
  std::string rscs;
  for (int i = 0; i < count; ++i) {
    std::string id = "d" + std::to_string(i);
    rscs += "<primitive id=\"" + id + "\" class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\"/>";
  }
  return R"(<cib admin_epoch="0" epoch="1" num_updates="0" validate-with="pacemaker-3.0">
  <configuration>
    <crm_config><cluster_property_set id="o">
      <nvpair id="o1" name="fencing-enabled" value="false"/>
    </cluster_property_set></crm_config>
    <nodes><node id="1" uname="node1"/><node id="2" uname="node2"/></nodes>
    <resources>)" +
         rscs + R"(</resources>
  </configuration>
  <status/>
</cib>)";
}

// Forwards to the node's FakeBus and records the type of every message it carries.
class RecordingBus : public ClusterBus {
 public:
  explicit RecordingBus(ClusterBus& inner) : inner_(inner) {}
  std::expected<void, Error> Join(BusCallbacks callbacks) override {
    return inner_.Join(std::move(callbacks));
  }
  std::expected<void, Error> Send(std::string_view payload) override {
    sent.emplace_back(payload);
    return inner_.Send(payload);
  }
  NodeId LocalId() const override { return inner_.LocalId(); }
  std::string NodeName(NodeId id) const override { return inner_.NodeName(id); }
  std::vector<NodeId> ConfiguredNodes() const override { return inner_.ConfiguredNodes(); }
  std::vector<std::string> sent;

 private:
  ClusterBus& inner_;
};

class BatchingCoreTest : public CoreTestCluster {
 protected:
  BatchingCoreTest() : CoreTestCluster(3) {}

  void StartNode(NodeId id, int resources) {
    FakeBus& fake = network_.AddNode(id);
    recorders_[id] = std::make_unique<RecordingBus>(fake);
    batching_[id] = std::make_unique<BatchingBus>(*recorders_[id], loop_, [this, id] {
      return cores_.count(id) && cores_[id]->member().EveryMemberSpeaks(BatchMessage::kProtocol);
    });
    auto cib = ParseXml(CibWithDummies(resources), "test");
    ASSERT_TRUE(cib.has_value());
    auto core = CrmdCore::Create(
        *batching_[id], *cib, [](const XmlNode&, std::string_view) { return Errors{}; },
        RecordingSinks(id), "", 1);
    ASSERT_TRUE(core.has_value()) << core.error().message;
    cores_[id] = std::move(*core);
    ASSERT_TRUE(cores_[id]->Start().has_value());
  }

  // Delivers, then ends the loop turn (the batches go out), until nothing moves.
  void Pump() {
    for (int i = 0; i < 1000; ++i) {
      size_t delivered = network_.RunUntilIdle();
      size_t timers = loop_.pending_timers();
      loop_.RunPending();
      if (delivered == 0 && timers == 0) return;
    }
    FAIL() << "the cluster never settled";
  }

  // Answers every open action in one turn of node `id`'s loop: probes find nothing running,
  // the rest succeeds.
  void AnswerAll() {
    while (answered_ < submitted_.size()) {
      const Submitted s = submitted_[answered_++];
      ActionResult r;
      r.rsc_id = s.request.rsc_id;
      r.action = s.request.action;
      r.interval_ms = s.request.interval_ms;
      r.call_id = s.call;
      bool probe = s.request.action == "monitor" && s.request.interval_ms == 0;
      r.rc = probe ? ocf_rc::kNotRunning : ocf_rc::kOk;
      r.op_status = OpStatus::kDone;
      cores_[s.node]->OnExecutorResult(r);
    }
    Pump();
  }

  // The types of the messages node `id` sent since the last call, a batch as "batch:N".
  std::vector<std::string> TakeSent(NodeId id) {
    std::vector<std::string> types;
    for (const std::string& m : recorders_[id]->sent) {
      auto batch = Decode<BatchMessage>(m);
      types.push_back(batch ? "batch:" + std::to_string(batch->payloads.size()) : PayloadType(m));
    }
    recorders_[id]->sent.clear();
    return types;
  }

  int RunningOn(NodeId dc, const std::string& node) {
    auto parsed = CibFromXml(cores_[dc]->member().cib(), "dc");
    EXPECT_TRUE(parsed.has_value());
    int running = 0;
    for (const NodeState& s : parsed->cib.status.node_states) {
      if (s.uname != node) continue;
      for (const LrmResource& r : s.lrm_resources) {
        for (const LrmRscOp& op : r.ops) running += op.operation() == "start" && op.rc_code == 0;
      }
    }
    return running;
  }

  FakeEventLoop loop_;
  std::map<NodeId, std::unique_ptr<RecordingBus>> recorders_;
  std::map<NodeId, std::unique_ptr<BatchingBus>> batching_;
};

TEST_F(BatchingCoreTest, TheDcsActionsOfATurnAreOneMessageAndEverythingStarts) {
  StartNode(1, 8);
  StartNode(2, 8);
  Pump();
  TakeSent(1);
  TakeSent(2);
  ASSERT_EQ(submitted_.size(), 16u);  // 8 probes on each node, sent together
  AnswerAll();                        // the probes' results: the DC plans the starts
  // The 8 starts go to both nodes in one message, their results (and monitors) follow.
  AnswerAll();
  AnswerAll();
  EXPECT_EQ(RunningOn(1, "node1") + RunningOn(1, "node2"), 8);
  EXPECT_EQ(RunningOn(2, "node1") + RunningOn(2, "node2"), 8);
  EXPECT_FALSE(cores_[1]->controller().running());
  EXPECT_LT(batching_[1]->messages_sent() * 3, batching_[1]->payloads_sent());
}

TEST_F(BatchingCoreTest, ANodesResultsAndItsStatusOfOneTurnAreOneMessage) {
  StartNode(1, 4);
  StartNode(2, 4);
  Pump();
  ASSERT_EQ(submitted_.size(), 8u);
  TakeSent(1);
  TakeSent(2);
  AnswerAll();
  // Node 2 answered its 4 probes in one turn. Its first history after the sync goes whole (a
  // node_state does not outlive a membership change, a result does: never in one batch); the
  // first result and the other three with their status patches follow as one message.
  std::vector<std::string> sent = TakeSent(2);
  ASSERT_GE(sent.size(), 2u);
  EXPECT_EQ(sent[0], "node_state") << ::testing::PrintToString(sent);
  EXPECT_EQ(sent[1], "batch:7") << ::testing::PrintToString(sent);
}

}  // namespace
}  // namespace keel
