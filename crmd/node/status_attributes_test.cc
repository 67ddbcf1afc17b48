#include "crmd/node/status_attributes.h"

#include <gtest/gtest.h>

namespace keel {
namespace {

using Map = std::map<std::string, std::string>;

XmlNode Cib() {
  auto cib = ParseXml(R"(<cib><configuration/><status>
  <node_state id="1" uname="n1"><transient_attributes id="1"><instance_attributes id="s1">
    <nvpair id="a" name="pingd" value="100"/><nvpair id="b" name="shutdown" value="17"/>
    <nvpair id="c" name="fail-count-d#start_0" value="1"/><nvpair id="d" name="pingd" value="5"/>
  </instance_attributes></transient_attributes></node_state>
  <node_state id="2" uname="n2"><transient_attributes id="2"><instance_attributes id="s2">
    <nvpair id="e" name="pingd" value="0"/>
  </instance_attributes></transient_attributes></node_state>
</status></cib>)",
                      "test");
  EXPECT_TRUE(cib.has_value());
  return cib.value_or(XmlNode{});
}

TEST(StatusAttributes, ReadsTheFirstValueOfEachNameAndLeavesOutWhatIsPlannedElsewhere) {
  XmlNode cib = Cib();
  const XmlNode* n1 = NodeStateNamed(cib, "n1");
  ASSERT_NE(n1, nullptr);
  EXPECT_EQ(NodeStateNamed(cib, "n9"), nullptr);
  EXPECT_EQ(TransientAttribute(n1, "pingd"), "100");
  EXPECT_EQ(TransientAttribute(n1, "shutdown"), "17");
  EXPECT_EQ(TransientAttribute(nullptr, "shutdown"), "");
  EXPECT_EQ(RuleAttributes(n1), (Map{{"pingd", "100"}}));
  EXPECT_EQ(ChangedAttributeNames({{"a", "1"}, {"b", "2"}}, {{"b", "3"}, {"c", "1"}}), "a, b, c");
  EXPECT_EQ(ChangedAttributeNames({{"a", "1"}}, {{"a", "1"}}), "");
}

TEST(StatusAttributes, DeliveredValuesWinOverTheStatus) {
  XmlNode cib = Cib();
  NodeAttributes delivered("n1");
  using V = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(AttributeValues(cib, delivered, "*", "pingd"), (V{{"n1", "100"}, {"n2", "0"}}));
  EXPECT_EQ(AttributeValues(cib, delivered, "n2", "pingd"), (V{{"n2", "0"}}));
  delivered.Apply(
      AttributeUpdate{AttributeUpdate::Op::kDelete, "n2", "pingd", "", std::nullopt, false}, 0);
  EXPECT_EQ(AttributeValues(cib, delivered, "*", "pingd"), (V{{"n1", "100"}}));
  EXPECT_EQ(AttributeValues(cib, delivered, "n2", "pingd"), V{});
}

TEST(StatusAttributes, AnUpdateForAMemberIsAMessageElseARefusal) {
  AttributeUpdate set{AttributeUpdate::Op::kSet, "", "pingd", "100", 5000, false};
  auto m = AttributeUpdateMessage(set, {"n1", "n2"}, "n1", 42);
  ASSERT_TRUE(m.has_value()) << m.error();
  EXPECT_EQ(*m, (AttributeMessage{"set", "n1", "pingd", "100", 5000, false, "n1", "42"}));
  set.node = "n3";
  EXPECT_EQ(AttributeUpdateMessage(set, {"n1", "n2"}, "n1", 42).error(),
            "node n3 is not a cluster member (members: n1, n2); a reboot-lifetime attribute "
            "lives with its node");
  set.name = "";
  EXPECT_FALSE(AttributeUpdateMessage(set, {"n1"}, "n1", 1).has_value());
}

}  // namespace
}  // namespace keel
