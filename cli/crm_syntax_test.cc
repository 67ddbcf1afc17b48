#include "cli/crm_syntax.h"

#include <gtest/gtest.h>

#include "cli/crm_apply.h"
#include "cli/crm_writer.h"
#include "cli/model_compare.h"
#include "cli/suggest.h"
#include "xml/cib_parse.h"
#include "xml/cib_write.h"

namespace keel {
namespace {

Configuration Apply(std::string_view text, const Configuration& base = {}) {
  auto result = ApplyCrmText(base, text, ApplyMode::kCreate);
  EXPECT_TRUE(result.has_value()) << (result ? "" : JoinErrors(result.error()));
  return result ? result->config : Configuration{};
}

std::string FirstError(std::string_view text, const Configuration& base = {}) {
  auto result = ApplyCrmText(base, text, ApplyMode::kCreate);
  if (result) return "(no error)";
  return result.error().front().ToString();
}

TEST(CrmLexer, QuotesContinuationAndComments) {
  auto statements = LexCrm("# comment\nprimitive a \\\n  Dummy params x=\"a b\" y='c\"d'\n");
  ASSERT_TRUE(statements.has_value());
  ASSERT_EQ(statements->size(), 1u);
  const auto& t = (*statements)[0].tokens;
  ASSERT_EQ(t.size(), 6u);
  EXPECT_EQ(t[2].text, "Dummy");
  EXPECT_EQ(t[2].line, 3);
  EXPECT_EQ(t[4].text, "x=a b");
  EXPECT_EQ(t[5].text, "y=c\"d");
}

TEST(CrmLexer, UnterminatedQuoteNamesItsPosition) {
  auto statements = LexCrm("primitive a Dummy \\\n params x=\"oops\n");
  ASSERT_FALSE(statements.has_value());
  EXPECT_EQ(statements.error().where, "line 2:11");
  EXPECT_NE(statements.error().message.find("unterminated quote"), std::string::npos);
}

TEST(CrmLexer, HashInsideALineIsText) {
  auto statements = LexCrm("location l a rule 10: #uname eq n1");
  ASSERT_TRUE(statements.has_value());
  EXPECT_EQ((*statements)[0].tokens[5].text, "#uname");
}

TEST(CrmParse, PrimitiveWithGeneratedIds) {
  Configuration c = Apply(
      "primitive vip ocf:keel:IPaddr params ip=198.18.0.10 cidr_netmask=24 "
      "meta target-role=Started op monitor interval=10s timeout=20s op start timeout=30");
  ASSERT_EQ(c.resources.size(), 1u);
  const auto& p = std::get<Primitive>(c.resources[0]);
  EXPECT_EQ(p.resource_class, "ocf");
  EXPECT_EQ(p.provider, "keel");
  EXPECT_EQ(p.type, "IPaddr");
  ASSERT_EQ(p.instance_attributes.size(), 1u);
  EXPECT_EQ(p.instance_attributes[0].id, "vip-instance_attributes");
  EXPECT_EQ(p.instance_attributes[0].pairs[0].id, "vip-instance_attributes-ip");
  EXPECT_EQ(p.meta_attributes[0].pairs[0].id, "vip-meta_attributes-target-role");
  ASSERT_EQ(p.operations.size(), 2u);
  EXPECT_EQ(p.operations[0].id, "vip-monitor-10s");
  EXPECT_EQ(p.operations[0].interval_ms, 10000);
  EXPECT_EQ(p.operations[0].timeout_ms, 20000);
  EXPECT_EQ(p.operations[1].id, "vip-start-0");
  EXPECT_EQ(p.operations[1].timeout_ms, 30000);
}

TEST(CrmParse, GroupMovesPrimitivesInPlace) {
  Configuration c = Apply("primitive a Dummy\nprimitive x Dummy\nprimitive b Dummy\ngroup g a b");
  ASSERT_EQ(c.resources.size(), 2u);
  const auto& g = std::get<Group>(c.resources[0]);
  ASSERT_EQ(g.primitives.size(), 2u);
  EXPECT_EQ(g.primitives[1].id, "b");
  EXPECT_EQ(ResourceId(c.resources[1]), "x");
}

TEST(CrmParse, GroupBeforeItsMembersInOneText) {
  Configuration c = Apply("group g a\nprimitive a Dummy");
  ASSERT_EQ(c.resources.size(), 1u);
  EXPECT_EQ(std::get<Group>(c.resources[0]).primitives[0].id, "a");
}

TEST(CrmParse, LocationRuleWithTypesAndOr) {
  Configuration c = Apply(
      "primitive a Dummy\n"
      "location l a rule -inf: #uname string:eq n1 or pingd number:lt 1 or not_defined pingd");
  ASSERT_EQ(c.locations.size(), 1u);
  const Rule& r = c.locations[0].rules[0];
  EXPECT_EQ(r.id, "l-rule");
  EXPECT_EQ(r.score, Score::MinusInfinity());
  EXPECT_EQ(r.boolean_op, BoolOp::kOr);
  ASSERT_EQ(r.expressions.size(), 3u);
  EXPECT_EQ(r.expressions[0].type, ExprType::kString);
  EXPECT_EQ(r.expressions[1].op, ExprOp::kLt);
  EXPECT_EQ(r.expressions[1].id, "l-rule-expression-1");
  EXPECT_EQ(r.expressions[2].op, ExprOp::kNotDefined);
}

TEST(CrmParse, ScoreAttributeRule) {
  Configuration c = Apply("primitive a Dummy\nlocation l a rule pingd: defined pingd");
  EXPECT_EQ(c.locations[0].rules[0].score_attribute, "pingd");
  EXPECT_FALSE(c.locations[0].rules[0].score.has_value());
}

TEST(CrmParse, ColocationAndOrderWithRolesAndActions) {
  Configuration c = Apply(
      "primitive a Dummy\nprimitive b Dummy\n"
      "colocation c1 inf: a:Started b\norder o1 Optional: a:start b:stop symmetrical=false\n"
      "order o2 0: a b");
  EXPECT_EQ(c.colocations[0].rsc_role, "Started");
  EXPECT_EQ(c.colocations[0].score, Score::Infinity());
  EXPECT_EQ(c.orders[0].kind, OrderKind::kOptional);
  EXPECT_EQ(c.orders[0].then_action, "stop");
  EXPECT_EQ(c.orders[0].symmetrical, false);
  EXPECT_EQ(c.orders[1].score, Score(0));
  EXPECT_EQ(c.orders[1].EffectiveKind(), OrderKind::kOptional);
}

TEST(CrmParse, PropertiesMergeIntoOneSet) {
  Configuration c = Apply(
      "property stonith-enabled=false\nproperty no-quorum-policy=ignore "
      "stonith-enabled=true");
  ASSERT_EQ(c.crm_config.size(), 1u);
  EXPECT_EQ(c.crm_config[0].id, "cib-bootstrap-options");
  ASSERT_EQ(c.crm_config[0].pairs.size(), 2u);
  EXPECT_EQ(c.crm_config[0].pairs[0].value, "true");
  EXPECT_EQ(c.crm_config[0].pairs[1].id, "cib-bootstrap-options-no-quorum-policy");
}

TEST(CrmErrors, UnknownCommandSuggests) {
  EXPECT_EQ(FirstError("colocaton c inf: a b"),
            "line 1:1: unknown command 'colocaton', did you mean 'colocation'?");
}

TEST(CrmErrors, UnknownKeywordAndOperatorSuggest) {
  EXPECT_EQ(FirstError("primitive a Dummy parms x=1"),
            "line 1:19: unknown keyword 'parms', did you mean 'params'?");
  EXPECT_EQ(FirstError("primitive a Dummy\nlocation l a rule 1: x eqq 2"),
            "line 2:24: unknown operator 'eqq', did you mean 'eq'?");
}

TEST(CrmErrors, MissingReferenceAndDuplicates) {
  EXPECT_EQ(FirstError("primitive alpha Dummy\ncolocation c inf: alpah alpha"),
            "line 2:1: unknown resource 'alpah', did you mean 'alpha'?");
  EXPECT_EQ(FirstError("primitive a Dummy\nprimitive a Dummy"),
            "line 2:1: duplicate id 'a': already defined as a primitive");
  EXPECT_EQ(FirstError("primitive a Dummy\norder a Mandatory: a a"),
            "line 2:1: duplicate id 'a': already defined as a primitive");
}

TEST(CrmErrors, ABadScoreIsNamedOnce) {
  EXPECT_EQ(FirstError("primitive a Dummy\nlocation l a abc: node1"),
            "line 2:14: bad score 'abc': expected an integer or [+-]INFINITY");
}

TEST(CrmErrors, UnsupportedObjects) {
  EXPECT_EQ(FirstError("primitive a Dummy\nprimitive b Dummy\nrsc_ticket t T: a b"),
            "line 3:19: not supported: rsc_ticket with several resources");
  EXPECT_EQ(FirstError("primitive a Dummy\nprimitive b Dummy\nprimitive c Dummy\n"
                       "location x ( a b ) inf: node1"),
            "line 4:12: not supported: resource sets in location");
}

TEST(CrmErrors, ResourceSetsNameTheirMistake) {
  const std::string abc = "primitive a Dummy\nprimitive b Dummy\nprimitive c Dummy\n";
  EXPECT_EQ(FirstError(abc + "order o Mandatory: a ( b c"), "line 4:27: expected ')'");
  EXPECT_EQ(FirstError(abc + "colocation x inf: a (b c)"),
            "line 4:21: put spaces around brackets in '(b'");
  EXPECT_EQ(FirstError(abc + "order o Mandatory: a ( b c ] "), "line 4:28: unexpected ']'");
  EXPECT_EQ(FirstError(abc + "order o Mandatory: a ( b:start c:stop )"),
            "line 4:32: every member of a bracketed set needs the same action");
}

TEST(CrmErrors, EveryStatementIsReported) {
  auto result = ApplyCrmText({}, "primitve a Dummy\ngroup\n", ApplyMode::kCreate);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().size(), 2u);
}

TEST(CrmApply, DeleteRemovesDanglingConstraints) {
  Configuration c = Apply(
      "node n1\nprimitive a Dummy\nprimitive b Dummy\ngroup g a b\n"
      "location l g 10: n1\ncolocation c inf: a b");
  auto result = ApplyCrmText(c, "delete a", ApplyMode::kCreate);
  ASSERT_TRUE(result.has_value());
  EXPECT_TRUE(result->config.colocations.empty());
  EXPECT_EQ(result->config.locations.size(), 1u);
  EXPECT_EQ(std::get<Group>(result->config.resources[0]).primitives.size(), 1u);
  EXPECT_EQ(FirstError("delete nosuch", c), "line 1:8: unknown id 'nosuch'");
}

TEST(CrmApply, UpdateReplacesAndCreateRefuses) {
  Configuration c = Apply("primitive a Dummy params x=1");
  auto update = ApplyCrmText(c, "primitive a Dummy params x=2", ApplyMode::kUpdate);
  ASSERT_TRUE(update.has_value());
  EXPECT_EQ(std::get<Primitive>(update->config.resources[0]).instance_attributes[0].pairs[0].value,
            "2");
  EXPECT_FALSE(ApplyCrmText(c, "primitive a Dummy params x=2", ApplyMode::kCreate).has_value());
}

TEST(CrmApply, TicketsNameOneResourceAndGoWithIt) {
  Configuration c = Apply("primitive a Dummy\nrsc_ticket t T: a:Promoted loss-policy=demote");
  ASSERT_EQ(c.tickets.size(), 1u);
  EXPECT_EQ(c.tickets[0].ticket, "T");
  EXPECT_EQ(c.tickets[0].rsc, "a");
  EXPECT_EQ(c.tickets[0].rsc_role, "Promoted");
  EXPECT_EQ(c.tickets[0].loss_policy, TicketLossPolicy::kDemote);
  EXPECT_EQ(FirstError("rsc_ticket t T: ghost"), "line 1:1: unknown resource 'ghost'");
  EXPECT_EQ(FirstError("primitive a Dummy\nrsc_ticket t T: a loss-policy=panic"),
            "line 2:19: unknown loss-policy 'panic'");
  EXPECT_EQ(FirstError("primitive a Dummy\nrsc_ticket t T a"),
            "line 2:14: expected TICKET: (e.g. ticketA:), not 'T'");
  auto result = ApplyCrmText(c, "delete a", ApplyMode::kCreate);
  ASSERT_TRUE(result.has_value());
  EXPECT_TRUE(result->config.tickets.empty());
  auto shown = WriteCrmObject(c, "t");
  ASSERT_TRUE(shown.has_value());
  EXPECT_EQ(*shown, "rsc_ticket t T: a:Promoted loss-policy=demote\n");
}

TEST(CrmWriter, RoundTripOfAMixedConfiguration) {
  Configuration c = Apply(R"(node n1 attributes standby=off
node 2: n2
primitive a ocf:heartbeat:Dummy description="first one" params state="/tmp/a b" \
    op monitor interval=10 timeout=20s OCF_CHECK_LEVEL=10 op start timeout=1min
primitive b lsb:haproxy meta is-managed=false
primitive c stonith:fence_dummy
group g a b meta target-role=Stopped
clone cl c meta clone-max=2
location l1 g 100: n1
location l2 g rule $id=custom $role=Started 50: #uname eq n2 and x gte 3 rule -inf: not_defined y
colocation co -100: g:Started cl
order o Serialize: cl g:start
rsc_ticket t1 ticketA: cl
rsc_ticket t2 ticketB: a:Started loss-policy=freeze
fencing_topology n1: c n2: c,c
property $id=extra maintenance-mode=false
rsc_defaults resource-stickiness=100
op_defaults timeout=30s
)");
  auto text = WriteCrm(c);
  ASSERT_TRUE(text.has_value()) << JoinErrors(text.error());
  Configuration again = Apply(*text);
  EXPECT_TRUE(WithoutLines(again) == WithoutLines(c)) << *text;
  auto text2 = WriteCrm(again);
  ASSERT_TRUE(text2.has_value());
  EXPECT_EQ(*text2, *text);
}

TEST(CrmWriter, UtilizationOfNodesAndPrimitivesRoundTrips) {
  const std::string text =
      "node n1 utilization cpu=8 memory=4096\n"
      "primitive vm ocf:heartbeat:Dummy utilization cpu=2 memory=512 op monitor interval=10s\n"
      "property placement-strategy=balanced\n";
  Configuration c = Apply(text);
  ASSERT_EQ(c.nodes.size(), 1u);
  EXPECT_EQ(FindNvValue(c.nodes[0].utilization, "cpu"), "8");
  EXPECT_EQ(FindNvValue(c.nodes[0].utilization, "memory"), "4096");
  const auto& p = std::get<Primitive>(c.resources.at(0));
  EXPECT_EQ(FindNvValue(p.utilization, "cpu"), "2");
  EXPECT_EQ(FindNvValue(p.utilization, "memory"), "512");
  auto written = WriteCrm(c);
  ASSERT_TRUE(written.has_value()) << JoinErrors(written.error());
  EXPECT_NE(written->find("utilization cpu=8 memory=4096"), std::string::npos) << *written;
  EXPECT_NE(written->find("utilization cpu=2 memory=512"), std::string::npos) << *written;
  Configuration again = Apply(*written);
  EXPECT_TRUE(WithoutLines(again) == WithoutLines(c)) << *written;
}

// #15: a location by /REGEX/ is rsc-pattern; it names no resource, so none need exist.
TEST(CrmWriter, LocationByPatternRoundTrips) {
  const std::string text =
      "node node1\n"
      "location by-name /^svc-(.*)$/ rule 100: %1 eq yes\n"
      "location others /!svc/ 50: node1\n";
  Configuration c = Apply(text);
  ASSERT_EQ(c.locations.size(), 2u);
  EXPECT_EQ(c.locations[0].rsc_pattern, "^svc-(.*)$");
  EXPECT_TRUE(c.locations[0].rsc.empty());
  EXPECT_EQ(c.locations[1].rsc_pattern, "!svc");
  auto written = WriteCrm(c);
  ASSERT_TRUE(written.has_value()) << JoinErrors(written.error());
  EXPECT_NE(written->find("location others /!svc/ 50: node1"), std::string::npos) << *written;
  Configuration again = Apply(*written);
  EXPECT_TRUE(WithoutLines(again) == WithoutLines(c)) << *written;
  EXPECT_EQ(FirstError("location bad /a[/ 10: node1"),
            "line 1:14: rsc-pattern 'a[': Invalid regular expression");
}

// #19: an operator's "interval=60s" is shown and written as typed, not respelled "1min".
TEST(CrmWriter, DurationsKeepTheOperatorsSpelling) {
  const std::string text =
      "primitive a ocf:heartbeat:Dummy op monitor interval=60s timeout=120s start-delay=3600s "
      "op start interval=0s timeout=1min\n";
  Configuration c = Apply(text);
  auto shown = WriteCrm(c);
  ASSERT_TRUE(shown.has_value()) << JoinErrors(shown.error());
  EXPECT_NE(shown->find("op monitor interval=60s timeout=120s start-delay=3600s"),
            std::string::npos)
      << *shown;
  EXPECT_NE(shown->find("op start interval=0s timeout=1min"), std::string::npos) << *shown;
  EXPECT_EQ(shown->find("$id="), std::string::npos) << "generated ids need no $id: " << *shown;
  Cib cib;
  cib.configuration = c;
  std::string xml = SerializeCib(cib);
  EXPECT_NE(xml.find(R"(interval="60s" timeout="120s" start-delay="3600s")"), std::string::npos)
      << xml;
  auto parsed = ParseCib(xml, "test");
  ASSERT_TRUE(parsed.has_value()) << JoinErrors(parsed.error());
  EXPECT_TRUE(WithoutLines(parsed->cib.configuration) == WithoutLines(c));
  auto again = WriteCrm(parsed->cib.configuration);
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(*again, *shown);
  // A value changed by code no longer matches its old spelling: the shortest one is written.
  std::get<Primitive>(c.resources[0]).operations[0].interval_ms = 90'000;
  auto changed = WriteCrm(c);
  ASSERT_TRUE(changed.has_value());
  EXPECT_NE(changed->find("interval=90s"), std::string::npos) << *changed;
}

// ms (and master) is the old spelling of a promotable clone: it becomes, and is shown as, a
// clone with meta promotable=true; a <master> element from a CIB is shown the same way.
TEST(CrmWriter, MsIsAPromotableClone) {
  auto applied =
      ApplyCrmText({}, "primitive a Dummy\nms m a meta promoted-max=2\n", ApplyMode::kCreate);
  ASSERT_TRUE(applied.has_value());
  // #19 point 8: defining one says what it became.
  EXPECT_EQ(applied->notes, (std::vector<std::string>{"ms m is a promotable clone: shown as "
                                                      "'clone m a meta promotable=true'"}));
  Configuration c = Apply("primitive a Dummy\nms m a meta promoted-max=2\n");
  ASSERT_EQ(c.resources.size(), 1u);
  const Clone& m = std::get<Clone>(c.resources[0]);
  EXPECT_FALSE(m.promotable_element);
  ASSERT_EQ(m.meta_attributes.size(), 1u);
  EXPECT_EQ(FindNvValue(m.meta_attributes, "promotable"), "true");
  EXPECT_EQ(FindNvValue(m.meta_attributes, "promoted-max"), "2");
  auto shown = WriteCrm(c);
  ASSERT_TRUE(shown.has_value()) << JoinErrors(shown.error());
  EXPECT_NE(shown->find("clone m a"), std::string::npos) << *shown;
  EXPECT_NE(shown->find("meta promoted-max=2 promotable=true"), std::string::npos) << *shown;
  Configuration again = Apply(*shown);
  EXPECT_TRUE(WithoutLines(again) == WithoutLines(c)) << *shown;

  Configuration master = Apply("primitive a Dummy\nmaster m a\n");
  ASSERT_EQ(master.resources.size(), 1u);
  EXPECT_EQ(FindNvValue(std::get<Clone>(master.resources[0]).meta_attributes, "promotable"),
            "true");
  // A <master> element (old schema) is shown as a clone with promotable=true.
  Clone& old = std::get<Clone>(master.resources[0]);
  old.meta_attributes.clear();
  old.promotable_element = true;
  auto from_cib = WriteCrm(master);
  ASSERT_TRUE(from_cib.has_value()) << JoinErrors(from_cib.error());
  EXPECT_NE(from_cib->find("clone m a"), std::string::npos) << *from_cib;
  EXPECT_NE(from_cib->find("meta promotable=true"), std::string::npos) << *from_cib;
}

TEST(CrmWriter, FencingTopologyByAttributeAndPattern) {
  Configuration c = Apply(
      "primitive f stonith:fence_dummy\nprimitive g stonith:fence_dummy\n"
      "fencing_topology attr:rack=1 f,g g pattern:^web-[0-9]+$ f\n");
  ASSERT_EQ(c.fencing_levels.size(), 3u);
  EXPECT_EQ(c.fencing_levels[0].target_attribute, "rack");
  EXPECT_EQ(c.fencing_levels[0].target_value, "1");
  EXPECT_EQ(c.fencing_levels[1].index, 2);
  EXPECT_EQ(c.fencing_levels[2].target_pattern, "^web-[0-9]+$");
  EXPECT_EQ(c.fencing_levels[2].id, "fencing-pattern__web-_0-9___-1");
  auto shown = WriteCrmObject(c, "fencing_topology");
  ASSERT_TRUE(shown.has_value());
  EXPECT_EQ(*shown, "fencing_topology \\\n\tattr:rack=1 f,g g \\\n\tpattern:^web-[0-9]+$ f\n");
  Configuration again =
      Apply("primitive f stonith:fence_dummy\nprimitive g stonith:fence_dummy\n" + *shown);
  EXPECT_TRUE(WithoutLines(again) == WithoutLines(c)) << *shown;
}

TEST(CrmErrors, FencingTargetsNameTheirMistake) {
  EXPECT_EQ(FirstError("primitive f stonith:fence_dummy\nfencing_topology pattern:n[1 f"),
            "line 2:18: not a valid regular expression 'n[1': Unexpected character within "
            "'[...]' in regular expression");
  EXPECT_EQ(FirstError("primitive f stonith:fence_dummy\nfencing_topology attr:rack f"),
            "line 2:18: expected attr:NAME=VALUE, not 'attr:rack'");
  EXPECT_EQ(FirstError("primitive f stonith:fence_dummy\nfencing_topology f"),
            "line 2:18: not supported: fencing levels without a target (write NODE:, "
            "attr:NAME=VALUE or pattern:REGEX before DEVICES)");
}

TEST(CrmWriter, TemplatesAndPrimitivesUsingThem) {
  const std::string text =
      "rsc_template web ocf:heartbeat:Dummy params state=/tmp/w meta target-role=Stopped "
      "op monitor interval=10s\nprimitive web1 @web params state=/tmp/w1\n"
      "location l1 web 100: n1\n";
  Configuration c = Apply("node n1\n" + text);
  ASSERT_EQ(c.templates.size(), 1u);
  EXPECT_EQ(c.templates[0].type, "Dummy");
  const Primitive& web1 = std::get<Primitive>(c.resources[0]);
  EXPECT_EQ(web1.template_id, "web");
  EXPECT_TRUE(web1.resource_class.empty());
  auto shown = WriteCrm(c);
  ASSERT_TRUE(shown.has_value()) << JoinErrors(shown.error());
  EXPECT_NE(shown->find("rsc_template web ocf:heartbeat:Dummy"), std::string::npos) << *shown;
  EXPECT_NE(shown->find("primitive web1 @web"), std::string::npos) << *shown;
  Configuration again = Apply(*shown);
  EXPECT_TRUE(WithoutLines(again) == WithoutLines(c)) << *shown;
  auto one = WriteCrmObject(c, "web");
  ASSERT_TRUE(one.has_value());
  EXPECT_TRUE(one->starts_with("rsc_template web ")) << *one;
  auto in_use = ApplyCrmText(c, "delete web", ApplyMode::kCreate);
  ASSERT_FALSE(in_use.has_value());
}

TEST(CrmErrors, TemplatesNameTheirMistake) {
  EXPECT_EQ(FirstError("primitive d4 @tpl"),
            "line 1:1: unknown rsc_template 'tpl' (define it first: rsc_template tpl AGENT ...)");
  EXPECT_EQ(FirstError("rsc_template t Dummy\nrsc_template u @t"),
            "line 2:16: a template cannot name a template");
}

TEST(CrmWriter, ShowOneObject) {
  Configuration c = Apply("primitive a Dummy\nprimitive b Dummy\ngroup g a b");
  auto text = WriteCrmObject(c, "g");
  ASSERT_TRUE(text.has_value());
  EXPECT_EQ(*text,
            "primitive a ocf:heartbeat:Dummy\nprimitive b ocf:heartbeat:Dummy\ngroup g a b\n");
  EXPECT_FALSE(WriteCrmObject(c, "zz").has_value());
}

TEST(Suggest, NearestWord) {
  EXPECT_EQ(EditDistance("colocaton", "colocation"), 1);
  EXPECT_EQ(EditDistance("ab", "ba"), 1);
  EXPECT_EQ(NearestWord("primtive", {"primitive", "group"}), "primitive");
  EXPECT_EQ(NearestWord("xyz", {"primitive", "group"}), "");
}

}  // namespace
}  // namespace keel

