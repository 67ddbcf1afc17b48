#include "cli/status_view.h"

#include <gtest/gtest.h>

namespace keel {
namespace {

constexpr const char* kReport =
    R"(<crmd_status local_id="2" local_name="n2" dc_id="1" dc_name="n1" quorate="true" synced="true" cib_version="0.3.4">
  <node id="1" name="n1" online="true"/><node id="2" name="n2" online="true"/><node id="3" name="n3" online="false"/>
</crmd_status>)";

constexpr const char* kCib = R"(<cib epoch="3"><configuration><resources>
  <primitive id="vip" class="ocf" provider="keel" type="IPaddr"/>
  <group id="g"><primitive id="web" class="ocf" provider="keel" type="Proxy"/></group>
  <primitive id="idle" class="lsb" type="foo"/>
</resources></configuration><status>
  <node_state id="1" uname="n1"><lrm><lrm_resources>
    <lrm_resource id="vip"><lrm_rsc_op operation="start" call-id="3" rc-code="0"/>
      <lrm_rsc_op operation="monitor" call-id="4" rc-code="0"/></lrm_resource>
    <lrm_resource id="web"><lrm_rsc_op operation="start" call-id="5" rc-code="1"/></lrm_resource>
  </lrm_resources></lrm></node_state>
  <node_state id="2" uname="n2"><lrm><lrm_resources>
    <lrm_resource id="vip"><lrm_rsc_op operation="start" call-id="2" rc-code="0"/>
      <lrm_rsc_op operation="stop" call-id="6" rc-code="0"/></lrm_resource>
  </lrm_resources></lrm></node_state>
</status></cib>)";

TEST(StatusView, NodesQuorumDcAndResourcesFromTheCibStatus) {
  auto view = BuildStatusView(kReport, kCib);
  ASSERT_TRUE(view.has_value()) << view.error().ToString();
  EXPECT_EQ(view->dc, "n1");
  EXPECT_TRUE(view->quorate);
  ASSERT_EQ(view->resources.size(), 3u);
  EXPECT_EQ(view->resources[0].id, "vip");
  EXPECT_EQ(view->resources[0].running_on, std::vector<std::string>{"n1"});  // stopped on n2
  EXPECT_EQ(view->resources[1].id, "web");
  EXPECT_TRUE(view->resources[1].running_on.empty());
  EXPECT_EQ(view->resources[1].failed_on, std::vector<std::string>{"n1"});
  EXPECT_EQ(view->resources[2].agent, "lsb:foo");
  std::string text = RenderStatusText(*view);
  EXPECT_NE(text.find("Online: [ n1 n2 ]"), std::string::npos) << text;
  EXPECT_NE(text.find("Offline: [ n3 ]"), std::string::npos) << text;
  EXPECT_NE(text.find("vip (ocf:keel:IPaddr): Started [ n1 ]"), std::string::npos) << text;
  EXPECT_NE(text.find("web (ocf:keel:Proxy): Stopped, FAILED on [ n1 ]"), std::string::npos) << text;
  std::string json = RenderStatusJson(*view);
  EXPECT_NE(json.find(R"("dc":"n1","quorate":true)"), std::string::npos) << json;
  EXPECT_NE(json.find(R"({"id":"3","name":"n3","online":false})"), std::string::npos) << json;
}

// crmd's report carries its executor's throttling; the CIB the cluster's batch-limit.
TEST(StatusView, TheJsonShowsTheLocalNodesActionLimitsWhenCrmdReportsThem) {
  auto plain = BuildStatusView(kReport, kCib);
  ASSERT_TRUE(plain.has_value());
  EXPECT_EQ(RenderStatusJson(*plain).find("\"limits\""), std::string::npos);
  std::string report = kReport;
  report.replace(report.find("cib_version"), 11,
                 "node_action_limit=\"4\" agents_running=\"3\" actions_waiting=\"12\" cib_version");
  std::string cib = kCib;
  cib.replace(cib.find("<resources>"), 11,
              "<crm_config><cluster_property_set id=\"o\"><nvpair id=\"o1\" name=\"batch-limit\" "
              "value=\"30\"/></cluster_property_set></crm_config><resources>");
  auto view = BuildStatusView(report, cib);
  ASSERT_TRUE(view.has_value()) << view.error().ToString();
  std::string json = RenderStatusJson(*view);
  EXPECT_NE(
      json.find(
          R"("limits":{"node_action_limit":4,"agents_allowed":null,"load_level":null,"load_per_core":null,"load_threshold":null,"agents_running":3,"actions_waiting":12,"batch_limit":"30"})"),
      std::string::npos)
      << json;
  EXPECT_EQ(RenderStatusText(*view).find("Throttled"), std::string::npos);
}

