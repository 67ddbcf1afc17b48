// Transient node attributes through CrmdCore (crmd_core_attributes.cc): an update from any
// node reaches the owner, which writes it into its node_state; the DC's rules see it and
// re-plan; the value survives the DC's crash; bad requests change nothing.

#include <gtest/gtest.h>

#include "crmd/cib/cib_document.h"
#include "crmd/crmd_core_fencing_fixture.h"

namespace keel {
namespace {

// d prefers node2 (100), node3 (50); a node with "pingd" defined gets +1000.
constexpr std::string_view kPingRule =
    R"(<rsc_location id="lp" rsc="d"><rule id="lp-r" score="1000">
         <expression id="lp-e" attribute="pingd" operation="defined"/>
       </rule></rsc_location>)";

class AttributesCoreTest : public FencingCoreTest {
 protected:
  void StartAll() {
    cib_text_.replace(cib_text_.find("</constraints>"), 0, kPingRule);
    for (NodeId id : {1u, 2u, 3u}) Start(id);
    Settle();
  }

  void Start(NodeId id) {
    CoreSinks sinks = RecordingSinks(id);
    sinks.answer = [this](RequestId r, std::expected<std::string, Error> outcome) {
      attribute_replies_[r] = outcome ? "ok" : "error: " + outcome.error().message;
    };
    StartCore(id, cib_text_, sinks);
  }

  static AttributeUpdate Set(const std::string& node, const std::string& name,
                             const std::string& value,
                             std::optional<int64_t> dampen_ms = std::nullopt) {
    return AttributeUpdate{AttributeUpdate::Op::kSet, node, name, value, dampen_ms, false};
  }

  // `node`'s transient attribute `name` as `seen_by`'s CIB status holds it.
  std::optional<std::string> InCib(NodeId seen_by, const std::string& node,
                                   const std::string& name) {
    auto cib = CibFromXml(cores_[seen_by]->member().cib(), "test");
    EXPECT_TRUE(cib.has_value());
    if (!cib) return std::nullopt;
    for (const NodeState& s : cib->cib.status.node_states) {
      if (s.uname == node) return FindNvValue(s.transient_attributes, name);
    }
    return std::nullopt;
  }

