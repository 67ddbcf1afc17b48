// Good input: xml/testdata/full.xml uses every part of the model; check what lands where.

#include "xml/cib_parse.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "xml/cib_write.h"

namespace keel {
namespace {

Cib LoadFull() {
  std::ifstream in("xml/testdata/full.xml");
  std::ostringstream text;
  text << in.rdbuf();
  auto parsed = ParseCib(text.str(), "full.xml");
  EXPECT_TRUE(parsed.has_value()) << (parsed ? "" : JoinErrors(parsed.error()));
  if (!parsed) return Cib{};
  EXPECT_TRUE(parsed->warnings.empty()) << JoinErrors(parsed->warnings);
  return parsed->cib;
}

TEST(CibParseTest, CibAttributesAndOptions) {
  Cib cib = LoadFull();
  EXPECT_EQ(cib.version.ToString(), "1.7.3");
  EXPECT_EQ(cib.validate_with, "pacemaker-3.9");
  EXPECT_EQ(cib.have_quorum, std::optional<bool>(true));
  EXPECT_EQ(cib.dc_uuid, "1");
  EXPECT_EQ(cib.update_origin, "n1");
  EXPECT_EQ(cib.execution_date, 1700000100);
  ASSERT_EQ(cib.configuration.crm_config.size(), 1u);
  EXPECT_EQ(cib.configuration.crm_config[0].pairs.size(), 3u);
  EXPECT_EQ(cib.configuration.crm_config[0].pairs[1].line, 6);
}

TEST(CibParseTest, NodesMapTheOldTypeName) {
  const auto& nodes = LoadFull().configuration.nodes;
  ASSERT_EQ(nodes.size(), 2u);
  EXPECT_EQ(nodes[0].uname, "n1");
  EXPECT_EQ(nodes[0].type, "member");
  EXPECT_EQ(FindNvValue(nodes[0].instance_attributes, "rack"), "2");
  EXPECT_EQ(FindNvValue(nodes[0].utilization, "cpu"), "8");
  EXPECT_EQ(nodes[1].type, "member");  // "normal" in the file
}

TEST(CibParseTest, ResourcesGroupsClonesAndOperations) {
  const auto& resources = LoadFull().configuration.resources;
  ASSERT_EQ(resources.size(), 4u);
  const auto& fence = std::get<Primitive>(resources[0]);
  EXPECT_EQ(fence.resource_class, "stonith");
  EXPECT_EQ(fence.provider, "");
  const auto& lb = std::get<Group>(resources[1]);
  EXPECT_EQ(lb.description, "the load balancer");
  ASSERT_EQ(lb.primitives.size(), 2u);
  const Primitive& vip = lb.primitives[0];
  ASSERT_EQ(vip.operations.size(), 2u);
  EXPECT_EQ(vip.operations[0].on_fail, "restart");
  EXPECT_EQ(vip.operations[0].timeout_ms, 20000);
  const Operation& mon = vip.operations[1];
  EXPECT_EQ(mon.interval_ms, 10000);
  EXPECT_EQ(mon.timeout_ms, 1500);
  EXPECT_EQ(mon.start_delay_ms, 60000);
  EXPECT_EQ(mon.enabled, std::optional<bool>(false));
  EXPECT_EQ(mon.role, "Started");
  const NvSet& params = vip.instance_attributes.at(0);
  EXPECT_EQ(params.score, Score(2));
  ASSERT_TRUE(params.rule.has_value());
  EXPECT_EQ(params.rule->boolean_op, BoolOp::kOr);
  ASSERT_EQ(params.rule->expressions.size(), 2u);
  EXPECT_EQ(params.rule->expressions[0].type, ExprType::kInteger);
  EXPECT_EQ(params.rule->expressions[1].op, ExprOp::kNe);
  const auto& clone = std::get<Clone>(resources[2]);
  EXPECT_FALSE(clone.promotable_element);
  EXPECT_EQ(std::get<Primitive>(clone.child).id, "dummy");
  const auto& ms = std::get<Clone>(resources[3]);
  EXPECT_TRUE(ms.promotable_element);
  EXPECT_EQ(std::get<Group>(ms.child).primitives.at(0).type, "Stateful");
}

TEST(CibParseTest, Constraints) {
  const Configuration config = LoadFull().configuration;
  ASSERT_EQ(config.locations.size(), 2u);
  EXPECT_EQ(config.locations[0].node, "n1");
  EXPECT_EQ(config.locations[0].score, Score::Infinity());
  const LocationConstraint& rules = config.locations[1];
  EXPECT_EQ(rules.role, "Started");
  EXPECT_EQ(rules.resource_discovery, "never");
  ASSERT_EQ(rules.rules.size(), 2u);
  EXPECT_EQ(rules.rules[0].score, std::nullopt);
  EXPECT_EQ(rules.rules[0].score_attribute, "pref");
  EXPECT_EQ(rules.rules[0].expressions[0].value, std::nullopt);
  EXPECT_EQ(rules.rules[1].score, Score::MinusInfinity());
  EXPECT_EQ(rules.rules[1].expressions[0].value_source, "param");
  EXPECT_EQ(rules.rules[1].expressions[0].type, ExprType::kVersion);
  ASSERT_EQ(rules.rules[1].rules.size(), 1u);
  EXPECT_EQ(rules.rules[1].rules[0].expressions[0].op, ExprOp::kNotDefined);
  ASSERT_EQ(config.colocations.size(), 1u);
  EXPECT_EQ(config.colocations[0].score, Score(-200));
  EXPECT_EQ(config.colocations[0].rsc_role, "Started");
  ASSERT_EQ(config.orders.size(), 2u);
  EXPECT_EQ(config.orders[0].EffectiveKind(), OrderKind::kSerialize);
  EXPECT_FALSE(config.orders[0].EffectiveSymmetrical());
  EXPECT_EQ(config.orders[0].EffectiveThenAction(), "promote");
  EXPECT_EQ(config.orders[1].kind, std::nullopt);
  EXPECT_EQ(config.orders[1].EffectiveKind(), OrderKind::kOptional);  // legacy score 0
  EXPECT_EQ(config.orders[1].symmetrical, std::optional<bool>(false));
  ASSERT_EQ(config.fencing_levels.size(), 1u);
  EXPECT_EQ(config.fencing_levels[0].devices, std::vector<std::string>{"fence1"});
  EXPECT_EQ(FindNvValue(config.rsc_defaults, "resource-stickiness"), "100");
  EXPECT_EQ(FindNvValue(config.op_defaults, "timeout"), "30s");
}

TEST(CibParseTest, Status) {
  const Status status = LoadFull().status;
  ASSERT_EQ(status.node_states.size(), 2u);
  const NodeState& n1 = status.node_states[0];
  EXPECT_EQ(n1.crmd, "online");
  EXPECT_EQ(FindNvValue(n1.transient_attributes, "fail-count-vip#monitor_10000"), "2");
  ASSERT_EQ(n1.lrm_resources.size(), 1u);
  const LrmRscOp& op = n1.lrm_resources[0].ops.at(0);
  EXPECT_EQ(op.interval_ms, 10000);
  EXPECT_EQ(op.rc_code, 7);
  EXPECT_EQ(op.call_id, 12);
  EXPECT_EQ(op.last_rc_change, 1700000000);
  EXPECT_EQ(op.exec_time_ms, 15);
  EXPECT_EQ(op.exit_reason(), "gone");
  EXPECT_EQ(op.transition_magic(), "0:7;3:1:0:abc");
  EXPECT_EQ(op.op_restart_digest(), "r1");
  EXPECT_EQ(op.op_force_restart(), " state ");
  EXPECT_EQ(op.op_secure_digest(), "s1");
  EXPECT_EQ(op.op_secure_params(), " passwd ");
  EXPECT_EQ(status.node_states[1].join, "down");
  EXPECT_EQ(status.node_states[1].shutdown, "0");
}

TEST(CibParseTest, RoundTripIsExact) {
  Cib cib = LoadFull();
  std::string text = SerializeCib(cib);
  auto again = ParseCib(text, "again.xml");
  ASSERT_TRUE(again.has_value()) << JoinErrors(again.error()) << text;
  EXPECT_TRUE(WithoutSourceLines(again->cib) == WithoutSourceLines(cib)) << text;
  EXPECT_FALSE(again->cib == cib);  // the lines differ: the comparison above is not vacuous
  EXPECT_EQ(SerializeCib(again->cib), text);
}

TEST(CibParseTest, AColocationWithoutScoreReadsAsZero) {
  auto parsed = ParseCib(R"(<cib admin_epoch="0" epoch="1" num_updates="0">
<configuration><crm_config/><nodes><node id="1" uname="n1"/></nodes>
<resources><primitive id="a" class="ocf" provider="heartbeat" type="Dummy"/>
<primitive id="b" class="ocf" provider="heartbeat" type="Dummy"/></resources>
<constraints><rsc_colocation id="c" rsc="a" with-rsc="b"/></constraints></configuration>
<status/></cib>)",
                         "cib.xml");
  ASSERT_TRUE(parsed.has_value()) << JoinErrors(parsed.error());
  ASSERT_EQ(parsed->cib.configuration.colocations.size(), 1u);
  EXPECT_EQ(parsed->cib.configuration.colocations[0].score, Score(0));
  EXPECT_NE(SerializeCib(parsed->cib).find("score=\"0\""), std::string::npos);
}

constexpr std::string_view kTicketCib = R"(<cib admin_epoch="0" epoch="1" num_updates="0">
<configuration><crm_config/><nodes><node id="1" uname="n1"/></nodes>
<resources><primitive id="a" class="ocf" provider="heartbeat" type="Dummy"/></resources>
<constraints>
<rsc_ticket id="t1" ticket="T" rsc="a" rsc-role="Started" loss-policy="fence"/>
<rsc_ticket id="t2" ticket="U" rsc="a" loss-policy="demote"/>
</constraints></configuration>
<status><tickets><ticket_state id="T" granted="true" standby="false" last-granted="17"/>
</tickets></status></cib>
)";

