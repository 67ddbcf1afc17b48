// rsc_ticket: each loss policy, standby and a granted ticket, on small CIBs.

#include "crmd/scheduler/tickets.h"

#include <gtest/gtest.h>

#include "crmd/scheduler/scheduler.h"
#include "xml/cib_parse.h"

namespace keel {
namespace {

std::string Started(const std::string& id, const std::string& type, bool promoted = false) {
  std::string out = "<lrm_resource id=\"" + id + "\" class=\"ocf\" provider=\"pacemaker\" type=\"" +
                    type + "\"><lrm_rsc_op id=\"" + id +
                    "_start_0\" operation=\"start\" interval=\"0\" call-id=\"2\" rc-code=\"0\" "
                    "op-status=\"0\" transition-key=\"1:1:0:x\"/>";
  if (promoted) {
    out += "<lrm_rsc_op id=\"" + id +
           "_promote_0\" operation=\"promote\" interval=\"0\" call-id=\"3\" rc-code=\"0\" "
           "op-status=\"0\" transition-key=\"2:1:0:x\"/>";
  }
  return out + "</lrm_resource>";
}

// Two nodes with fencing (device f on node2); primitive a runs on node1 when `running`; a
// promotable clone db-clone (db promoted on node1, unpromoted on node2) when `clone`.
std::string CibXml(const std::string& ticket, const std::string& state, bool running,
                   bool clone = false) {
  std::string xml =
      "<cib have-quorum=\"1\" validate-with=\"pacemaker-3.0\"><configuration><crm_config/>"
      "<nodes><node id=\"node1\" uname=\"node1\"/><node id=\"node2\" uname=\"node2\"/></nodes>"
      "<resources><primitive id=\"f\" class=\"stonith\" type=\"fence_dummy\"/>"
      "<primitive id=\"a\" class=\"ocf\" provider=\"pacemaker\" type=\"Dummy\"/>";
  if (clone) {
    xml +=
        "<clone id=\"db-clone\"><meta_attributes id=\"m\"><nvpair id=\"m1\" name=\"promotable\" "
        "value=\"true\"/></meta_attributes><primitive id=\"db\" class=\"ocf\" "
        "provider=\"pacemaker\" type=\"Stateful\"/></clone>";
  }
  xml += "</resources><constraints>" + ticket + "</constraints></configuration><status>";
  for (std::string node : {"node1", "node2"}) {
    xml += "<node_state id=\"" + node + "\" uname=\"" + node +
           "\" in_ccm=\"true\" crmd=\"online\" join=\"member\" expected=\"member\">";
    if (clone) {
      xml += "<transient_attributes id=\"" + node + "-t\"><instance_attributes id=\"" + node +
             "-ta\"><nvpair id=\"" + node + "-md\" name=\"master-db\" value=\"" +
             (node == "node1" ? "10" : "5") + "\"/></instance_attributes></transient_attributes>";
    }
    xml += "<lrm id=\"" + node + "\"><lrm_resources>";
    if (node == "node2") xml += Started("f", "Dummy");
    if (node == "node1" && running) xml += Started("a", "Dummy");
    if (clone) xml += Started("db", "Stateful", node == "node1");
    xml += "</lrm_resources></lrm></node_state>";
  }
  if (!state.empty()) xml += "<tickets>" + state + "</tickets>";
  return xml + "</status></cib>";
}

std::string Ticket(const std::string& rsc, const std::string& policy,
                   const std::string& role = "") {
  return "<rsc_ticket id=\"t\" ticket=\"T\" rsc=\"" + rsc + "\"" +
         (role.empty() ? "" : " rsc-role=\"" + role + "\"") +
         (policy.empty() ? "" : " loss-policy=\"" + policy + "\"") + "/>";
}

constexpr const char* kGranted = "<ticket_state id=\"T\" granted=\"true\"/>";
constexpr const char* kRevoked = "<ticket_state id=\"T\" granted=\"false\"/>";
constexpr const char* kStandby = "<ticket_state id=\"T\" granted=\"true\" standby=\"true\"/>";

Transition MustRun(const std::string& xml) {
  auto parsed = ParseCib(xml, "<test>");
  EXPECT_TRUE(parsed.has_value()) << (parsed ? "" : JoinErrors(parsed.error()));
  if (!parsed) return {};
  auto t = Schedule(parsed->cib, DeriveClusterView(parsed->cib), TimePoint{0});
  EXPECT_TRUE(t.has_value()) << (t ? "" : JoinErrors(t.error()));
  return t.value_or(Transition{});
}

const Placement& Find(const Transition& t, const std::string& id) {
  for (const Placement& p : t.placements) {
    if (p.resource == id) return p;
  }
  static const Placement kNone;
  ADD_FAILURE() << "no placement " << id;
  return kNone;
}

TEST(TicketTest, AGrantedTicketLetsItStartAndRun) {
  EXPECT_EQ(Find(MustRun(CibXml(Ticket("a", ""), kGranted, false)), "a").state,
            PlacementState::kStarted);
  const Transition t = MustRun(CibXml(Ticket("a", "fence"), kGranted, true));
  EXPECT_EQ(Find(t, "a").next_node, "node1");
  EXPECT_TRUE(t.fenced.empty());
}

TEST(TicketTest, WithoutTheTicketItNeitherStartsNorRuns) {
  // No ticket_state at all means not granted.
  EXPECT_EQ(Find(MustRun(CibXml(Ticket("a", ""), "", false)), "a").state, PlacementState::kStopped);
  const Transition t = MustRun(CibXml(Ticket("a", "stop"), kRevoked, true));
  const Placement& p = Find(t, "a");
  EXPECT_EQ(p.state, PlacementState::kStopped);
  EXPECT_EQ(p.change, "Stop");
}

TEST(TicketTest, AStandbyTicketStopsIt) {
  EXPECT_EQ(Find(MustRun(CibXml(Ticket("a", "freeze"), kStandby, true)), "a").state,
            PlacementState::kStopped);
}

TEST(TicketTest, LossPolicyFenceFencesWhereItRuns) {
  const Transition t = MustRun(CibXml(Ticket("a", "fence", "Started"), kRevoked, true));
  ASSERT_EQ(t.fenced.size(), 1u);
  EXPECT_EQ(t.fenced[0].node, "node1");
  EXPECT_EQ(t.fenced[0].reason, "deadman ticket was lost");
  // A role filter that does not match its current role leaves it alone.
  const Transition kept = MustRun(CibXml(Ticket("a", "fence", "Promoted"), kRevoked, true));
  EXPECT_TRUE(kept.fenced.empty());
  EXPECT_EQ(Find(kept, "a").next_node, "node1");
}

TEST(TicketTest, LossPolicyFreezeLeavesItWhereItIs) {
  const Transition t = MustRun(CibXml(Ticket("a", "freeze"), kRevoked, true));
  const Placement& p = Find(t, "a");
  EXPECT_TRUE(p.blocked);
  EXPECT_EQ(p.next_node, "node1");
  for (const Action& action : t.actions) {
    if (action.resource == "a") {
      EXPECT_EQ(action.task, "monitor");  // a probe on node2 only
    }
  }
  // Not running: it does not start.
  EXPECT_EQ(Find(MustRun(CibXml(Ticket("a", "freeze"), kRevoked, false)), "a").state,
            PlacementState::kStopped);
}

TEST(TicketTest, LossPolicyDemoteOnThePromotedRoleKeepsInstancesUnpromoted) {
  const Transition t =
      MustRun(CibXml(Ticket("db-clone", "demote", "Promoted"), kRevoked, false, true));
  int started = 0;
  for (const Placement& p : t.placements) {
    if (p.clone != "db-clone") continue;
    EXPECT_EQ(p.role, "Unpromoted") << p.resource;
    started += p.state == PlacementState::kStarted;
  }
  EXPECT_EQ(started, 2);
  // Granted, the node1 instance stays promoted.
  const Transition granted =
      MustRun(CibXml(Ticket("db-clone", "demote", "Promoted"), kGranted, false, true));
  int promoted = 0;
  for (const Placement& p : granted.placements) promoted += p.role == "Promoted";
  EXPECT_EQ(promoted, 1);
}

TEST(TicketTest, ATicketOnThePrimitiveInsideACloneIsRefused) {
  auto parsed = ParseCib(CibXml(Ticket("db", "stop"), kRevoked, false, true), "<test>");
  ASSERT_TRUE(parsed.has_value()) << JoinErrors(parsed.error());
  auto t = Schedule(parsed->cib, DeriveClusterView(parsed->cib), TimePoint{0});
  ASSERT_FALSE(t.has_value());
  EXPECT_EQ(JoinErrors(t.error()),
            "t: not supported: rsc_ticket on db inside a clone (name the clone) (id t)\n");
}

}  // namespace
}  // namespace keel

