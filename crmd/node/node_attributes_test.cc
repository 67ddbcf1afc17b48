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

namespace keel {
namespace {

TEST(ExpandAttributeValueTest, IncrementsAsAttrdDoes) {
  EXPECT_EQ(ExpandAttributeValue("value++", std::nullopt), "1");
  EXPECT_EQ(ExpandAttributeValue("value++", "4"), "5");
  EXPECT_EQ(ExpandAttributeValue("value+=10", "4"), "14");
  EXPECT_EQ(ExpandAttributeValue("value+=-3", "4"), "1");
  EXPECT_EQ(ExpandAttributeValue("value++", "INFINITY"), "INFINITY");
  EXPECT_EQ(ExpandAttributeValue("value+=INFINITY", "2"), "INFINITY");
  EXPECT_EQ(ExpandAttributeValue("value++", "abc"), "1");
  EXPECT_EQ(ExpandAttributeValue("value+", "4"), "value+");
  EXPECT_EQ(ExpandAttributeValue("100", "4"), "100");
  EXPECT_EQ(ExpandAttributeValue("v++", "4"), "v++");
}

AttributeUpdate Up(AttributeUpdate::Op op, const std::string& node, const std::string& name,
                   const std::string& value, bool own_echo = false) {
  AttributeUpdate u;
  u.op = op;
  u.node = node;
  u.name = name;
  u.value = value;
  u.own_echo = own_echo;
  return u;
}

constexpr auto kSet = AttributeUpdate::Op::kSet;
constexpr auto kDelete = AttributeUpdate::Op::kDelete;

TEST(NodeAttributesLocalTest, ALocalChangeIsWrittenAtOnceAndBroadcastExpanded) {
  NodeAttributes a("n1");
  a.Apply(Up(kSet, "n1", "fc", "3", false), 0);  // delivered earlier
  AttributeEffects fx = a.Local(Up(kSet, "n1", "fc", "value++"));
  EXPECT_EQ(fx.writes, (std::vector<AttributeWrite>{{"fc", "4"}}));
  ASSERT_EQ(fx.broadcasts.size(), 1u);
  EXPECT_EQ(fx.broadcasts[0].value, "4");
  EXPECT_TRUE(fx.broadcasts[0].own_echo);
  EXPECT_EQ(a.Find("n1", "fc")->value, "4");
  // Its echo changes nothing; another member applies it like any update.
  EXPECT_TRUE(a.Apply(fx.broadcasts[0], 0).writes.empty());
  NodeAttributes b("n2");
  b.Apply(fx.broadcasts[0], 0);
  EXPECT_EQ(b.Find("n1", "fc")->value, "4");
}

TEST(NodeAttributesLocalTest, OnlyThisNodesOwnPublicAttributes) {
  NodeAttributes a("n1");
  EXPECT_TRUE(a.Local(Up(kSet, "n2", "fc", "1")).broadcasts.empty());
  AttributeUpdate p = Up(kSet, "n1", "fc", "1");
  p.is_private = true;
  EXPECT_TRUE(a.Local(p).writes.empty());
  EXPECT_FALSE(a.Find("n2", "fc"));
}

// Two local changes in flight and a delete from another member ordered between their echoes:
// the owner and the others end with the same value, the last in bus order, and the older echo
// does not undo the newer local value meanwhile.
TEST(NodeAttributesLocalTest, EchoesAndOtherUpdatesConvergeToBusOrder) {
  NodeAttributes owner("n1");
  NodeAttributes other("n2");
  AttributeUpdate first = owner.Local(Up(kSet, "n1", "fc", "value++")).broadcasts.at(0);
  AttributeUpdate second = owner.Local(Up(kSet, "n1", "fc", "value++")).broadcasts.at(0);
  EXPECT_EQ(second.value, "2");
  AttributeUpdate remote = Up(kDelete, "n1", "fc", "");
  EXPECT_TRUE(owner.Apply(first, 0).writes.empty()) << "a stale echo rewrote the value";
  EXPECT_EQ(owner.Find("n1", "fc")->value, "2");
  for (const AttributeUpdate& u : {first, remote, second}) {
    if (&u != &first) owner.Apply(u, 0);
    other.Apply(u, 0);
  }
  EXPECT_EQ(owner.Find("n1", "fc")->value, "2");
  EXPECT_EQ(other.Find("n1", "fc")->value, "2");
  // Bus order delete last: both deleted.
  AttributeUpdate third = owner.Local(Up(kSet, "n1", "fc", "value++")).broadcasts.at(0);
  for (const AttributeUpdate& u : {third, remote}) {
    owner.Apply(u, 0);
    other.Apply(u, 0);
  }
  EXPECT_FALSE(owner.Find("n1", "fc")->value);
  EXPECT_FALSE(other.Find("n1", "fc")->value);
  EXPECT_TRUE(owner.OwnNames().empty());
}

}  // namespace
}  // namespace keel