TEST(CibParseTest, TicketsAndTheirStateRoundTrip) {
  auto parsed = ParseCib(kTicketCib, "t.xml");
  ASSERT_TRUE(parsed.has_value()) << JoinErrors(parsed.error());
  const Cib& cib = parsed->cib;
  ASSERT_EQ(cib.configuration.tickets.size(), 2u);
  EXPECT_EQ(cib.configuration.tickets[0].ticket, "T");
  EXPECT_EQ(cib.configuration.tickets[0].rsc_role, "Started");
  EXPECT_EQ(cib.configuration.tickets[0].loss_policy, TicketLossPolicy::kFence);
  EXPECT_EQ(cib.configuration.tickets[0].line, 5);
  ASSERT_EQ(cib.status.tickets.size(), 1u);
  EXPECT_EQ(cib.status.tickets[0].granted, std::optional<bool>(true));
  EXPECT_EQ(cib.status.tickets[0].standby, std::optional<bool>(false));
  EXPECT_EQ(cib.status.tickets[0].last_granted, "17");
  // demote without rsc-role=Promoted acts as stop: said once, naming the constraint.
  ASSERT_EQ(parsed->warnings.size(), 1u);
  EXPECT_EQ(parsed->warnings[0].ToString(),
            "t.xml:6 (t2): loss-policy=demote without rsc-role=Promoted: treated as stop");
  const std::string text = SerializeCib(cib);
  auto again = ParseCib(text, "again.xml");
  ASSERT_TRUE(again.has_value()) << JoinErrors(again.error()) << text;
  EXPECT_TRUE(WithoutSourceLines(again->cib) == WithoutSourceLines(cib)) << text;
}

