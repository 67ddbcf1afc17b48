#include "crmd/cib/cib_model.h"

#include <gtest/gtest.h>

#include "crmd/cib/cib_member.h"
#include "crmd/election/election.h"
#include "crmd/protocol/bus_messages.h"
#include "tests/fakes/test_cluster.h"

namespace keel {
namespace {

// A CIB with these primitives and a node_state of node 1 with a transient attribute and one
// operation in its history.
std::string CibWith(const std::vector<std::string>& ids, const std::string& version) {
  std::string v = version;
  std::string admin = v.substr(0, v.find('.'));
  v = v.substr(v.find('.') + 1);
  std::string epoch = v.substr(0, v.find('.'));
  std::string xml = "<cib admin_epoch=\"" + admin + "\" epoch=\"" + epoch +
                    "\" num_updates=\"0\"><configuration><crm_config/><nodes/><resources>";
  for (const std::string& id : ids) {
    xml += "<primitive id=\"" + id + "\" class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\"/>";
  }
  return xml +
         "</resources><constraints/></configuration><status><node_state id=\"1\" uname=\"n1\">"
         "<transient_attributes id=\"1\"><instance_attributes id=\"status-1\"><nvpair "
         "id=\"status-1-x\" name=\"x\" value=\"1\"/></instance_attributes></transient_attributes>"
         "<lrm id=\"1\"><lrm_resources><lrm_resource id=\"a\" class=\"ocf\" provider=\"heartbeat\" "
         "type=\"Dummy\"><lrm_rsc_op id=\"a_last_0\" operation=\"start\" call-id=\"1\" "
         "rc-code=\"0\" "
         "op-status=\"0\" interval=\"0\"/></lrm_resource></lrm_resources></lrm></node_state>"
         "</status></cib>";
}

std::vector<std::string> Primitives(const Cib& cib) {
  std::vector<std::string> ids;
  for (const Resource& r : cib.configuration.resources) {
    if (const auto* p = std::get_if<Primitive>(&r)) ids.push_back(p->id);
  }
  return ids;
}

std::vector<std::string> ModelPrimitives(CibModel& model, const CibMember& member) {
  auto cib = model.Get(member.cib(), member.config_generation(), member.generation());
  EXPECT_TRUE(cib.has_value());
  return cib ? Primitives(**cib) : std::vector<std::string>{};
}

TEST(CibModel, KeepsTheNodeStatesWithoutTheirHistory) {
  auto xml = ParseCibDocument(CibWith({"a"}, "0.1.0"), "test");
  ASSERT_TRUE(xml.has_value());
  CibModel model;
  auto cib = model.Get(*xml, 0, 0);
  ASSERT_TRUE(cib.has_value());
  ASSERT_EQ((*cib)->status.node_states.size(), 1u);
  const NodeState& state = (*cib)->status.node_states[0];
  EXPECT_EQ(state.uname, "n1");
  ASSERT_EQ(state.transient_attributes.size(), 1u);
  EXPECT_EQ(state.transient_attributes[0].pairs.at(0).value, "1");
  EXPECT_TRUE(state.lrm_resources.empty());
}

TEST(CibModel, ParsesTheConfigurationOncePerGenerationAndTheStatusOnEveryChange) {
  auto a = ParseCibDocument(CibWith({"a"}, "0.1.0"), "test");
  auto b = ParseCibDocument(CibWith({"b"}, "0.1.0"), "test");
  ASSERT_TRUE(a && b);
  XmlNode changed_status = *a;
  changed_status.children[1].children[0].children[0].children[0].children[0].SetAttr("value", "2");
  CibModel model;
  ASSERT_TRUE(model.Get(*a, 0, 0).has_value());
  auto same = model.Get(changed_status, 0, 1);
  ASSERT_TRUE(same.has_value());
  EXPECT_EQ(model.config_parses(), 1);
  EXPECT_EQ((*same)->status.node_states[0].transient_attributes[0].pairs[0].value, "2");
  auto other = model.Get(*b, 1, 2);
  ASSERT_TRUE(other.has_value());
  EXPECT_EQ(model.config_parses(), 2);
  EXPECT_EQ(Primitives(**other), std::vector<std::string>{"b"});
}

TEST(CibModel, SeesACommittedConfigurationChange) {
  TestCluster cluster(3, nullptr);
  for (NodeId id : {1u, 2u, 3u}) cluster.Start(id);
  cluster.Run();
  CibModel model;
  EXPECT_TRUE(ModelPrimitives(model, cluster.member(2)).empty());
  cluster.node(1).core->RequestCommit(1, CibWith({"r1"}, "0.0.0"), std::nullopt);
  cluster.Run();
  EXPECT_EQ(ModelPrimitives(model, cluster.member(2)), std::vector<std::string>{"r1"});
}

// After a partition, a sync may bring another configuration under the same version.
TEST(CibModel, SeesASyncThatReplacesTheConfigurationAtTheSameVersion) {
  auto mine = ParseCibDocument(CibWith({"mine"}, "0.5.0"), "test");
  ASSERT_TRUE(mine.has_value());
  CibMember member(2, *mine, nullptr, [](NodeId id) { return "n" + std::to_string(id); });
  CibModel model;
  std::vector<NodeId> members{1, 2};
  Effects fx = member.OnMembership(members);
  ASSERT_EQ(fx.sends.size(), 1u);
  std::string list = FormatNodeList(members);
  member.OnDeliver(1, Encode(AnnounceMessage{list, "0.5.0", kProtocolVersion, ""}));
  member.OnDeliver(2, fx.sends[0]);
  EXPECT_EQ(ModelPrimitives(model, member), std::vector<std::string>{"mine"});
  member.OnDeliver(1, Encode(SyncMessage{list, CibWith({"theirs"}, "0.5.0")}));
  ASSERT_FALSE(member.syncing());
  EXPECT_EQ(member.version().epoch, 5);
  EXPECT_EQ(ModelPrimitives(model, member), std::vector<std::string>{"theirs"});
}

std::vector<std::string> NodeNames(const Cib& cib) {
  std::vector<std::string> names;
  for (const Node& n : cib.configuration.nodes) names.push_back(n.uname);
  return names;
}

// The DC's members missing from <nodes> are added for its plan and gone for everyone else;
// the configuration is not parsed again for them.
TEST(CibModel, AddsUnlistedNodesForOneCallOnly) {
  std::string text = CibWith({"a"}, "0.1.0");
  text.replace(text.find("<nodes/>"), 8, R"(<nodes><node id="1" uname="n1"/></nodes>)");
  auto xml = ParseCibDocument(text, "test");
  ASSERT_TRUE(xml.has_value());
  CibModel model;
  const std::vector<Node> unlisted{Node{"2", "n2", "member", {}, {}, 0},
                                   Node{"3", "n3", "member", {}, {}, 0}};
  auto with = model.Get(*xml, 0, 0, unlisted);
  ASSERT_TRUE(with.has_value());
  EXPECT_EQ(NodeNames(**with), (std::vector<std::string>{"n1", "n2", "n3"}));
  auto without = model.Get(*xml, 0, 1);
  ASSERT_TRUE(without.has_value());
  EXPECT_EQ(NodeNames(**without), std::vector<std::string>{"n1"});
  auto again = model.Get(*xml, 0, 1, std::span(unlisted).first(1));
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(NodeNames(**again), (std::vector<std::string>{"n1", "n2"}));
  EXPECT_EQ(model.config_parses(), 1);
}

}  // namespace
}  // namespace keel
