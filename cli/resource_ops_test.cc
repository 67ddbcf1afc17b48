#include "cli/resource_ops.h"

#include <gtest/gtest.h>

#include "xml/cib_parse.h"

namespace keel {
namespace {

Cib Load(std::string_view text) {
  auto parsed = ParseCib(text, "test");
  EXPECT_TRUE(parsed.has_value());
  return parsed ? parsed->cib : Cib{};
}

constexpr std::string_view kCib = R"(<cib admin_epoch="0" epoch="1" num_updates="0">
  <configuration><crm_config/>
    <nodes><node id="1" uname="n1"/><node id="2" uname="n2"/></nodes>
    <resources>
      <primitive id="vip" class="ocf" provider="heartbeat" type="IPaddr2"/>
      <group id="g"><primitive id="a" class="ocf" provider="heartbeat" type="Dummy"/>
        <primitive id="b" class="ocf" provider="heartbeat" type="Dummy"/></group>
    </resources>
    <constraints><rsc_location id="keep" rsc="vip" node="n1" score="50"/></constraints>
  </configuration>
  <status>
    <node_state id="1" uname="n1">
      <transient_attributes id="1"><instance_attributes id="s1">
        <nvpair id="s1a" name="fail-count-vip#monitor_1000" value="2"/>
        <nvpair id="s1b" name="last-failure-vip#monitor_1000" value="100"/>
        <nvpair id="s1c" name="fail-count-vip2#monitor_1000" value="1"/>
      </instance_attributes></transient_attributes>
      <lrm id="1"><lrm_resources>
        <lrm_resource id="vip" class="ocf" provider="heartbeat" type="IPaddr2">
          <lrm_rsc_op id="vip_last_0" operation="start" call-id="3" rc-code="0" op-status="0" interval="0"/>
        </lrm_resource>
      </lrm_resources></lrm>
    </node_state>
    <node_state id="2" uname="n2"/>
  </status>
</cib>)";

TEST(ResourceOps, MovePrefersANodeAndReplacesAnEarlierPreference) {
  Cib cib = Load(kCib);
  auto id = PreferNode(cib.configuration, "vip", "n2", {"n1", "n2"});
  ASSERT_TRUE(id.has_value());
  EXPECT_EQ(*id, "cli-prefer-vip");
  ASSERT_TRUE(PreferNode(cib.configuration, "vip", "n1", {"n1", "n2"}).has_value());
  ASSERT_EQ(cib.configuration.locations.size(), 2u);
  const LocationConstraint& l = cib.configuration.locations.back();
  EXPECT_EQ(l.node, "n1");
  EXPECT_TRUE(l.score->IsInfinite());
  EXPECT_EQ(cib.configuration.nodes.size(), 2u);
  // A live member not listed in <nodes> gets listed, so that the constraint validates.
  ASSERT_TRUE(PreferNode(cib.configuration, "vip", "n3", {"n1", "n2", "n3"}).has_value());
  ASSERT_EQ(cib.configuration.nodes.size(), 3u);
  EXPECT_EQ(cib.configuration.nodes[2].uname, "n3");
}

TEST(ResourceOps, MoveRefusesUnknownResourceAndNodeAndChangesNothing) {
  Cib cib = Load(kCib);
  Configuration before = cib.configuration;
  auto bad_rsc = PreferNode(cib.configuration, "vpi", "n2", {"n1", "n2"});
  ASSERT_FALSE(bad_rsc.has_value());
  EXPECT_NE(bad_rsc.error().message.find("vpi"), std::string::npos) << bad_rsc.error().message;
  auto bad_node = PreferNode(cib.configuration, "vip", "n7", {"n1", "n2"});
  ASSERT_FALSE(bad_node.has_value());
  EXPECT_NE(bad_node.error().message.find("n7"), std::string::npos);
  EXPECT_EQ(cib.configuration, before);
}

TEST(ResourceOps, BanThenClearRemovesOnlyTheCliConstraints) {
  Cib cib = Load(kCib);
  ASSERT_EQ(*BanFromNode(cib.configuration, "vip", "n1"), "cli-ban-vip-on-n1");
  EXPECT_TRUE(cib.configuration.locations.back().score->IsMinusInfinite());
  ASSERT_TRUE(PreferNode(cib.configuration, "vip", "n2", {"n1", "n2"}).has_value());
  auto removed = ClearMoveConstraints(cib.configuration, "vip");
  ASSERT_TRUE(removed.has_value());
  EXPECT_EQ(*removed, (std::vector<std::string>{"cli-ban-vip-on-n1", "cli-prefer-vip"}));
  ASSERT_EQ(cib.configuration.locations.size(), 1u);
  EXPECT_EQ(cib.configuration.locations[0].id, "keep");
  EXPECT_TRUE(ClearMoveConstraints(cib.configuration, "vip")->empty());
  EXPECT_FALSE(ClearMoveConstraints(cib.configuration, "nope").has_value());
}

TEST(ResourceOps, CleanupCoversAGroupsMembersAndForgetsOnlyThatResource) {
  Cib cib = Load(kCib);
  EXPECT_EQ(*CleanupPrimitives(cib.configuration, "g"), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(*CleanupPrimitives(cib.configuration, "vip"), std::vector<std::string>{"vip"});
  EXPECT_FALSE(CleanupPrimitives(cib.configuration, "ghost").has_value());
  EXPECT_TRUE(ForgetInStatus(cib.status, {"vip"}, "n2").empty());  // nothing there
  EXPECT_EQ(ForgetInStatus(cib.status, {"vip"}, ""), std::vector<std::string>{"n1"});
  const NodeState& n1 = cib.status.node_states[0];
  EXPECT_TRUE(n1.lrm_resources.empty());
  ASSERT_EQ(n1.transient_attributes[0].pairs.size(), 1u);  // vip2's count stays
  EXPECT_EQ(n1.transient_attributes[0].pairs[0].name, "fail-count-vip2#monitor_1000");
  EXPECT_TRUE(ForgetInStatus(cib.status, {"vip"}, "").empty());
}

// Each node records its instance of an anonymous clone under the primitive's id.
TEST(ResourceOps, CleanupOfACloneCoversItsPrimitive) {
  Configuration config;
  Clone clone;
  clone.id = "web-clone";
  Primitive web;
  web.id = "web";
  clone.child = web;
  config.resources.push_back(clone);
  EXPECT_EQ(*CleanupPrimitives(config, "web-clone"), std::vector<std::string>{"web"});
  EXPECT_EQ(*CleanupPrimitives(config, "web"), std::vector<std::string>{"web"});
  Group group;
  group.id = "wg";
  group.primitives.push_back(web);
  std::get<Clone>(config.resources[0]).child = group;
  // A cloned group's members are recorded under their own ids on each node.
  EXPECT_EQ(*CleanupPrimitives(config, "web-clone"), std::vector<std::string>{"web"});
}

}  // namespace
}  // namespace keel
