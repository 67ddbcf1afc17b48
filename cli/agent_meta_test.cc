#include "cli/agent_meta.h"

#include <gtest/gtest.h>

namespace keel {
namespace {

constexpr std::string_view kMetaData = R"(<?xml version="1.0"?>
<resource-agent name="Vip" version="1.0">
  <parameters>
    <parameter name="ip" unique="1" required="1"><content type="string"/></parameter>
    <parameter name="cidr_netmask"><content type="integer" default="32"/></parameter>
    <parameter name="arp"><content type="boolean"/></parameter>
  </parameters>
  <actions>
    <action name="start" timeout="20s"/>
    <action name="stop" timeout="20s"/>
    <action name="monitor" timeout="20s" interval="10s"/>
    <action name="meta-data" timeout="5s"/>
  </actions>
</resource-agent>)";

Primitive Vip(std::vector<NvPair> params, std::vector<Operation> ops = {}) {
  Primitive p;
  p.id = "vip";
  p.resource_class = "ocf";
  p.provider = "test";
  p.type = "Vip";
  NvSet set;
  set.id = "vip-params";
  set.pairs = std::move(params);
  p.instance_attributes.push_back(std::move(set));
  p.operations = std::move(ops);
  return p;
}

std::vector<std::string> Strings(const Errors& errors) {
  std::vector<std::string> out;
  for (const Error& e : errors) out.push_back(e.ToString());
  return out;
}

TEST(AgentMetaTest, ParsesParametersTypesAndActionTimeouts) {
  auto meta = ParseAgentMetaData(kMetaData, "ocf:test:Vip");
  ASSERT_TRUE(meta.has_value()) << meta.error().ToString();
  ASSERT_EQ(meta->parameters.size(), 3u);
  EXPECT_TRUE(meta->parameters[0].required);
  EXPECT_EQ(meta->parameters[1].type, "integer");
  ASSERT_EQ(meta->actions.size(), 4u);
  EXPECT_EQ(meta->actions[2].timeout_ms, 20000);
  EXPECT_FALSE(ParseAgentMetaData("", "ocf:test:Vip").has_value());
  EXPECT_FALSE(ParseAgentMetaData("<html/>", "ocf:test:Vip").has_value());
}

TEST(AgentMetaTest, UnknownMissingAndMistypedParametersAreErrors) {
  auto meta = ParseAgentMetaData(kMetaData, "ocf:test:Vip");
  ASSERT_TRUE(meta.has_value());
  NvPair ipp{"p1", "ipp", "1.2.3.4", 0}, mask{"p2", "cidr_netmask", "24x", 0},
      arp{"p3", "arp", "maybe", 0};
  AgentFindings found = CheckAgainstMetaData(Vip({ipp, mask, arp}), *meta, "ocf:test:Vip");
  EXPECT_EQ(Strings(found.errors),
            (std::vector<std::string>{
                "vip: parameter 'ipp' is not known by ocf:test:Vip",
                "vip: parameter 'cidr_netmask': '24x' is not an integer (ocf:test:Vip)",
                "vip: parameter 'arp': 'maybe' is not a boolean (ocf:test:Vip)",
                "vip: required parameter 'ip' of ocf:test:Vip is not set"}));
  EXPECT_TRUE(found.warnings.empty());
}

// Pacemaker's ping declares dampen an integer with the default "5s", and takes "1s": a type
// the agent's own default breaks is not checked; one it keeps still is.
TEST(AgentMetaTest, ATypeTheAgentsOwnDefaultBreaksIsNotChecked) {
  auto meta = ParseAgentMetaData(R"(<resource-agent name="ping"><parameters>
      <parameter name="dampen"><content type="integer" default="5s"/></parameter>
      <parameter name="attempts"><content type="integer" default="3"/></parameter>
      </parameters></resource-agent>)",
                                 "ocf:pacemaker:ping");
  ASSERT_TRUE(meta.has_value());
  NvPair dampen{"p1", "dampen", "1s", 0}, attempts{"p2", "attempts", "2x", 0};
  Primitive ping = Vip({dampen, attempts});
  AgentFindings found = CheckAgainstMetaData(ping, *meta, "ocf:pacemaker:ping");
  EXPECT_EQ(Strings(found.errors),
            (std::vector<std::string>{
                "vip: parameter 'attempts': '2x' is not an integer (ocf:pacemaker:ping)"}));
}

TEST(AgentMetaTest, AGoodPrimitiveHasNoFindings) {
  auto meta = ParseAgentMetaData(kMetaData, "ocf:test:Vip");
  ASSERT_TRUE(meta.has_value());
  Operation monitor;
  monitor.id = "vip-mon";
  monitor.name = "monitor";
  monitor.interval_ms = 10000;
  monitor.timeout_ms = 30000;
  AgentFindings found = CheckAgainstMetaData(
      Vip({{"p1", "ip", "198.18.0.10", 0}, {"p2", "cidr_netmask", "24", 0}, {"p3", "arp", "on", 0}},
          {monitor}),
      *meta, "ocf:test:Vip");
  EXPECT_TRUE(found.errors.empty()) << Strings(found.errors).front();
  EXPECT_TRUE(found.warnings.empty());
}

TEST(AgentMetaTest, OperationsTheAgentDoesNotListOrWithShortTimeoutsAreWarnings) {
  auto meta = ParseAgentMetaData(kMetaData, "ocf:test:Vip");
  ASSERT_TRUE(meta.has_value());
  Operation promote, start;
  promote.id = "vip-promote";
  promote.name = "promote";
  start.id = "vip-start";
  start.name = "start";
  start.timeout_ms = 5000;
  AgentFindings found =
      CheckAgainstMetaData(Vip({{"p1", "ip", "198.18.0.10", 0}}, {promote, start}), *meta,
                           "ocf:test:Vip");
  EXPECT_TRUE(found.errors.empty());
  EXPECT_EQ(Strings(found.warnings),
            (std::vector<std::string>{
                "vip-promote: operation 'promote' is not an action of ocf:test:Vip",
                "vip-start: timeout 5s of 'start' is below the 20s that ocf:test:Vip advises"}));
}

}  // namespace
}  // namespace keel
