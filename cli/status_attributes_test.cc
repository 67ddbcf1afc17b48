#include <gtest/gtest.h>

#include "cli/status_view.h"

namespace keel {
namespace {

constexpr const char* kReport =
    R"(<crmd_status local_id="1" local_name="n1" dc_id="1" dc_name="n1" quorate="true" synced="true" cib_version="0.3.4">
  <node id="1" name="n1" online="true"/><node id="2" name="n2" online="true"/><node id="3" name="n3" online="false"/>
</crmd_status>)";

// n1: ping's pingd and a promotion score (transient), a rack (permanent), fail counts and the
// cluster's own attributes. n2: a permanent pingd shadowed by a transient one, standby. n3 is
// offline (crm_mon -A lists online nodes only).
constexpr const char* kCib = R"(<cib epoch="3"><configuration><nodes>
  <node id="1" uname="n1"><instance_attributes id="n1-a"><nvpair id="n1r" name="rack" value="r1"/></instance_attributes></node>
  <node id="2" uname="n2"><instance_attributes id="n2-a"><nvpair id="n2s" name="standby" value="on"/>
    <nvpair id="n2p" name="pingd" value="permanent"/></instance_attributes></node>
  <node id="3" uname="n3"><instance_attributes id="n3-a"><nvpair id="n3r" name="rack" value="r3"/></instance_attributes></node>
</nodes><resources><primitive id="d" class="ocf" provider="heartbeat" type="Dummy"/></resources></configuration><status>
  <node_state id="1" uname="n1"><transient_attributes id="1"><instance_attributes id="status-1">
    <nvpair id="s1" name="pingd" value="100"/>
    <nvpair id="s2" name="master-d" value="5"/>
    <nvpair id="s3" name="fail-count-d#monitor_1000" value="1"/>
    <nvpair id="s4" name="last-failure-d#monitor_1000" value="1795510800"/>
    <nvpair id="s5" name="shutdown" value="0"/>
    <nvpair id="s6" name="#health-disk" value="green"/>
  </instance_attributes></transient_attributes></node_state>
  <node_state id="2"><transient_attributes id="2"><instance_attributes id="status-2">
    <nvpair id="t1" name="pingd" value="0"/><nvpair id="t2" name="terminate" value="1"/>
  </instance_attributes></transient_attributes></node_state>
  <node_state id="3" uname="n3"><transient_attributes id="3"><instance_attributes id="status-3">
    <nvpair id="u1" name="pingd" value="100"/>
  </instance_attributes></transient_attributes></node_state>
</status></cib>)";

TEST(StatusAttributes, PermanentAndTransientPerOnlineNodeAsCrmMonAShowsThem) {
  auto view = BuildStatusView(kReport, kCib);
  ASSERT_TRUE(view.has_value()) << view.error().ToString();
  ASSERT_EQ(view->node_attributes.size(), 2u);
  EXPECT_EQ(view->node_attributes[0].node, "n1");
  using Pairs = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(view->node_attributes[0].attributes,
            (Pairs{{"master-d", "5"}, {"pingd", "100"}, {"rack", "r1"}}));
  EXPECT_EQ(view->node_attributes[1].node, "n2");  // named through the report's id
  EXPECT_EQ(view->node_attributes[1].attributes, (Pairs{{"pingd", "0"}}));
  std::string text = RenderStatusText(*view);
  EXPECT_NE(text.find("\nNode Attributes:\n"
                      "  * Node: n1:\n"
                      "    * master-d                        \t: 5         \n"
                      "    * pingd                           \t: 100       \n"
                      "    * rack                            \t: r1        \n"
                      "  * Node: n2:\n"
                      "    * pingd                           \t: 0         \n"
                      "\nMigration Summary:\n"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("n3:"), std::string::npos) << text;
  std::string json = RenderStatusJson(*view);
  EXPECT_NE(
      json.find(R"(,"node_attributes":[{"node":"n1","attributes":[{"name":"master-d","value":"5"},)"
                R"({"name":"pingd","value":"100"},{"name":"rack","value":"r1"}]},)"
                R"({"node":"n2","attributes":[{"name":"pingd","value":"0"}]}],"fail_counts":[)"),
      std::string::npos)
      << json;
}

TEST(StatusAttributes, ALongNameOrValueAndCharactersToEscape) {
  constexpr const char* kOdd = R"x(<cib epoch="3"><configuration><nodes/></configuration><status>
  <node_state id="1" uname="n1"><transient_attributes id="1"><instance_attributes id="status-1">
    <nvpair id="s1" name="an-attribute-name-longer-than-32-columns" value="a &quot;b&quot;;$(x)"/>
  </instance_attributes></transient_attributes></node_state></status></cib>)x";
  auto view = BuildStatusView(kReport, kOdd);
  ASSERT_TRUE(view.has_value()) << view.error().ToString();
  std::string text = RenderStatusText(*view);
  EXPECT_NE(text.find("    * an-attribute-name-longer-than-32-columns\t: a \"b\";$(x)\n"),
            std::string::npos)
      << text;
  EXPECT_NE(RenderStatusJson(*view).find(
                R"x({"name":"an-attribute-name-longer-than-32-columns","value":"a \"b\";$(x)"})x"),
            std::string::npos);
}

TEST(StatusAttributes, NoAttributesNoSection) {
  constexpr const char* kBare =
      R"(<cib epoch="3"><configuration><nodes><node id="1" uname="n1"/></nodes></configuration>
<status><node_state id="1" uname="n1"><transient_attributes id="1"><instance_attributes id="status-1">
    <nvpair id="s5" name="shutdown" value="0"/></instance_attributes></transient_attributes></node_state></status></cib>)";
  auto view = BuildStatusView(kReport, kBare);
  ASSERT_TRUE(view.has_value()) << view.error().ToString();
  EXPECT_TRUE(view->node_attributes.empty());
  EXPECT_EQ(RenderStatusText(*view).find("Node Attributes"), std::string::npos);
  EXPECT_NE(RenderStatusJson(*view).find(R"("node_attributes":[],"fail_counts":[])"),
            std::string::npos);
}

}  // namespace
}  // namespace keel
