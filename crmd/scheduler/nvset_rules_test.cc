// Name/value sets read as Pacemaker reads them (rules.h): sorted by score, a set whose rule
// does not hold skipped, the first set that names a value giving it; and the rules that
// cannot be evaluated where they stand refused (nvset_rules.h).

#include "crmd/scheduler/nvset_rules.h"

#include <gtest/gtest.h>

#include "crmd/scheduler/live_support.h"
#include "crmd/scheduler/rules.h"
#include "crmd/scheduler/scheduler.h"
#include "crmd/scheduler/settings.h"
#include "xml/cib_parse.h"
#include "xml/date_time.h"

namespace keel {
namespace {

int64_t At(std::string_view text) { return ParseIsoDateTime(text).value(); }

// Two online nodes without fencing; a (Dummy) prefers nodes whose "site" is "east" (100)
// and node2 (50).
std::string CibXml(const std::string& crm_config, const std::string& node1_sets,
                   const std::string& a_meta = "", const std::string& rsc_defaults = "") {
  return "<cib have-quorum=\"1\" validate-with=\"pacemaker-3.0\"><configuration><crm_config>"
         "<cluster_property_set id=\"cib-bootstrap-options\"><nvpair id=\"o1\" "
         "name=\"stonith-enabled\" value=\"false\"/></cluster_property_set>" +
         crm_config + "</crm_config><nodes><node id=\"node1\" uname=\"node1\">" + node1_sets +
         "</node><node id=\"node2\" uname=\"node2\"><instance_attributes id=\"n2\"><nvpair "
         "id=\"n2s\" name=\"site\" value=\"west\"/></instance_attributes></node></nodes>"
         "<resources><primitive id=\"a\" class=\"ocf\" provider=\"pacemaker\" type=\"Dummy\">" +
         a_meta +
         "</primitive></resources><constraints><rsc_location id=\"l\" rsc=\"a\"><rule id=\"lr\" "
         "score=\"100\"><expression id=\"le\" attribute=\"site\" operation=\"eq\" "
         "value=\"east\"/></rule></rsc_location><rsc_location id=\"l2\" rsc=\"a\" node=\"node2\" "
         "score=\"50\"/></constraints><rsc_defaults>" +
         rsc_defaults +
         "</rsc_defaults></configuration><status><node_state id=\"node1\" uname=\"node1\" "
         "in_ccm=\"true\" crmd=\"online\" join=\"member\" expected=\"member\"/><node_state "
         "id=\"node2\" uname=\"node2\" in_ccm=\"true\" crmd=\"online\" join=\"member\" "
         "expected=\"member\"/></status></cib>";
}

std::expected<Transition, Errors> Plan(const std::string& xml, int64_t now) {
  auto parsed = ParseCib(xml, "<test>");
  EXPECT_TRUE(parsed.has_value()) << (parsed ? "" : JoinErrors(parsed.error()));
  if (!parsed) return std::unexpected(Errors{});
  return Schedule(parsed->cib, DeriveClusterView(parsed->cib), TimePoint{now});
}

const Placement* Find(const Transition& t, const std::string& id) {
  for (const Placement& p : t.placements) {
    if (p.resource == id) return &p;
  }
  return nullptr;
}

std::string NodeOf(const std::string& xml, int64_t now) {
  auto t = Plan(xml, now);
  if (!t) return "error: " + JoinErrors(t.error());
  const Placement* p = Find(*t, "a");
  return p == nullptr ? "none" : p->next_node;
}

// node1: "site" is "west" in a set whose date rule holds only in 2024, "east" otherwise.
constexpr const char* kDatedSite =
    "<instance_attributes id=\"n1-2024\"><rule id=\"n1r\"><date_expression id=\"n1d\" "
    "operation=\"in_range\" start=\"2024-01-01\" end=\"2024-12-31\"/></rule><nvpair id=\"n1w\" "
    "name=\"site\" value=\"west\"/></instance_attributes><instance_attributes id=\"n1\"><nvpair "
    "id=\"n1e\" name=\"site\" value=\"east\"/></instance_attributes>";

TEST(NvSetRulesTest, ANodeSetWhoseRuleDoesNotHoldIsSkipped) {
  // Before: the first set won whatever its rule said: node1 read "west" in 2025 too.
  EXPECT_EQ(NodeOf(CibXml("", kDatedSite), At("2025-06-01")), "node1");
  EXPECT_EQ(NodeOf(CibXml("", kDatedSite), At("2024-06-01")), "node2");
}

TEST(NvSetRulesTest, HigherScoreFirstThenDocumentOrder) {
  const std::string sets =
      "<instance_attributes id=\"low\"><nvpair id=\"lw\" name=\"site\" value=\"west\"/>"
      "</instance_attributes><instance_attributes id=\"high\" score=\"10\"><nvpair id=\"he\" "
      "name=\"site\" value=\"east\"/></instance_attributes>";
  EXPECT_EQ(NodeOf(CibXml("", sets), 0), "node1");
}

TEST(NvSetRulesTest, ARuleOnAMetaSetDecidesTargetRole) {
  // target-role=Stopped only while the date rule holds.
  const std::string meta =
      "<meta_attributes id=\"am\"><rule id=\"amr\"><date_expression id=\"amd\" operation=\"lt\" "
      "end=\"2025-01-01\"/></rule><nvpair id=\"amt\" name=\"target-role\" "
      "value=\"Stopped\"/></meta_attributes>";
  const std::string sites =
      "<instance_attributes id=\"n1\"><nvpair id=\"n1e\" name=\"site\" "
      "value=\"east\"/></instance_attributes>";
  EXPECT_EQ(NodeOf(CibXml("", sites, meta), At("2024-06-01")), "");
  EXPECT_EQ(NodeOf(CibXml("", sites, meta), At("2025-06-01")), "node1");
}

TEST(NvSetRulesTest, RscDefaultsByResourceType) {
  const std::string sites =
      "<instance_attributes id=\"n1\"><nvpair id=\"n1e\" name=\"site\" "
      "value=\"east\"/></instance_attributes>";
  auto defaults = [](const std::string& type) {
    return "<meta_attributes id=\"d\"><rule id=\"dr\"><rsc_expression id=\"dx\" "
           "class=\"ocf\" type=\"" +
           type +
           "\"/></rule><nvpair id=\"dt\" name=\"target-role\" value=\"Stopped\"/>"
           "</meta_attributes>";
  };
  EXPECT_EQ(NodeOf(CibXml("", sites, "", defaults("Dummy")), 0), "");
  EXPECT_EQ(NodeOf(CibXml("", sites, "", defaults("Stateful")), 0), "node1");
}

TEST(NvSetRulesTest, ClusterOptionsBootstrapSetFirstThenRules) {
  const std::string sites =
      "<instance_attributes id=\"n1\"><nvpair id=\"n1e\" name=\"site\" "
      "value=\"east\"/></instance_attributes>";
  auto option_set = [](const std::string& end) {
    return "<cluster_property_set id=\"later\" score=\"5\"><rule id=\"cr\"><date_expression "
           "id=\"cd\" operation=\"lt\" end=\"" +
           end +
           "\"/></rule><nvpair id=\"c1\" name=\"stonith-enabled\" value=\"true\"/><nvpair "
           "id=\"c2\" name=\"symmetric-cluster\" value=\"false\"/></cluster_property_set>";
  };
  // The scored set holds until 2030; the bootstrap set's stonith-enabled wins regardless
  // (before: rules were ignored, the later set read as always holding).
  Cib cib = ParseCib(CibXml(option_set("2030-01-01"), sites), "<test>").value().cib;
  EXPECT_EQ(SchedulerOption(cib.configuration, "symmetric-cluster", At("2024-06-01")), "false");
  EXPECT_EQ(SchedulerOption(cib.configuration, "symmetric-cluster", At("2031-06-01")),
            std::nullopt);
  EXPECT_EQ(SchedulerOption(cib.configuration, "fencing-enabled", At("2024-06-01")), "false");
}

TEST(NvSetRulesTest, ANodeExpressionWhereNoNodeIsKnownIsRefused) {
  // Before: accepted and its rule ignored (the first set won: site=west on node1 always).
  const std::string sets =
      "<instance_attributes id=\"n1u\"><rule id=\"n1ur\"><expression id=\"n1ue\" "
      "attribute=\"#uname\" operation=\"eq\" value=\"nodeX\"/></rule><nvpair id=\"n1w\" "
      "name=\"site\" value=\"west\"/></instance_attributes>";
  auto t = Plan(CibXml("", sets), 0);
  ASSERT_FALSE(t.has_value());
  ASSERT_EQ(t.error().size(), 1u);
  EXPECT_EQ(t.error()[0].message,
            "not supported: a node attribute expression in the rule of a node's "
            "<instance_attributes> (read without a node) (id n1ue)");
}

TEST(NvSetRulesTest, ValueSourceOutsideALocationRuleIsRefused) {
  // Before: accepted and the value compared as written.
  const std::string meta =
      "<instance_attributes id=\"ai\"><rule id=\"air\"><expression id=\"aie\" "
      "attribute=\"site\" operation=\"eq\" value=\"zone\" value-source=\"param\"/></rule>"
      "<nvpair id=\"aiz\" name=\"zone\" value=\"east\"/></instance_attributes>";
  auto t = Plan(CibXml("", "", meta), 0);
  ASSERT_FALSE(t.has_value());
  ASSERT_EQ(t.error().size(), 1u);
  EXPECT_EQ(t.error()[0].message,
            "not supported: value-source in the rule of <instance_attributes> (only a location "
            "constraint's rule has a resource to read) (id aie)");
}

TEST(NvSetRulesTest, RefusedInMetaAndDefaultsAndOptionsButNotInstanceAttributes) {
  auto parsed = ParseCib(
      "<cib validate-with=\"pacemaker-3.0\"><configuration><crm_config><cluster_property_set "
      "id=\"c\"><rule id=\"cr\" role=\"Started\"><expression id=\"ce\" attribute=\"x\" "
      "operation=\"defined\"/></rule></cluster_property_set></crm_config><nodes/><resources>"
      "<primitive id=\"a\" class=\"ocf\" provider=\"pacemaker\" type=\"Dummy\">"
      "<instance_attributes id=\"ai\"><rule id=\"air\"><expression id=\"aie\" "
      "attribute=\"#uname\" operation=\"eq\" value=\"n\"/></rule></instance_attributes>"
      "<meta_attributes id=\"am\"><rule id=\"amr\"><rule id=\"amr2\"><expression id=\"ame\" "
      "attribute=\"x\" operation=\"defined\"/></rule></rule></meta_attributes></primitive>"
      "</resources><constraints/><op_defaults><meta_attributes id=\"od\"><rule id=\"odr\" "
      "boolean-op=\"or\"><op_expression id=\"odo\" name=\"monitor\"/><expression id=\"ode\" "
      "attribute=\"x\" operation=\"defined\"/></rule></meta_attributes></op_defaults>"
      "</configuration></cib>",
      "cib.xml");
  ASSERT_TRUE(parsed.has_value()) << JoinErrors(parsed.error());
  Errors errors =
      NvSetRuleRefusals(parsed->cib.configuration, [](const std::string& id, int) { return id; });
  std::vector<std::string> messages;
  for (const Error& e : errors) messages.push_back(e.message);
  EXPECT_EQ(messages,
            (std::vector<std::string>{
                "not supported: role on the rule of <cluster_property_set> (id cr)",
                "not supported: a node attribute expression in the rule of "
                "<cluster_property_set> (read without a node) (id ce)",
                "not supported: a node attribute expression in the rule of <op_defaults> (read "
                "without a node) (id ode)",
                "not supported: a node attribute expression in the rule of <meta_attributes> "
                "(read without a node) (id ame)"}));
}

TEST(NvSetRulesTest, ARunningClusterRefusesDateRulesAndOptionRules) {
  const std::string meta =
      "<meta_attributes id=\"am\"><rule id=\"amr\"><date_expression id=\"amd\" operation=\"lt\" "
      "end=\"2025-01-01\"/></rule><nvpair id=\"amt\" name=\"target-role\" "
      "value=\"Stopped\"/></meta_attributes>";
  const std::string option =
      "<cluster_property_set id=\"later\"><rule id=\"cr\"><date_expression id=\"cd\" "
      "operation=\"lt\" end=\"2025-01-01\"/></rule></cluster_property_set>";
  Cib cib = ParseCib(CibXml(option, "", meta), "<test>").value().cib;
  std::vector<std::string> messages;
  for (const Error& e : LiveClusterRefusals(cib.configuration)) messages.push_back(e.message);
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[0],
            "not supported: a rule in <cluster_property_set> in a running cluster (id later): "
            "the daemon reads its options without rules; crm simulate only");
  EXPECT_EQ(messages[1],
            "not supported: date rules in a running cluster (id am): the controller does not "
            "re-run the scheduler when their time comes; crm simulate only");
}

// start-delay was accepted and ignored: the executor runs an operation when asked.
TEST(NvSetRulesTest, ARunningClusterRefusesStartDelay) {
  const std::string ops =
      "<operations><op id=\"a-mon\" name=\"monitor\" interval=\"10s\" "
      "start-delay=\"5s\"/></operations>";
  Cib cib = ParseCib(CibXml("", "", ops), "<test>").value().cib;
  std::vector<std::string> messages;
  for (const Error& e : LiveClusterRefusals(cib.configuration)) messages.push_back(e.message);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0],
            "not supported: start-delay in a running cluster (op a-mon of a): the executor "
            "would run it at once");
  EXPECT_EQ(NodeOf(CibXml("", "", ops), 0), "node2");  // crm simulate still plans it
}

