// Promotable clones: which instances are promoted (promotion scores, role-based locations
// and colocations, promoted-max), the promote / demote actions and their order, and what
// stays refused. Expectations are worked out by hand from the rules in promotion.h.

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "crmd/scheduler/scheduler.h"
#include "xml/cib_parse.h"

namespace keel {
namespace {

// One node's status: what the db instance did there ("" = no history) and its master-db
// promotion score ("" = none).
struct NodeSetup {
  std::string name;
  std::string db_state;  // "", "unpromoted", "promoted"
  std::string score;
  bool standby = false;
};

std::string LrmDb(const std::string& state) {
  if (state.empty()) return "";
  std::string out =
      "<lrm_resource id=\"db\" class=\"ocf\" provider=\"pacemaker\" type=\"Stateful\">"
      "<lrm_rsc_op id=\"db_start_0\" operation=\"start\" interval=\"0\" call-id=\"2\" "
      "rc-code=\"0\" op-status=\"0\" transition-key=\"1:1:0:x\"/>";
  if (state == "promoted") {
    out +=
        "<lrm_rsc_op id=\"db_promote_0\" operation=\"promote\" interval=\"0\" call-id=\"3\" "
        "rc-code=\"0\" op-status=\"0\" transition-key=\"2:1:0:x\"/>"
        "<lrm_rsc_op id=\"db_monitor_10000\" operation=\"monitor\" interval=\"10000\" "
        "call-id=\"4\" rc-code=\"8\" op-status=\"0\" transition-key=\"3:1:8:x\"/>";
  } else {
    out +=
        "<lrm_rsc_op id=\"db_monitor_11000\" operation=\"monitor\" interval=\"11000\" "
        "call-id=\"4\" rc-code=\"0\" op-status=\"0\" transition-key=\"3:1:0:x\"/>";
  }
  return out + "</lrm_resource>";
}

// A promotable clone db-clone of db (monitors: 10 s promoted, 11 s unpromoted) on the given
// nodes, plus `resources` and `constraints` as XML.
std::string CibXml(const std::vector<NodeSetup>& nodes, const std::string& clone_meta = "",
                   const std::string& resources = "", const std::string& constraints = "") {
  std::string xml =
      "<cib have-quorum=\"1\" validate-with=\"pacemaker-3.0\"><configuration><crm_config>"
      "<cluster_property_set id=\"o\"><nvpair id=\"o1\" name=\"stonith-enabled\" "
      "value=\"false\"/></cluster_property_set></crm_config><nodes>";
  for (const NodeSetup& n : nodes) {
    xml += "<node id=\"" + n.name + "\" uname=\"" + n.name + "\">";
    if (n.standby) {
      xml += "<instance_attributes id=\"" + n.name + "-a\"><nvpair id=\"" + n.name +
             "-s\" name=\"standby\" value=\"on\"/></instance_attributes>";
    }
    xml += "</node>";
  }
  xml +=
      "</nodes><resources><clone id=\"db-clone\"><meta_attributes id=\"db-clone-m\">"
      "<nvpair id=\"db-clone-p\" name=\"promotable\" value=\"true\"/>" +
      clone_meta +
      "</meta_attributes><primitive id=\"db\" class=\"ocf\" provider=\"pacemaker\" "
      "type=\"Stateful\"><operations>"
      "<op id=\"db-mp\" name=\"monitor\" interval=\"10s\" role=\"Promoted\"/>"
      "<op id=\"db-mu\" name=\"monitor\" interval=\"11s\" role=\"Unpromoted\"/>"
      "</operations></primitive></clone>" +
      resources + "</resources><constraints>" + constraints + "</constraints></configuration>" +
      "<status>";
  for (const NodeSetup& n : nodes) {
    xml += "<node_state id=\"" + n.name + "\" uname=\"" + n.name +
           "\" in_ccm=\"true\" crmd=\"online\" join=\"member\" expected=\"member\">";
    if (!n.score.empty()) {
      xml += "<transient_attributes id=\"" + n.name + "-t\"><instance_attributes id=\"" + n.name +
             "-ta\"><nvpair id=\"" + n.name + "-md\" name=\"master-db\" value=\"" + n.score +
             "\"/></instance_attributes></transient_attributes>";
    }
    xml += "<lrm id=\"" + n.name + "\"><lrm_resources>" + LrmDb(n.db_state) +
           "</lrm_resources></lrm></node_state>";
  }
  return xml + "</status></cib>";
}

std::expected<Transition, Errors> RunCib(const std::string& xml) {
  auto parsed = ParseCib(xml, "<test>");
  if (!parsed) return std::unexpected(parsed.error());
  return Schedule(parsed->cib, DeriveClusterView(parsed->cib), TimePoint{0});
}

Transition MustRun(const std::string& xml) {
  auto t = RunCib(xml);
  EXPECT_TRUE(t.has_value()) << (t.has_value() ? "" : JoinErrors(t.error()));
  return t.value_or(Transition{});
}

// Node -> role of the db-clone instance placed there ("Promoted" / "Unpromoted").
std::map<std::string, std::string> Roles(const Transition& t) {
  std::map<std::string, std::string> roles;
  for (const Placement& p : t.placements) {
    if (p.clone == "db-clone" && p.state == PlacementState::kStarted) roles[p.next_node] = p.role;
  }
  return roles;
}

std::set<std::string> Keys(const Transition& t) {
  std::set<std::string> keys;
  for (const Action& a : t.actions) keys.insert(a.task + " " + a.node);
  return keys;
}

// The position of the first action with this task on this node (and resource prefix).
int IndexOf(const Transition& t, const std::string& task, const std::string& node,
            const std::string& resource_prefix = "db") {
  for (size_t i = 0; i < t.actions.size(); ++i) {
    const Action& a = t.actions[i];
    if (a.task == task && a.node == node && a.resource.starts_with(resource_prefix)) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

bool HasEdge(const Transition& t, int first, int then) {
  return std::find(t.edges.begin(), t.edges.end(), Edge{first, then}) != t.edges.end();
}

using Roles_ = std::map<std::string, std::string>;

TEST(PromotionTest, FreshClonePromotesTheHighestScoreAfterEveryStart) {
  Transition t = MustRun(CibXml({{"node1", "", "5"}, {"node2", "", "10"}, {"node3", "", ""}}));
  EXPECT_EQ(Roles(t),
            (Roles_{{"node1", "Unpromoted"}, {"node2", "Promoted"}, {"node3", "Unpromoted"}}));
  int promote = IndexOf(t, "promote", "node2");
  ASSERT_GE(promote, 0);
  for (std::string n : {"node1", "node2", "node3"}) {
    EXPECT_TRUE(HasEdge(t, IndexOf(t, "start", n), promote)) << n;
  }
  EXPECT_EQ(IndexOf(t, "promote", "node1"), -1);
  // Monitors follow the role: 10 s where promoted (after the promote), 11 s elsewhere.
  int promoted_monitor = -1;
  for (size_t i = 0; i < t.actions.size(); ++i) {
    const Action& a = t.actions[i];
    if (a.task != "monitor" || a.interval_ms == 0) continue;
    EXPECT_EQ(a.interval_ms, a.node == "node2" ? 10'000 : 11'000) << a.Key();
    // Each carries its role: the controller expects rc 8 from the promoted one.
    EXPECT_EQ(a.role, a.node == "node2" ? "Promoted" : "Unpromoted") << a.Key();
    if (a.node == "node2") promoted_monitor = static_cast<int>(i);
  }
  EXPECT_TRUE(HasEdge(t, promote, promoted_monitor));
  for (const Action& a : t.actions) {
    if (a.task != "monitor" || a.interval_ms == 0) {
      EXPECT_EQ(a.role, "") << a.Key();
    }
  }
}

TEST(PromotionTest, NoScoreAndNoConstraintPromotesNothing) {
  Transition t = MustRun(CibXml({{"node1", "unpromoted", ""}, {"node2", "unpromoted", ""}}));
  EXPECT_EQ(Roles(t), (Roles_{{"node1", "Unpromoted"}, {"node2", "Unpromoted"}}));
  EXPECT_TRUE(t.actions.empty());
}

TEST(PromotionTest, PromotedInstanceKeepsItsRoleOnEqualScores) {
  Transition t = MustRun(CibXml({{"node1", "unpromoted", "5"}, {"node2", "promoted", "5"}}));
  EXPECT_EQ(Roles(t), (Roles_{{"node1", "Unpromoted"}, {"node2", "Promoted"}}));
  EXPECT_TRUE(t.actions.empty());
}

TEST(PromotionTest, HigherScoreElsewhereDemotesBeforePromoting) {
  Transition t = MustRun(CibXml({{"node1", "promoted", "5"}, {"node2", "unpromoted", "10"}}));
  EXPECT_EQ(Roles(t), (Roles_{{"node1", "Unpromoted"}, {"node2", "Promoted"}}));
  int demote = IndexOf(t, "demote", "node1"), promote = IndexOf(t, "promote", "node2");
  ASSERT_GE(demote, 0);
  ASSERT_GE(promote, 0);
  EXPECT_TRUE(HasEdge(t, demote, promote));
  EXPECT_FALSE(Keys(t).contains("stop node1"));
}

TEST(PromotionTest, StoppingAPromotedInstanceDemotesItFirst) {
  NodeSetup standby{"node1", "promoted", "10", true};
  Transition t = MustRun(CibXml({standby, {"node2", "unpromoted", "5"}}));
  EXPECT_EQ(Roles(t), (Roles_{{"node2", "Promoted"}}));
  int demote = IndexOf(t, "demote", "node1"), stop = IndexOf(t, "stop", "node1");
  ASSERT_GE(demote, 0);
  ASSERT_GE(stop, 0);
  EXPECT_TRUE(HasEdge(t, demote, stop));
  EXPECT_TRUE(HasEdge(t, demote, IndexOf(t, "promote", "node2")));
}

TEST(PromotionTest, PromotedMaxAndPromotedNodeMaxLimitPromotions) {
  std::vector<NodeSetup> nodes{
      {"node1", "unpromoted", "5"}, {"node2", "unpromoted", "10"}, {"node3", "unpromoted", "7"}};
  Transition two = MustRun(CibXml(nodes, "<nvpair id=\"pm\" name=\"promoted-max\" value=\"2\"/>"));
  EXPECT_EQ(Roles(two),
            (Roles_{{"node1", "Unpromoted"}, {"node2", "Promoted"}, {"node3", "Promoted"}}));
  // The old name of the option is read too.
  Transition old = MustRun(CibXml(nodes, "<nvpair id=\"pm\" name=\"master-max\" value=\"3\"/>"));
  EXPECT_EQ(Roles(old),
            (Roles_{{"node1", "Promoted"}, {"node2", "Promoted"}, {"node3", "Promoted"}}));
}

TEST(PromotionTest, LocationWithRolePromotedSetsPromotionNotPlacement) {
  // No promotion score: -1, plus 100 on node2 only.
  std::string loc =
      "<rsc_location id=\"l\" rsc=\"db-clone\" role=\"Promoted\" node=\"node2\" score=\"100\"/>";
  Transition t = MustRun(CibXml({{"node1", "", ""}, {"node2", "", ""}}, "", "", loc));
  EXPECT_EQ(Roles(t), (Roles_{{"node1", "Unpromoted"}, {"node2", "Promoted"}}));
  // With one instance, the role location does not pull it to node2 (name order: node1),
  // and there it cannot be promoted.
  Transition one = MustRun(CibXml({{"node1", "", ""}, {"node2", "", ""}},
                                  "<nvpair id=\"cm\" name=\"clone-max\" value=\"1\"/>", "", loc));
  EXPECT_EQ(Roles(one), (Roles_{{"node1", "Unpromoted"}}));
  // A rule with role Promoted counts the same way.
  std::string rule =
      "<rsc_location id=\"l\" rsc=\"db-clone\"><rule id=\"r\" role=\"Master\" score=\"50\">"
      "<expression id=\"e\" attribute=\"#uname\" operation=\"eq\" value=\"node1\"/></rule>"
      "</rsc_location>";
  Transition ruled = MustRun(CibXml({{"node1", "", ""}, {"node2", "", ""}}, "", "", rule));
  EXPECT_EQ(Roles(ruled), (Roles_{{"node1", "Promoted"}, {"node2", "Unpromoted"}}));
}

const std::string kVip =
    "<primitive id=\"vip\" class=\"ocf\" provider=\"heartbeat\" type=\"IPaddr2\"/>";

std::string VipPlacement(const Transition& t) {
  for (const Placement& p : t.placements) {
    if (p.resource == "vip") return p.state == PlacementState::kStopped ? "" : p.next_node;
  }
  return "?";
}

TEST(PromotionTest, ResourceFollowsOrAvoidsThePromotedRole) {
  std::vector<NodeSetup> nodes{{"node1", "unpromoted", "5"}, {"node2", "promoted", "10"}};
  std::string with =
      "<rsc_colocation id=\"c\" rsc=\"vip\" with-rsc=\"db-clone\" with-rsc-role=\"Promoted\" "
      "score=\"INFINITY\"/>";
  EXPECT_EQ(VipPlacement(MustRun(CibXml(nodes, "", kVip, with))), "node2");
  std::string away =
      "<rsc_colocation id=\"c\" rsc=\"vip\" with-rsc=\"db-clone\" with-rsc-role=\"Master\" "
      "score=\"-INFINITY\"/>";
  EXPECT_EQ(VipPlacement(MustRun(CibXml(nodes, "", kVip, away))), "node1");
  // Nothing promoted (no scores): a resource that needs the promoted role stays stopped.
  std::vector<NodeSetup> unscored{{"node1", "unpromoted", ""}, {"node2", "unpromoted", ""}};
  EXPECT_EQ(VipPlacement(MustRun(CibXml(unscored, "", kVip, with))), "");
}

TEST(PromotionTest, PromotedRoleFollowsWhatItIsColocatedWith) {
  // node1 scores higher, but the promoted role must be where vip is (node2).
  std::string constraints =
      "<rsc_location id=\"l\" rsc=\"vip\" node=\"node2\" score=\"INFINITY\"/>"
      "<rsc_colocation id=\"c\" rsc=\"db-clone\" rsc-role=\"Promoted\" with-rsc=\"vip\" "
      "score=\"INFINITY\"/>";
  Transition t = MustRun(
      CibXml({{"node1", "unpromoted", "10"}, {"node2", "unpromoted", "5"}}, "", kVip, constraints));
  EXPECT_EQ(Roles(t), (Roles_{{"node1", "Unpromoted"}, {"node2", "Promoted"}}));
  // A finite score adds to the priority where vip is: 5 + 3 < 10 keeps node1.
  std::string finite =
      "<rsc_location id=\"l\" rsc=\"vip\" node=\"node2\" score=\"INFINITY\"/>"
      "<rsc_colocation id=\"c\" rsc=\"db-clone\" rsc-role=\"Promoted\" with-rsc=\"vip\" "
      "score=\"3\"/>";
  Transition f = MustRun(
      CibXml({{"node1", "unpromoted", "10"}, {"node2", "unpromoted", "5"}}, "", kVip, finite));
  EXPECT_EQ(Roles(f), (Roles_{{"node1", "Promoted"}, {"node2", "Unpromoted"}}));
}

TEST(PromotionTest, PromotedRoleFollowsAnotherClonesPromotedRole) {
  // pc promotes on node2 (its role location: -1 + 100); db-clone:Promoted must be with
  // pc:Promoted, so node1's higher score does not count.
  std::string pc =
      "<clone id=\"pc\"><meta_attributes id=\"pcm\"><nvpair id=\"pcm1\" name=\"promotable\" "
      "value=\"true\"/></meta_attributes><primitive id=\"p\" class=\"ocf\" "
      "provider=\"pacemaker\" type=\"Stateful\"/></clone>";
  std::string constraints =
      "<rsc_location id=\"l\" rsc=\"pc\" role=\"Promoted\" node=\"node2\" score=\"100\"/>"
      "<rsc_colocation id=\"c\" rsc=\"db-clone\" rsc-role=\"Promoted\" with-rsc=\"pc\" "
      "with-rsc-role=\"Promoted\" score=\"INFINITY\"/>";
  Transition t = MustRun(CibXml({{"node1", "", "10"}, {"node2", "", "5"}}, "", pc, constraints));
  EXPECT_EQ(Roles(t), (Roles_{{"node1", "Unpromoted"}, {"node2", "Promoted"}}));
  // Its unpromoted role with a clone stays refused.
  std::string unpromoted = constraints;
  const std::string promoted_role = "rsc-role=\"Promoted\"";
  unpromoted.replace(unpromoted.find(promoted_role), promoted_role.size(),
                     "rsc-role=\"Unpromoted\"");
  auto refused = RunCib(CibXml({{"node1", "", "10"}, {"node2", "", "5"}}, "", pc, unpromoted));
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(
      refused.error()[0].message,
      "not supported: colocation of a promotable clone's unpromoted role with a clone (id c)");
}

TEST(PromotionTest, OrderAfterPromoteWaitsForThePromotion) {
  std::string constraints =
      "<rsc_colocation id=\"c\" rsc=\"vip\" with-rsc=\"db-clone\" with-rsc-role=\"Promoted\" "
      "score=\"INFINITY\"/>"
      "<rsc_order id=\"ord\" first=\"db-clone\" first-action=\"promote\" then=\"vip\" "
      "then-action=\"start\"/>";
  Transition t = MustRun(
      CibXml({{"node1", "unpromoted", "5"}, {"node2", "unpromoted", "10"}}, "", kVip, constraints));
  int promote = IndexOf(t, "promote", "node2"), start = IndexOf(t, "start", "node2", "vip");
  ASSERT_GE(promote, 0);
  ASSERT_GE(start, 0);
  EXPECT_TRUE(HasEdge(t, promote, start));
}

TEST(PromotionTest, NothingPromotedKeepsWhatIsOrderedAfterThePromoteStopped) {
  std::string order =
      "<rsc_order id=\"ord\" first=\"db-clone\" first-action=\"promote\" then=\"vip\" "
      "then-action=\"start\"/>";
  Transition t =
      MustRun(CibXml({{"node1", "unpromoted", ""}, {"node2", "unpromoted", ""}}, "", kVip, order));
  EXPECT_EQ(VipPlacement(t), "");
}

TEST(PromotionTest, WhatThePromotedRoleFollowsWeighsInTheClonesPreferences) {
  // vip has no preference of its own; the clone, whose promoted role is colocated with it,
  // prefers node2: placed first, vip takes node2 (and the promoted role follows it there).
  std::string constraints =
      "<rsc_location id=\"l\" rsc=\"db-clone\" node=\"node2\" score=\"100\"/>"
      "<rsc_colocation id=\"c\" rsc=\"db-clone\" rsc-role=\"Promoted\" with-rsc=\"vip\" "
      "score=\"INFINITY\"/>";
  Transition t = MustRun(CibXml({{"node1", "", "5"}, {"node2", "", "5"}}, "", kVip, constraints));
  EXPECT_EQ(VipPlacement(t), "node2");
  EXPECT_EQ(Roles(t), (Roles_{{"node1", "Unpromoted"}, {"node2", "Promoted"}}));
}

TEST(PromotionTest, APromotionRestartsAWholeCloneOrderedAfterThePromote) {
  // Not interleaved: the new promotion on node2 restarts every web instance (crm_simulate
  // 2.1.5: "due to required ms promoted").
  std::string web =
      "<clone id=\"web-clone\"><primitive id=\"web\" class=\"ocf\" provider=\"heartbeat\" "
      "type=\"Dummy\"/></clone>";
  std::string xml = CibXml({{"node1", "unpromoted", "5"}, {"node2", "unpromoted", "10"}}, "", web,
                           "<rsc_order id=\"ord\" first=\"db-clone\" first-action=\"promote\" "
                           "then=\"web-clone\" then-action=\"start\"/>");
  for (std::string node : {"node1", "node2"}) {
    std::string anchor = "<lrm id=\"" + node + "\"><lrm_resources>";
    xml.insert(xml.find(anchor) + anchor.size(),
               "<lrm_resource id=\"web\" class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\">"
               "<lrm_rsc_op id=\"ws\" operation=\"start\" interval=\"0\" call-id=\"1\" "
               "rc-code=\"0\" op-status=\"0\" transition-key=\"1:1:0:x\"/></lrm_resource>");
  }
  Transition t = MustRun(xml);
  int promote = IndexOf(t, "promote", "node2");
  ASSERT_GE(promote, 0);
  for (std::string node : {"node1", "node2"}) {
    EXPECT_GE(IndexOf(t, "stop", node, "web"), 0) << node;
    EXPECT_TRUE(HasEdge(t, promote, IndexOf(t, "start", node, "web"))) << node;
  }
}

TEST(PromotionTest, NothingIsPromotedBeforeAnUnrunnableFirst) {
  // order vip then db-clone:promote; vip is disabled, so no instance is promoted.
  std::string vip =
      "<primitive id=\"vip\" class=\"ocf\" provider=\"heartbeat\" type=\"IPaddr2\">"
      "<meta_attributes id=\"vm\"><nvpair id=\"vm1\" name=\"target-role\" value=\"Stopped\"/>"
      "</meta_attributes></primitive>";
  std::string order =
      "<rsc_order id=\"ord\" first=\"vip\" then=\"db-clone\" then-action=\"promote\"/>";
  std::vector<NodeSetup> nodes{{"node1", "unpromoted", "5"}, {"node2", "unpromoted", "10"}};
  EXPECT_EQ(Roles(MustRun(CibXml(nodes, "", vip, order))),
            (Roles_{{"node1", "Unpromoted"}, {"node2", "Unpromoted"}}));
  // A web clone as the first side runs with one instance placed (clone-min 1), though the
  // other cannot run.
  std::string web =
      "<clone id=\"web-clone\"><primitive id=\"web\" class=\"ocf\" provider=\"heartbeat\" "
      "type=\"Dummy\"/></clone>";
  std::string after_web =
      "<rsc_location id=\"wl\" rsc=\"web-clone\" node=\"node1\" score=\"-INFINITY\"/>"
      "<rsc_order id=\"ord\" first=\"web-clone\" then=\"db-clone\" then-action=\"promote\"/>";
  EXPECT_EQ(Roles(MustRun(CibXml(nodes, "", web, after_web))),
            (Roles_{{"node1", "Unpromoted"}, {"node2", "Promoted"}}));
}

TEST(PromotionTest, HistoryReadsRolesFromResults) {
  // A probe that finds the resource promoted (rc 8) counts as promoted; a promoted monitor
  // returning 0 where 8 was expected is a failure to recover.
  std::string xml = CibXml({{"node1", "", "5"}, {"node2", "", "5"}});
  auto add = [&](const std::string& node, const std::string& ops) {
    std::string anchor = "<lrm id=\"" + node + "\"><lrm_resources>";
    xml.insert(xml.find(anchor) + anchor.size(),
               "<lrm_resource id=\"db\" class=\"ocf\" provider=\"pacemaker\" type=\"Stateful\">" +
                   ops + "</lrm_resource>");
  };
  add("node1",
      "<lrm_rsc_op id=\"p\" operation=\"monitor\" interval=\"0\" call-id=\"1\" rc-code=\"8\" "
      "op-status=\"0\" transition-key=\"1:1:7:x\"/>");
  add("node2",
      "<lrm_rsc_op id=\"s\" operation=\"start\" interval=\"0\" call-id=\"1\" rc-code=\"0\" "
      "op-status=\"0\" transition-key=\"1:1:0:x\"/>"
      "<lrm_rsc_op id=\"m\" operation=\"monitor\" interval=\"10000\" call-id=\"2\" "
      "rc-code=\"0\" op-status=\"0\" transition-key=\"2:1:8:x\"/>");
  Transition t = MustRun(xml);
  std::map<std::string, std::string> before;
  bool failed_on_node2 = false;
  for (const Placement& p : t.placements) {
    if (p.clone != "db-clone" || p.current_nodes.empty()) continue;
    before[p.current_nodes[0]] = p.current_role;
    if (p.current_nodes[0] == "node2") failed_on_node2 = p.failed_now;
  }
  EXPECT_EQ(before, (Roles_{{"node1", "Promoted"}, {"node2", "Unpromoted"}}));
  EXPECT_TRUE(failed_on_node2);
  // Equal scores: the instance promoted now stays promoted; node2's instance is recovered.
  EXPECT_EQ(Roles(t), (Roles_{{"node1", "Promoted"}, {"node2", "Unpromoted"}}));
  EXPECT_TRUE(Keys(t).contains("stop node2"));
  EXPECT_TRUE(Keys(t).contains("start node2"));
}

TEST(PromotionTest, PromoteAloneAndDegradedResultsMeanRunningPromoted) {
  // The last recorded result may be a promote (the start was replaced); rc 191 (degraded
  // promoted) is judged as 8.
  std::string xml = CibXml({{"node1", "", "5"}, {"node2", "", "5"}});
  auto add = [&](const std::string& node, const std::string& lrm) {
    std::string anchor = "<lrm id=\"" + node + "\"><lrm_resources>";
    xml.insert(xml.find(anchor) + anchor.size(), lrm);
  };
  add("node1",
      "<lrm_resource id=\"db\" class=\"ocf\" provider=\"pacemaker\" type=\"Stateful\">"
      "<lrm_rsc_op id=\"p\" operation=\"promote\" interval=\"0\" call-id=\"3\" "
      "rc-code=\"0\" op-status=\"0\" transition-key=\"1:1:0:x\"/>"
      "<lrm_rsc_op id=\"m\" operation=\"monitor\" interval=\"10000\" call-id=\"4\" "
      "rc-code=\"191\" op-status=\"0\" transition-key=\"2:1:8:x\"/></lrm_resource>");
  // An orphan that runs promoted is demoted before it stops.
  add("node2",
      "<lrm_resource id=\"old\" class=\"ocf\" provider=\"pacemaker\" type=\"Stateful\">"
      "<lrm_rsc_op id=\"o\" operation=\"monitor\" interval=\"0\" call-id=\"1\" "
      "rc-code=\"8\" op-status=\"0\" transition-key=\"1:1:7:x\"/></lrm_resource>");
  Transition t = MustRun(xml);
  EXPECT_EQ(Roles(t), (Roles_{{"node1", "Promoted"}, {"node2", "Unpromoted"}}));
  EXPECT_EQ(IndexOf(t, "promote", "node1"), -1);
  EXPECT_EQ(IndexOf(t, "stop", "node1"), -1);
  int demote = IndexOf(t, "demote", "node2", "old"), stop = IndexOf(t, "stop", "node2", "old");
  ASSERT_GE(demote, 0);
  EXPECT_TRUE(HasEdge(t, demote, stop));
}

TEST(PromotionTest, AnInstanceThatRanElsewhereTakesNoScoreWhereNothingIsKnown) {
  // db:0 runs on node1 and must move to node2, where no instance has any history: node2's
  // score is not its own yet (crm_simulate 2.1.5: promotion score -1), so nothing is promoted.
  std::string loc = "<rsc_location id=\"l\" rsc=\"db-clone\" node=\"node1\" score=\"-INFINITY\"/>";
  Transition t = MustRun(CibXml({{"node1", "unpromoted", "5"}, {"node2", "", "10"}},
                                "<nvpair id=\"cm\" name=\"clone-max\" value=\"1\"/>", "", loc));
  EXPECT_EQ(Roles(t), (Roles_{{"node2", "Unpromoted"}}));
  // A fresh instance (no history anywhere) takes the score of the node it starts on.
  Transition fresh = MustRun(CibXml({{"node1", "", "5"}, {"node2", "", "10"}},
                                    "<nvpair id=\"cm\" name=\"clone-max\" value=\"1\"/>", "", loc));
  EXPECT_EQ(Roles(fresh), (Roles_{{"node2", "Promoted"}}));
}

TEST(PromotionTest, OnFailDemoteDemotesInsteadOfRecovering) {
  // The promoted monitor failed (rc 1 where 8 was expected) with on-fail=demote: node2's
  // instance is demoted in place (no stop, no start) and cannot be promoted now, although
  // its score is the highest; node1's is promoted.
  std::string xml = CibXml({{"node1", "unpromoted", "5"}, {"node2", "promoted", "10"}});
  const std::string mp = "<op id=\"db-mp\" name=\"monitor\" interval=\"10s\" role=\"Promoted\"/>";
  xml.replace(xml.find(mp), mp.size(),
              "<op id=\"db-mp\" name=\"monitor\" interval=\"10s\" role=\"Promoted\" "
              "on-fail=\"demote\"/>");
  const std::string ok_monitor = "call-id=\"4\" rc-code=\"8\"";
  size_t node2 = xml.find("<lrm id=\"node2\">");
  xml.replace(xml.find(ok_monitor, node2), ok_monitor.size(), "call-id=\"4\" rc-code=\"1\"");
  Transition t = MustRun(xml);
  EXPECT_EQ(Roles(t), (Roles_{{"node1", "Promoted"}, {"node2", "Unpromoted"}}));
  EXPECT_GE(IndexOf(t, "demote", "node2"), 0);
  EXPECT_EQ(IndexOf(t, "stop", "node2"), -1);
  EXPECT_EQ(IndexOf(t, "start", "node2"), -1);
  // Without on-fail=demote the same failure is recovered: stop and start on node2.
  std::string plain = CibXml({{"node1", "unpromoted", "5"}, {"node2", "promoted", "10"}});
  node2 = plain.find("<lrm id=\"node2\">");
  plain.replace(plain.find(ok_monitor, node2), ok_monitor.size(), "call-id=\"4\" rc-code=\"1\"");
  Transition recovered = MustRun(plain);
  EXPECT_GE(IndexOf(recovered, "stop", "node2"), 0);
  EXPECT_GE(IndexOf(recovered, "start", "node2"), 0);
}

TEST(PromotionTest, AnUnmanagedPromotedInstanceStaysPromotedWithoutAScore) {
  // The clone is unmanaged: node2's instance stays promoted though it has no score (and
  // counts for promoted-max), and vip, ordered after the promote, can start.
  std::string order =
      "<rsc_order id=\"ord\" first=\"db-clone\" first-action=\"promote\" then=\"vip\" "
      "then-action=\"start\"/>";
  Transition t =
      MustRun(CibXml({{"node1", "unpromoted", "10"}, {"node2", "promoted", ""}},
                     "<nvpair id=\"um\" name=\"is-managed\" value=\"false\"/>", kVip, order));
  EXPECT_EQ(Roles(t), (Roles_{{"node1", "Unpromoted"}, {"node2", "Promoted"}}));
  EXPECT_NE(VipPlacement(t), "");
  EXPECT_EQ(IndexOf(t, "promote", "node1"), -1);
  EXPECT_EQ(IndexOf(t, "demote", "node2"), -1);
}

TEST(PromotionTest, AHealthyInstanceDoesNotTakeTheNodeOfAFailedOne) {
  // The clone prefers node2 (10), where its other instance failed: the promoted instance
  // stays on node1 (no shuffle) and the failed one is recovered on node2, where the
  // clone's preference then ranks it first for promotion (5 + 10 against 5).
  std::string xml = CibXml({{"node1", "promoted", "5"}, {"node2", "unpromoted", "5"}}, "", "",
                           "<rsc_location id=\"l\" rsc=\"db-clone\" node=\"node2\" score=\"10\"/>");
  const std::string ok_monitor = "call-id=\"4\" rc-code=\"0\"";
  size_t node2 = xml.find("<lrm id=\"node2\">");
  xml.replace(xml.find(ok_monitor, node2), ok_monitor.size(), "call-id=\"4\" rc-code=\"1\"");
  Transition t = MustRun(xml);
  EXPECT_EQ(Roles(t), (Roles_{{"node1", "Unpromoted"}, {"node2", "Promoted"}}));
  EXPECT_EQ(IndexOf(t, "stop", "node1"), -1);
  EXPECT_GE(IndexOf(t, "demote", "node1"), 0);
  EXPECT_GE(IndexOf(t, "stop", "node2"), 0);
  EXPECT_TRUE(HasEdge(t, IndexOf(t, "start", "node2"), IndexOf(t, "promote", "node2")));
}

TEST(PromotionTest, WhatAvoidsThePromotedRoleLowersTheRankOnlyToOne) {
  // vip prefers node1 (10) and avoids the promoted role. Ranks: node1 = 5 (its score), then
  // vip's preference negated (-10) would take it below zero, so it keeps 1; node2 keeps its
  // promoted instance's 1, and the promoted instance wins the tie.
  std::string constraints =
      "<rsc_location id=\"lv\" rsc=\"vip\" node=\"node1\" score=\"10\"/>"
      "<rsc_colocation id=\"c\" rsc=\"vip\" with-rsc=\"db-clone\" with-rsc-role=\"Promoted\" "
      "score=\"-INFINITY\"/>";
  Transition t =
      MustRun(CibXml({{"node1", "", "5"}, {"node2", "promoted", "1"}}, "", kVip, constraints));
  EXPECT_EQ(Roles(t), (Roles_{{"node1", "Unpromoted"}, {"node2", "Promoted"}}));
  EXPECT_EQ(VipPlacement(t), "node1");
}

TEST(PromotionTest, ABanOnWhatFollowsThePromotedRoleKeepsNoInstanceOff) {
  // Two instances on three nodes; vip must be with the promoted role and is banned from
  // node1. The instance on node1 keeps running there (unpromoted); node2's is promoted.
  std::string constraints =
      "<rsc_location id=\"ban\" rsc=\"vip\" node=\"node1\" score=\"-INFINITY\"/>"
      "<rsc_colocation id=\"c\" rsc=\"vip\" with-rsc=\"db-clone\" with-rsc-role=\"Promoted\" "
      "score=\"INFINITY\"/>";
  Transition t = MustRun(
      CibXml({{"node1", "unpromoted", "5"}, {"node2", "unpromoted", "10"}, {"node3", "", ""}},
             "<nvpair id=\"cm\" name=\"clone-max\" value=\"2\"/>", kVip, constraints));
  EXPECT_EQ(Roles(t), (Roles_{{"node1", "Unpromoted"}, {"node2", "Promoted"}}));
  EXPECT_EQ(IndexOf(t, "stop", "node1"), -1);
  EXPECT_EQ(VipPlacement(t), "node2");
}

TEST(PromotionTest, ThePromotedNodeLostIsFencedBeforeAnotherPromotion) {
  std::string fencing = "<primitive id=\"fence\" class=\"stonith\" type=\"fence_dummy\"/>";
  std::string xml =
      CibXml({{"node1", "unpromoted", "5"}, {"node2", "promoted", "10"}}, "", fencing);
  const std::string off = "name=\"stonith-enabled\" value=\"false\"";
  xml.replace(xml.find(off), off.size(), "name=\"stonith-enabled\" value=\"true\"");
  // node2 vanished while expected up: unclean.
  const std::string up = "uname=\"node2\" in_ccm=\"true\" crmd=\"online\"";
  xml.replace(xml.find(up), up.size(), "uname=\"node2\" in_ccm=\"false\" crmd=\"offline\"");
  Transition t = MustRun(xml);
  ASSERT_EQ(t.fenced.size(), 1u);
  EXPECT_EQ(t.fenced[0].node, "node2");
  int fence = -1;
  for (size_t i = 0; i < t.actions.size(); ++i) {
    if (t.actions[i].task == "fence") fence = static_cast<int>(i);
  }
  int promote = IndexOf(t, "promote", "node1");
  ASSERT_GE(fence, 0);
  ASSERT_GE(promote, 0);
  EXPECT_TRUE(HasEdge(t, fence, promote));
  EXPECT_EQ(IndexOf(t, "demote", "node2"), -1);  // fencing stops it
  EXPECT_EQ(Roles(t), (Roles_{{"node1", "Promoted"}}));
}

std::vector<std::string> Refusals(const std::string& xml) {
  auto t = RunCib(xml);
  if (t.has_value()) return {};
  std::vector<std::string> out;
  for (const Error& e : t.error()) out.push_back(e.message);
  return out;
}

TEST(PromotionTest, RefusesWhatItDoesNotDecide) {
  using V = std::vector<std::string>;
  std::vector<NodeSetup> nodes{{"node1", "", ""}, {"node2", "", ""}};
  const std::string other =
      "<clone id=\"web-clone\"><primitive id=\"web\" class=\"ocf\" provider=\"heartbeat\" "
      "type=\"Dummy\"/></clone>";
  EXPECT_EQ(Refusals(CibXml(nodes, "", other,
                            "<rsc_colocation id=\"c\" rsc=\"web-clone\" with-rsc=\"db-clone\" "
                            "with-rsc-role=\"Promoted\" score=\"INFINITY\"/>")),
            V{});  // golden clone-with-promoted-role-interleaved
  const std::string interleaved =
      "<clone id=\"web-clone\"><meta_attributes id=\"wm\"><nvpair id=\"wm1\" name=\"interleave\" "
      "value=\"true\"/></meta_attributes><primitive id=\"web\" class=\"ocf\" "
      "provider=\"heartbeat\" type=\"Dummy\"/></clone>";
  EXPECT_EQ(Refusals(CibXml(nodes, "", interleaved,
                            "<rsc_order id=\"ord\" first=\"db-clone\" first-action=\"promote\" "
                            "then=\"web-clone\" then-action=\"start\"/>")),
            V{});  // instance pairs, as for start
  EXPECT_EQ(Refusals(CibXml(nodes, "", interleaved,
                            "<rsc_order id=\"ord\" first=\"web-clone\" first-action=\"start\" "
                            "then=\"db-clone\" then-action=\"promote\"/>")),
            V{"not supported: order action promote between interleaved clones (id ord)"});
  EXPECT_EQ(Refusals(CibXml(nodes, "", "",
                            "<rsc_location id=\"l\" rsc=\"db-clone\" role=\"Unpromoted\" "
                            "node=\"node1\" score=\"10\"/>")),
            V{"not supported: location with role Unpromoted (id l)"});
  EXPECT_EQ(Refusals(CibXml(nodes, "", kVip + other,
                            "<rsc_colocation id=\"c\" rsc=\"vip\" with-rsc=\"web-clone\" "
                            "with-rsc-role=\"Promoted\" score=\"INFINITY\"/>")),
            V{"not supported: colocation with a role of a resource that is not promotable (id "
              "c)"});
}

}  // namespace
}  // namespace keel