  std::map<RequestId, std::string> attribute_replies_;
};

TEST_F(AttributesCoreTest, AnUpdateFromAnyNodeIsWrittenByTheOwnerAndMovesTheResource) {
  StartAll();
  ASSERT_TRUE(Started("d", 2));
  size_t before = submitted_.size();
  cores_[1]->RequestAttributeUpdate(7, Set("node3", "pingd", "100"));
  Settle();
  EXPECT_EQ(attribute_replies_[7], "ok");
  for (NodeId id : {1u, 2u, 3u}) EXPECT_EQ(InCib(id, "node3", "pingd"), "100") << id;
  EXPECT_TRUE(Started("d", 3, before)) << "the DC did not re-plan on the attribute";
  EXPECT_TRUE(Logged(1, "node3's attributes changed (pingd)"));
  using Rows = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(cores_[2]->QueryAttribute("node3", "pingd"), (Rows{{"node3", "100"}}));
  EXPECT_EQ(cores_[2]->QueryAttribute("*", "pingd"), (Rows{{"node3", "100"}}));
  EXPECT_TRUE(cores_[2]->QueryAttribute("", "pingd").empty());

  // The DC dies: the attribute is in every member's CIB status; d stays on node3.
  size_t after = submitted_.size();
  network_.Crash(1);
  Settle();
  EXPECT_EQ(cores_[2]->member().dc(), 2u);
  EXPECT_EQ(InCib(2, "node3", "pingd"), "100");
  EXPECT_EQ(cores_[2]->QueryAttribute("node3", "pingd"), (Rows{{"node3", "100"}}));
  EXPECT_FALSE(Started("d", 2, after));

  // Delete: d goes back to node2.
  AttributeUpdate del = Set("node3", "pingd", "");
  del.op = AttributeUpdate::Op::kDelete;
  cores_[3]->RequestAttributeUpdate(8, del);
  Settle();
  EXPECT_EQ(attribute_replies_[8], "ok");
  EXPECT_EQ(InCib(2, "node3", "pingd"), std::nullopt);
  EXPECT_TRUE(cores_[2]->QueryAttribute("node3", "pingd").empty());
  EXPECT_TRUE(Started("d", 2, after));
}

// A promotable clone in a running cluster: the master-d score an agent sets (crm_master,
// through the attribute service) decides where the instance is promoted, and a change of it
// makes the DC demote there and promote where the score is higher now.
TEST_F(AttributesCoreTest, PromotionScoresFromAgentsPromoteAndMoveThePromotedRole) {
  std::string& t = cib_text_;
  t.replace(t.find("<primitive id=\"d\""), 0,
            "<clone id=\"d-clone\"><meta_attributes id=\"dm\"><nvpair id=\"dm1\" "
            "name=\"promotable\" value=\"true\"/></meta_attributes>");
  t.replace(t.find("<op id=\"d-mon\" name=\"monitor\" interval=\"10s\"/>"),
            std::string("<op id=\"d-mon\" name=\"monitor\" interval=\"10s\"/>").size(),
            "<op id=\"d-mp\" name=\"monitor\" interval=\"10s\" role=\"Promoted\"/>"
            "<op id=\"d-mu\" name=\"monitor\" interval=\"11s\" role=\"Unpromoted\"/>");
  t.replace(t.find("</resources>"), 0, "</clone>");
  t.erase(t.find("<rsc_location id=\"l\""),
          t.find("</constraints>") - t.find("<rsc_location id=\"l\""));
  for (NodeId id : {1u, 2u, 3u}) Start(id);
  // The agent's answers: the promoted monitor finds it promoted (rc 8).
  auto agent = [](const Submitted& s) {
    if (s.request.action == "monitor" && s.request.interval_ms == 0) return ocf_rc::kNotRunning;
    auto role = s.request.meta.find("role");
    if (role != s.request.meta.end() && role->second == "Promoted") {
      return ocf_rc::kRunningPromoted;
    }
    return ocf_rc::kOk;
  };
  auto settle = [&] {
    network_.RunUntilIdle();
    for (int i = 0; i < 6; ++i) AnswerAllWith(agent);
  };
  auto ran = [&](const std::string& action, NodeId node, size_t from) {
    for (size_t i = from; i < submitted_.size(); ++i) {
      const Submitted& s = submitted_[i];
      if (s.node == node && s.request.rsc_id == "d" && s.request.action == action) return true;
    }
    return false;
  };
  settle();
  for (NodeId id : {1u, 2u, 3u}) EXPECT_TRUE(ran("start", id, 0)) << id;
  for (NodeId id : {1u, 2u, 3u}) EXPECT_FALSE(ran("promote", id, 0)) << "no score, no promotion";

  size_t before = submitted_.size();
  cores_[3]->RequestAttributeUpdate(7, Set("node3", "master-d", "10"));
  settle();
  EXPECT_TRUE(ran("promote", 3, before));
  EXPECT_FALSE(ran("promote", 1, before) || ran("promote", 2, before));
  EXPECT_TRUE(Logged(1, "node3's attributes changed (master-d)"));

  before = submitted_.size();
  cores_[2]->RequestAttributeUpdate(8, Set("node2", "master-d", "20"));
  settle();
  EXPECT_TRUE(ran("demote", 3, before));
  EXPECT_TRUE(ran("promote", 2, before));
  for (NodeId id : {1u, 2u, 3u}) {
    EXPECT_FALSE(ran("stop", id, 0)) << "a role change stops nothing, node " << id;
  }
  size_t failures = 0;
  for (NodeId id : {1u, 2u, 3u}) {
    for (const std::string& line : logs_[id]) {
      failures += line.find("failed (rc") != std::string::npos ? 1 : 0;
    }
  }
  EXPECT_EQ(failures, 0u);
}

TEST_F(AttributesCoreTest, ARestartedNodeStartsWithoutItsRebootAttributes) {
  StartAll();
  cores_[1]->RequestAttributeUpdate(1, Set("node3", "pingd", "100"));
  Settle();
  ASSERT_EQ(InCib(2, "node3", "pingd"), "100");
  ASSERT_TRUE(Started("d", 3));
  network_.Crash(3);
  cores_[3].reset();  // crmd restarts on node3
  Settle();
  size_t before = submitted_.size();
  Start(3);
  Settle();
  for (NodeId id : {1u, 2u, 3u}) EXPECT_EQ(InCib(id, "node3", "pingd"), std::nullopt) << id;
  EXPECT_TRUE(cores_[1]->QueryAttribute("node3", "pingd").empty());
  EXPECT_TRUE(cores_[3]->QueryAttribute("", "pingd").empty());
  EXPECT_FALSE(Started("d", 3, before));
}

TEST_F(AttributesCoreTest, ADampenedUpdateIsWrittenAfterTheDelay) {
  StartAll();
  CheckProgressAt(3, 1000);
  size_t before = submitted_.size();
  cores_[3]->RequestAttributeUpdate(1, Set("", "pingd", "1", 5000));
  cores_[3]->RequestAttributeUpdate(2, Set("", "pingd", "2"));
  Settle();
  EXPECT_EQ(attribute_replies_[1], "ok");
  EXPECT_EQ(InCib(1, "node3", "pingd"), std::nullopt);
  EXPECT_EQ(cores_[1]->QueryAttribute("node3", "pingd").at(0).second, "2");  // newest value
  EXPECT_FALSE(Started("d", 3, before));
  CheckProgressAt(3, 5999);
  Settle();
  EXPECT_EQ(InCib(1, "node3", "pingd"), std::nullopt);
  CheckProgressAt(3, 6000);
  Settle();
  EXPECT_EQ(InCib(1, "node3", "pingd"), "2");
  EXPECT_TRUE(Started("d", 3, before));
}

TEST_F(AttributesCoreTest, BadRequestsAreRefusedAndChangeNothing) {
  StartAll();
  std::string cib_before = SerializeXml(cores_[2]->member().cib());
  cores_[1]->RequestAttributeUpdate(1, Set("node9", "pingd", "1"));
  cores_[1]->RequestAttributeUpdate(2, Set("node3", "bad\nname", "1"));
  cores_[1]->RequestAttributeUpdate(3, Set("node3", "x", "bell\a"));
  Settle();
  EXPECT_NE(attribute_replies_[1].find("node node9 is not a cluster member"), std::string::npos)
      << attribute_replies_[1];
  EXPECT_NE(attribute_replies_[2].find("control character"), std::string::npos);
  EXPECT_NE(attribute_replies_[3].find("control character"), std::string::npos);
  EXPECT_EQ(SerializeXml(cores_[2]->member().cib()), cib_before);
}

TEST_F(AttributesCoreTest, AwkwardNamesAndValuesArriveVerbatim) {
  StartAll();
  const std::string name = "we'ird \"$name\"; `x`";
  const std::string value = "a'b\"c; rm -rf / $(reboot) <x/> &amp;\nline2\ttab";
  cores_[1]->RequestAttributeUpdate(1, Set("node2", name, value));
  Settle();
  EXPECT_EQ(attribute_replies_[1], "ok");
  EXPECT_EQ(InCib(3, "node2", name), value);
  EXPECT_TRUE(Started("d", 2));
}

// attrd's increments: "value++" and "value+=N" are expanded against the current value.
TEST_F(AttributesCoreTest, AnIncrementIsExpandedAgainstTheCurrentValue) {
  StartAll();
  cores_[1]->RequestAttributeUpdate(1, Set("node3", "hits", "value++"));
  Settle();
  EXPECT_EQ(InCib(2, "node3", "hits"), "1");
  cores_[2]->RequestAttributeUpdate(2, Set("node3", "hits", "value+=5"));
  Settle();
  EXPECT_EQ(InCib(1, "node3", "hits"), "6");
}

class FailCountsCoreTest : public AttributesCoreTest {
 protected:
  static constexpr const char* kCount = "fail-count-d#monitor_10000";