namespace keel {
namespace {

TEST(TicketSetsTest, EachResourceOfEachSetGetsTheTicketInTheSetsRole) {
  Configuration config;
  TicketConstraint ticket;
  ticket.id = "tk";
  ticket.ticket = "T";
  ticket.rsc_role = "Started";
  ticket.loss_policy = TicketLossPolicy::kFreeze;
  ResourceSet plain;
  plain.id = "s1";
  plain.resources = {"a", "b"};
  ResourceSet promoted = plain;
  promoted.id = "s2";
  promoted.resources = {"c"};
  promoted.role = "Promoted";
  ticket.sets = {plain, promoted};
  TicketConstraint single;
  single.id = "one";
  single.ticket = "U";
  single.rsc = "d";
  config.tickets = {ticket, single};
  const Configuration out = WithTicketSetsExpanded(config);
  ASSERT_EQ(out.tickets.size(), 4u);
  EXPECT_EQ(out.tickets[0].rsc, "a");
  EXPECT_EQ(out.tickets[1].rsc, "b");
  EXPECT_EQ(out.tickets[1].rsc_role, "Started");
  EXPECT_EQ(out.tickets[2].rsc, "c");
  EXPECT_EQ(out.tickets[2].rsc_role, "Promoted");
  EXPECT_EQ(out.tickets[2].loss_policy, TicketLossPolicy::kFreeze);
  EXPECT_TRUE(out.tickets[2].sets.empty());
  EXPECT_EQ(out.tickets[3], single);
}

}  // namespace
}  // namespace keel
