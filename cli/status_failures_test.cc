#include <gtest/gtest.h>

#include "cli/status_view.h"

namespace keel {
namespace {

constexpr const char* kReport =
    R"(<crmd_status local_id="1" local_name="n1" dc_id="1" dc_name="n1" quorate="true" synced="true" cib_version="0.3.4">
  <node id="1" name="n1" online="true"/><node id="2" name="n2" online="true"/>
</crmd_status>)";

// d failed its 1 s monitor twice on n2 (moved away), once on n1 (recovered in place).
constexpr const char* kCib = R"(<cib epoch="3"><configuration><resources>
  <primitive id="d" class="ocf" provider="heartbeat" type="Dummy"/>
</resources></configuration><status>
  <node_state id="1" uname="n1">
    <transient_attributes id="1"><instance_attributes id="status-1">
      <nvpair id="s1" name="fail-count-d#monitor_1000" value="1"/>
      <nvpair id="s2" name="last-failure-d#monitor_1000" value="1795510800"/>
    </instance_attributes></transient_attributes>
    <lrm><lrm_resources><lrm_resource id="d">
      <lrm_rsc_op id="d_last_0" operation="start" call-id="9" rc-code="0"/>
      <lrm_rsc_op id="d_last_failure_0" operation_key="d_monitor_1000" operation="monitor"
        interval="1000" call-id="7" rc-code="7" op-status="0" exit-reason="No process state file found" last-rc-change="1795510800"/>
    </lrm_resource></lrm_resources></lrm></node_state>
  <node_state id="2" uname="n2">
    <transient_attributes id="2"><instance_attributes id="status-2">
      <nvpair id="s3" name="fail-count-d#monitor_1000" value="2"/>
      <nvpair id="s4" name="last-failure-d#monitor_1000" value="1795510700"/>
      <nvpair id="s5" name="standby-ish" value="x"/>
    </instance_attributes></transient_attributes>
    <lrm><lrm_resources><lrm_resource id="d">
      <lrm_rsc_op id="d_last_0" operation="stop" call-id="6" rc-code="0"/>
      <lrm_rsc_op id="d_last_failure_0" operation_key="d_monitor_1000" operation="monitor"
        interval="1000" call-id="5" rc-code="1" op-status="2" last-rc-change="1795510700"/>
    </lrm_resource></lrm_resources></lrm></node_state>
</status></cib>)";

TEST(StatusFailures, FailCountsAndFailedActionsPerNode) {
  auto view = BuildStatusView(kReport, kCib);
  ASSERT_TRUE(view.has_value()) << view.error().ToString();
  ASSERT_EQ(view->fail_counts.size(), 2u);
  EXPECT_EQ(view->fail_counts[0].node, "n1");
  EXPECT_EQ(view->fail_counts[0].count, "1");
  EXPECT_EQ(view->fail_counts[0].op, "monitor_1000");
  EXPECT_EQ(view->fail_counts[0].last_failure, 1795510800);
  EXPECT_EQ(view->fail_counts[1].node, "n2");
  EXPECT_EQ(view->fail_counts[1].count, "2");
  ASSERT_EQ(view->failed_actions.size(), 2u);
  EXPECT_EQ(view->failed_actions[0].rc, 7);
  EXPECT_EQ(view->failed_actions[0].exit_reason, "No process state file found");
  EXPECT_EQ(view->failed_actions[1].op_status, 2);
  std::string text = RenderStatusText(*view);
  EXPECT_NE(text.find("Migration Summary:\n  * Node: n1:\n    * d: fail-count=1 (monitor_1000), "
                      "last-failure='2026-11-24 "),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("  * Node: n2:\n    * d: fail-count=2 (monitor_1000)"), std::string::npos)
      << text;
  EXPECT_NE(text.find("Failed Resource Actions:\n  * d_monitor_1000 on n1 'not running' (7): "
                      "status='complete', exitreason='No process state file found'"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("  * d_monitor_1000 on n2 'error' (1): status='timed out'"),
            std::string::npos)
      << text;
  std::string json = RenderStatusJson(*view);
  EXPECT_NE(json.find(R"("fail_counts":[{"node":"n1","resource":"d","op":"monitor_1000","fail_count":"1","last_failure":1795510800})"),
            std::string::npos)
      << json;
  EXPECT_NE(json.find(R"("op_status":2,"op_status_text":"timed out")"), std::string::npos) << json;
}

TEST(StatusFailures, NoFailuresNoSections) {
  constexpr const char* kClean = R"(<cib epoch="3"><configuration><resources>
  <primitive id="d" class="ocf" provider="heartbeat" type="Dummy"/>
</resources></configuration><status><node_state id="1" uname="n1"/></status></cib>)";
  auto view = BuildStatusView(kReport, kClean);
  ASSERT_TRUE(view.has_value());
  std::string text = RenderStatusText(*view);
  EXPECT_EQ(text.find("Migration Summary"), std::string::npos) << text;
  EXPECT_EQ(text.find("Failed Resource Actions"), std::string::npos) << text;
  EXPECT_NE(RenderStatusJson(*view).find(R"("fail_counts":[],"failed_actions":[]})"),
            std::string::npos);
}

}  // namespace
}  // namespace keel
