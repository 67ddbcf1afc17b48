// Alerts fed by the cores (crmd_core_alerts.cc): three nodes with fencing (the fencing
// fixture), an alert with one recipient; the runs each core hands to sinks.run_alert are
// checked by their CRM_alert_* values.

#include <gtest/gtest.h>

#include "crmd/crmd_core_fencing_fixture.h"

namespace keel {
namespace {

constexpr std::string_view kAlerts = R"(<alerts>
      <alert id="file" path="/usr/libexec/keel/alerts/alert_file.sh">
        <meta_attributes id="file-meta"><nvpair id="file-t" name="timeout" value="2s"/></meta_attributes>
        <recipient id="file-r" value="/var/log/keel-alerts.log"/>
      </alert>
    </alerts>
  </configuration>)";

class AlertsCoreTest : public FencingCoreTest {
 protected:
  AlertsCoreTest() { SetAlerts(kAlerts); }

  void SetAlerts(std::string_view alerts) {
    std::string end = "</configuration>";
    std::string text = kFencingCib.data();
    text.replace(text.find(end), end.size(), alerts);
    cib_text_ = text;
  }

  static std::string Env(const AlertRun& run, std::string_view name) {
    for (const auto& [n, v] : run.env) {
      if (n == name) return v;
    }
    return "<unset>";
  }

