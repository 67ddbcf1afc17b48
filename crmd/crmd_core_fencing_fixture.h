#pragma once
// The fencing tests' fixture: three CrmdCores on a FakeNetwork with fencing enabled, a fake
// fence device that can fence every node (agent runs recorded, answered by the test), and a
// Dummy resource that prefers node2, then node3.

#include <gtest/gtest.h>

#include <map>

#include "crmd/cib/dc_status.h"
#include "crmd/crmd_core.h"
#include "fencing/fence_history.h"
#include "tests/fakes/core_test_cluster.h"
#include "xml/cib_parse.h"

namespace keel {

inline constexpr std::string_view kFencingCib =
    R"(<cib admin_epoch="0" epoch="1" num_updates="0" validate-with="pacemaker-3.0">
  <configuration>
    <crm_config><cluster_property_set id="o">
      <nvpair id="o1" name="fencing-enabled" value="true"/>
    </cluster_property_set></crm_config>
    <nodes><node id="1" uname="node1"/><node id="2" uname="node2"/><node id="3" uname="node3"/></nodes>
    <resources>
      <primitive id="labfence" class="stonith" type="fence_fake">
        <instance_attributes id="lf-ia">
          <nvpair id="lf1" name="pcmk_host_list" value="node1 node2 node3"/>
        </instance_attributes>
      </primitive>
      <primitive id="d" class="ocf" provider="heartbeat" type="Dummy">
        <operations><op id="d-mon" name="monitor" interval="10s"/></operations>
      </primitive>
    </resources>
    <constraints>
      <rsc_location id="l" rsc="d" node="node2" score="100"/>
      <rsc_location id="l2" rsc="d" node="node3" score="50"/>
    </constraints>
  </configuration>
  <status/>
</cib>)";

struct AgentRun {
  NodeId node;
  RunAgentEffect run;
  std::function<void(const AgentExit&)> done;
};

class FencingCoreTest : public CoreTestCluster {
 protected:
  explicit FencingCoreTest(size_t nodes = 3) : CoreTestCluster(nodes) {
    now_ms_ = 1'795'500'000'000;
    mono_ms_ = 30'000;
  }

  void StartNode(NodeId id) {
    CoreSinks sinks = RecordingSinks(id);
    sinks.resources->run_fence_agent = [this, id](const RunAgentEffect& run,
                                                  std::function<void(const AgentExit&)> done) {
      agent_runs_.push_back(AgentRun{id, run, std::move(done)});
    };
    StartCore(id, cib_text_, sinks);
  }

  // Both clocks move; deadlines are on the monotonic one (apart from the wall clock here, so
  // that a deadline on the wrong clock shows).
  void Advance(int64_t ms) {
    now_ms_ += ms;
    mono_ms_ += ms;
  }

  void Settle() {
    network_.RunUntilIdle();
    for (int i = 0; i < 6; ++i) AnswerAll();
  }

  void FinishAgent(size_t i, int exit_code) {
    AgentExit exit;
    exit.how = AgentExit::How::kExited;
    exit.exit_code = exit_code;
    if (exit_code != 0) exit.err = "fake agent: power switch unreachable";
    agent_runs_[i].done(exit);
    network_.RunUntilIdle();
  }

  bool Started(const std::string& rsc, NodeId node, size_t from = 0) const {
    for (size_t i = from; i < submitted_.size(); ++i) {
      const Submitted& s = submitted_[i];
      if (s.node == node && s.request.rsc_id == rsc && s.request.action == "start") return true;
    }
    return false;
  }

  std::vector<FenceRecord> History(NodeId node) {
    const XmlNode* xml = FindFenceHistory(cores_[node]->member().cib());
    if (xml == nullptr) return {};
    auto records = FenceHistoryFromXml(*xml, "test");
    EXPECT_TRUE(records.has_value());
    return records.value_or(std::vector<FenceRecord>{});
  }

  bool Logged(NodeId node, std::string_view text) {
    for (const std::string& line : logs_[node]) {
      if (line.find(text) != std::string::npos) return true;
    }
    return false;
  }

  // node2 runs d; then node2 is cut off: node1 (DC of the majority) must fence it.
  void LoseTheHolder() {
    StartNode(1);
    StartNode(2);
    StartNode(3);
    Settle();
    ASSERT_TRUE(Started("d", 2));
    ASSERT_TRUE(agent_runs_.empty());
    before_ = submitted_.size();
    network_.Partition({{1, 3}, {2}});
    network_.RunUntilIdle();
    AnswerAll();
  }

  std::string cib_text_{kFencingCib};
  std::map<RequestId, std::string>& replies_ = answers_;  // `crm node fence` answers
  std::vector<AgentRun> agent_runs_;
  size_t before_ = 0;
};

}  // namespace keel
