// Unit tests on in-memory CIBs: refusals, the derived cluster view, rules, and properties
// (determinism, explain contributions) that the golden files do not spell out.

#include "crmd/scheduler/history.h"
#include "crmd/scheduler/scheduler.h"
#include "crmd/scheduler/working_set.h"

#include <gtest/gtest.h>

#include <map>

#include "crmd/scheduler/rules.h"
#include "crmd/scheduler/scheduler_refusals.h"
#include "crmd/scheduler/transition_format.h"

namespace keel {
namespace {

Primitive Dummy(const std::string& id) {
  Primitive p;
  p.id = id;
  p.resource_class = "ocf";
  p.provider = "heartbeat";
  p.type = "Dummy";
  return p;
}

NodeState Online(const std::string& name) {
  NodeState s;
  s.id = name;
  s.uname = name;
  s.in_ccm = "true";
  s.crmd = "online";
  s.join = "member";
  s.expected = "member";
  return s;
}

Cib TwoNodes() {
  Cib cib;
  cib.have_quorum = true;
  cib.configuration.crm_config.push_back(NvSet{"opts", {}, {}, {NvPair{"o1", "fencing-enabled", "false", 0}}, 0});
  for (std::string n : {"node1", "node2"}) {
    Node node;
    node.id = n;
    node.uname = n;
    cib.configuration.nodes.push_back(node);
    cib.status.node_states.push_back(Online(n));
  }
  return cib;
}

const Placement& Find(const Transition& t, const std::string& id) {
  for (const Placement& p : t.placements) {
    if (p.resource == id) return p;
  }
  throw std::runtime_error("no placement " + id);
}

Clone DummyClone(const std::string& id, const std::string& child,
                 std::vector<std::pair<std::string, std::string>> meta = {}) {
  Clone clone;
  clone.id = id;
  clone.child = Dummy(child);
  NvSet set{id + "-meta", {}, {}, {}, 0};
  for (auto& [name, value] : meta) set.pairs.push_back(NvPair{id + "-" + name, name, value, 0});
  clone.meta_attributes.push_back(set);
  return clone;
}

ColocationConstraint Colocation(const std::string& id, const std::string& rsc,
                                const std::string& with) {
  ColocationConstraint c;
  c.id = id;
  c.rsc = rsc;
  c.with_rsc = with;
  c.score = Score::Infinity();
  return c;
}

std::vector<std::string> Messages(const Cib& cib) {
  auto t = Schedule(cib, DeriveClusterView(cib), TimePoint{0});
  if (t.has_value()) return {};
  std::vector<std::string> out;
  for (const Error& e : t.error()) {
    EXPECT_EQ(e.code, ErrorCode::kNotSupported) << e.message;
    out.push_back(e.message);
  }
  return out;
}

TEST(ScheduleTest, PlacesAnonymousCloneInstancesOnePerNode) {
  Cib cib = TwoNodes();
  cib.configuration.resources.push_back(DummyClone("web-clone", "web"));
  auto t = Schedule(cib, DeriveClusterView(cib), TimePoint{0});
  ASSERT_TRUE(t.has_value()) << JoinErrors(t.error());
  ASSERT_EQ(t->clones.size(), 1u);
  EXPECT_EQ(t->clones[0].id, "web-clone");
  EXPECT_EQ(t->clones[0].primitive, "web");
  EXPECT_EQ(Find(*t, "web:0").next_node, "node1");
  EXPECT_EQ(Find(*t, "web:1").next_node, "node2");
  EXPECT_EQ(Find(*t, "web:0").clone, "web-clone");
}

// An anonymous clone's fail count ("web", as its instances are recorded) is due again when
// it expires, and then cleared under that name on its node.
TEST(ScheduleTest, ACloneFailCountIsRecheckedAtItsExpiryAndThenCleared) {
  Cib cib = TwoNodes();
  Clone clone = DummyClone("web-clone", "web");
  std::get<Primitive>(clone.child)
      .meta_attributes.push_back(
          NvSet{"web-meta", {}, {}, {NvPair{"web-ft", "failure-timeout", "60s", 0}}, 0});
  cib.configuration.resources.push_back(clone);
  cib.status.node_states[0].transient_attributes.push_back(
      NvSet{"status-node1",
            {},
            {},
            {NvPair{"a", "fail-count-web#monitor_10000", "1", 0},
             NvPair{"b", "last-failure-web#monitor_10000", "1000", 0}},
            0});
  auto before = Schedule(cib, DeriveClusterView(cib), TimePoint{1030});
  ASSERT_TRUE(before.has_value()) << JoinErrors(before.error());
  EXPECT_EQ(before->recheck_at_s, 1060);
  EXPECT_EQ(before->recheck_reason, "failure-timeout of web on node1");
  for (const Action& a : before->actions) EXPECT_NE(a.task, "clear_failcount") << a.Key();
  auto after = Schedule(cib, DeriveClusterView(cib), TimePoint{1060});
  ASSERT_TRUE(after.has_value()) << JoinErrors(after.error());
  EXPECT_EQ(after->recheck_at_s, std::nullopt);
  int clears = 0;
  for (const Action& a : after->actions) {
    if (a.task != "clear_failcount") continue;
    ++clears;
    EXPECT_EQ(a.Key(), "web_clear_failcount_0 on node1");
  }
  EXPECT_EQ(clears, 1);
}

TEST(ScheduleTest, PlacesANotifyingCloneAndPlansItsNotifications) {
  Cib cib = TwoNodes();
  cib.configuration.resources.push_back(DummyClone("c", "p", {{"notify", "true"}}));
  auto t = Schedule(cib, DeriveClusterView(cib), TimePoint{0});
  ASSERT_TRUE(t.has_value()) << JoinErrors(t.error());
  EXPECT_EQ(Find(*t, "p:0").next_node, "node1");
  EXPECT_EQ(Find(*t, "p:1").next_node, "node2");
  EXPECT_TRUE(t->notes.empty());
  EXPECT_EQ(std::count_if(t->actions.begin(), t->actions.end(),
                          [](const Action& a) { return a.task == "notify"; }),
            2);  // post-start on both (clone_notify_test.cc has the details)
}

TEST(ScheduleTest, PlacesAGloballyUniqueCloneAsInstancesOfTheirOwn) {
  Cib cib = TwoNodes();
  cib.configuration.resources.push_back(
      DummyClone("c", "p", {{"globally-unique", "true"}, {"clone-max", "3"}}));
  auto t = Schedule(cib, DeriveClusterView(cib), TimePoint{0});
  ASSERT_TRUE(t.has_value()) << JoinErrors(t.error());
  EXPECT_EQ(Find(*t, "p:0").next_node, "node1");
  EXPECT_EQ(Find(*t, "p:1").next_node, "node2");
  EXPECT_EQ(Find(*t, "p:2").next_node, "") << "clone-node-max 1: a third instance has no node";
}

TEST(ScheduleTest, PlacesUpToCloneNodeMaxInstancesPerNode) {
  Cib cib = TwoNodes();
  cib.configuration.resources.push_back(DummyClone(
      "c", "p", {{"globally-unique", "true"}, {"clone-max", "5"}, {"clone-node-max", "2"}}));
  auto t = Schedule(cib, DeriveClusterView(cib), TimePoint{0});
  ASSERT_TRUE(t.has_value()) << JoinErrors(t.error());
  std::map<std::string, int> per_node;
  for (int i = 0; i < 5; ++i) per_node[Find(*t, "p:" + std::to_string(i)).next_node]++;
  EXPECT_EQ(per_node, (std::map<std::string, int>{{"", 1}, {"node1", 2}, {"node2", 2}}));
}

TEST(ScheduleTest, RefusesCloneFeaturesItDoesNotImplementByName) {
  auto refused = [](std::vector<std::pair<std::string, std::string>> meta) {
    Cib cib = TwoNodes();
    cib.configuration.resources.push_back(DummyClone("c", "p", std::move(meta)));
    return Messages(cib);
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(refused({{"promotable", "true"}}), V{});
  EXPECT_EQ(refused({{"globally-unique", "true"}}), V{});
  EXPECT_EQ(refused({{"notify", "true"}}), V{});  // planned without the notify actions
  EXPECT_EQ(refused({{"clone-node-max", "2"}}), V{});
  EXPECT_EQ(refused({{"clone-node-max", "2"}, {"promotable", "true"}}), V{});
  EXPECT_EQ(refused({{"globally-unique", "false"}, {"clone-max", "1"}}), V{});

  Cib master = TwoNodes();
  Clone ms = DummyClone("ms", "db");
  ms.promotable_element = true;
  Operation demote_on_failure;
  demote_on_failure.id = "db-mon";
  demote_on_failure.name = "monitor";
  demote_on_failure.interval_ms = 10'000;
  demote_on_failure.on_fail = "demote";
  std::get<Primitive>(ms.child).operations.push_back(demote_on_failure);
  master.configuration.resources.push_back(ms);
  EXPECT_EQ(Messages(master), V{});  // <master> is a promotable clone; on-fail=demote is handled

  Cib blocking = TwoNodes();
  Clone with_block = DummyClone("cb", "b");
  Operation monitor;
  monitor.id = "b-mon";
  monitor.name = "monitor";
  monitor.interval_ms = 10'000;
  monitor.on_fail = "block";
  std::get<Primitive>(with_block.child).operations.push_back(monitor);
  blocking.configuration.resources.push_back(with_block);
  EXPECT_EQ(Messages(blocking), V{});  // a blocked failed instance stays, counted nowhere

  Cib grouped = TwoNodes();
  Clone of_group;
  of_group.id = "cg";
  Group g;
  g.id = "g";
  g.primitives.push_back(Dummy("a"));
  of_group.child = g;
  grouped.configuration.resources.push_back(of_group);
  EXPECT_EQ(Messages(grouped), V{});  // a clone of a group is planned
  auto with_meta = [&](const char* name, const char* value) {
    Cib cib = grouped;
    std::get<Clone>(cib.configuration.resources.back())
        .meta_attributes.push_back(NvSet{"cg-meta", {}, {}, {NvPair{"cg-m", name, value, 0}}, 0});
    return Messages(cib);
  };
  EXPECT_EQ(with_meta("promotable", "true"), V{});  // group instances promoted whole
  EXPECT_EQ(with_meta("globally-unique", "true"), V{});
  EXPECT_EQ(with_meta("clone-node-max", "2"),
            V{"not supported: clone-node-max other than 1 on a clone of a group (id cg)"});
  Cib balanced = grouped;
  balanced.configuration.crm_config.push_back(
      NvSet{"more", {}, {}, {NvPair{"o2", "placement-strategy", "balanced", 0}}, 0});
  EXPECT_EQ(Messages(balanced), V{});  // group instances take their members' utilization
  balanced.configuration.resources.push_back(DummyClone("other", "o"));
  balanced.configuration.colocations.push_back(Colocation("cg-with-other", "cg", "other"));
  EXPECT_EQ(Messages(balanced), V{});  // an instance of other needs room for one of cg
  Cib on_inner_group = grouped;
  on_inner_group.configuration.colocations.push_back(Colocation("x-with-g", "cg", "g"));
  EXPECT_EQ(Messages(on_inner_group), V{});  // read as a constraint on cg
}

TEST(ScheduleTest, AConstraintOnThePrimitiveInsideACloneAppliesToTheClone) {
  auto plan = [](const std::string& with) {
    Cib cib = TwoNodes();
    cib.configuration.resources.push_back(DummyClone("a-clone", "a"));
    cib.configuration.resources.push_back(DummyClone("b-clone", "b"));
    cib.configuration.colocations.push_back(Colocation("a-with-b", "a-clone", with));
    auto t = Schedule(cib, DeriveClusterView(cib), TimePoint{0});
    return t ? FormatTransition(*t) : JoinErrors(t.error());
  };
  EXPECT_EQ(plan("b"), plan("b-clone"));
  EXPECT_NE(plan("b").find("placement a:0: started"), std::string::npos) << plan("b");
}

// Case colocation-vs-stickiness: Keel would move the primary group, Pacemaker keeps it.
TEST(ScheduleTest, RefusesAStickyGroupColocatedWithAGroupByANegativeScore) {
  Cib cib = TwoNodes();
  Group g1;
  g1.id = "g1";
  g1.primitives = {Dummy("a"), Dummy("b")};
  Group g2 = g1;
  g2.id = "g2";
  g2.primitives = {Dummy("c"), Dummy("d")};
  cib.configuration.resources = {g1, g2};
  ColocationConstraint apart = Colocation("apart", "g1", "g2");
  apart.score = Score(-500);
  cib.configuration.colocations.push_back(apart);
  EXPECT_TRUE(Messages(cib).empty());
  cib.configuration.rsc_defaults.push_back(
      NvSet{"d", {}, {}, {NvPair{"d-s", "resource-stickiness", "INFINITY", 0}}, 0});
  EXPECT_EQ(Messages(cib),
            std::vector<std::string>{"not supported: a group with INFINITY stickiness colocated "
                                     "with a group by a negative score (id apart)"});
}

TEST(ScheduleTest, TemplatesAreExpandedAndATemplateWithATemplateIsRefused) {
  Cib cib = TwoNodes();
  for (const char* id : {"t1", "t2"}) {
    Primitive t = Dummy(id);
    cib.configuration.templates.push_back(t);
  }
  for (const char* id : {"a", "b"}) {
    Primitive p;
    p.id = id;
    p.template_id = std::string(id) == "a" ? "t1" : "t2";
    cib.configuration.resources.push_back(p);
  }
  cib.configuration.colocations.push_back(Colocation("a-with-t2", "a", "t2"));
  EXPECT_TRUE(Messages(cib).empty());
  cib.configuration.colocations.push_back(Colocation("t1-with-t2", "t1", "t2"));
  EXPECT_EQ(Messages(cib), std::vector<std::string>{"not supported: colocation of a template "
                                                    "with a template (id t1-with-t2)"});
}

TEST(ScheduleTest, RefusesContainedPrimitives) {
  using V = std::vector<std::string>;
  auto with_container = [](Primitive p) {
    p.meta_attributes.push_back(
        NvSet{p.id + "-meta", {}, {}, {NvPair{"m1", "container", "vm", 0}}, 0});
    return p;
  };
  Cib cib = TwoNodes();
  cib.configuration.resources.push_back(Dummy("vm"));
  cib.configuration.resources.push_back(with_container(Dummy("app")));
  Group g;
  g.id = "g";
  g.primitives.push_back(with_container(Dummy("member")));
  cib.configuration.resources.push_back(g);
  Clone c = DummyClone("c", "inner");
  std::get<Primitive>(c.child) = with_container(Dummy("inner"));
  cib.configuration.resources.push_back(c);
  EXPECT_EQ(Messages(cib), (V{"not supported: meta container on a primitive (id app)",
                              "not supported: meta container on a primitive (id member)",
                              "not supported: meta container on a primitive (id inner)"}));

  // Inherited from the group of a clone of a group.
  Cib cloned_group = TwoNodes();
  Group contained;
  contained.id = "cg-group";
  contained.meta_attributes.push_back(
      NvSet{"cgm", {}, {}, {NvPair{"cgm1", "container", "vm", 0}}, 0});
  contained.primitives.push_back(Dummy("cg-member"));
  Clone of_group;
  of_group.id = "cg";
  of_group.child = contained;
  cloned_group.configuration.resources.push_back(of_group);
  EXPECT_EQ(Messages(cloned_group),
            V{"not supported: meta container on a primitive (id cg-member)"});
}

// critical=false was accepted and ignored (it makes influence=false its colocations' default).
TEST(ScheduleTest, RefusesCriticalFalse) {
  using V = std::vector<std::string>;
  auto with_critical = [](const char* value) {
    Cib cib = TwoNodes();
    Primitive p = Dummy("app");
    p.meta_attributes.push_back(NvSet{"app-meta", {}, {}, {NvPair{"m1", "critical", value, 0}}, 0});
    cib.configuration.resources.push_back(p);
    return cib;
  };
  EXPECT_EQ(Messages(with_critical("false")), V{"not supported: meta critical=false (id app)"});
  EXPECT_EQ(Messages(with_critical("true")), V{});
}

TEST(ScheduleTest, SchedulerRefusalsNameWhatScheduleRefuses) {
  Cib cib = TwoNodes();
  EXPECT_TRUE(SchedulerRefusals(cib.configuration).empty());
  Primitive contained = Dummy("member");
  contained.meta_attributes.push_back(
      NvSet{"mm", {}, {}, {NvPair{"mm1", "container", "vm", 0}}, 0});
  cib.configuration.resources.push_back(contained);
  Errors refusals = SchedulerRefusals(cib.configuration);
  ASSERT_EQ(refusals.size(), 1u);
  EXPECT_EQ(refusals[0].message, Messages(cib).at(0));
}

Cib WithUtilization(const std::string& node_cpu, std::optional<Rule> rule = std::nullopt) {
  Cib cib = TwoNodes();
  cib.configuration.crm_config.push_back(
      NvSet{"more", {}, {}, {NvPair{"o2", "placement-strategy", "utilization", 0}}, 0});
  cib.configuration.nodes[0].utilization.push_back(
      NvSet{"n1-util", {}, rule, {NvPair{"n1-util-cpu", "cpu", node_cpu, 0}}, 0});
  cib.configuration.resources.push_back(Dummy("vip"));
  return cib;
}

TEST(ScheduleTest, UtilizationValueMustBeAWholeNumber) {
  Cib cib = WithUtilization("lots");
  auto t = Schedule(cib, DeriveClusterView(cib), TimePoint{0});
  ASSERT_FALSE(t.has_value());
  EXPECT_EQ(t.error()[0].where, "n1-util-cpu");
  EXPECT_NE(t.error()[0].message.find("'lots' is not a whole number"), std::string::npos);
  EXPECT_TRUE(Schedule(WithUtilization("8"), DeriveClusterView(cib), TimePoint{0}).has_value());
}

// Pacemaker reads utilization without a node: a node expression there cannot be evaluated.
TEST(ScheduleTest, RefusesNodeExpressionInUtilizationRule) {
  Rule rule;
  rule.id = "r1";
  rule.expressions.push_back(Expression{"e1", "#uname", ExprOp::kEq, "node1", {}, "", 0});
  Cib cib = WithUtilization("8", rule);
  auto t = Schedule(cib, DeriveClusterView(cib), TimePoint{0});
  ASSERT_FALSE(t.has_value());
  EXPECT_EQ(t.error()[0].code, ErrorCode::kNotSupported);
  EXPECT_EQ(t.error()[0].where, "e1");
}

TEST(ScheduleTest, RefusesConstraintOnUnknownResource) {
  Cib cib = TwoNodes();
  cib.configuration.resources.push_back(Dummy("vip"));
  cib.configuration.colocations.push_back(Colocation("c1", "vip", "ghost"));
  auto t = Schedule(cib, DeriveClusterView(cib), TimePoint{0});
  ASSERT_FALSE(t.has_value());
  EXPECT_EQ(t.error()[0].where, "c1");
  EXPECT_NE(t.error()[0].message.find("ghost"), std::string::npos);
}

TEST(ScheduleTest, StartsAndProbesOnFreshCluster) {
  Cib cib = TwoNodes();
  cib.configuration.resources.push_back(Dummy("vip"));
  auto t = Schedule(cib, DeriveClusterView(cib), TimePoint{0});
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(Find(*t, "vip").next_node, "node1");
  EXPECT_EQ(Find(*t, "vip").change, "Start");
  ASSERT_EQ(t->actions.size(), 3u);  // two probes, one start
  EXPECT_EQ(t->actions[2].Key(), "vip_start_0 on node1");
  EXPECT_EQ(t->edges.size(), 2u);
}

LrmResource DummyHistory(const std::string& id, const std::string& operation, int rc) {
  LrmResource lrm;
  lrm.id = id;
  lrm.resource_class = "ocf";
  lrm.provider = "heartbeat";
  lrm.type = "Dummy";
  LrmRscOp& op = lrm.ops.emplace_back();
  op.set_id(id + "_last_0");
  op.set_operation(operation);
  op.call_id = 1;
  op.rc_code = rc;
  return lrm;
}

// Eight nodes, `resources` Dummies running on node1 and probed "not running" everywhere else.
Cib SettledCluster(size_t resources) {
  Cib cib = TwoNodes();
  cib.configuration.rsc_defaults.push_back(
      NvSet{"defaults", {}, {}, {NvPair{"d-s", "resource-stickiness", "100", 0}}, 0});
  for (int n = 3; n <= 8; ++n) {
    const std::string name = "node" + std::to_string(n);
    cib.configuration.nodes.push_back(Node{name, name, "member", {}, {}, 0});
    cib.status.node_states.push_back(Online(name));
  }
  for (size_t i = 0; i < resources; ++i) {
    const std::string id = "d" + std::to_string(i);
    cib.configuration.resources.push_back(Dummy(id));
    for (NodeState& state : cib.status.node_states) {
      state.lrm_resources.push_back(&state == &cib.status.node_states[0]
                                        ? DummyHistory(id, "start", 0)
                                        : DummyHistory(id, "monitor", 7));
    }
  }
  return cib;
}

// A plain "not running" history is kept as a node number, not a NodeHistory; the resource is
// still known there (no probe, KnownOn).
TEST(ScheduleTest, NotRunningHistoryIsKeptAsANodeNumber) {
  Cib cib = SettledCluster(3);
  auto ws = BuildWorkingSet(cib, DeriveClusterView(cib), TimePoint{0}, {});
  ASSERT_TRUE(ws.has_value()) << JoinErrors(ws.error());
  ASSERT_TRUE(UnpackHistory(*ws).empty());
  for (const RscInfo& r : ws->rscs) {
    SCOPED_TRACE(r.id);
    ASSERT_EQ(r.history.size(), 1u);
    EXPECT_TRUE(r.history[0].active);
    EXPECT_EQ(r.probed_nodes, (std::vector<int>{1, 2, 3, 4, 5, 6, 7}));
    for (int n = 0; n < 8; ++n) {
      EXPECT_TRUE(r.HasHistoryOn(n)) << n;
      EXPECT_TRUE(KnownOn(*ws, r, n)) << n;
    }
  }
}

TEST(ScheduleTest, ExplainListsEveryContribution) {
  Cib cib = TwoNodes();
  cib.configuration.resources.push_back(Dummy("vip"));
  LocationConstraint loc;
  loc.id = "prefer-2";
  loc.rsc = "vip";
  loc.node = "node2";
  loc.score = Score(70);
  cib.configuration.locations.push_back(loc);
  ScheduleOptions options;
  options.explain = true;
  auto t = Schedule(cib, DeriveClusterView(cib), TimePoint{0}, options);
  ASSERT_TRUE(t.has_value());
  ASSERT_EQ(t->scores.size(), 1u);
  const NodeScore& n2 = t->scores[0].nodes[1];
  EXPECT_EQ(n2.node, "node2");
  EXPECT_EQ(n2.total, Score(70));
  ASSERT_EQ(n2.contributions.size(), 1u);
  EXPECT_EQ(n2.contributions[0].source, "location prefer-2");
  EXPECT_NE(t->scores[0].decision.find("node2"), std::string::npos);
}

TEST(ScheduleTest, NoExplainMeansNoScores) {
  Cib cib = TwoNodes();
  cib.configuration.resources.push_back(Dummy("vip"));
  auto t = Schedule(cib, DeriveClusterView(cib), TimePoint{0});
  ASSERT_TRUE(t.has_value());
  EXPECT_TRUE(t->scores.empty());
}

TEST(ClusterViewTest, DerivesMembershipLikePacemaker) {
  Cib cib = TwoNodes();
  cib.configuration.crm_config.clear();  // fencing enabled
  Node n3;
  n3.id = n3.uname = "node3";
  cib.configuration.nodes.push_back(n3);  // never seen: startup fencing
  cib.status.node_states[1].in_ccm = "false";
  cib.status.node_states[1].crmd = "offline";
  ClusterView view = DeriveClusterView(cib);
  ASSERT_EQ(view.nodes.size(), 3u);
  EXPECT_EQ(view.nodes[0].membership, NodeMembership::kOnline);
  EXPECT_EQ(view.nodes[1].membership, NodeMembership::kUnclean);
  EXPECT_EQ(view.nodes[1].unclean_reason, "peer is no longer part of the cluster");
  EXPECT_EQ(view.nodes[2].membership, NodeMembership::kUnclean);
  cib.status.node_states[1].expected = "down";
  EXPECT_EQ(DeriveClusterView(cib).nodes[1].membership, NodeMembership::kOffline);
  EXPECT_TRUE(view.have_quorum);
  cib.have_quorum.reset();
  EXPECT_FALSE(DeriveClusterView(cib).have_quorum);
}

TEST(RulesTest, ComparesByType) {
  NodeAttributes attrs{{"#uname", "node1"}, {"ram", "9"}, {"ver", "1.10"}};
  Rule rule;
  rule.expressions.push_back(Expression{"e", "ram", ExprOp::kLt, "10", ExprType::kInteger, "", 0});
  EXPECT_TRUE(RuleMatches(rule, attrs));
  rule.expressions[0].type = ExprType::kString;  // "9" > "10" as strings
  EXPECT_FALSE(RuleMatches(rule, attrs));
  rule.expressions[0] = Expression{"e", "ver", ExprOp::kGt, "1.9", ExprType::kVersion, "", 0};
  EXPECT_TRUE(RuleMatches(rule, attrs));
  rule.expressions[0] = Expression{"e", "missing", ExprOp::kNotDefined, std::nullopt, {}, "", 0};
  EXPECT_TRUE(RuleMatches(rule, attrs));
}

TEST(RulesTest, BooleanOpAndScoreAttribute) {
  NodeAttributes attrs{{"#uname", "node2"}, {"w", "42"}};
  Rule rule;
  rule.boolean_op = BoolOp::kOr;
  rule.expressions.push_back(Expression{"a", "#uname", ExprOp::kEq, "node1", {}, "", 0});
  rule.expressions.push_back(Expression{"b", "#uname", ExprOp::kEq, "node2", {}, "", 0});
  EXPECT_TRUE(RuleMatches(rule, attrs));
  rule.boolean_op = BoolOp::kAnd;
  EXPECT_FALSE(RuleMatches(rule, attrs));
  rule.score_attribute = "w";
  EXPECT_EQ(RuleScore(rule, attrs), Score(42));
  rule.score_attribute = "nope";  // Pacemaker: a node without the attribute is banned
  EXPECT_EQ(RuleScore(rule, attrs), Score::MinusInfinity());
}

}  // namespace
}  // namespace keel