// Load throttling (issue #21): the level and the agents allowed beside node-action-limit, and
// one line in the text while the node is throttled.
TEST(StatusView, AThrottledNodeShowsItsLoadLevelInTheJsonAndOneLineOfText) {
  std::string report = kReport;
  report.replace(report.find("cib_version"), 11,
                 "node_action_limit=\"4\" agents_allowed=\"1\" load_level=\"high\" "
                 "load_per_core=\"2.45\" load_threshold=\"80%\" agents_running=\"1\" "
                 "actions_waiting=\"37\" cib_version");
  auto view = BuildStatusView(report, kCib);
  ASSERT_TRUE(view.has_value()) << view.error().ToString();
  std::string json = RenderStatusJson(*view);
  EXPECT_NE(
      json.find(
          R"("limits":{"node_action_limit":4,"agents_allowed":1,"load_level":"high","load_per_core":2.45,"load_threshold":"80%","agents_running":1,"actions_waiting":37,"batch_limit":null})"),
      std::string::npos)
      << json;
  std::string text = RenderStatusText(*view);
  EXPECT_NE(text.find("  Throttled: load high (2.45 per core, load-threshold 80%): 1 of 4 agents "
                      "at once, 37 waiting\n"),
            std::string::npos)
      << text;
  report.replace(report.find("2.45"), 4, "2}];");  // never raw into the JSON
  view = BuildStatusView(report, kCib);
  ASSERT_TRUE(view.has_value());
  EXPECT_NE(RenderStatusJson(*view).find(R"("load_per_core":null)"), std::string::npos);
}

// A failed operation configured with on-fail=ignore leaves it running there, as the scheduler
// counts it: "(failure ignored ...)" instead of FAILED.
TEST(StatusView, AFailureWithOnFailIgnoreShowsAsIgnored) {
  constexpr const char* kIgnored = R"(<cib epoch="3"><configuration><resources>
  <primitive id="vip" class="ocf" provider="heartbeat" type="IPaddr2"><operations>
    <op id="m" name="monitor" interval="10s" on-fail="ignore"/></operations></primitive>
</resources></configuration><status>
  <node_state id="1" uname="n1"><lrm><lrm_resources>
    <lrm_resource id="vip"><lrm_rsc_op operation="start" call-id="3" rc-code="0"/>
      <lrm_rsc_op operation="monitor" interval="10000" call-id="4" rc-code="1"/></lrm_resource>
  </lrm_resources></lrm></node_state>
</status></cib>)";
  auto view = BuildStatusView(kReport, kIgnored);
  ASSERT_TRUE(view.has_value()) << view.error().ToString();
  EXPECT_EQ(view->resources[0].running_on, std::vector<std::string>{"n1"});
  EXPECT_TRUE(view->resources[0].failed_on.empty());
  std::string text = RenderStatusText(*view);
  EXPECT_NE(text.find("vip (ocf:heartbeat:IPaddr2): Started [ n1 ] (failure ignored on [ n1 ])"),
            std::string::npos)
      << text;
  EXPECT_NE(RenderStatusJson(*view).find(R"("failure_ignored_on":["n1"])"), std::string::npos);
}