TEST(CibParseTest, ValidateCibOnAModelBuiltInMemory) {
  Cib cib;
  Primitive a;
  a.id = "a";
  a.resource_class = "ocf";
  a.type = "Dummy";
  Operation op;
  op.id = "a-mon";
  op.name = "monitor";
  op.interval_ms = -1;
  a.operations.push_back(op);
  a.instance_attributes.push_back(NvSet{"a-p", std::nullopt, std::nullopt,
                                        {NvPair{"a-bell", "bell", "\a", 0}}, 0});
  cib.configuration.resources.push_back(a);
  ColocationConstraint col;
  col.id = "a";
  col.rsc = "a";
  col.with_rsc = "b";
  cib.configuration.colocations.push_back(col);
  std::vector<std::string> messages;
  for (const Error& e : ValidateCib(cib, "model")) messages.push_back(e.ToString());
  EXPECT_EQ(messages, (std::vector<std::string>{
                          "model (a): <primitive> of class ocf is missing required attribute "
                          "'provider'",
                          "model (a-bell): <nvpair> holds a control character XML cannot carry",
                          "model (a-mon): <op> has a negative duration",
                          "model (a): duplicate id 'a' (first used at model)",
                          "model (a): attribute 'with-rsc' names unknown resource 'b'"}));
}

