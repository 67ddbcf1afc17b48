// Bad input: every case names the exact messages ParseCib gives, with file:line and id.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "xml/cib_parse.h"

namespace keel {
namespace {

// Line 1 is <cib>, line 2 <configuration>, `body` starts on line 3.
std::string Doc(std::string_view body) {
  return "<cib admin_epoch=\"0\" epoch=\"1\" num_updates=\"0\" validate-with=\"pacemaker-3.0\">\n"
         "<configuration>\n" +
         std::string(body) + "\n</configuration>\n</cib>\n";
}

// Two nodes on one line.
constexpr std::string_view kNodes =
    R"(<nodes><node id="1" uname="n1"/><node id="2" uname="n2"/></nodes>)";

std::string WithNodes(std::string_view rest) { return std::string(kNodes) + "\n" + std::string(rest); }

constexpr std::string_view kDummy = R"(class="ocf" provider="heartbeat" type="Dummy")";

std::string Prim(std::string_view id, std::string_view inner = "") {
  std::string out = "<primitive id=\"" + std::string(id) + "\" " + std::string(kDummy);
  return inner.empty() ? out + "/>" : out + ">" + std::string(inner) + "</primitive>";
}

struct BadCase {
  std::string name;
  std::string text;
  std::vector<std::string> errors;  // Error::ToString() of each, in order
  std::vector<ErrorCode> codes = {};  // checked when given
};

std::vector<std::string> Messages(const Errors& errors) {
  std::vector<std::string> out;
  for (const Error& e : errors) out.push_back(e.ToString());
  return out;
}

class CibBadInputTest : public testing::TestWithParam<BadCase> {};

TEST_P(CibBadInputTest, ReportsExactly) {
  const BadCase& c = GetParam();
  auto parsed = ParseCib(c.text, "cib.xml");
  ASSERT_FALSE(parsed.has_value()) << "accepted:\n" << c.text;
  EXPECT_EQ(Messages(parsed.error()), c.errors) << c.text;
  for (size_t i = 0; i < c.codes.size() && i < parsed.error().size(); ++i) {
    EXPECT_EQ(parsed.error()[i].code, c.codes[i]) << i;
  }
}

std::string Nested(int depth) {
  std::string open, close;
  for (int i = 0; i < depth; ++i) {
    open += "<rule id=\"r" + std::to_string(i) + "\" score=\"1\">";
    close = "</rule>" + close;
  }
  return Doc(WithNodes("<resources>" + Prim("a") + "</resources>\n<constraints>" +
                       "<rsc_location id=\"l\" rsc=\"a\">" + open + close +
                       "</rsc_location></constraints>"));
}

const ErrorCode kNs = ErrorCode::kNotSupported;
const ErrorCode kParse = ErrorCode::kParse;

// Cases whose text is a whole document; the others are wrapped by Doc().
bool IsWholeDocument(const BadCase& c) { return c.text.empty() || c.text.starts_with("<cib") || c.name == "Binary" || c.name == "WrongRoot"; }

std::vector<BadCase> Cases() {
  std::vector<BadCase> cases = {
      {"Empty", "", {"cib.xml:1: not well-formed XML: empty document"}, {kParse}},
      {"Unclosed",
       "<cib>\n<configuration>",
       {"cib.xml:2: not well-formed XML: <configuration> is not closed"},
       {kParse}},
      {"Binary",
       std::string("\x01\x02\xff\x00zz", 6),
       {"cib.xml:1: not well-formed XML: expected the root element"},
       {kParse}},
      {"TwoRoots",
       "<cib/>\n<cib/>",
       {"cib.xml:2: not well-formed XML: more than one root element"},
       {kParse}},
      {"RepeatedAttribute",
       "<cib epoch=\"1\" epoch=\"2\"/>",
       {"cib.xml:1: not well-formed XML: attribute 'epoch' repeated"},
       {kParse}},
      {"WrongRoot",
       "<configuration/>",
       {"cib.xml:1: root element is <configuration>, expected <cib>"}},
      {"NoConfiguration", "<cib epoch=\"1\"/>", {"cib.xml:1: <cib> has no <configuration>"}},
      {"HugeEpoch",
       "<cib epoch=\"99999999999999999999\"><configuration/></cib>",
       {"cib.xml:1: attribute 'epoch': not an integer: '99999999999999999999'"}},
      {"NegativeEpoch",
       "<cib epoch=\"-1\"><configuration/></cib>",
       {"cib.xml:1: attribute 'epoch': must not be negative"}},
      {"DuplicatePrimitive",
       WithNodes("<resources>\n" + Prim("a") + "\n" + Prim("a") + "\n</resources>"),
       {"cib.xml:6 (a): duplicate id 'a' (first used at cib.xml:5)"}},
      {"DuplicateAcrossKinds",
       WithNodes("<resources>\n" +
                 Prim("a",
                      "<instance_attributes id=\"a-p\"><nvpair id=\"a\" name=\"x\" "
                      "value=\"1\"/></instance_attributes>") +
                 "\n</resources>"),
       {"cib.xml:5 (a): duplicate id 'a' (first used at cib.xml:5)"}},
      {"DuplicateNodeName",
       "<nodes>\n<node id=\"1\" uname=\"n1\"/>\n<node id=\"2\" uname=\"n1\"/>\n</nodes>",
       {"cib.xml:5 (2): duplicate node name 'n1' (first used at cib.xml:4)"}},
      {"ColocationUnknownResource",
       WithNodes("<resources>" + Prim("a") +
                 "</resources>\n<constraints>\n<rsc_colocation id=\"c\" rsc=\"a\" "
                 "with-rsc=\"ghost\" score=\"INFINITY\"/>\n</constraints>"),
       {"cib.xml:6 (c): attribute 'with-rsc' names unknown resource 'ghost'"}},
      {"LocationUnknownNode",
       WithNodes("<resources>" + Prim("a") +
                 "</resources>\n<constraints>\n<rsc_location id=\"l\" rsc=\"a\" node=\"n9\" "
                 "score=\"10\"/>\n</constraints>"),
       {"cib.xml:6 (l): attribute 'node' names unknown node 'n9'"}},
      {"OrderUnknownBoth",
       WithNodes("<resources/>\n<constraints>\n<rsc_order id=\"o\" first=\"x\" "
                 "then=\"y\"/>\n</constraints>"),
       {"cib.xml:6 (o): attribute 'first' names unknown resource 'x'",
        "cib.xml:6 (o): attribute 'then' names unknown resource 'y'"}},
      {"BadLocationScore",
       WithNodes("<resources>" + Prim("a") +
                 "</resources>\n<constraints>\n<rsc_location id=\"l\" rsc=\"a\" node=\"n1\" "
                 "score=\"lots\"/>\n</constraints>"),
       {"cib.xml:6 (l): attribute 'score': bad score 'lots': expected an integer or [+-]INFINITY"}},
      {"BadRuleScore",
       WithNodes("<resources>" + Prim("a") +
                 "</resources>\n<constraints><rsc_location id=\"l\" rsc=\"a\">\n<rule id=\"r\" "
                 "score=\"high\"><expression id=\"e\" attribute=\"x\" "
                 "operation=\"defined\"/></rule>\n</rsc_location></constraints>"),
       {"cib.xml:6 (r): attribute 'score': bad score 'high': expected an integer or [+-]INFINITY"}},
      {"BadInterval",
       WithNodes(
           "<resources>\n" +
           Prim("a",
                "<operations><op id=\"a-mon\" name=\"monitor\" interval=\"10x\"/></operations>") +
           "\n</resources>"),
       {"cib.xml:5 (a-mon): attribute 'interval': bad duration '10x': unknown unit 'x' (use ms, s, "
        "min, h or d)"}},
      {"NegativeTimeout",
       WithNodes("<resources>\n" +
                 Prim("a",
                      "<operations><op id=\"a-start\" name=\"start\" interval=\"0\" "
                      "timeout=\"-5s\"/></operations>") +
                 "\n</resources>"),
       {"cib.xml:5 (a-start): attribute 'timeout': bad duration '-5s': expected a non-negative "
        "number with an optional unit"}},
      {"HugeInterval",
       WithNodes("<resources>\n" +
                 Prim("a",
                      "<operations><op id=\"a-mon\" name=\"monitor\" "
                      "interval=\"99999999999999999\"/></operations>") +
                 "\n</resources>"),
       {"cib.xml:5 (a-mon): attribute 'interval': bad duration '99999999999999999': too long"}},
      {"OpWithoutInterval",
       WithNodes("<resources>\n" +
                 Prim("a", "<operations><op id=\"a-mon\" name=\"monitor\"/></operations>") +
                 "\n</resources>"),
       {"cib.xml:5 (a-mon): <op> is missing required attribute 'interval'"}},
      {"BadOnFail",
       WithNodes("<resources>\n" +
                 Prim("a",
                      "<operations><op id=\"a-mon\" name=\"monitor\" interval=\"10s\" "
                      "on-fail=\"panic\"/></operations>") +
                 "\n</resources>"),
       {"cib.xml:5 (a-mon): attribute 'on-fail': unknown value 'panic' (expected ignore, block, "
        "stop, restart, standby, fence or demote)"}},
      {"BadNoQuorumPolicy",
       "<crm_config><cluster_property_set id=\"o\">\n<nvpair id=\"o-nqp\" "
       "name=\"no-quorum-policy\" value=\"maybe\"/>\n</cluster_property_set></crm_config>",
       {"cib.xml:4 (o-nqp): cluster option 'no-quorum-policy': unknown value 'maybe' (expected "
        "stop, freeze, ignore, fence, suicide or demote)"}},
      {"BadFencingBooleansBothSpellings",
       "<crm_config><cluster_property_set id=\"o\">\n<nvpair id=\"o-fe\" name=\"fencing-enabled\" "
       "value=\"sometimes\"/>\n<nvpair id=\"o-se\" name=\"stonith-enabled\" "
       "value=\"2\"/>\n</cluster_property_set></crm_config>",
       {"cib.xml:4 (o-fe): cluster option 'fencing-enabled': not a boolean: 'sometimes'",
        "cib.xml:5 (o-se): cluster option 'stonith-enabled': not a boolean: '2'"}},
      {"BadFencingActionAndTimeout",
       "<crm_config><cluster_property_set id=\"o\">\n<nvpair id=\"o-fa\" name=\"stonith-action\" "
       "value=\"explode\"/>\n<nvpair id=\"o-ft\" name=\"fencing-timeout\" "
       "value=\"soon\"/>\n</cluster_property_set></crm_config>",
       {"cib.xml:4 (o-fa): cluster option 'stonith-action': unknown value 'explode' (expected "
        "reboot, off or poweroff)",
        "cib.xml:5 (o-ft): cluster option 'fencing-timeout': bad duration 'soon': expected a "
        "non-negative number with an optional unit"}},
      {"BadLoadThreshold",
       "<crm_config><cluster_property_set id=\"o\">\n<nvpair id=\"o-lt\" name=\"load-threshold\" "
       "value=\"high\"/>\n<nvpair id=\"o-lt0\" name=\"load-threshold\" "
       "value=\"0%\"/>\n<nvpair id=\"o-ok\" name=\"load-threshold\" "
       "value=\"150%\"/>\n</cluster_property_set></crm_config>",
       {"cib.xml:4 (o-lt): cluster option 'load-threshold': not a percentage in (0, 10000]: 'high'",
        "cib.xml:5 (o-lt0): cluster option 'load-threshold': not a percentage in (0, 10000]: "
        "'0%'"}},
      {"BadTargetRole",
       WithNodes("<resources>\n" +
                 Prim("a",
                      "<meta_attributes id=\"a-m\"><nvpair id=\"a-tr\" name=\"target-role\" "
                      "value=\"Running\"/></meta_attributes>") +
                 "\n</resources>"),
       {"cib.xml:5 (a-tr): meta attribute 'target-role': unknown value 'Running' (expected "
        "Started, Stopped, Master, Slave, Promoted or Unpromoted)"}},
      {"BadOrderKind",
       WithNodes("<resources>" + Prim("a") + Prim("b") +
                 "</resources>\n<constraints>\n<rsc_order id=\"o\" first=\"a\" then=\"b\" "
                 "kind=\"Always\"/>\n</constraints>"),
       {"cib.xml:6 (o): attribute 'kind': unknown value 'Always' (expected Mandatory, Optional or "
        "Serialize)"}},
      {"BadSymmetrical",
       WithNodes("<resources>" + Prim("a") + Prim("b") +
                 "</resources>\n<constraints>\n<rsc_order id=\"o\" first=\"a\" then=\"b\" "
                 "symmetrical=\"mostly\"/>\n</constraints>"),
       {"cib.xml:6 (o): attribute 'symmetrical': not a boolean: 'mostly'"}},
      {"OrderBadRequireAll",
       WithNodes("<resources>" + Prim("a") + Prim("b") +
                 "</resources>\n<constraints>\n<rsc_order id=\"o\" first=\"a\" then=\"b\" "
                 "require-all=\"sometimes\"/>\n</constraints>"),
       {"cib.xml:6 (o): attribute 'require-all': not a boolean: 'sometimes'"}},
      {"BadBooleanOp",
       WithNodes("<resources>" + Prim("a") +
                 "</resources>\n<constraints><rsc_location id=\"l\" rsc=\"a\">\n<rule id=\"r\" "
                 "score=\"1\" boolean-op=\"xor\"><expression id=\"e\" attribute=\"#uname\" "
                 "operation=\"eq\" value=\"n1\"/></rule>\n</rsc_location></constraints>"),
       {"cib.xml:6 (r): attribute 'boolean-op': unknown value 'xor' (expected and or or)"}},
      {"BadExpressionOperationAndType",
       WithNodes("<resources>" + Prim("a") +
                 "</resources>\n<constraints><rsc_location id=\"l\" rsc=\"a\"><rule id=\"r\" "
                 "score=\"1\">\n<expression id=\"e\" attribute=\"x\" operation=\"like\" "
                 "value=\"1\" type=\"float\"/>\n</rule></rsc_location></constraints>"),
       {"cib.xml:6 (e): attribute 'operation': unknown value 'like' (expected lt, gt, lte, gte, "
        "eq, ne, defined or not_defined)",
        "cib.xml:6 (e): attribute 'type': unknown value 'float' (expected string, integer, number "
        "or version)"}},
      {"ExpressionWithoutValue",
       WithNodes("<resources>" + Prim("a") +
                 "</resources>\n<constraints><rsc_location id=\"l\" rsc=\"a\"><rule id=\"r\" "
                 "score=\"1\">\n<expression id=\"e\" attribute=\"x\" "
                 "operation=\"gt\"/>\n</rule></rsc_location></constraints>"),
       {"cib.xml:6 (e): <expression> is missing required attribute 'value'"}},
      {"RuleWithoutScore",
       WithNodes("<resources>" + Prim("a") +
                 "</resources>\n<constraints><rsc_location id=\"l\" rsc=\"a\">\n<rule "
                 "id=\"r\"><expression id=\"e\" attribute=\"x\" "
                 "operation=\"defined\"/></rule>\n</rsc_location></constraints>"),
       {"cib.xml:6 (r): <rule> needs attribute 'score' or 'score-attribute'"}},
      {"LocationWithoutNodeOrRule",
       WithNodes("<resources>" + Prim("a") +
                 "</resources>\n<constraints>\n<rsc_location id=\"l\" rsc=\"a\" "
                 "score=\"5\"/>\n</constraints>"),
       {"cib.xml:6 (l): <rsc_location> needs 'node' and 'score', or a rule"}},
      {"PrimitiveWithoutClassAndType",
       WithNodes("<resources>\n<primitive id=\"a\"/>\n</resources>"),
       {"cib.xml:5 (a): <primitive> is missing required attribute 'class'",
        "cib.xml:5 (a): <primitive> is missing required attribute 'type'"}},
      {"OcfWithoutProvider",
       WithNodes("<resources>\n<primitive id=\"a\" class=\"ocf\" type=\"Dummy\"/>\n</resources>"),
       {"cib.xml:5 (a): <primitive> of class ocf is missing required attribute 'provider'"}},
      {"UnknownClass",
       WithNodes("<resources>\n<primitive id=\"a\" class=\"upstart\" type=\"x\"/>\n</resources>"),
       {"cib.xml:5 (a): attribute 'class': unknown value 'upstart' (expected ocf, lsb, heartbeat, "
        "stonith, systemd or service)"}},
      {"EmptyGroup",
       WithNodes("<resources>\n<group id=\"g\"/>\n</resources>"),
       {"cib.xml:5 (g): <group> has no members"}},
      {"GroupMemberAlsoTopLevel",
       WithNodes("<resources>\n" + Prim("a") + "\n<group id=\"g\">" + Prim("a") +
                 "</group>\n</resources>"),
       {"cib.xml:6 (a): resource 'a' is both a group member and a top-level resource (at "
        "cib.xml:5)"}},
      {"CloneWithTwoChildren",
       WithNodes("<resources>\n<clone id=\"c\">" + Prim("a") + Prim("b") +
                 "</clone>\n</resources>"),
       {"cib.xml:5 (c): <clone> must contain exactly one primitive or group, found 2"}},
      {"Bundle",
       WithNodes("<resources>\n<bundle id=\"b\"/>\n</resources>"),
       {"cib.xml:5 (b): not supported: bundle"},
       {kNs}},
      {"PrimitiveFromUnknownTemplate",
       WithNodes("<resources>\n<primitive id=\"a\" template=\"t\"/>\n</resources>"),
       {"cib.xml:5 (a): attribute 'template' names unknown template 't'"}},
      {"PrimitiveFromTemplateWithItsOwnClass",
       WithNodes("<resources>\n<template id=\"t\" class=\"ocf\" provider=\"heartbeat\" "
                 "type=\"Dummy\"/>\n<primitive id=\"a\" template=\"t\" class=\"lsb\" "
                 "type=\"x\"/>\n</resources>"),
       {"cib.xml:6 (a): <primitive> names both a template and its own class or type (use one)"}},
      {"TemplateWithoutType",
       WithNodes("<resources>\n<template id=\"t\" class=\"ocf\" provider=\"heartbeat\"/>\n"
                 "<primitive id=\"t\" class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\"/>\n"
                 "</resources>"),
       {"cib.xml:5 (t): <primitive> is missing required attribute 'type'",
        "cib.xml:6 (t): duplicate id 't' (first used at cib.xml:5)"}},
      {"BundleReferencedByConstraint",
       WithNodes("<resources>\n<bundle id=\"b\"/>\n</resources>\n<constraints><rsc_location "
                 "id=\"l\" rsc=\"b\" node=\"n1\" score=\"1\"/></constraints>"),
       {"cib.xml:5 (b): not supported: bundle"},
       {kNs}},
      {"RscTicketUnknownResource",
       WithNodes("<resources/>\n<constraints>\n<rsc_ticket id=\"t\" rsc=\"a\" "
                 "ticket=\"T\"/>\n</constraints>"),
       {"cib.xml:6 (t): attribute 'rsc' names unknown resource 'a'"}},
      {"RscTicketWithoutTicket",
       WithNodes("<resources>" + Prim("a") +
                 "</resources>\n<constraints>\n<rsc_ticket id=\"t\" rsc=\"a\"/>\n</constraints>"),
       {"cib.xml:6 (t): <rsc_ticket> is missing required attribute 'ticket'"}},
      {"RscTicketBadLossPolicy",
       WithNodes("<resources>" + Prim("a") +
                 "</resources>\n<constraints>\n<rsc_ticket id=\"t\" rsc=\"a\" ticket=\"T\" "
                 "loss-policy=\"panic\"/>\n</constraints>"),
       {"cib.xml:6 (t): attribute 'loss-policy': unknown value 'panic' "
        "(expected stop, demote, fence or freeze)"}},
      {"RscTicketWithResourceSetNamingNothingKnown",
       WithNodes("<resources>" + Prim("a") +
                 "</resources>\n<constraints>\n<rsc_ticket id=\"t\" ticket=\"T\"><resource_set "
                 "id=\"s\"><resource_ref id=\"ghost\"/></resource_set></rsc_ticket>\n"
                 "<rsc_ticket id=\"u\" ticket=\"T\" rsc=\"a\"><resource_set id=\"s2\">"
                 "<resource_ref id=\"a\"/></resource_set></rsc_ticket>\n</constraints>"),
       {"cib.xml:7 (u): attribute 'rsc' together with resource sets",
        "cib.xml:6 (s): resource_ref names unknown resource 'ghost'"}},
      {"ResourceSetAttributeKind",
       WithNodes("<resources>" + Prim("a") +
                 "</resources>\n<constraints>\n<rsc_order id=\"o\">\n<resource_set id=\"s\" "
                 "kind=\"Optional\"><resource_ref id=\"a\"/></resource_set></rsc_order>\n"
                 "</constraints>"),
       {"cib.xml:7 (s): not supported: kind on resource_set"},
       {kNs}},
      {"ResourceSetIdRef",
       WithNodes("<resources>" + Prim("a") +
                 "</resources>\n<constraints>\n<rsc_order id=\"o\">\n<resource_set "
                 "id-ref=\"s\"/></rsc_order>\n</constraints>"),
       {"cib.xml:7: not supported: id-ref"},
       {kNs}},
      {"RscPatternInvalid",
       WithNodes("<resources>" + Prim("a") +
                 "</resources>\n<constraints>\n<rsc_location id=\"l\" rsc-pattern=\"a[\" "
                 "node=\"n1\" score=\"1\"/>\n</constraints>"),
       {"cib.xml:6 (l): rsc-pattern 'a[': Invalid regular expression"},
       {ErrorCode::kInvalid}},
      {"DateExpressionBadDate",
       WithNodes("<resources>" + Prim("a") +
                 "</resources>\n<constraints><rsc_location id=\"l\" rsc=\"a\"><rule id=\"r\" "
                 "score=\"1\">\n<date_expression id=\"d\" operation=\"gt\" "
                 "start=\"2024-02-30\"/>\n</rule></rsc_location></constraints>"),
       {"cib.xml:6 (d): attribute 'start': bad date '2024-02-30' (no such day in the calendar)"}},
      {"DateExpressionBadOffset",
       WithNodes("<resources>" + Prim("a") +
                 "</resources>\n<constraints><rsc_location id=\"l\" rsc=\"a\"><rule id=\"r\" "
                 "score=\"1\">\n<date_expression id=\"d\" operation=\"lt\" end=\"2024-02-03 10:00 "
                 "+25:00\"/>\n</rule></rsc_location></constraints>"),
       {"cib.xml:6 (d): attribute 'end': bad date '2024-02-03 10:00 +25:00' (offset out of "
        "range)"}},
      {"DateExpressionNoSuchOrdinal",
       WithNodes("<resources>" + Prim("a") +
                 "</resources>\n<constraints><rsc_location id=\"l\" rsc=\"a\"><rule id=\"r\" "
                 "score=\"1\">\n<date_expression id=\"d\" operation=\"gt\" "
                 "start=\"2023-366\"/>\n</rule></rsc_location></constraints>"),
       {"cib.xml:6 (d): attribute 'start': bad date '2023-366' (day 366 does not exist in 2023)"}},
      {"DateExpressionNoSuchWeek",
       WithNodes("<resources>" + Prim("a") +
                 "</resources>\n<constraints><rsc_location id=\"l\" rsc=\"a\"><rule id=\"r\" "
                 "score=\"1\">\n<date_expression id=\"d\" operation=\"gt\" "
                 "start=\"2021-W53-1\"/>\n</rule></rsc_location></constraints>"),
       {"cib.xml:6 (d): attribute 'start': bad date '2021-W53-1' (week 53 does not exist in "
        "2021)"}},
      {"DateExpressionGtWithoutStart",
       WithNodes("<resources>" + Prim("a") +
                 "</resources>\n<constraints><rsc_location id=\"l\" rsc=\"a\"><rule id=\"r\" "
                 "score=\"1\">\n<date_expression id=\"d\" operation=\"gt\" "
                 "end=\"2024-01-01\"/>\n</rule></rsc_location></constraints>"),
       {"cib.xml:6 (d): operation 'gt' needs 'start' and no 'end'"}},
      {"DateExpressionEndAndDuration",
       WithNodes("<resources>" + Prim("a") +
                 "</resources>\n<constraints><rsc_location id=\"l\" rsc=\"a\"><rule id=\"r\" "
                 "score=\"1\">\n<date_expression id=\"d\" operation=\"in_range\" "
                 "start=\"2024-01-01\" end=\"2024-02-01\"><duration id=\"du\" "
                 "days=\"3\"/></date_expression>\n</rule></rsc_location></constraints>"),
       {"cib.xml:6 (d): operation 'in_range' takes 'end' or a <duration>, not both"}},
      {"DateSpecBadRange",
       WithNodes(
           "<resources>" + Prim("a") +
           "</resources>\n<constraints><rsc_location id=\"l\" rsc=\"a\"><rule id=\"r\" "
           "score=\"1\">\n<date_expression id=\"d\" operation=\"date_spec\"><date_spec id=\"s\" "
           "hours=\"17-9\"/></date_expression>\n</rule></rsc_location></constraints>"),
       {"cib.xml:6 (s): attribute 'hours': bad range '17-9' (range ends before it starts)"}},
      {"DateSpecTwoRanges",
       WithNodes(
           "<resources>" + Prim("a") +
           "</resources>\n<constraints><rsc_location id=\"l\" rsc=\"a\"><rule id=\"r\" "
           "score=\"1\">\n<date_expression id=\"d\" operation=\"date_spec\"><date_spec id=\"s\" "
           "weekdays=\"1-2,5-6\"/></date_expression>\n</rule></rsc_location></constraints>"),
       {"cib.xml:6 (s): attribute 'weekdays': bad range '1-2,5-6' (expected N or A-B (one range, "
        "whole numbers))"}},
      {"DateSpecMoon",
       WithNodes("<resources>" + Prim("a") +
                 "</resources>\n<constraints><rsc_location id=\"l\" rsc=\"a\"><rule id=\"r\" "
                 "score=\"1\">\n<date_expression id=\"d\" operation=\"date_spec\"><date_spec "
                 "id=\"s\" moon=\"4\"/></date_expression>\n</rule></rsc_location></constraints>"),
       {"cib.xml:6 (s): not supported: moon in <date_spec> (deprecated)"},
       {kNs}},
      {"DurationBadValue",
       WithNodes("<resources>" + Prim("a") +
                 "</resources>\n<constraints><rsc_location id=\"l\" rsc=\"a\"><rule id=\"r\" "
                 "score=\"1\">\n<date_expression id=\"d\" operation=\"in_range\" "
                 "start=\"2024-01-01\"><duration id=\"du\" "
                 "months=\"1-2\"/></date_expression>\n</rule></rsc_location></constraints>"),
       {"cib.xml:6 (du): attribute 'months': bad duration '1-2' (expected a whole number)"}},
      {"RscExpression",
       WithNodes("<resources>" + Prim("a") +
                 "</resources>\n<constraints><rsc_location id=\"l\" rsc=\"a\"><rule id=\"r\" "
                 "score=\"1\">\n<rsc_expression id=\"x\" "
                 "type=\"Dummy\"/>\n</rule></rsc_location></constraints>"),
       {"cib.xml:6 (x): not supported: rsc_expression outside rsc_defaults and op_defaults"},
       {kNs}},
      {"OpExpressionInRscDefaults",
       "<rsc_defaults><meta_attributes id=\"m\"><rule id=\"r\">\n<op_expression id=\"x\" "
       "name=\"monitor\"/>\n</rule></meta_attributes></rsc_defaults>",
       {"cib.xml:4 (x): not supported: op_expression outside op_defaults"},
       {kNs}},
      {"OpExpressionBadInterval",
       "<op_defaults><meta_attributes id=\"m\"><rule id=\"r\">\n<op_expression id=\"x\" "
       "name=\"monitor\" interval=\"ten\"/>\n</rule></meta_attributes></op_defaults>",
       {"cib.xml:4 (x): attribute 'interval': bad duration 'ten': expected a non-negative number "
        "with an optional unit"}},
      {"RuleInAlertSet",
       "<alerts><alert id=\"al\" path=\"/bin/true\"><meta_attributes id=\"m\">\n<rule "
       "id=\"r\"><expression id=\"e\" attribute=\"#uname\" operation=\"eq\" "
       "value=\"n1\"/></rule></meta_attributes></alert></alerts>",
       {"cib.xml:4 (r): not supported: a rule in the attributes of an alert"},
       {kNs}},
      {"AclUser",
       "<acls>\n<acl_user id=\"u\"/>\n</acls>",
       {"cib.xml:4 (u): not supported: acl_user (the pacemaker-1.x ACL syntax; use acl_target)"},
       {kNs}},
      {"AclTargetUnknownRole",
       "<acls>\n<acl_target id=\"alice\"><role id=\"ghost\"/></acl_target>\n</acls>",
       {"cib.xml:4 (ghost): <role> names 'ghost', not an acl_role in <acls>"}},
      {"AclPermissionTwoTargets",
       "<acls>\n<acl_role id=\"r\">\n<acl_permission id=\"p\" kind=\"read\" xpath=\"/cib\" "
       "reference=\"x\"/></acl_role>\n</acls>",
       {"cib.xml:5 (p): <acl_permission> needs exactly one of 'xpath', 'reference' or "
        "'object-type'"}},
      {"AclPermissionBadKind",
       "<acls>\n<acl_role id=\"r\">\n<acl_permission id=\"p\" kind=\"grant\" "
       "xpath=\"/cib\"/></acl_role>\n</acls>",
       {"cib.xml:5 (p): attribute 'kind': unknown value 'grant' (expected read, write or deny)"}},
      {"LocationOnRemoteNode",
       WithNodes("<resources>" + Prim("a") +
                 "<primitive id=\"r1\" class=\"ocf\" provider=\"pacemaker\" "
                 "type=\"remote\"/></resources>\n<constraints>\n<rsc_location id=\"l\" rsc=\"a\" "
                 "node=\"r1\" score=\"1\"/>\n</constraints>"),
       {"cib.xml:4 (r1): not supported: remote node 'r1' (ocf:pacemaker:remote primitive)",
        "cib.xml:6 (l): not supported: remote node 'r1' (ocf:pacemaker:remote primitive)"},
       {kNs}},
      {"LocationOnGuestNode",
       WithNodes("<resources>" +
                 Prim("vm",
                      "<meta_attributes id=\"vm-m\"><nvpair id=\"vm-rn\" name=\"remote-node\" "
                      "value=\"g1\"/></meta_attributes>") +
                 "</resources>\n<constraints>\n<rsc_location id=\"l\" rsc=\"vm\" node=\"g1\" "
                 "score=\"1\"/>\n</constraints>"),
       {"cib.xml:4 (vm): not supported: guest node 'g1' (meta remote-node of primitive 'vm')",
        "cib.xml:6 (l): not supported: guest node 'g1' (meta remote-node of primitive 'vm')"},
       {kNs}},
      {"ClusterOptionDefault",
       "<crm_config><cluster_property_set id=\"o\">\n<nvpair id=\"o-nqp\" "
       "name=\"no-quorum-policy\" value=\"#default\"/>\n</cluster_property_set></crm_config>",
       {"cib.xml:4 (o-nqp): not supported: cluster option 'no-quorum-policy' = '#default'"},
       {kNs}},
      {"TagWithoutRefs",
       "<tags>\n<tag id=\"t\"/>\n</tags>",
       {"cib.xml:4 (t): <tag> has no obj_ref"}},
      {"TagNamesUnknownResource",
       WithNodes("<resources>" + Prim("a") +
                 "</resources>\n<tags>\n<tag id=\"t1\"><obj_ref id=\"ghost\"/></tag>\n</tags>"),
       {"cib.xml:6 (t1): obj_ref names unknown resource 'ghost'"}},
      {"DanglingIdRef",
       WithNodes("<resources>\n" + Prim("a", "<meta_attributes id-ref=\"shared\"/>") +
                 "\n</resources>"),
       {"cib.xml:5 (shared): id-ref=\"shared\": no name/value set has id 'shared'"}},
      {"ColocationInfluence",
       WithNodes("<resources>" + Prim("a") + Prim("b") +
                 "</resources>\n<constraints>\n<rsc_colocation id=\"c\" rsc=\"a\" "
                 "with-rsc=\"b\" score=\"10\" influence=\"false\"/>\n</constraints>"),
       {"cib.xml:6 (c): not supported: influence on rsc_colocation"},
       {kNs}},
      {"DanglingOperationsIdRef",
       WithNodes("<resources>\n" + Prim("a", "<operations id-ref=\"ops\"/>") + "\n</resources>"),
       {"cib.xml:5 (a): <operations id-ref=\"ops\">: no <operations> has id 'ops'"}},
      {"NvPairIdRef",
       WithNodes("<resources>\n" +
                 Prim("a", "<meta_attributes id=\"m\"><nvpair id-ref=\"p\"/></meta_attributes>") +
                 "\n</resources>"),
       {"cib.xml:5: not supported: id-ref"},
       {kNs}},
      {"FencingTopology",
       WithNodes("<resources><primitive id=\"f\" class=\"stonith\" "
                 "type=\"fence_xvm\"/></resources>\n<fencing-topology>\n<fencing-level id=\"fl1\" "
                 "target=\"n7\" index=\"12\" devices=\"f,g\"/>\n</fencing-topology>"),
       {"cib.xml:6 (fl1): attribute 'index': must be between 1 and 9, not 12",
        "cib.xml:6 (fl1): attribute 'devices' names unknown resource 'g'"}},
      {"FencingTargets",
       WithNodes("<resources><primitive id=\"f\" class=\"stonith\" "
                 "type=\"fence_xvm\"/></resources>\n<fencing-topology>\n"
                 "<fencing-level id=\"p\" target-pattern=\"n[1\" index=\"1\" devices=\"f\"/>\n"
                 "<fencing-level id=\"a\" target-attribute=\"rack\" index=\"1\" devices=\"f\"/>\n"
                 "<fencing-level id=\"v\" target-value=\"1\" index=\"1\" devices=\"f\"/>\n"
                 "<fencing-level id=\"two\" target=\"n1\" target-pattern=\"n\" index=\"1\" "
                 "devices=\"f\"/>\n"
                 "<fencing-level id=\"none\" index=\"1\" devices=\"f\"/>\n</fencing-topology>"),
       {"cib.xml:6 (p): attribute 'target-pattern': not a valid regular expression 'n[1': "
        "Unexpected character within '[...]' in regular expression",
        "cib.xml:7 (a): <fencing-level> is missing required attribute 'target-value'",
        "cib.xml:8 (v): <fencing-level> is missing required attribute 'target'",
        "cib.xml:8 (v): attribute 'target-value' without 'target-attribute'",
        "cib.xml:9 (two): <fencing-level> names its nodes in more than one way (use one of "
        "'target', 'target-pattern' or 'target-attribute')",
        "cib.xml:10 (none): <fencing-level> is missing required attribute 'target'"}},
      {"UnknownElement",
       WithNodes("<resources>\n<primitve id=\"a\"/>\n</resources>"),
       {"cib.xml:5 (a): unknown element <primitve> in <resources>"}},
      {"StatusNotANumber",
       "<cib>\n<configuration/>\n<status><node_state id=\"1\" uname=\"n1\"><lrm "
       "id=\"1\"><lrm_resources><lrm_resource id=\"a\" class=\"ocf\" type=\"D\">\n<lrm_rsc_op "
       "id=\"a_last_0\" operation=\"start\" call-id=\"four\" rc-code=\"0\" "
       "interval=\"0\"/>\n</lrm_resource></lrm_resources></lrm></node_state></status>\n</cib>",
       {"cib.xml:4 (a_last_0): attribute 'call-id': not an integer: 'four'"}},
      {"DeepNesting",
       Nested(200),
       {"cib.xml:5: not well-formed XML: elements nested too deeply"},
       {kParse}},
      {"UnknownEntity",
       "<cib epoch=\"&one;\"/>",
       {"cib.xml:1: not well-formed XML: unknown entity '&one;'"},
       {kParse}},
      {"BadCharacterReference",
       "<cib epoch=\"&#0;\"/>",
       {"cib.xml:1: not well-formed XML: character reference to a character XML does not allow"},
       {kParse}},
      {"LessThanInAttribute",
       "<cib\nepoch=\"<\"/>",
       {"cib.xml:2: not well-formed XML: '<' in an attribute value"},
       {kParse}},
      {"TextAfterRoot",
       "<cib/>\ntrailing",
       {"cib.xml:2: not well-formed XML: text after the root element"},
       {kParse}},
      {"UnterminatedComment",
       "<cib>\n<!-- never closed",
       {"cib.xml:2: not well-formed XML: unterminated comment"},
       {kParse}},
      {"EveryProblemInOnePass",
       "<crm_config><cluster_property_set id=\"o\"><nvpair id=\"o1\" name=\"no-quorum-policy\" "
       "value=\"x\"/></cluster_property_set></crm_config>\n" +
           WithNodes("<resources>\n" + Prim("a") + "\n" + Prim("a") +
                     "\n<bundle id=\"b\"/>\n</resources>\n<constraints>\n<rsc_colocation id=\"c\" "
                     "rsc=\"a\" with-rsc=\"z\" score=\"big\"/>\n</constraints>"),
       {"cib.xml:8 (b): not supported: bundle",
        "cib.xml:11 (c): attribute 'score': bad score 'big': expected an integer or [+-]INFINITY",
        "cib.xml:3 (o1): cluster option 'no-quorum-policy': unknown value 'x' (expected stop, "
        "freeze, ignore, fence, suicide or demote)",
        "cib.xml:7 (a): duplicate id 'a' (first used at cib.xml:6)",
        "cib.xml:11 (c): attribute 'with-rsc' names unknown resource 'z'"}},
  };
  for (BadCase& c : cases) {
    if (!IsWholeDocument(c)) c.text = Doc(c.text);
  }
  return cases;
}

INSTANTIATE_TEST_SUITE_P(All, CibBadInputTest, testing::ValuesIn(Cases()),
                         [](const testing::TestParamInfo<BadCase>& info) { return info.param.name; });

TEST(CibParseWarningsTest, AlertsAreParsedWithoutAWarning) {
  auto parsed = ParseCib(Doc(WithNodes("<resources/>\n<alerts><alert id=\"al\" path=\"/bin/true\"/></alerts>")), "cib.xml");
  ASSERT_TRUE(parsed.has_value()) << JoinErrors(parsed.error());
  EXPECT_TRUE(parsed->warnings.empty()) << JoinErrors(parsed->warnings);
  ASSERT_EQ(parsed->cib.configuration.alerts.size(), 1u);
  EXPECT_EQ(parsed->cib.configuration.alerts[0].id, "al");
  EXPECT_EQ(parsed->cib.configuration.alerts[0].path, "/bin/true");
}

TEST(CibParseWarningsTest, UnknownOrderKindIsAWarningWithoutSchemaValidation) {
  std::string text = Doc(WithNodes("<resources>" + Prim("a") + Prim("b") +
                                   "</resources>\n<constraints>\n<rsc_order id=\"o\" first=\"a\" "
                                   "then=\"b\" kind=\"foo\"/>\n</constraints>"));
  text.replace(text.find("pacemaker-3.0"), 13, "none");
  auto parsed = ParseCib(text, "cib.xml");
  ASSERT_TRUE(parsed.has_value()) << JoinErrors(parsed.error());
  ASSERT_EQ(parsed->warnings.size(), 1u);
  EXPECT_EQ(parsed->warnings[0].ToString(),
            "cib.xml:6 (o): attribute 'kind': unknown value 'foo', treated as Mandatory");
  EXPECT_EQ(parsed->cib.configuration.orders.at(0).EffectiveKind(), OrderKind::kMandatory);
}

TEST(CibParseWarningsTest, StonithPrimitivesNeedNoProvider) {
  auto parsed = ParseCib(
      Doc(WithNodes("<resources><primitive id=\"f\" class=\"stonith\" type=\"fence_xvm\"/></resources>")),
      "cib.xml");
  ASSERT_TRUE(parsed.has_value()) << JoinErrors(parsed.error());
  EXPECT_TRUE(parsed->warnings.empty());
}

}  // namespace
}  // namespace keel