TEST(StatusView, AnOfflineNodesHistoryIsShownAsLastSeenNotAsRunning) {
  constexpr const char* kCrashed = R"(<cib epoch="3"><configuration><resources>
  <primitive id="vip" class="ocf" provider="heartbeat" type="IPaddr2"/>
</resources></configuration><status>
  <node_state id="2" uname="n2"><lrm><lrm_resources>
    <lrm_resource id="vip"><lrm_rsc_op operation="start" call-id="3" rc-code="0"/></lrm_resource>
  </lrm_resources></lrm></node_state>
  <node_state id="3" uname="n3"><lrm><lrm_resources>
    <lrm_resource id="vip"><lrm_rsc_op operation="start" call-id="2" rc-code="0"/></lrm_resource>
  </lrm_resources></lrm></node_state>
</status></cib>)";
  auto view = BuildStatusView(kReport, kCrashed);
  ASSERT_TRUE(view.has_value()) << view.error().ToString();
  ASSERT_EQ(view->resources.size(), 1u);
  EXPECT_EQ(view->resources[0].running_on, std::vector<std::string>{"n2"});
  EXPECT_EQ(view->resources[0].last_seen_on, std::vector<std::string>{"n3"});
  std::string text = RenderStatusText(*view);
  EXPECT_NE(text.find("vip (ocf:heartbeat:IPaddr2): Started [ n2 ], last seen on offline [ n3 ]"),
            std::string::npos)
      << text;
  EXPECT_NE(RenderStatusJson(*view).find(R"("running_on":["n2"],"failed_on":[],"last_seen_on":["n3"])"),
            std::string::npos);
}

// An anonymous clone's instances are recorded under the primitive's id on each node (and by
// older Pacemakers as "p:N"); status shows them as one clone set.
TEST(StatusView, ACloneSetListsTheNodesItsInstancesRunOn) {
  constexpr const char* kCloned = R"(<cib epoch="3"><configuration><resources>
  <clone id="proxy-clone"><primitive id="proxy" class="ocf" provider="keel" type="Proxy"/></clone>
</resources></configuration><status>
  <node_state id="1" uname="n1"><lrm><lrm_resources>
    <lrm_resource id="proxy"><lrm_rsc_op operation="start" call-id="3" rc-code="0"/></lrm_resource>
  </lrm_resources></lrm></node_state>
  <node_state id="2" uname="n2"><lrm><lrm_resources>
    <lrm_resource id="proxy:1"><lrm_rsc_op operation="start" call-id="2" rc-code="0"/></lrm_resource>
    <lrm_resource id="proxy:x"><lrm_rsc_op operation="start" call-id="2" rc-code="1"/></lrm_resource>
  </lrm_resources></lrm></node_state>
</status></cib>)";
  auto view = BuildStatusView(kReport, kCloned);
  ASSERT_TRUE(view.has_value()) << view.error().ToString();
  ASSERT_EQ(view->resources.size(), 1u);
  EXPECT_EQ(view->resources[0].clone, "proxy-clone");
  EXPECT_EQ(view->resources[0].running_on, (std::vector<std::string>{"n1", "n2"}));
  EXPECT_TRUE(view->resources[0].failed_on.empty());  // "proxy:x" is not an instance
  std::string text = RenderStatusText(*view);
  EXPECT_NE(text.find("  Clone Set: proxy-clone [proxy] (ocf:keel:Proxy): Started [ n1 n2 ]\n"),
            std::string::npos)
      << text;
  EXPECT_NE(RenderStatusJson(*view).find(
                R"("id":"proxy","agent":"ocf:keel:Proxy","clone":"proxy-clone")"),
            std::string::npos);
}