namespace keel {
namespace {

// crmsh's date expressions in a location rule: written back as typed (lt, gt, in with end
// or a duration, spec), and read again to the same model and the same XML.
TEST(CrmDates, RoundTripThroughShowAndXml) {
  const std::string text =
      "primitive a ocf:heartbeat:Dummy\n"
      "location l1 a rule 100: date gt 2026-01-01\n"
      "location l2 a rule -inf: #uname eq n1 and date lt \"2019-09-20 15:10:52 +00:00\"\n"
      "location l3 a rule 10: date in start=2026-01-31 end=2026-02-28T12:00Z\n"
      "location l4 a rule 10: date in start=2026-01-31 months=1 days=2\n"
      "location l5 a rule 20: date spec hours=9-16 weekdays=1-5 or #uname eq n2\n";
  Configuration c = Apply(text);
  ASSERT_EQ(c.locations.size(), 5u);
  const DateExpression& gt = c.locations[0].rules[0].date_expressions.at(0);
  EXPECT_EQ(gt.op, DateOp::kGt);
  EXPECT_EQ(gt.start, "2026-01-01");
  EXPECT_EQ(gt.id, "l1-rule-date_expression");
  const DateExpression& lt = c.locations[1].rules[0].date_expressions.at(0);
  EXPECT_EQ(lt.end, "2019-09-20 15:10:52 +00:00");
  EXPECT_EQ(lt.id, "l2-rule-date_expression") << "numbered apart from #uname eq n1";
  const DateExpression& in = c.locations[3].rules[0].date_expressions.at(0);
  ASSERT_TRUE(in.duration);
  EXPECT_EQ(in.duration->fields,
            (std::vector<std::pair<std::string, std::string>>{{"months", "1"}, {"days", "2"}}));
  const Rule& spec = c.locations[4].rules[0];
  EXPECT_EQ(spec.boolean_op, BoolOp::kOr);
  ASSERT_TRUE(spec.date_expressions.at(0).date_spec);
  auto shown = WriteCrm(c);
  ASSERT_TRUE(shown.has_value()) << JoinErrors(shown.error());
  EXPECT_NE(shown->find("rule 100: date gt 2026-01-01\n"), std::string::npos) << *shown;
  EXPECT_NE(shown->find("date lt \"2019-09-20 15:10:52 +00:00\""), std::string::npos) << *shown;
  EXPECT_NE(shown->find("date in start=2026-01-31 months=1 days=2"), std::string::npos) << *shown;
  EXPECT_NE(shown->find("rule 20: #uname eq n2 or date spec hours=9-16 weekdays=1-5"),
            std::string::npos)
      << *shown;
  Configuration again = Apply(*shown);
  EXPECT_TRUE(WithoutLines(again) == WithoutLines(c)) << *shown;
  Cib cib;
  cib.configuration = c;
  auto parsed = ParseCib(SerializeCib(cib), "test");
  ASSERT_TRUE(parsed.has_value()) << JoinErrors(parsed.error());
  EXPECT_TRUE(WithoutSourceLines(parsed->cib.configuration) == WithoutSourceLines(c));
}

TEST(CrmDates, BadDatesRangesAndDurationsNameTheToken) {
  const std::string a = "primitive a Dummy\n";
  EXPECT_EQ(FirstError(a + "location l a rule 1: date gt 2026-02-30"),
            "line 2:30: bad date '2026-02-30': no such day in the calendar");
  EXPECT_EQ(FirstError(a + "location l a rule 1: date spec hours=17-9"),
            "line 2:32: bad range '17-9' for hours: range ends before it starts");
  EXPECT_EQ(FirstError(a + "location l a rule 1: date in start=2026-01-01 weeks=1-2"),
            "line 2:47: bad duration '1-2' for weeks: expected a whole number");
  EXPECT_EQ(FirstError(a + "location l a rule 1: date in start=2026-01-01 end=2026-02-01 days=1"),
            "line 2:27: 'date in' takes end= or a duration, not both");
  EXPECT_EQ(FirstError(a + "location l a rule 1: date spec moon=4"),
            "line 2:32: not supported: moon");
  EXPECT_EQ(FirstError(a + "location l a rule 1: date between 1 2"),
            "line 2:27: unknown date operator 'between' (expected lt, gt, in or spec)");
}

}  // namespace
}  // namespace keel