  // node's runs of `kind` events about `subject` (CRM_alert_node, or CRM_alert_rsc for
  // resource events) with task `task` ("" = any).
  std::vector<AlertRun> RunsOf(NodeId node, std::string_view kind, std::string_view subject,
                               std::string_view task = "") {
    std::vector<AlertRun> out;
    for (const AlertRun& run : alert_runs_[node]) {
      std::string about =
          kind == "resource" ? Env(run, "CRM_alert_rsc") : Env(run, "CRM_alert_node");
      if (Env(run, "CRM_alert_kind") == kind && about == subject &&
          (task.empty() || Env(run, "CRM_alert_task") == task)) {
        out.push_back(run);
      }
    }
    return out;
  }
};

TEST_F(AlertsCoreTest, AResourceResultRunsTheAlertOnTheNodeThatRanIt) {
  StartNode(1);
  StartNode(2);
  StartNode(3);
  Settle();
  ASSERT_TRUE(Started("d", 2));
  std::vector<AlertRun> starts = RunsOf(2, "resource", "d", "start");
  ASSERT_EQ(starts.size(), 1u);
  const AlertRun& run = starts[0];
  EXPECT_EQ(run.alert_id, "file");
  EXPECT_EQ(run.recipient, "/var/log/keel-alerts.log");
  EXPECT_EQ(run.argv, std::vector<std::string>{"/usr/libexec/keel/alerts/alert_file.sh"});
  EXPECT_EQ(run.timeout_ms, 2000);
  EXPECT_EQ(Env(run, "CRM_alert_node"), "node2");
  EXPECT_EQ(Env(run, "CRM_alert_rc"), "0");
  EXPECT_EQ(Env(run, "CRM_alert_target_rc"), "0");
  EXPECT_EQ(Env(run, "CRM_alert_status"), "0");
  EXPECT_EQ(Env(run, "CRM_alert_interval"), "0");
  EXPECT_EQ(Env(run, "CRM_alert_desc"), "ok");
  EXPECT_EQ(Env(run, "CRM_alert_recipient"), "/var/log/keel-alerts.log");
  EXPECT_EQ(Env(run, "CRM_alert_version"), KEEL_TEST_VERSION);
  // Its recurring monitor's first result too; no other node alerts about d's start.
  std::vector<AlertRun> monitors = RunsOf(2, "resource", "d", "monitor");
  ASSERT_FALSE(monitors.empty());
  EXPECT_EQ(Env(monitors.back(), "CRM_alert_interval"), "10000");
  EXPECT_TRUE(RunsOf(1, "resource", "d", "start").empty());
  EXPECT_TRUE(RunsOf(3, "resource", "d", "start").empty());
  // Probes (monitor, interval 0) that find nothing are results too: "not running", rc 7.
  std::vector<AlertRun> probes = RunsOf(3, "resource", "d", "monitor");
  ASSERT_FALSE(probes.empty());
  EXPECT_EQ(Env(probes[0], "CRM_alert_rc"), "7");
  EXPECT_EQ(Env(probes[0], "CRM_alert_desc"), "not running");
}

TEST_F(AlertsCoreTest, AFailedMonitorIsAnAlertWithItsRcAndTargetRc) {
  StartNode(1);
  StartNode(2);
  StartNode(3);
  Settle();
  size_t before = alert_runs_[2].size();
  int monitor_call = 0;
  for (const Submitted& s : submitted_) {
    if (s.node == 2 && s.request.rsc_id == "d" && s.request.interval_ms == 10000)
      monitor_call = s.call;
  }
  ASSERT_NE(monitor_call, 0);
  ActionResult r;
  r.rsc_id = "d";
  r.action = "monitor";
  r.interval_ms = 10000;
  r.call_id = monitor_call;
  r.rc = ocf_rc::kNotRunning;
  r.op_status = OpStatus::kDone;
  r.exec_ms = 12;
  cores_[2]->OnExecutorResult(r);
  // The result, then its fail count and last failure (attributes, as attrd alerts them).
  ASSERT_EQ(alert_runs_[2].size(), before + 3);
  EXPECT_EQ(Env(alert_runs_[2][before + 1], "CRM_alert_attribute_name"),
            "fail-count-d#monitor_10000");
  EXPECT_EQ(Env(alert_runs_[2][before + 1], "CRM_alert_attribute_value"), "1");
  EXPECT_EQ(Env(alert_runs_[2][before + 2], "CRM_alert_attribute_name"),
            "last-failure-d#monitor_10000");
  const AlertRun& run = alert_runs_[2][before];
  EXPECT_EQ(Env(run, "CRM_alert_kind"), "resource");
  EXPECT_EQ(Env(run, "CRM_alert_rsc"), "d");
  EXPECT_EQ(Env(run, "CRM_alert_task"), "monitor");
  EXPECT_EQ(Env(run, "CRM_alert_rc"), "7");
  EXPECT_EQ(Env(run, "CRM_alert_target_rc"), "0");
  EXPECT_EQ(Env(run, "CRM_alert_exec_time"), "12");
  EXPECT_EQ(Env(run, "CRM_alert_desc"), "not running");
}

TEST_F(AlertsCoreTest, ALostNodeIsALostNodeEventOnEveryNodeThatSeesIt) {
  LoseTheHolder();
  for (NodeId n : {1u, 3u}) {
    std::vector<AlertRun> lost = RunsOf(n, "node", "node2");
    ASSERT_FALSE(lost.empty()) << "node" << n;
    const AlertRun& run = lost.back();
    EXPECT_EQ(Env(run, "CRM_alert_desc"), "lost") << "node" << n;
    EXPECT_EQ(Env(run, "CRM_alert_nodeid"), "2") << "node" << n;
  }
  // node2, alone, sees the other two lost.
  for (const char* other : {"node1", "node3"}) {
    std::vector<AlertRun> lost = RunsOf(2, "node", other);
    ASSERT_FALSE(lost.empty()) << other;
    EXPECT_EQ(Env(lost.back(), "CRM_alert_desc"), "lost");
  }
  // Sequence numbers increase on a node.
  std::vector<AlertRun>& runs = alert_runs_[1];
  ASSERT_GE(runs.size(), 2u);
  EXPECT_LT(std::stoll(Env(runs[runs.size() - 2], "CRM_alert_node_sequence")),
            std::stoll(Env(runs.back(), "CRM_alert_node_sequence")));
}

TEST_F(AlertsCoreTest, NodesJoiningAreMemberEvents) {
  StartNode(1);
  network_.RunUntilIdle();
  StartNode(2);
  Settle();
  std::vector<AlertRun> joined = RunsOf(1, "node", "node2");
  ASSERT_EQ(joined.size(), 1u);
  EXPECT_EQ(Env(joined[0], "CRM_alert_desc"), "member");
  EXPECT_EQ(Env(joined[0], "CRM_alert_nodeid"), "2");
}

TEST_F(AlertsCoreTest, AFencingOutcomeIsAFencingEventOnEverySurvivorThenTheStartIsAResourceEvent) {
  LoseTheHolder();
  ASSERT_EQ(agent_runs_.size(), 1u);
  EXPECT_TRUE(RunsOf(1, "fencing", "node2").empty()) << "alerted before the agent ended";
  FinishAgent(0, 0);
  Settle();
  std::vector<AlertRun> fenced = RunsOf(1, "fencing", "node2");
  ASSERT_EQ(fenced.size(), 1u);
  const AlertRun& run = fenced[0];
  EXPECT_EQ(Env(run, "CRM_alert_task"), "reboot");
  EXPECT_EQ(Env(run, "CRM_alert_rc"), "0");
  ASSERT_EQ(History(1).size(), 1u);
  EXPECT_EQ(Env(run, "CRM_alert_desc"), "Operation reboot of node2 by node" +
                                            std::to_string(agent_runs_[0].node) +
                                            " for crmd@node1: OK (ref=" + History(1)[0].id + ")");
  // The other survivor learns of it from the DC's history: the same event, once.
  std::vector<AlertRun> seen_by_3 = RunsOf(3, "fencing", "node2");
  ASSERT_EQ(seen_by_3.size(), 1u);
  for (const char* name : {"CRM_alert_task", "CRM_alert_rc", "CRM_alert_desc"}) {
    EXPECT_EQ(Env(seen_by_3[0], name), Env(run, name)) << name;
  }
  ASSERT_TRUE(Started("d", 3, before_));
  std::vector<AlertRun> starts = RunsOf(3, "resource", "d", "start");
  ASSERT_EQ(starts.size(), 1u);
  EXPECT_EQ(Env(starts[0], "CRM_alert_node"), "node3");
  EXPECT_EQ(Env(starts[0], "CRM_alert_rc"), "0");
}

TEST_F(AlertsCoreTest, AFailedFencingIsAFencingEventWithItsReason) {
  LoseTheHolder();
  ASSERT_EQ(agent_runs_.size(), 1u);
  FinishAgent(0, 1);
  std::vector<AlertRun> fenced = RunsOf(1, "fencing", "node2");
  ASSERT_EQ(fenced.size(), 1u);
  // Pacemaker's fencer code for an agent that failed saying nothing it recognises: -201.
  EXPECT_EQ(Env(fenced[0], "CRM_alert_rc"), "-201");
  std::string by = "by node" + std::to_string(agent_runs_[0].node);
  ASSERT_EQ(History(1).size(), 1u);
  EXPECT_EQ(Env(fenced[0], "CRM_alert_desc"),
            "Operation reboot of node2 " + by +
                " for crmd@node1: Error (fencing node2 failed: labfence: exit 1: fake agent: "
                "power switch unreachable) (ref=" +
                History(1)[0].id + ")");
  network_.RunUntilIdle();
  std::vector<AlertRun> seen_by_3 = RunsOf(3, "fencing", "node2");
  ASSERT_EQ(seen_by_3.size(), 1u);
  EXPECT_EQ(Env(seen_by_3[0], "CRM_alert_rc"), "-201");
  EXPECT_EQ(Env(seen_by_3[0], "CRM_alert_desc"), Env(fenced[0], "CRM_alert_desc"));
}

// A fence agent that does not end in time: -62 (-ETIME), status "Timed Out", as Pacemaker.
TEST_F(AlertsCoreTest, ATimedOutFencingHasPacemakersTimeoutCode) {
  LoseTheHolder();
  ASSERT_EQ(agent_runs_.size(), 1u);
  AgentExit timed_out;
  timed_out.how = AgentExit::How::kTimedOut;
  agent_runs_[0].done(timed_out);
  network_.RunUntilIdle();
  std::vector<AlertRun> fenced = RunsOf(1, "fencing", "node2");
  ASSERT_EQ(fenced.size(), 1u);
  EXPECT_EQ(Env(fenced[0], "CRM_alert_rc"), "-62");
  EXPECT_NE(Env(fenced[0], "CRM_alert_desc").find(": Timed Out ("), std::string::npos)
      << Env(fenced[0], "CRM_alert_desc");
  std::vector<AlertRun> seen_by_3 = RunsOf(3, "fencing", "node2");
  ASSERT_EQ(seen_by_3.size(), 1u);
  EXPECT_EQ(Env(seen_by_3[0], "CRM_alert_rc"), "-62");
  EXPECT_EQ(Env(seen_by_3[0], "CRM_alert_desc"), Env(fenced[0], "CRM_alert_desc"));
}

TEST_F(AlertsCoreTest, AnAlertSelectingNodesOnlyRunsForNothingElse) {
  SetAlerts(R"(<alerts>
      <alert id="nodes" path="/bin/true"><select><select_nodes/></select></alert>
    </alerts>
  </configuration>)");
  LoseTheHolder();
  FinishAgent(0, 0);
  Settle();
  ASSERT_FALSE(alert_runs_[1].empty());
  for (NodeId n : {1u, 2u, 3u}) {
    for (const AlertRun& run : alert_runs_[n]) EXPECT_EQ(Env(run, "CRM_alert_kind"), "node");
  }
}

TEST_F(AlertsCoreTest, WithoutAlertsConfiguredNothingRuns) {
  cib_text_ = kFencingCib;
  LoseTheHolder();
  FinishAgent(0, 0);
  Settle();
  for (NodeId n : {1u, 2u, 3u}) EXPECT_TRUE(alert_runs_[n].empty()) << "node" << n;
}

// A node that joins learns the fencing done before it came from the sync: old news, no alert
// (node2, fenced, reboots and rejoins with its empty history).
TEST_F(AlertsCoreTest, AFenceHistoryReceivedInTheJoiningSyncRaisesNoAlert) {
  LoseTheHolder();
  FinishAgent(0, 0);
  Settle();
  ASSERT_EQ(RunsOf(3, "fencing", "node2").size(), 1u);
  network_.Crash(2);
  network_.RunUntilIdle();
  alert_runs_[2].clear();
  StartNode(2);
  Settle();
  ASSERT_FALSE(History(2).empty()) << "node2 never received the fence history";
  EXPECT_TRUE(RunsOf(2, "fencing", "node2").empty());
  EXPECT_FALSE(RunsOf(1, "node", "node2").empty()) << "alerts are not configured on node2";
  EXPECT_EQ(RunsOf(3, "fencing", "node2").size(), 1u) << "the survivors alerted again";
}

// An attribute update from any node: the owner (which writes it) alerts, with the value; a
// removal has an empty value; an alert selecting other attribute names does not run.
TEST_F(AlertsCoreTest, AnAttributeWrittenByItsOwnerIsAnAttributeEvent) {
  SetAlerts(R"(<alerts>
      <alert id="all" path="/bin/true"><select><select_attributes/></select></alert>
      <alert id="other" path="/bin/true"><select><select_attributes>
        <attribute id="o-1" name="other"/></select_attributes></select></alert>
    </alerts>
  </configuration>)");
  StartNode(1);
  StartNode(2);
  StartNode(3);
  Settle();
  cores_[1]->RequestAttributeUpdate(
      7, AttributeUpdate{AttributeUpdate::Op::kSet, "node3", "pingd", "100", std::nullopt, false});
  Settle();
  std::vector<AlertRun> set = RunsOf(3, "attribute", "node3");
  ASSERT_EQ(set.size(), 1u);
  EXPECT_EQ(set[0].alert_id, "all");
  EXPECT_EQ(Env(set[0], "CRM_alert_attribute_name"), "pingd");
  EXPECT_EQ(Env(set[0], "CRM_alert_attribute_value"), "100");
  EXPECT_TRUE(RunsOf(1, "attribute", "node3").empty()) << "only the owner writes it";
  cores_[2]->RequestAttributeUpdate(
      8, AttributeUpdate{AttributeUpdate::Op::kDelete, "node3", "pingd", "", std::nullopt, false});
  Settle();
  std::vector<AlertRun> removed = RunsOf(3, "attribute", "node3");
  ASSERT_EQ(removed.size(), 2u);
  EXPECT_EQ(Env(removed[1], "CRM_alert_attribute_value"), "");
}

// The alerts are read again from the CIB when its configuration changes.
TEST_F(AlertsCoreTest, AlertsCommittedLaterAreRun) {
  cib_text_ = kFencingCib;
  StartNode(1);
  StartNode(2);
  StartNode(3);
  Settle();
  ASSERT_TRUE(alert_runs_[1].empty());
  XmlNode cib = cores_[1]->member().cib();
  auto alerts = ParseXml(R"(<alerts><alert id="a" path="/bin/true"/></alerts>)", "test");
  ASSERT_TRUE(alerts.has_value());
  for (XmlNode& child : cib.children) {
    if (child.name == "configuration") child.children.push_back(*alerts);
  }
  cores_[1]->RequestCommit(7, SerializeXml(cib), cores_[1]->member().version());
  network_.RunUntilIdle();
  ASSERT_FALSE(CibFromXml(cores_[3]->member().cib(), "n3")->cib.configuration.alerts.empty());
  network_.Partition({{1, 2}, {3}});
  network_.RunUntilIdle();
  std::vector<AlertRun> lost = RunsOf(1, "node", "node3");
  ASSERT_EQ(lost.size(), 1u);
  EXPECT_EQ(lost[0].alert_id, "a");
  EXPECT_EQ(Env(lost[0], "CRM_alert_desc"), "lost");
}

}  // namespace
}  // namespace keel