TEST(CibParseTest, UtilizationValuesAreWholeNumbers) {
  Cib cib;
  Node node;
  node.id = "n1";
  node.uname = "n1";
  node.utilization.push_back(NvSet{"n1-u", std::nullopt, std::nullopt,
                                   {NvPair{"n1-u-cpu", "cpu", "8", 0},
                                    NvPair{"n1-u-mem", "memory", "2G", 0}},
                                   0});
  cib.configuration.nodes.push_back(node);
  Primitive a;
  a.id = "a";
  a.resource_class = "ocf";
  a.provider = "heartbeat";
  a.type = "Dummy";
  a.utilization.push_back(
      NvSet{"a-u", std::nullopt, std::nullopt, {NvPair{"a-u-cpu", "cpu", "-1", 0}}, 0});
  cib.configuration.resources.push_back(a);
  std::vector<std::string> messages;
  for (const Error& e : ValidateCib(cib, "model")) messages.push_back(e.ToString());
  EXPECT_EQ(messages,
            (std::vector<std::string>{
                "model (n1-u-mem): utilization 'memory': '2G' is not a whole number >= 0",
                "model (a-u-cpu): utilization 'cpu': '-1' is not a whole number >= 0"}));
}

TEST(CibParseTest, CibFromXmlTakesATree) {
  XmlNode root;
  root.name = "cib";
  root.AddChild("configuration").AddChild("resources");
  auto parsed = CibFromXml(root, "tree");
  ASSERT_TRUE(parsed.has_value()) << JoinErrors(parsed.error());
  EXPECT_TRUE(parsed->cib.configuration.resources.empty());
}

// ParseCib frees the status subtrees of the tree it owns as it reads them; CibFromXml reads a
// const tree. Both give the same model, and the same errors in the same order.
TEST(CibParseTest, ParseCibAndCibFromXmlAgree) {
  std::ifstream in("xml/testdata/full.xml");
  std::ostringstream full;
  full << in.rdbuf();
  const std::string bad =
      "<cib>\n<configuration/>\n<status><node_state id=\"1\" uname=\"n1\"><lrm id=\"1\">"
      "<lrm_resources><lrm_resource id=\"a\" class=\"ocf\" type=\"D\">\n"
      "<lrm_rsc_op id=\"a_last_0\" operation=\"start\" call-id=\"four\" rc-code=\"9999999\" "
      "op-digest=\"0123456789abcdef0123456789abcdef\" interval=\"x\"/>\n</lrm_resource>"
      "</lrm_resources></lrm></node_state></status>\n</cib>";
  for (const std::string& text : {full.str(), bad}) {
    auto tree = ParseXml(text, "t.xml");
    ASSERT_TRUE(tree.has_value());
    auto from_tree = CibFromXml(*tree, "t.xml");
    auto parsed = ParseCib(text, "t.xml");
    ASSERT_EQ(from_tree.has_value(), parsed.has_value()) << text;
    if (parsed) {
      EXPECT_TRUE(parsed->cib == from_tree->cib);
      EXPECT_FALSE(parsed->cib.status.node_states.empty());
    } else {
      EXPECT_EQ(JoinErrors(parsed.error()), JoinErrors(from_tree.error()));
      EXPECT_EQ(JoinErrors(parsed.error()),
                "t.xml:4 (a_last_0): attribute 'interval': not an integer: 'x'\n"
                "t.xml:4 (a_last_0): attribute 'call-id': not an integer: 'four'\n"
                "t.xml:4 (a_last_0): attribute 'rc-code': out of range: 9999999\n");
    }
  }
}

}  // namespace
}  // namespace keel