// A clone of a group is one clone set: a group instance is started on a node where every
// member runs, partly where only some do; its members follow with their own nodes.
TEST(StatusView, AClonedGroupIsOneCloneSetWithItsGroupInstances) {
  constexpr const char* kClonedGroup = R"(<cib epoch="3"><configuration><resources>
  <clone id="cg"><group id="g">
    <primitive id="a" class="ocf" provider="heartbeat" type="Dummy"/>
    <primitive id="b" class="ocf" provider="heartbeat" type="Dummy"/></group></clone>
  <primitive id="vip" class="ocf" provider="keel" type="IPaddr"/>
</resources></configuration><status>
  <node_state id="1" uname="n1"><lrm><lrm_resources>
    <lrm_resource id="a"><lrm_rsc_op operation="start" call-id="3" rc-code="0"/></lrm_resource>
    <lrm_resource id="b"><lrm_rsc_op operation="start" call-id="4" rc-code="0"/></lrm_resource>
  </lrm_resources></lrm></node_state>
  <node_state id="2" uname="n2"><lrm><lrm_resources>
    <lrm_resource id="a"><lrm_rsc_op operation="start" call-id="3" rc-code="0"/></lrm_resource>
    <lrm_resource id="b"><lrm_rsc_op operation="start" call-id="4" rc-code="1"/></lrm_resource>
  </lrm_resources></lrm></node_state>
</status></cib>)";
  auto view = BuildStatusView(kReport, kClonedGroup);
  ASSERT_TRUE(view.has_value()) << view.error().ToString();
  std::string text = RenderStatusText(*view);
  EXPECT_NE(text.find("  Clone Set: cg [g] (group): Started [ n1 ], partly on [ n2 ]\n"
                      "    a (ocf:heartbeat:Dummy): Started [ n1 n2 ]\n"
                      "    b (ocf:heartbeat:Dummy): Started [ n1 ], FAILED on [ n2 ]\n"
                      "  vip (ocf:keel:IPaddr): Stopped\n"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("Clone Set: cg [a]"), std::string::npos) << text;
  std::string json = RenderStatusJson(*view);
  EXPECT_NE(json.find(R"({"id":"g","group":true,"clone":"cg","running_on":["n1"],)"
                      R"("partial_on":["n2"],"failed_on":["n2"],"members":[{"id":"a",)"),
            std::string::npos)
      << json;
  EXPECT_NE(json.find(R"(]},{"id":"vip",)"), std::string::npos) << json;
}

// A globally-unique clone's instances are recorded under their own ids: the set shows each
// running one (two on one node with clone-node-max 2).
TEST(StatusView, AGloballyUniqueCloneSetListsItsInstances) {
  constexpr const char* kUnique = R"(<cib epoch="3"><configuration><resources>
  <clone id="u"><meta_attributes id="m"><nvpair id="m1" name="globally-unique" value="true"/></meta_attributes>
    <primitive id="p" class="ocf" provider="heartbeat" type="Dummy"/></clone>
</resources></configuration><status>
  <node_state id="1" uname="n1"><lrm><lrm_resources>
    <lrm_resource id="p:2"><lrm_rsc_op operation="start" call-id="3" rc-code="0"/></lrm_resource>
    <lrm_resource id="p:0"><lrm_rsc_op operation="start" call-id="4" rc-code="0"/></lrm_resource>
    <lrm_resource id="p:1"><lrm_rsc_op operation="monitor" call-id="1" rc-code="7"/></lrm_resource>
  </lrm_resources></lrm></node_state>
  <node_state id="2" uname="n2"><lrm><lrm_resources>
    <lrm_resource id="p:1"><lrm_rsc_op operation="start" call-id="2" rc-code="0"/></lrm_resource>
  </lrm_resources></lrm></node_state>
</status></cib>)";
  auto view = BuildStatusView(kReport, kUnique);
  ASSERT_TRUE(view.has_value()) << view.error().ToString();
  std::string text = RenderStatusText(*view);
  EXPECT_NE(
      text.find("  Clone Set: u [p] (ocf:heartbeat:Dummy) (unique): Started [ n1 n1 n2 ]\n"
                "    p:0: Started [ n1 ]\n    p:1: Started [ n2 ]\n    p:2: Started [ n1 ]\n"),
      std::string::npos)
      << text;
  EXPECT_NE(RenderStatusJson(*view).find(
                R"("instances":[{"id":"p:0","running_on":["n1"]},{"id":"p:1","running_on":["n2"]},)"
                R"({"id":"p:2","running_on":["n1"]}])"),
            std::string::npos)
      << RenderStatusJson(*view);
}

