#include "crmd/scheduler/location_targets.h"

#include <gtest/gtest.h>

namespace keel {
namespace {

Primitive Dummy(std::string id) {
  Primitive p;
  p.id = std::move(id);
  p.resource_class = "ocf";
  p.provider = "heartbeat";
  p.type = "Dummy";
  return p;
}

NvSet Set(std::string id, std::vector<std::pair<std::string, std::string>> pairs) {
  NvSet set;
  set.id = std::move(id);
  for (auto& [name, value] : pairs) set.pairs.push_back(NvPair{set.id + "-" + name, name, value});
  return set;
}

Configuration Config() {
  Configuration config;
  Primitive web = Dummy("svc-web");
  web.instance_attributes.push_back(Set("web-params", {{"zone", "z2"}}));
  config.resources.push_back(web);
  config.resources.push_back(Dummy("other"));
  Group g;
  g.id = "g";
  Primitive inner = Dummy("svc-in");
  inner.meta_attributes.push_back(Set("in-meta", {{"rack", "r1"}}));
  g.primitives.push_back(inner);
  config.resources.push_back(g);
  config.rsc_defaults.push_back(Set("defaults", {{"rack", "r9"}, {"team", "t1"}}));
  return config;
}

LocationConstraint PatternLocation(std::string pattern, std::string attribute) {
  LocationConstraint loc;
  loc.id = "l";
  loc.rsc_pattern = std::move(pattern);
  Rule rule;
  rule.id = "r";
  rule.score_attribute = "s-%1";
  Expression e;
  e.attribute = std::move(attribute);
  e.value = "%1";
  rule.expressions.push_back(e);
  loc.rules.push_back(rule);
  return loc;
}

TEST(LocationTargetsTest, PatternSelectsTopLevelResourcesAndFillsSubmatches) {
  auto members = ExpandRscPattern(PatternLocation("^svc-(.*)$", "%1"), Config());
  ASSERT_EQ(members.size(), 1u);  // svc-in is inside group g
  EXPECT_EQ(members[0].rsc, "svc-web");
  EXPECT_TRUE(members[0].rsc_pattern.empty());
  EXPECT_EQ(members[0].rules[0].score_attribute, "s-web");
  EXPECT_EQ(members[0].rules[0].expressions[0].attribute, "web");
  EXPECT_EQ(members[0].rules[0].expressions[0].value, "%1");  // values stay as written
}

TEST(LocationTargetsTest, InvertedPatternSelectsTheOthersWithoutSubmatches) {
  auto members = ExpandRscPattern(PatternLocation("!svc", "%1"), Config());
  ASSERT_EQ(members.size(), 2u);
  EXPECT_EQ(members[0].rsc, "other");
  EXPECT_EQ(members[1].rsc, "g");
  EXPECT_EQ(members[1].rules[0].score_attribute, "s-%1");
}

LocationConstraint SourcedLocation(std::string rsc, std::string source, std::string value) {
  LocationConstraint loc;
  loc.id = "l";
  loc.rsc = std::move(rsc);
  Rule rule;
  Expression e;
  e.attribute = "a";
  e.value = std::move(value);
  e.value_source = std::move(source);
  rule.expressions.push_back(e);
  loc.rules.push_back(rule);
  return loc;
}

// Whether the location's rule holds on a node whose attribute "a" is `node_value`.
bool HoldsWhereAIs(const Configuration& config, const LocationConstraint& loc,
                   std::string node_value) {
  EXPECT_TRUE(UsesValueSource(loc));
  auto values = ValueSourcesOf(config, loc.rsc);
  NodeAttributes attrs{{"#uname", "n1"}, {"a", std::move(node_value)}};
  return LocationRuleMatches(loc.rules[0], attrs, std::nullopt, values ? &*values : nullptr);
}

TEST(LocationTargetsTest, ValueSourceReadsTheResourcesParamOrMetaThenRscDefaults) {
  const Configuration config = Config();
  EXPECT_TRUE(HoldsWhereAIs(config, SourcedLocation("svc-web", "param", "zone"), "z2"));
  EXPECT_FALSE(HoldsWhereAIs(config, SourcedLocation("svc-web", "param", "zone"), "zone"));
  EXPECT_TRUE(HoldsWhereAIs(config, SourcedLocation("svc-in", "meta", "rack"), "r1"));
  EXPECT_TRUE(HoldsWhereAIs(config, SourcedLocation("svc-in", "meta", "team"), "t1"));
  // Absent on the resource: eq holds only where the node lacks the attribute too.
  EXPECT_FALSE(HoldsWhereAIs(config, SourcedLocation("svc-web", "param", "rack"), "r1"));
  EXPECT_FALSE(ValueSourcesOf(config, "missing"));
}

TEST(LocationTargetsTest, ParamWithANodeRuleIsReadOnTheNodeTheRuleIsEvaluatedFor) {
  Configuration config = Config();
  NvSet on_n1 = Set("web-on-n1", {{"zone", "z1"}});
  on_n1.score = Score(20);
  Rule where;
  where.id = "where";
  Expression uname;
  uname.attribute = "#uname";
  uname.value = "n1";
  where.expressions.push_back(uname);
  on_n1.rule = where;
  std::get<Primitive>(config.resources[0]).instance_attributes.push_back(on_n1);
  EXPECT_TRUE(HoldsWhereAIs(config, SourcedLocation("svc-web", "param", "zone"), "z1"));
  EXPECT_FALSE(HoldsWhereAIs(config, SourcedLocation("svc-web", "param", "zone"), "z2"));
}

}  // namespace
}  // namespace keel
