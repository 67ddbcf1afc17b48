// Resource sets become the pairwise constraints Pacemaker derives from them. The expected
// pairs were checked against crm_simulate 2.1.5 (placement scores with -s, graph edges with
// -D) on the same sets.

#include "crmd/scheduler/resource_sets.h"

#include <gtest/gtest.h>

#include "crmd/scheduler/scheduler.h"

namespace keel {
namespace {

using V = std::vector<std::string>;

ResourceSet Set(std::string id, V members, std::optional<bool> sequential = std::nullopt) {
  ResourceSet set;
  set.id = std::move(id);
  set.resources = std::move(members);
  set.sequential = sequential;
  return set;
}

ColocationConstraint ColocationOf(std::vector<ResourceSet> sets, Score score = Score::Infinity()) {
  ColocationConstraint col;
  col.id = "c";
  col.score = score;
  col.sets = std::move(sets);
  return col;
}

OrderConstraint OrderOf(std::vector<ResourceSet> sets) {
  OrderConstraint order;
  order.id = "o";
  order.sets = std::move(sets);
  return order;
}

// "dependent>primary" for colocations.
V Pairs(const std::vector<ColocationConstraint>& cols) {
  V out;
  for (const auto& c : cols) out.push_back(c.rsc + ">" + c.with_rsc + " " + c.score.ToString());
  return out;
}

// "first:action>then:action" for orders.
V Pairs(const std::vector<OrderConstraint>& orders) {
  V out;
  for (const auto& o : orders) {
    out.push_back(o.first + ":" + o.first_action + ">" + o.then + ":" + o.then_action);
  }
  return out;
}

TEST(ResourceSetsTest, ColocationSetChainsEachMemberToTheOneBefore) {
  // Two sequential sets: crm_simulate assigns C, D, A, B in that order (D with C, A with D,
  // B with A).
  EXPECT_EQ(
      Pairs(*ExpandColocationSets(ColocationOf({Set("s1", {"A", "B"}), Set("s2", {"C", "D"})}))),
      (V{"B>A INFINITY", "D>C INFINITY", "A>D INFINITY"}));
}

TEST(ResourceSetsTest, ColocationNonSequentialSetsAddNoInnerPairsAndUseEveryMember) {
  EXPECT_EQ(Pairs(*ExpandColocationSets(
                ColocationOf({Set("s1", {"A", "B"}, false), Set("s2", {"C", "D"}, false)}))),
            (V{"A>C INFINITY", "A>D INFINITY", "B>C INFINITY", "B>D INFINITY"}));
}

TEST(ResourceSetsTest, NegativeColocationSetKeepsEveryMemberFromEveryOneBefore) {
  EXPECT_EQ(Pairs(*ExpandColocationSets(ColocationOf({Set("s", {"A", "B", "C"})}, Score(-100)))),
            (V{"B>A -100", "C>A -100", "C>B -100"}));
}

TEST(ResourceSetsTest, ColocationSetScoreAndRoleApplyInsideTheSet) {
  ResourceSet inner = Set("s1", {"A", "B"});
  inner.score = Score(0);
  ResourceSet promoted = Set("s2", {"C"});
  promoted.role = "Promoted";
  auto pairs = *ExpandColocationSets(ColocationOf({inner, promoted}, Score(50)));
  EXPECT_EQ(Pairs(pairs), (V{"A>C 50"}));  // score 0 in s1: nothing inside it
  EXPECT_EQ(pairs[0].rsc_role, "");
  EXPECT_EQ(pairs[0].with_rsc_role, "Promoted");
}

TEST(ResourceSetsTest, OrderSetsChainInsideAndTakeEveryMemberBetweenUnlessSequentialIsSaid) {
  // crm_simulate 2.1.5: (A B) (C D) without sequential orders A and B each before C and D.
  EXPECT_EQ(Pairs(*ExpandOrderSets(OrderOf({Set("s1", {"A", "B"}), Set("s2", {"C", "D"})}))),
            (V{"A:start>B:start", "C:start>D:start", "A:start>C:start", "A:start>D:start",
               "B:start>C:start", "B:start>D:start"}));
  // With sequential="true" said on both: only B before C.
  EXPECT_EQ(
      Pairs(*ExpandOrderSets(OrderOf({Set("s1", {"A", "B"}, true), Set("s2", {"C", "D"}, true)}))),
      (V{"A:start>B:start", "C:start>D:start", "B:start>C:start"}));
}

TEST(ResourceSetsTest, OrderSetActionsAndSerialize) {
  ResourceSet promote = Set("s1", {"A", "B"}, true);
  promote.action = "promote";
  EXPECT_EQ(Pairs(*ExpandOrderSets(OrderOf({promote, Set("s2", {"C"})}))),
            (V{"A:promote>B:promote", "B:promote>C:start"}));
  OrderConstraint serialize = OrderOf({Set("s", {"A", "B", "C"})});
  serialize.kind = OrderKind::kSerialize;
  EXPECT_EQ(Pairs(*ExpandOrderSets(serialize)),
            (V{"A:start>B:start", "A:start>C:start", "B:start>C:start"}));
}

TEST(ResourceSetsTest, RequireAllFalseMarksThePairsOutOfTheSet) {
  ResourceSet any = Set("s1", {"A", "B"}, false);
  any.require_all = false;
  auto pairs = ExpandOrderSets(OrderOf({Set("s0", {"Z"}), any, Set("s2", {"C"})}));
  ASSERT_TRUE(pairs.has_value()) << pairs.error();
  EXPECT_EQ(Pairs(*pairs),
            (V{"Z:start>A:start", "Z:start>B:start", "A:start>C:start", "B:start>C:start"}));
  for (const OrderConstraint& pair : *pairs) {
    EXPECT_EQ(pair.require_all.value_or(true), pair.then != "C") << pair.first << ">" << pair.then;
  }
  EXPECT_TRUE(ExpandOrderSets(OrderOf({Set("s0", {"C"}), any})).has_value());  // no effect last
}

TEST(ResourceSetsTest, RequireAllFalseInASequentialSetIsRefused) {
  ResourceSet any = Set("s1", {"A", "B"});
  any.require_all = false;
  auto refused = ExpandOrderSets(OrderOf({any, Set("s2", {"C"})}));
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error(), "require-all=false in a sequential order set followed by another set");
}

TEST(ResourceSetsTest, LocationSetGivesEachMemberTheConstraintWithTheSetsRoleAndScore) {
  LocationConstraint loc;
  loc.id = "l";
  loc.node = "n1";
  loc.score = Score(10);
  ResourceSet set = Set("s", {"A", "B"});
  set.score = Score(20);
  loc.sets = {set};
  auto members = ExpandLocationSets(loc);
  ASSERT_EQ(members.size(), 2u);
  EXPECT_EQ(members[1].rsc, "B");
  EXPECT_EQ(members[1].score, Score(20));
  EXPECT_TRUE(members[1].sets.empty());
  EXPECT_EQ(members[1].node, "n1");
}

// crm_simulate 2.1.5 places A against its own preference when sets pair A with itself.
TEST(ResourceSetsTest, AResourcePairedWithItselfIsRefused) {
  auto col = ExpandColocationSets(
      ColocationOf({Set("s1", {"A", "B"}), Set("s2", {"A"})}, Score::MinusInfinity()));
  ASSERT_FALSE(col.has_value());
  EXPECT_EQ(col.error(), "resource sets that place A relative to itself");
  auto order = ExpandOrderSets(OrderOf({Set("s1", {"A"}), Set("s2", {"B", "A"})}));
  ASSERT_FALSE(order.has_value());
  EXPECT_EQ(order.error(), "resource sets that order A after itself");
}

TEST(ResourceSetsTest, TagsBecomeUnorderedSetsOrTheirMembersInPlace) {
  const TagMembers tags = IndexTags({Tag{"t", {"A", "B"}, 0}});
  ColocationConstraint col;
  col.id = "c";
  col.rsc = "t";
  col.with_rsc = "C";
  col.score = Score::Infinity();
  auto expanded = WithTagsExpanded(col, tags);
  ASSERT_TRUE(expanded.has_value());
  EXPECT_EQ(Pairs(*ExpandColocationSets(*expanded)), (V{"A>C INFINITY", "B>C INFINITY"}));
  OrderConstraint in_set = OrderOf({Set("s", {"C", "t", "D"})});
  auto order = WithTagsExpanded(in_set, tags);
  ASSERT_TRUE(order.has_value());
  EXPECT_EQ(Pairs(*ExpandOrderSets(*order)),
            (V{"C:start>A:start", "A:start>B:start", "B:start>D:start"}));
  col.rsc = "A";
  EXPECT_FALSE(WithTagsExpanded(col, tags).has_value());
}

// End to end: a location on a tag and a colocation set decide placement.
TEST(ResourceSetsTest, ScheduleHonoursATaggedLocationAndAColocationSet) {
  Cib cib;
  cib.have_quorum = true;
  cib.configuration.crm_config.push_back(
      NvSet{"opts", {}, {}, {NvPair{"o1", "stonith-enabled", "false", 0}}, 0});
  for (std::string n : {"n1", "n2"}) {
    Node node;
    node.id = node.uname = n;
    cib.configuration.nodes.push_back(node);
    NodeState state;
    state.id = state.uname = n;
    state.in_ccm = "true";
    state.crmd = "online";
    state.join = state.expected = "member";
    cib.status.node_states.push_back(state);
  }
  for (std::string id : {"A", "B", "C", "D"}) {
    Primitive p;
    p.id = id;
    p.resource_class = "ocf";
    p.provider = "heartbeat";
    p.type = "Dummy";
    cib.configuration.resources.push_back(p);
  }
  cib.configuration.tags.push_back(Tag{"front", {"C", "D"}, 0});
  LocationConstraint loc;
  loc.id = "l";
  loc.rsc = "front";
  loc.node = "n2";
  loc.score = Score(100);
  cib.configuration.locations.push_back(loc);
  // B with A, and A with the tag's members' set: all four end on n2.
  cib.configuration.colocations.push_back(
      ColocationOf({Set("s1", {"A", "B"}), Set("s2", {"front"}, false)}));
  auto t = Schedule(cib, DeriveClusterView(cib), TimePoint{0});
  ASSERT_TRUE(t.has_value()) << JoinErrors(t.error());
  for (const Placement& p : t->placements) EXPECT_EQ(p.next_node, "n2") << p.resource;
}

}  // namespace
}  // namespace keel
