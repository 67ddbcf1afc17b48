#include "crmd/node/node_attributes.h"

#include <gtest/gtest.h>

namespace keel {
namespace {

AttributeUpdate Set(const std::string& node, const std::string& name, const std::string& value,
                    std::optional<int64_t> dampen_ms = std::nullopt) {
  return AttributeUpdate{AttributeUpdate::Op::kSet, node, name, value, dampen_ms, false};
}

AttributeUpdate Delete(const std::string& node, const std::string& name) {
  return AttributeUpdate{AttributeUpdate::Op::kDelete, node, name, "", std::nullopt, false};
}

std::vector<AttributeWrite> Writes(const AttributeEffects& fx) { return fx.writes; }

TEST(NodeAttributesTest, OwnUpdateWritesAtOnceOthersOnlyRemember) {
  NodeAttributes a("n1");
  EXPECT_EQ(Writes(a.Apply(Set("n1", "pingd", "100"), 0)),
            (std::vector<AttributeWrite>{{"pingd", "100"}}));
  EXPECT_TRUE(a.Apply(Set("n2", "pingd", "50"), 0).writes.empty());
  EXPECT_EQ(a.Find("n2", "pingd")->value, "50");
  EXPECT_EQ(a.Find("n1", "pingd")->value, "100");
  EXPECT_FALSE(a.Find("n3", "pingd"));
  EXPECT_EQ(a.FindAll("pingd").size(), 2u);
}

TEST(NodeAttributesTest, UpdatesApplyInDeliveryOrderTheLastOneWins) {
  NodeAttributes a("n1");
  NodeAttributes b("n2");
  for (NodeAttributes* m : {&a, &b}) {
    m->Apply(Set("n2", "x", "1"), 0);
    m->Apply(Set("n2", "x", "2"), 0);
    m->Apply(Delete("n2", "x"), 0);
    m->Apply(Set("n2", "x", "3"), 0);
  }
  EXPECT_EQ(a.Find("n2", "x")->value, "3");
  EXPECT_EQ(b.Find("n2", "x")->value, "3");
}

TEST(NodeAttributesTest, UnchangedValueWritesNothing) {
  NodeAttributes a("n1");
  EXPECT_EQ(a.Apply(Set("n1", "x", "1"), 0).writes.size(), 1u);
  EXPECT_TRUE(a.Apply(Set("n1", "x", "1"), 10).writes.empty());
}

TEST(NodeAttributesTest, DampeningDelaysAndCoalescesTheWrite) {
  NodeAttributes a("n1");
  EXPECT_TRUE(a.Apply(Set("n1", "pingd", "100", 5000), 1000).writes.empty());
  EXPECT_EQ(a.NextDue(), 6000);
  EXPECT_TRUE(a.Apply(Set("n1", "pingd", "200"), 2000).writes.empty());
  EXPECT_TRUE(a.Apply(Set("n1", "pingd", "300"), 3000).writes.empty());
  EXPECT_EQ(a.NextDue(), 6000);                    // a later change does not push the write back
  EXPECT_EQ(a.Find("n1", "pingd")->value, "300");  // a query sees the newest value at once
  EXPECT_TRUE(a.Tick(5999).writes.empty());
  EXPECT_EQ(Writes(a.Tick(6000)), (std::vector<AttributeWrite>{{"pingd", "300"}}));
  EXPECT_FALSE(a.NextDue());
  // The delay is kept for later updates of the same attribute.
  EXPECT_TRUE(a.Apply(Set("n1", "pingd", "0"), 7000).writes.empty());
  EXPECT_EQ(a.NextDue(), 12000);
}

TEST(NodeAttributesTest, ChangeBackWithinTheDelayWritesNothing) {
  NodeAttributes a("n1");
  a.Apply(Set("n1", "pingd", "100"), 0);
  a.Apply(Set("n1", "pingd", "0", 5000), 1000);
  a.Apply(Set("n1", "pingd", "100"), 2000);
  EXPECT_FALSE(a.NextDue());
  EXPECT_TRUE(a.Tick(10000).writes.empty());
}

TEST(NodeAttributesTest, DeleteRemovesTheAttribute) {
  NodeAttributes a("n1");
  a.Apply(Set("n1", "x", "1"), 0);
  EXPECT_EQ(Writes(a.Apply(Delete("n1", "x"), 0)),
            (std::vector<AttributeWrite>{{"x", std::nullopt}}));
  ASSERT_TRUE(a.Find("n1", "x"));
  EXPECT_FALSE(a.Find("n1", "x")->value);
  // Deleting what was never written writes nothing.
  EXPECT_TRUE(a.Apply(Delete("n1", "never"), 0).writes.empty());
}

TEST(NodeAttributesTest, PrivateAttributesAreNeverWritten) {
  NodeAttributes a("n1");
  AttributeUpdate u = Set("n1", "secret", "s");
  u.is_private = true;
  EXPECT_TRUE(a.Apply(u, 0).writes.empty());
  EXPECT_EQ(a.Find("n1", "secret")->value, "s");
  EXPECT_TRUE(a.Find("n1", "secret")->is_private);
}

TEST(NodeAttributesTest, RestartStartsWithNoRebootAttributes) {
  NodeAttributes before("n1");
  before.Apply(Set("n1", "pingd", "100"), 0);
  NodeAttributes after("n1");  // a restarted crmd
  EXPECT_FALSE(after.Find("n1", "pingd"));
  EXPECT_TRUE(after.FindAll("pingd").empty());
}

TEST(NodeAttributesTest, ALeftNodeIsForgotten) {
  NodeAttributes a("n1");
  a.Apply(Set("n2", "x", "1"), 0);
  a.Apply(Set("n1", "x", "1"), 0);
  a.Apply(Set("n3", "x", "1"), 0);
  a.KeepOnly({"n3"});  // never this node's own
  EXPECT_FALSE(a.Find("n2", "x"));
  EXPECT_TRUE(a.Find("n1", "x"));
  EXPECT_TRUE(a.Find("n3", "x"));
}

TEST(NodeAttributesTest, AwkwardValuesAreKeptVerbatim) {
  NodeAttributes a("n1");
  const std::string value = "a'b\"c; rm -rf / $(reboot) `id` | & > < \\\nline2\ttab";
  EXPECT_EQ(Writes(a.Apply(Set("n1", "weird $name; 'q'", value), 0)),
            (std::vector<AttributeWrite>{{"weird $name; 'q'", value}}));
  EXPECT_EQ(a.Find("n1", "weird $name; 'q'")->value, value);
}

TEST(NodeAttributesTest, BadNamesAndValuesChangeNothing) {
  NodeAttributes a("n1");
  a.Apply(Set("n1", "x", "1"), 0);
  for (const AttributeUpdate& bad :
       {Set("n1", "", "1"), Set("n1", "x\ny", "1"), Set("n1", std::string(300, 'n'), "1"),
        Set("n1", "x", std::string("a\0b", 3)), Set("n1", "x", "bell\a"), Set("", "x", "2")}) {
    AttributeEffects fx = a.Apply(bad, 0);
    EXPECT_TRUE(fx.writes.empty());
    ASSERT_EQ(fx.logs.size(), 1u);
    EXPECT_NE(fx.logs[0].find("ignoring"), std::string::npos) << fx.logs[0];
  }
  EXPECT_EQ(a.Find("n1", "x")->value, "1");
  EXPECT_EQ(a.FindAll("x").size(), 1u);
  EXPECT_TRUE(CheckAttributeName("x\ny").has_value());
  EXPECT_FALSE(CheckAttributeValue("multi\nline").has_value());
}

}  // namespace
}  // namespace keel
