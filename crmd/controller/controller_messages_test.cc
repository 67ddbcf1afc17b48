// BuildRequest's instance attributes: rules evaluated for the node the action runs on, sets
// ordered by score, the first value of a name wins.

#include "crmd/controller/controller_messages.h"

#include <gtest/gtest.h>

#include "crmd/controller/clone_instance.h"
#include "xml/cib_parse.h"

namespace keel {
namespace {

constexpr std::string_view kRulesCib = R"(<cib admin_epoch="0" epoch="1" num_updates="0">
  <configuration><crm_config/>
    <nodes><node id="1" uname="n1"/>
      <node id="2" uname="n2"><instance_attributes id="n2-ia">
        <nvpair id="n2-rack" name="rack" value="r2"/></instance_attributes></node>
      <node id="3" uname="n3"/></nodes>
    <resources>
      <primitive id="vip" class="ocf" provider="heartbeat" type="IPaddr2">
        <instance_attributes id="vip-n1" score="5">
          <rule id="vip-n1-r"><expression id="vip-n1-e" attribute="#uname" operation="eq" value="n1"/></rule>
          <nvpair id="vip-n1-nic" name="nic" value="eth1"/>
        </instance_attributes>
        <instance_attributes id="vip-base">
          <nvpair id="vip-ip" name="ip" value="198.18.0.100"/>
          <nvpair id="vip-nic" name="nic" value="eth0"/>
        </instance_attributes>
        <instance_attributes id="vip-rack" score="10">
          <rule id="vip-rack-r"><expression id="vip-rack-e" attribute="rack" operation="eq" value="r2"/></rule>
          <nvpair id="vip-rack-nic" name="nic" value="bond0"/>
        </instance_attributes>
      </primitive>
    </resources>
    <constraints/>
  </configuration>
  <status/>
</cib>)";

std::map<std::string, std::string> ParamsOn(const std::string& node) {
  auto parsed = ParseCib(kRulesCib, "rules.xml");
  EXPECT_TRUE(parsed.has_value()) << (parsed ? "" : parsed.error().front().ToString());
  if (!parsed) return {};
  auto request = BuildRequest(parsed->cib, ActionMessage{"1:1:0:1", node, "start", "vip", 0, 20000});
  EXPECT_TRUE(request.has_value());
  if (!request) return {};
  return {request->params.begin(), request->params.end()};
}

TEST(ControllerMessages, InstanceAttributeRulesAreEvaluatedForTheActionsNode) {
  // n1: the #uname rule's set (score 5) beats the unscored base set.
  EXPECT_EQ(ParamsOn("n1").at("nic"), "eth1");
  EXPECT_EQ(ParamsOn("n1").at("ip"), "198.18.0.100");
  // n2: its node attribute rack=r2 matches the score-10 set.
  EXPECT_EQ(ParamsOn("n2").at("nic"), "bond0");
  // n3: no rule holds; the base set's value.
  EXPECT_EQ(ParamsOn("n3").at("nic"), "eth0");
}

// OCF_CHECK_LEVEL on an operation was accepted and never reached the agent.
TEST(ControllerMessages, AnOperationsInstanceAttributesReachItsAgent) {
  std::string text(kRulesCib);
  text.replace(text.find("</primitive>"), 0,
               "<operations><op id=\"vip-mon\" name=\"monitor\" interval=\"10s\">"
               "<instance_attributes id=\"vip-mon-ia\"><nvpair id=\"vip-mon-lvl\" "
               "name=\"OCF_CHECK_LEVEL\" value=\"10\"/></instance_attributes></op></operations>");
  auto parsed = ParseCib(text, "ops.xml");
  ASSERT_TRUE(parsed.has_value()) << parsed.error().front().ToString();
  auto monitor =
      BuildRequest(parsed->cib, ActionMessage{"1:1:0:1", "n3", "monitor", "vip", 10000, 20000});
  ASSERT_TRUE(monitor.has_value()) << monitor.error().ToString();
  EXPECT_EQ(monitor->params.at("OCF_CHECK_LEVEL"), "10");
  EXPECT_EQ(monitor->params.at("nic"), "eth0");
  auto probe =
      BuildRequest(parsed->cib, ActionMessage{"1:1:0:1", "n3", "monitor", "vip", 0, 20000});
  ASSERT_TRUE(probe.has_value());
  EXPECT_FALSE(probe->params.contains("OCF_CHECK_LEVEL"));  // another operation
}

TEST(ControllerMessages, CloneInstancesGetTheClonesMetaVariables) {
  std::string text(kRulesCib);
  text.replace(text.find("<primitive id=\"vip\""), 0,
               "<clone id=\"c\"><meta_attributes id=\"c-m\"><nvpair id=\"c-m1\" "
               "name=\"clone-node-max\" value=\"1\"/></meta_attributes>");
  text.replace(text.find("</resources>"), 0, "</clone>");
  auto parsed = ParseCib(text, "clone.xml");
  ASSERT_TRUE(parsed.has_value()) << parsed.error().front().ToString();
  ActionMessage m{"1:1:0:1", "n2", "start", "vip", 0, 20000, 2};
  auto request = BuildRequest(parsed->cib, m);
  ASSERT_TRUE(request.has_value()) << request.error().ToString();
  EXPECT_EQ(request->rsc_id, "vip");
  EXPECT_EQ(request->params.at("nic"), "bond0");
  EXPECT_EQ(request->meta.at("clone"), "2");
  EXPECT_EQ(request->meta.at("clone_max"), "3");  // one per configured node by default
  EXPECT_EQ(request->meta.at("clone_node_max"), "1");
  EXPECT_EQ(request->meta.at("globally_unique"), "false");
  EXPECT_EQ(request->meta.at("notify"), "false");
  EXPECT_FALSE(request->meta.contains("promotable"));
  // Instance ids as the scheduler names them resolve to the same primitive.
  EXPECT_EQ(NodeResourceFor(parsed->cib, "vip:2").lrm_id, "vip");
  EXPECT_EQ(NodeResourceFor(parsed->cib, "vip:2").clone_instance, 2);
  EXPECT_EQ(NodeResourceFor(parsed->cib, "vip").clone_instance, -1);
  EXPECT_EQ(NodeResourceFor(parsed->cib, "other:1").lrm_id, "other:1");
  EXPECT_EQ(FindConfiguredPrimitive(parsed->cib, "vip:x").primitive, nullptr);
}

// A promotable clone's instances get promoted_max / promoted_node_max (and the master_*
// spellings older agents read); a role monitor gets its role.
TEST(ControllerMessages, PromotableInstancesGetTheirRoleAndPromotionLimits) {
  std::string text(kRulesCib);
  text.replace(text.find("<primitive id=\"vip\""), 0,
               "<clone id=\"c\"><meta_attributes id=\"c-m\"><nvpair id=\"c-m1\" "
               "name=\"promotable\" value=\"true\"/><nvpair id=\"c-m2\" "
               "name=\"promoted-max\" value=\"2\"/></meta_attributes>");
  text.replace(text.find("</resources>"), 0, "</clone>");
  auto parsed = ParseCib(text, "promotable.xml");
  ASSERT_TRUE(parsed.has_value()) << parsed.error().front().ToString();
  ActionMessage m{"1:1:8:1", "n1", "monitor", "vip", 10000, 20000, 1, "Promoted"};
  auto request = BuildRequest(parsed->cib, m);
  ASSERT_TRUE(request.has_value()) << request.error().ToString();
  EXPECT_EQ(request->meta.at("role"), "Promoted");
  EXPECT_EQ(request->meta.at("clone"), "1");
  EXPECT_EQ(request->meta.at("promotable"), "true");
  EXPECT_EQ(request->meta.at("promoted_max"), "2");
  EXPECT_EQ(request->meta.at("master_max"), "2");
  EXPECT_EQ(request->meta.at("promoted_node_max"), "1");
  EXPECT_EQ(request->meta.at("master_node_max"), "1");
  m = ActionMessage{"1:1:0:1", "n1", "promote", "vip", 0, 20000, 1};
  request = BuildRequest(parsed->cib, m);
  ASSERT_TRUE(request.has_value());
  EXPECT_EQ(request->action, "promote");
  EXPECT_FALSE(request->meta.contains("role"));
}

}  // namespace
}  // namespace keel
