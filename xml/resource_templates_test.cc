#include "xml/resource_templates.h"

#include <gtest/gtest.h>

namespace keel {
namespace {

NvSet Set(std::string id, std::string name, std::string value) {
  return NvSet{id, std::nullopt, std::nullopt, {NvPair{id + "-p", name, value, 0}}, 0};
}

Operation Op(std::string id, std::string name, int64_t interval_ms) {
  Operation op;
  op.id = std::move(id);
  op.name = std::move(name);
  op.interval_ms = interval_ms;
  return op;
}

Configuration WithOneTemplate() {
  Configuration config;
  Primitive tmpl;
  tmpl.id = "t";
  tmpl.resource_class = "ocf";
  tmpl.provider = "heartbeat";
  tmpl.type = "Dummy";
  tmpl.meta_attributes = {Set("t-meta", "target-role", "Stopped")};
  tmpl.instance_attributes = {Set("t-ia", "state", "/t")};
  tmpl.operations = {Op("t-mon", "monitor", 10000), Op("t-start", "start", 0)};
  config.templates = {tmpl};
  Primitive a;
  a.id = "a";
  a.template_id = "t";
  a.meta_attributes = {Set("a-meta", "target-role", "Started")};
  a.operations = {Op("a-mon", "monitor", 10000)};
  Primitive b;
  b.id = "b";
  b.template_id = "t";
  Group g;
  g.id = "g";
  g.primitives = {b};
  config.resources = {a, g};
  TicketConstraint ticket;
  ticket.id = "tk";
  ticket.ticket = "T";
  ticket.rsc = "t";
  config.tickets = {ticket};
  return config;
}

TEST(ResourceTemplatesTest, OwnValuesAndOpsOverrideTheTemplates) {
  const Configuration config = WithOneTemplate();
  const Primitive a = WithTemplate(std::get<Primitive>(config.resources[0]), config.templates[0]);
  EXPECT_EQ(a.resource_class, "ocf");
  EXPECT_EQ(a.type, "Dummy");
  EXPECT_TRUE(a.template_id.empty());
  EXPECT_EQ(FindNvValue(a.meta_attributes, "target-role"), "Started");
  EXPECT_EQ(FindNvValue(a.instance_attributes, "state"), "/t");
  ASSERT_EQ(a.operations.size(), 2u);
  EXPECT_EQ(a.operations[0].id, "t-start");
  EXPECT_EQ(a.operations[1].id, "a-mon");
}

TEST(ResourceTemplatesTest, ExpansionMakesTheTemplateATagAndTicketsPerPrimitive) {
  const Configuration out = WithTemplatesExpanded(WithOneTemplate());
  EXPECT_TRUE(out.templates.empty());
  const Group& g = std::get<Group>(out.resources[1]);
  EXPECT_EQ(g.primitives[0].type, "Dummy");
  EXPECT_EQ(FindNvValue(g.primitives[0].meta_attributes, "target-role"), "Stopped");
  ASSERT_EQ(out.tags.size(), 1u);
  EXPECT_EQ(out.tags[0].id, "t");
  EXPECT_EQ(out.tags[0].refs, (std::vector<std::string>{"a", "b"}));
  ASSERT_EQ(out.tickets.size(), 2u);
  EXPECT_EQ(out.tickets[0].rsc, "a");
  EXPECT_EQ(out.tickets[1].rsc, "b");
}

}  // namespace
}  // namespace keel
