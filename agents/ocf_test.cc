#include "agents/ocf.h"

#include <gtest/gtest.h>

#include "agents/meta_data.h"

namespace keel {
namespace {

TEST(OcfParams, EmptyValueCountsAsUnset) {
  OcfParams params(std::map<std::string, std::string>{{"a", ""}, {"b", "x"}});
  EXPECT_FALSE(params.Has("a"));
  EXPECT_EQ(params.Get("a", "def"), "def");
  EXPECT_EQ(params.Get("b"), "x");
}

TEST(OcfParams, WithDefaultsFillsOnlyUnset) {
  AgentDescription spec;
  spec.params = {{"a", "", "", "string", "1"}, {"b", "", "", "string", "2"}};
  OcfParams params = OcfParams(std::map<std::string, std::string>{{"a", "9"}}).WithDefaults(spec);
  EXPECT_EQ(params.Get("a"), "9");
  EXPECT_EQ(params.Get("b"), "2");
}

TEST(OcfParams, ReadsEnvironmentWithoutMeta) {
  setenv("OCF_RESKEY_keeltest_x", "1.2.3.4; touch /tmp/x", 1);
  setenv("OCF_RESKEY_CRM_meta_timeout", "20000", 1);
  OcfParams params = OcfParams::FromEnvironment();
  EXPECT_EQ(params.Get("keeltest_x"), "1.2.3.4; touch /tmp/x");
  EXPECT_FALSE(params.Has("CRM_meta_timeout"));
  unsetenv("OCF_RESKEY_keeltest_x");
  unsetenv("OCF_RESKEY_CRM_meta_timeout");
}

TEST(ParseParams, Integers) {
  EXPECT_EQ(*ParseIntParam("n", "42", 0, 100), 42);
  EXPECT_EQ(ParseIntParam("n", "101", 0, 100).error().where, "n");
  EXPECT_FALSE(ParseIntParam("n", "4x", 0, 100).has_value());
  EXPECT_FALSE(ParseIntParam("n", "", 0, 100).has_value());
}

TEST(ParseParams, Booleans) {
  EXPECT_TRUE(*ParseBoolParam("b", "yes"));
  EXPECT_FALSE(*ParseBoolParam("b", "0"));
  EXPECT_FALSE(ParseBoolParam("b", "maybe").has_value());
}

TEST(ParseParams, Durations) {
  EXPECT_EQ(*ParseDurationParam("d", "3", 0, 100000), 3000);
  EXPECT_EQ(*ParseDurationParam("d", "250ms", 0, 100000), 250);
  EXPECT_EQ(*ParseDurationParam("d", "2min", 0, 1000000), 120000);
  EXPECT_FALSE(ParseDurationParam("d", "5 s", 0, 100000).has_value());
  EXPECT_FALSE(ParseDurationParam("d", "0", 1, 100000).has_value());
}

TEST(Instance, Sanitized) {
  EXPECT_EQ(SanitizeInstance("vip:0/x y"), "vip_0_x_y");
  EXPECT_EQ(SanitizeInstance(""), "default");
}

TEST(MetaData, RendersParametersAndActions) {
  AgentDescription spec;
  spec.name = "T";
  spec.shortdesc = "short <&>";
  spec.longdesc = "long";
  spec.params = {{"ip", "IP", "The \"ip\"", "string", "", true, true},
                 {"n", "N", "count", "integer", "5"}};
  spec.actions = {{"start", "20s", ""}, {"monitor", "20s", "10s"}};
  std::string xml = RenderMetaData(spec);
  EXPECT_NE(xml.find("<!DOCTYPE resource-agent SYSTEM \"ra-api-1.dtd\">"), std::string::npos);
  EXPECT_NE(xml.find("<shortdesc lang=\"en\">short &lt;&amp;&gt;</shortdesc>"), std::string::npos);
  EXPECT_NE(xml.find("<parameter name=\"ip\" required=\"1\" unique=\"1\">"), std::string::npos);
  EXPECT_NE(xml.find("The &quot;ip&quot;"), std::string::npos);
  EXPECT_NE(xml.find("<content type=\"integer\" default=\"5\"/>"), std::string::npos);
  EXPECT_NE(xml.find("<action name=\"monitor\" timeout=\"20s\" interval=\"10s\"/>"),
            std::string::npos);
}

}  // namespace
}  // namespace keel