// shutdown-lock is planned by crm simulate; nothing in the controller records a lock.
TEST(NvSetRulesTest, ARunningClusterRefusesShutdownLock) {
  const std::string option =
      "<cluster_property_set id=\"lock\"><nvpair id=\"lk\" name=\"shutdown-lock\" "
      "value=\"true\"/></cluster_property_set>";
  Cib cib = ParseCib(CibXml(option, ""), "<test>").value().cib;
  std::vector<std::string> messages;
  for (const Error& e : LiveClusterRefusals(cib.configuration)) messages.push_back(e.message);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0],
            "not supported: shutdown-lock=true in a running cluster: the controller does not "
            "lock resources to a node that shuts down; crm simulate only");
  EXPECT_EQ(NodeOf(CibXml(option, ""), 0), "node2");
}

TEST(NvSetRulesTest, DefaultUnsetsAMetaAttributeAndARunningClusterRefusesIt) {
  // a's own "#default" leaves target-role to rsc_defaults (Stopped): a stays stopped.
  const std::string meta =
      "<meta_attributes id=\"am\"><nvpair id=\"amt\" name=\"target-role\" "
      "value=\"#default\"/></meta_attributes>";
  const std::string defaults =
      "<meta_attributes id=\"rd\"><nvpair id=\"rdt\" name=\"target-role\" "
      "value=\"Stopped\"/></meta_attributes>";
  EXPECT_EQ(NodeOf(CibXml("", "", meta, defaults), 0), "");
  // A later set that says "#default" drops what an earlier one set.
  const std::string dropped =
      "<meta_attributes id=\"a1\" score=\"2\"><nvpair id=\"a1t\" name=\"target-role\" "
      "value=\"Stopped\"/></meta_attributes><meta_attributes id=\"a2\" score=\"1\"><nvpair "
      "id=\"a2t\" name=\"target-role\" value=\"#DEFAULT\"/></meta_attributes>";
  EXPECT_EQ(NodeOf(CibXml("", "", dropped), 0), "node2");
  Cib cib = ParseCib(CibXml("", "", meta), "<test>").value().cib;
  std::vector<std::string> messages;
  for (const Error& e : LiveClusterRefusals(cib.configuration)) messages.push_back(e.message);
  EXPECT_EQ(messages, (std::vector<std::string>{
                          "not supported: meta attribute 'target-role' = '#default' in a running "
                          "cluster: crm simulate only"}));
}

TEST(NvSetRulesTest, OpExpressionMatchesNameAndInterval) {
  Rule rule;
  rule.op_expressions.push_back(OpExpression{"o", "monitor", "10s", 0});
  Primitive p;
  RuleInput input{.rsc = &p, .op = RuleInput::Op{"monitor", 10000}};
  EXPECT_TRUE(RuleMatches(rule, input));
  input.op = RuleInput::Op{"monitor", 20000};
  EXPECT_FALSE(RuleMatches(rule, input));
  input.op = RuleInput::Op{"start", 10000};
  EXPECT_FALSE(RuleMatches(rule, input));
  rule.op_expressions[0].interval.clear();
  input.op = RuleInput::Op{"monitor", 20000};
  EXPECT_TRUE(RuleMatches(rule, input));
  input.op.reset();
  EXPECT_FALSE(RuleMatches(rule, input));
}

}  // namespace
}  // namespace keel
