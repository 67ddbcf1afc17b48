#include "crmd/controller/lrm_history.h"

#include <gtest/gtest.h>

namespace keel {
namespace {

ActionResult Result(std::string action, int64_t interval, int call, int rc,
                    OpStatus status = OpStatus::kDone) {
  ActionResult r;
  r.rsc_id = "d1";
  r.action = std::move(action);
  r.interval_ms = interval;
  r.call_id = call;
  r.rc = rc;
  r.op_status = status;
  r.exec_ms = 12;
  return r;
}

ResultContext Context(int64_t now = 1000) {
  ResultContext c;
  c.agent = AgentSpec{AgentClass::kOcf, "heartbeat", "Dummy"};
  c.node_name = "node1";
  c.transition_key = "3:7:0:1";
  c.now_s = now;
  return c;
}

const LrmRscOp* FindOp(const NodeState& s, std::string_view id) {
  for (const LrmResource& r : s.lrm_resources) {
    for (const LrmRscOp& op : r.ops) {
      if (op.id() == id) return &op;
    }
  }
  return nullptr;
}

std::string Attr(const NodeState& s, std::string_view name) {
  for (const NvSet& set : s.transient_attributes) {
    for (const NvPair& p : set.pairs) {
      if (p.name == name) return p.value;
    }
  }
  return "<none>";
}

TEST(LrmHistory, SuccessfulStartIsRecordedAsLastWithAllFields) {
  NodeState s;
  s.id = "1";
  RecordResult(s, Result("start", 0, 4, 0), Context());
  ASSERT_EQ(s.lrm_resources.size(), 1u);
  EXPECT_EQ(s.lrm_resources[0].resource_class, "ocf");
  EXPECT_EQ(s.lrm_resources[0].provider, "heartbeat");
  EXPECT_EQ(s.lrm_resources[0].type, "Dummy");
  const LrmRscOp* op = FindOp(s, "d1_last_0");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(op->operation_key(), "d1_start_0");
  EXPECT_EQ(op->call_id, 4);
  EXPECT_EQ(op->rc_code, 0);
  EXPECT_EQ(op->op_status, 0);
  EXPECT_EQ(op->exec_time_ms, 12);
  EXPECT_EQ(op->last_rc_change, 1000);
  EXPECT_EQ(op->transition_key(), "3:7:0:1");
  EXPECT_EQ(op->transition_magic(), "0:0;3:7:0:1");
  EXPECT_EQ(op->on_node(), "node1");
  EXPECT_TRUE(s.transient_attributes.empty());
}

TEST(LrmHistory, ProbeNotRunningIsNoFailure) {
  NodeState s;
  ActionResult probe = Result("monitor", 0, 1, ocf_rc::kNotRunning);
  EXPECT_FALSE(IsFailure(probe, ocf_rc::kOk));
  RecordResult(s, probe, Context());
  EXPECT_EQ(FindOp(s, "d1_last_failure_0"), nullptr);
  EXPECT_EQ(Attr(s, "fail-count-d1#monitor_0"), "<none>");
}

// Promotable clones: a probe may find an instance running promoted (rc 8); the promoted
// role's monitor expects rc 8, and rc 9 (failed promoted) fails whatever was expected.
TEST(LrmHistory, RunningPromotedIsAProbesAnswerAndThePromotedMonitorsExpectation) {
  EXPECT_FALSE(IsFailure(Result("monitor", 0, 1, ocf_rc::kRunningPromoted), ocf_rc::kNotRunning));
  EXPECT_TRUE(IsFailure(Result("monitor", 0, 1, ocf_rc::kFailedPromoted), ocf_rc::kNotRunning));
  EXPECT_FALSE(
      IsFailure(Result("monitor", 10000, 2, ocf_rc::kRunningPromoted), ocf_rc::kRunningPromoted));
  EXPECT_TRUE(IsFailure(Result("monitor", 10000, 2, ocf_rc::kOk), ocf_rc::kRunningPromoted));
  EXPECT_TRUE(
      IsFailure(Result("monitor", 10000, 2, ocf_rc::kFailedPromoted), ocf_rc::kRunningPromoted));
  // The unpromoted role's monitor expects 0: an instance found promoted there failed.
  EXPECT_TRUE(IsFailure(Result("monitor", 11000, 3, ocf_rc::kRunningPromoted), ocf_rc::kOk));
}

// promote and demote are recorded as RSC_last_0 like starts; the instance stays active.
TEST(LrmHistory, PromoteAndDemoteKeepTheInstanceActive) {
  NodeState s;
  RecordResult(s, Result("start", 0, 1, 0), Context());
  RecordResult(s, Result("promote", 0, 2, 0), Context());
  EXPECT_EQ(FindOp(s, "d1_last_0")->operation(), "promote");
  EXPECT_EQ(ActiveResources(s), std::vector<std::string>{"d1"});
  RecordResult(s, Result("demote", 0, 3, 0), Context());
  EXPECT_EQ(FindOp(s, "d1_last_0")->operation(), "demote");
  EXPECT_EQ(ActiveResources(s), std::vector<std::string>{"d1"});
  NodeState found;
  RecordResult(found, Result("monitor", 0, 1, ocf_rc::kRunningPromoted), Context());
  EXPECT_EQ(ActiveResources(found), std::vector<std::string>{"d1"});
  EXPECT_EQ(FindOp(found, "d1_last_failure_0"), nullptr);
}

// Fail counts are node attributes now (crmd/node/fail_counts.h): the history records the
// failure, not the count.
TEST(LrmHistory, FailedMonitorIsRecordedWithoutTouchingAttributes) {
  NodeState s;
  s.id = "2";
  RecordResult(s, Result("monitor", 10000, 5, ocf_rc::kNotRunning), Context(1000));
  ASSERT_NE(FindOp(s, "d1_last_failure_0"), nullptr);
  ASSERT_NE(FindOp(s, "d1_monitor_10000"), nullptr);
  RecordResult(s, Result("start", 0, 2, ocf_rc::kErrGeneric), Context());
  EXPECT_TRUE(s.transient_attributes.empty());
}

TEST(LrmHistory, TimeoutIsAFailureWhateverTheRc) {
  ActionResult r = Result("stop", 0, 3, 0, OpStatus::kTimedOut);
  EXPECT_TRUE(IsFailure(r, ocf_rc::kOk));
  NodeState s;
  RecordResult(s, r, Context());
  EXPECT_EQ(FindOp(s, "d1_last_failure_0")->op_status, 2);
}

TEST(LrmHistory, StopAndCancelRemoveRecurringMonitors) {
  NodeState s;
  RecordResult(s, Result("monitor", 10000, 5, 0), Context());
  RecordResult(s, Result("monitor", 20000, 6, 0), Context());
  RecordResult(s, Result("monitor", 20000, 6, 0, OpStatus::kCancelled), Context());
  EXPECT_EQ(FindOp(s, "d1_monitor_20000"), nullptr);
  ASSERT_NE(FindOp(s, "d1_monitor_10000"), nullptr);
  RecordResult(s, Result("stop", 0, 7, 0), Context());
  EXPECT_EQ(FindOp(s, "d1_monitor_10000"), nullptr);
  EXPECT_EQ(FindOp(s, "d1_last_0")->operation(), "stop");
}

// Maintenance: the cancelled monitor stays recorded (op-status 1) through the executor's own
// cancellation report, so the scheduler knows to probe again; a probe or a stop ends it.
TEST(LrmHistory, AMonitorCancelledForMaintenanceStaysUntilAProbeOrAStop) {
  NodeState s;
  RecordResult(s, Result("start", 0, 4, 0), Context());
  RecordResult(s, Result("monitor", 10000, 5, 0), Context());
  RecordCancelled(s, "d1", 10000, Context(2000));
  ASSERT_NE(FindOp(s, "d1_monitor_10000"), nullptr);
  EXPECT_EQ(FindOp(s, "d1_monitor_10000")->op_status, 1);
  EXPECT_EQ(FindOp(s, "d1_monitor_10000")->last_rc_change, 2000);
  RecordResult(s, Result("monitor", 10000, 5, 0, OpStatus::kCancelled), Context());
  ASSERT_NE(FindOp(s, "d1_monitor_10000"), nullptr) << "the executor's report keeps the mark";
  RecordResult(s, Result("monitor", 0, 8, 7), Context());
  EXPECT_EQ(FindOp(s, "d1_monitor_10000"), nullptr);
  EXPECT_EQ(FindOp(s, "d1_last_0")->rc_code, 7);

  RecordResult(s, Result("start", 0, 9, 0), Context());
  RecordResult(s, Result("monitor", 10000, 10, 0), Context());
  RecordCancelled(s, "d1", 10000, Context());
  RecordCancelled(s, "d1", 30000, Context());  // none recorded: nothing
  EXPECT_EQ(FindOp(s, "d1_monitor_30000"), nullptr);
  RecordResult(s, Result("stop", 0, 11, 0), Context());
  EXPECT_EQ(FindOp(s, "d1_monitor_10000"), nullptr);
}

TEST(LrmHistory, LastRcChangeMovesOnlyWithTheRc) {
  NodeState s;
  RecordResult(s, Result("monitor", 10000, 5, 0), Context(100));
  RecordResult(s, Result("monitor", 10000, 5, 0), Context(200));
  EXPECT_EQ(FindOp(s, "d1_monitor_10000")->last_rc_change, 100);
  RecordResult(s, Result("monitor", 10000, 5, 7), Context(300));
  EXPECT_EQ(FindOp(s, "d1_monitor_10000")->last_rc_change, 300);
}

TEST(LrmHistory, ActiveResourcesFollowTheNewestStartStopOrProbe) {
  NodeState s;
  RecordResult(s, Result("start", 0, 1, 0), Context());
  ActionResult probe = Result("monitor", 0, 2, 0);
  probe.rsc_id = "found";
  RecordResult(s, probe, Context());
  ActionResult absent = Result("monitor", 0, 3, 7);
  absent.rsc_id = "absent";
  RecordResult(s, absent, Context());
  EXPECT_EQ(ActiveResources(s), (std::vector<std::string>{"d1", "found"}));
  RecordResult(s, Result("stop", 0, 4, 0), Context());
  EXPECT_EQ(ActiveResources(s), std::vector<std::string>{"found"});
}

TEST(LrmHistory, PendingStartCountsAsActiveUntilItsResult) {
  NodeState s;
  RecordResult(s, Result("monitor", 0, 1, 7), Context());
  RecordPending(s, "d1", "start", Context());
  const LrmRscOp* op = FindOp(s, "d1_last_0");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(op->op_status, -1);
  EXPECT_EQ(op->call_id, -1);
  EXPECT_EQ(op->operation(), "start");
  EXPECT_EQ(ActiveResources(s), std::vector<std::string>{"d1"});
  RecordResult(s, Result("start", 0, 2, 1), Context());  // failed
  EXPECT_EQ(FindOp(s, "d1_last_0")->op_status, 0);
  EXPECT_TRUE(ActiveResources(s).empty());
  RecordPending(s, "d1", "monitor", Context());  // not recorded
  EXPECT_EQ(FindOp(s, "d1_last_0")->call_id, 2);
}

TEST(LrmHistory, OnlyACleanStopOrAProbeFindingNothingCountsAsStopped) {
  NodeState s;
  auto record = [&s](const std::string& rsc, const std::string& action, int call, int rc) {
    ActionResult r = Result(action, 0, call, rc);
    r.rsc_id = rsc;
    RecordResult(s, r, Context());
  };
  record("stopped", "stop", 1, 0);
  record("absent", "monitor", 2, 7);
  record("uninstalled", "monitor", 3, 5);
  record("running", "start", 4, 0);
  record("stop_failed", "stop", 5, 1);
  record("start_failed", "start", 6, 1);
  record("probe_error", "monitor", 7, 1);
  RecordPending(s, "stopping", "stop", Context());
  EXPECT_EQ(NotStoppedResources(s),
            (std::vector<std::string>{"probe_error", "running", "start_failed", "stop_failed",
                                      "stopping"}));
  SetTransientAttribute(s, "shutdown", "1795500000");
  SetTransientAttribute(s, "shutdown", "1795500001");
  EXPECT_EQ(Attr(s, "shutdown"), "1795500001");
}

TEST(LrmHistory, ForgetResourceClearsHistory) {
  NodeState s;
  RecordResult(s, Result("monitor", 10000, 5, 7), Context());
  ActionResult other = Result("start", 0, 6, 1);
  other.rsc_id = "d10";
  RecordResult(s, other, Context());
  ForgetResource(s, "d1");
  ASSERT_EQ(s.lrm_resources.size(), 1u);
  EXPECT_EQ(s.lrm_resources[0].id, "d10");
}

}  // namespace
}  // namespace keel

namespace keel {
namespace {

TEST(LrmHistory, AStopKeepsTheNewestFailureOfARecurringMonitor) {
  NodeState s;
  RecordResult(s, Result("monitor", 1000, 5, ocf_rc::kNotRunning), Context());
  RecordResult(s, Result("stop", 0, 6, 0), Context());
  EXPECT_EQ(FindOp(s, "d1_monitor_1000"), nullptr);
  const LrmRscOp* failure = FindOp(s, "d1_last_failure_0");
  ASSERT_NE(failure, nullptr);  // crm status lists it until a cleanup
  EXPECT_EQ(failure->operation_key(), "d1_monitor_1000");
  EXPECT_EQ(ActiveResources(s), std::vector<std::string>{});
}

}  // namespace
}  // namespace keel