// A promotable clone set lists its instances by role, as crm_mon does: promoted where the
// newest operation is a promote or a monitor answering rc 8, unpromoted elsewhere.
TEST(StatusView, APromotableCloneSetListsPromotedAndUnpromotedNodes) {
  constexpr const char* kPromotable = R"(<cib epoch="3"><configuration><resources>
  <clone id="db-clone"><meta_attributes id="m"><nvpair id="m1" name="promotable" value="true"/></meta_attributes>
    <primitive id="db" class="ocf" provider="keel" type="Stateful"/></clone>
</resources></configuration><status>
  <node_state id="1" uname="n1"><lrm><lrm_resources>
    <lrm_resource id="db"><lrm_rsc_op operation="start" call-id="3" rc-code="0"/>
      <lrm_rsc_op operation="promote" call-id="5" rc-code="0"/>
      <lrm_rsc_op operation="monitor" call-id="6" rc-code="8"/></lrm_resource>
  </lrm_resources></lrm></node_state>
  <node_state id="2" uname="n2"><lrm><lrm_resources>
    <lrm_resource id="db"><lrm_rsc_op operation="start" call-id="2" rc-code="0"/>
      <lrm_rsc_op operation="promote" call-id="3" rc-code="0"/>
      <lrm_rsc_op operation="demote" call-id="4" rc-code="0"/></lrm_resource>
  </lrm_resources></lrm></node_state>
</status></cib>)";
  auto view = BuildStatusView(kReport, kPromotable);
  ASSERT_TRUE(view.has_value()) << view.error().ToString();
  ASSERT_EQ(view->resources.size(), 1u);
  EXPECT_TRUE(view->resources[0].promotable);
  EXPECT_EQ(view->resources[0].running_on, (std::vector<std::string>{"n1", "n2"}));
  EXPECT_EQ(view->resources[0].promoted_on, std::vector<std::string>{"n1"});
  std::string text = RenderStatusText(*view);
  EXPECT_NE(text.find("  Clone Set: db-clone [db] (ocf:keel:Stateful): promotable\n"
                      "    Promoted: [ n1 ]\n    Unpromoted: [ n2 ]\n"),
            std::string::npos)
      << text;
  EXPECT_NE(RenderStatusJson(*view).find(R"("promoted_on":["n1"])"), std::string::npos);
}

// Lab finding (lab_ctrl_ops): during a restart's start the node's history held the pending
// start (call-id -1) and the monitor of the run before (call-id 6, rc 0); the latest call-id
// made it "running", so `crm resource restart` answered before the start had ended.
TEST(StatusView, AStartOrStopInFlightIsShownAsSuchNotAsItsOldHistory) {
  constexpr const char* kInFlight = R"(<cib epoch="3"><configuration><resources>
  <primitive id="d1" class="ocf" provider="heartbeat" type="Dummy"/>
</resources></configuration><status>
  <node_state id="1" uname="n1"><lrm><lrm_resources>
    <lrm_resource id="d1"><lrm_rsc_op id="d1_last_0" operation="start" call-id="-1" rc-code="0" op-status="-1"/>
      <lrm_rsc_op id="d1_monitor_5000" operation="monitor" call-id="6" rc-code="0" op-status="0"/></lrm_resource>
  </lrm_resources></lrm></node_state>
  <node_state id="2" uname="n2"><lrm><lrm_resources>
    <lrm_resource id="d1"><lrm_rsc_op id="d1_last_0" operation="stop" call-id="-1" rc-code="0" op-status="-1"/>
      <lrm_rsc_op id="d1_monitor_5000" operation="monitor" call-id="3" rc-code="0" op-status="0"/></lrm_resource>
  </lrm_resources></lrm></node_state>
</status></cib>)";
  auto view = BuildStatusView(kReport, kInFlight);
  ASSERT_TRUE(view.has_value()) << view.error().ToString();
  ASSERT_EQ(view->resources.size(), 1u);
  EXPECT_EQ(view->resources[0].running_on, std::vector<std::string>{"n2"}) << "until it stops";
  EXPECT_EQ(view->resources[0].starting_on, std::vector<std::string>{"n1"});
  EXPECT_EQ(view->resources[0].stopping_on, std::vector<std::string>{"n2"});
  std::string text = RenderStatusText(*view);
  EXPECT_NE(text.find("d1 (ocf:heartbeat:Dummy): Started [ n2 ], starting on [ n1 ], stopping on "
                      "[ n2 ]"),
            std::string::npos)
      << text;
  EXPECT_NE(RenderStatusJson(*view).find(R"("starting_on":["n1"],"stopping_on":["n2"])"),
            std::string::npos);
}

TEST(StatusView, BadInputIsAnErrorNamingTheSource) {
  auto view = BuildStatusView("<crmd_status", kCib);
  ASSERT_FALSE(view.has_value());
  EXPECT_NE(view.error().ToString().find("crmd status"), std::string::npos);
}

}  // namespace
}  // namespace keel