  // Fails node2's newest recurring monitor of d and delivers what follows.
  void FailMonitor() {
    const Submitted* monitor = nullptr;
    for (const Submitted& s : submitted_) {
      if (s.node == 2 && s.request.rsc_id == "d" && s.request.interval_ms == 10000) monitor = &s;
    }
    ASSERT_NE(monitor, nullptr);
    ActionResult failed;
    failed.rsc_id = "d";
    failed.action = "monitor";
    failed.interval_ms = 10000;
    failed.call_id = monitor->call;
    failed.rc = ocf_rc::kNotRunning;
    failed.op_status = OpStatus::kDone;
    cores_[2]->OnExecutorResult(failed);
    network_.RunUntilIdle();
  }

  using Rows = std::vector<std::pair<std::string, std::string>>;
};

// A failure raises the fail count through node2's attribute component, in the node_state
// published with the failure; every member's table has it; a cleanup deletes it everywhere and
// the next failure counts from 1 again.
TEST_F(FailCountsCoreTest, AFailureRaisesTheCountEverywhereAndACleanupClearsIt) {
  StartAll();
  ASSERT_TRUE(Started("d", 2));
  FailMonitor();
  for (NodeId id : {1u, 2u, 3u}) EXPECT_EQ(InCib(id, "node2", kCount), "1") << id;
  EXPECT_EQ(InCib(1, "node2", "last-failure-d#monitor_10000"), std::to_string(now_ms_ / 1000));
  EXPECT_EQ(cores_[3]->QueryAttribute("node2", kCount), (Rows{{"node2", "1"}}));
  Settle();  // restarted on node2 (no migration-threshold)
  FailMonitor();
  Settle();
  for (NodeId id : {1u, 2u, 3u}) {
    EXPECT_EQ(InCib(id, "node2", kCount), "2") << id;
    EXPECT_EQ(cores_[id]->QueryAttribute("node2", kCount), (Rows{{"node2", "2"}})) << id;
  }

  cores_[1]->RequestCleanup(5, "d", "node2");
  Settle();
  for (NodeId id : {1u, 2u, 3u}) {
    EXPECT_EQ(InCib(id, "node2", kCount), std::nullopt) << id;
    EXPECT_TRUE(cores_[id]->QueryAttribute("node2", kCount).empty()) << id;
  }
  FailMonitor();
  EXPECT_EQ(InCib(1, "node2", kCount), "1");
}

// migration-threshold=1 reads the count: the first failure moves d to node3.
TEST_F(FailCountsCoreTest, MigrationThresholdReadsTheCount) {
  cib_text_.replace(
      cib_text_.find("<operations>"), 0,
      R"(<meta_attributes id="d-m"><nvpair id="d-m1" name="migration-threshold" value="1"/></meta_attributes>)");
  StartAll();
  ASSERT_TRUE(Started("d", 2));
  size_t before = submitted_.size();
  FailMonitor();
  Settle();
  EXPECT_TRUE(Started("d", 3, before));
  EXPECT_FALSE(Started("d", 2, before));
}

// on-fail=ignore: the failure is recorded (last failure, history) but not counted, and d keeps
// running where it is (Pacemaker's controller updates only the last failure then).
TEST_F(FailCountsCoreTest, OnFailIgnoreStampsTheLastFailureWithoutCounting) {
  std::string& t = cib_text_;
  t.replace(t.find(R"(interval="10s"/>)"), 16, R"(interval="10s" on-fail="ignore"/>)");
  StartAll();
  ASSERT_TRUE(Started("d", 2));
  size_t before = submitted_.size();
  FailMonitor();
  Settle();
  EXPECT_EQ(InCib(1, "node2", kCount), std::nullopt);
  EXPECT_EQ(InCib(1, "node2", "last-failure-d#monitor_10000"), std::to_string(now_ms_ / 1000));
  EXPECT_FALSE(Started("d", 2, before));
  EXPECT_FALSE(Started("d", 3, before));
}

// A probe that fails (not 0, 7 or 8) is a failure in the history, but Pacemaker's controller
// counts no probe: no fail count, no last failure.
TEST_F(FailCountsCoreTest, AFailedProbeIsNotCounted) {
  cib_text_.replace(cib_text_.find("</constraints>"), 0, kPingRule);
  for (NodeId id : {1u, 2u, 3u}) Start(id);
  network_.RunUntilIdle();
  bool probe_failed = false;
  AnswerAllWith([&](const Submitted& s) {
    if (s.request.action == "monitor" && s.request.interval_ms == 0) {
      if (s.node == 3 && s.request.rsc_id == "d" && !probe_failed) {
        probe_failed = true;
        return ocf_rc::kErrGeneric;
      }
      return ocf_rc::kNotRunning;
    }
    return ocf_rc::kOk;
  });
  Settle();
  ASSERT_TRUE(probe_failed);
  EXPECT_EQ(InCib(1, "node3", "fail-count-d#monitor_0"), std::nullopt);
  EXPECT_EQ(InCib(1, "node3", "last-failure-d#monitor_0"), std::nullopt);
  auto cib = CibFromXml(cores_[1]->member().cib(), "test");
  ASSERT_TRUE(cib.has_value());
  bool recorded = false;
  for (const NodeState& s : cib->cib.status.node_states) {
    for (const LrmResource& r : s.lrm_resources) {
      for (const LrmRscOp& op : r.ops)
        recorded |= s.uname == "node3" && op.id() == "d_last_failure_0";
    }
  }
  EXPECT_TRUE(recorded);
}

// failure-timeout: the DC plans again when node2's failure expires, on its own (its timer at
// the expiry, on the monotonic clock); node2 clears the fail count, the last failure and the
// failure's history entry (clear_failcount), and d, banned by migration-threshold=1, comes back.
TEST_F(FailCountsCoreTest, AnExpiredFailureIsClearedAndTheResourceComesBack) {
  cib_text_.replace(cib_text_.find("<operations>"), 0,
                    R"(<meta_attributes id="d-m"><nvpair id="d-m1" name="migration-threshold" )"
                    R"(value="1"/><nvpair id="d-m2" name="failure-timeout" value="60s"/>)"
                    R"(</meta_attributes>)");
  StartAll();
  ASSERT_TRUE(Started("d", 2));
  size_t before = submitted_.size();
  FailMonitor();
  Settle();
  ASSERT_TRUE(Started("d", 3, before));
  ASSERT_EQ(InCib(1, "node2", kCount), "1");
  ASSERT_TRUE(timers_[1].has_value());
  EXPECT_EQ(*timers_[1], mono_ms_ + 60'000);
  EXPECT_TRUE(Logged(1, "planning again in 60 s, when the failure-timeout of d on node2 expires"));

  Advance(59'000);
  cores_[1]->OnFenceTimer();  // early: nothing
  Settle();
  EXPECT_EQ(InCib(1, "node2", kCount), "1");
  size_t expiry = submitted_.size();
  Advance(1'000);
  cores_[1]->OnFenceTimer();
  Settle();
  EXPECT_TRUE(Logged(1, "failure-timeout of d on node2 expired"));
  for (NodeId id : {1u, 2u, 3u}) {
    EXPECT_EQ(InCib(id, "node2", kCount), std::nullopt) << id;
    EXPECT_EQ(InCib(id, "node2", "last-failure-d#monitor_10000"), std::nullopt) << id;
    EXPECT_TRUE(cores_[id]->QueryAttribute("node2", kCount).empty()) << id;
  }
  auto cib = CibFromXml(cores_[3]->member().cib(), "test");
  ASSERT_TRUE(cib.has_value());
  for (const NodeState& s : cib->cib.status.node_states) {
    for (const LrmResource& r : s.lrm_resources) {
      for (const LrmRscOp& op : r.ops) EXPECT_NE(op.id(), "d_last_failure_0") << s.uname;
    }
  }
  EXPECT_TRUE(Started("d", 2, expiry));
  EXPECT_FALSE(timers_[1].has_value() && *timers_[1] <= mono_ms_);
}

// A failed start counts INFINITY with start-failure-is-fatal (the default), one without it; a
// failed stop counts INFINITY.
class FailedStartCoreTest : public FailCountsCoreTest {
 protected:
  // Starts the cluster; node2's first start of d fails, and its stops fail when `stop_fails`.
  void FailTheStartOnNode2(bool fatal, bool stop_fails) {
    if (!fatal) {
      cib_text_.replace(cib_text_.find("</cluster_property_set>"), 0,
                        R"(<nvpair id="o2" name="start-failure-is-fatal" value="false"/>)");
    }
    for (NodeId id : {1u, 2u, 3u}) Start(id);
    network_.RunUntilIdle();
    bool failed_once = false;
    AnswerAllWith([&](const Submitted& s) {
      if (s.request.action == "monitor" && s.request.interval_ms == 0) return ocf_rc::kNotRunning;
      if (s.node == 2 && s.request.action == "start" && !failed_once) {
        failed_once = true;
        return ocf_rc::kErrGeneric;
      }
      if (s.node == 2 && s.request.action == "stop" && stop_fails) return ocf_rc::kErrGeneric;
      return ocf_rc::kOk;
    });
    ASSERT_TRUE(failed_once);
  }
};

TEST_F(FailedStartCoreTest, IsInfiniteWhenStartFailureIsFatal) {
  FailTheStartOnNode2(true, false);
  EXPECT_EQ(InCib(1, "node2", "fail-count-d#start_0"), "INFINITY");
}

TEST_F(FailedStartCoreTest, CountsOneWhenStartFailureIsNotFatalAndAFailedStopIsInfinite) {
  FailTheStartOnNode2(false, true);
  EXPECT_EQ(InCib(1, "node2", "fail-count-d#start_0"), "1");
  EXPECT_EQ(InCib(1, "node2", "fail-count-d#stop_0"), "INFINITY");
}

}  // namespace
}  // namespace keel