namespace keel {
namespace {

// Hostile shapes: each must fail (or pass) quickly with a message, never crash or hang.
TEST(CibHostileInputTest, FailCleanly) {
  std::string deep;
  for (int i = 0; i < 100'000; ++i) deep += "<a>";
  auto nested = ParseCib(deep, "deep.xml");
  ASSERT_FALSE(nested.has_value());
  EXPECT_EQ(nested.error().at(0).ToString(),
            "deep.xml:1: not well-formed XML: elements nested too deeply");

  auto ampersands = ParseCib("<cib a=\"" + std::string(1 << 20, '&') + "\"/>", "amp.xml");
  ASSERT_FALSE(ampersands.has_value());
  EXPECT_EQ(ampersands.error().at(0).ToString(), "amp.xml:1: not well-formed XML: '&' without ';'");

  auto lines = ParseCib(std::string(200'000, '\n') + "<cib/>", "lines.xml");
  ASSERT_FALSE(lines.has_value());
  EXPECT_EQ(lines.error().at(0).ToString(), "lines.xml:200001: <cib> has no <configuration>");

  auto zeros = ParseCib(std::string(1 << 16, '\0'), "zeros.xml");
  ASSERT_FALSE(zeros.has_value());
  EXPECT_EQ(zeros.error().at(0).ToString(),
            "zeros.xml:1: not well-formed XML: expected the root element");

  std::string many_resources = "<cib><configuration><resources>";
  for (int i = 0; i < 20'000; ++i) many_resources += "<group id=\"g\"/>";
  auto dups = ParseCib(many_resources + "</resources></configuration></cib>", "dups.xml");
  ASSERT_FALSE(dups.has_value());
  EXPECT_EQ(dups.error().size(), 20'000u + 19'999u);  // every group empty, all but one duplicate
}

}  // namespace
}  // namespace keel
