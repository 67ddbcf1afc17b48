#include "crmd/cib/node_state_patch.h"

#include <gtest/gtest.h>

#include <string>

namespace keel {
namespace {

XmlNode Xml(const std::string& text) {
  auto x = ParseXml(text, "test");
  EXPECT_TRUE(x.has_value()) << text;
  return x.value_or(XmlNode{});
}

// A node_state with these lrm_resource bodies (each "<lrm_resource id=...>...</lrm_resource>").
XmlNode State(const std::string& attrs, const std::string& resources,
              const std::string& others = "") {
  return Xml("<node_state id=\"2\" " + attrs + ">" + others + "<lrm id=\"2\"><lrm_resources>" +
             resources + "</lrm_resources></lrm></node_state>");
}

std::string Rsc(const std::string& id, const std::string& op, int call) {
  return "<lrm_resource id=\"" + id + "\" type=\"Dummy\"><lrm_rsc_op id=\"" + id + "_" + op +
         "\" operation=\"" + op + "\" call-id=\"" + std::to_string(call) + "\"/></lrm_resource>";
}

TEST(NodeStatePatch, CarriesOnlyTheResourcesThatChangedAndRebuildsTheNewState) {
  std::string many;
  for (int i = 0; i < 50; ++i) many += Rsc("d" + std::to_string(i), "monitor_0", i);
  XmlNode before = State("crmd=\"online\"", many + Rsc("vip", "monitor_0", 60));
  XmlNode after = State("crmd=\"online\"", many + Rsc("vip", "start_0", 61));
  auto patch = DiffNodeState(before, after);
  ASSERT_TRUE(patch.has_value());
  const XmlNode* sent = patch->changed.Child("lrm")->Child("lrm_resources");
  ASSERT_EQ(sent->children.size(), 1u);
  EXPECT_EQ(sent->children[0].AttrOr("id"), "vip");
  EXPECT_TRUE(patch->removed.empty());
  EXPECT_LT(SerializeXml(patch->changed, false).size() * 20, SerializeXml(after, false).size());
  XmlNode held = before;
  ASSERT_TRUE(ApplyNodeStatePatch(held, *patch));
  EXPECT_EQ(held, after);
}

TEST(NodeStatePatch, AddsRemovesAndReplacesAttributesAndOtherChildren) {
  XmlNode before = State(
      "crmd=\"online\" expected=\"member\"", Rsc("a", "start_0", 1) + Rsc("b", "start_0", 2),
      "<transient_attributes id=\"2\"><instance_attributes id=\"s\"/></transient_attributes>");
  XmlNode after =
      State("crmd=\"online\" expected=\"down\"", Rsc("b", "start_0", 2) + Rsc("c", "start_0", 3),
            "<transient_attributes id=\"2\"><instance_attributes id=\"s\"><nvpair id=\"p\" "
            "name=\"pingd\" value=\"1\"/></instance_attributes></transient_attributes>");
  auto patch = DiffNodeState(before, after);
  ASSERT_TRUE(patch.has_value());
  EXPECT_EQ(patch->removed, std::vector<std::string>{"a"});
  XmlNode held = before;
  ASSERT_TRUE(ApplyNodeStatePatch(held, *patch));
  EXPECT_EQ(held, after);
  EXPECT_EQ(held.AttrOr("expected"), "down");
}

TEST(NodeStatePatch, NothingChangedIsAnEmptyPatch) {
  XmlNode state = State("crmd=\"online\"", Rsc("a", "start_0", 1));
  auto patch = DiffNodeState(state, state);
  ASSERT_TRUE(patch.has_value());
  EXPECT_TRUE(patch->changed.children.empty());
  XmlNode held = state;
  ASSERT_TRUE(ApplyNodeStatePatch(held, *patch));
  EXPECT_EQ(held, state);
}

TEST(NodeStatePatch, AShapeAPatchCannotSayIsSentWhole) {
  XmlNode plain = State("crmd=\"online\"", Rsc("a", "start_0", 1));
  XmlNode with_attrs =
      State("crmd=\"online\"", Rsc("a", "start_0", 1), "<transient_attributes id=\"2\"/>");
  EXPECT_FALSE(DiffNodeState(plain, with_attrs).has_value()) << "a child added";
  EXPECT_FALSE(DiffNodeState(with_attrs, plain).has_value()) << "a child removed";
  XmlNode no_lrm = Xml("<node_state id=\"2\"/>");
  EXPECT_FALSE(DiffNodeState(no_lrm, plain).has_value()) << "the first history";
  XmlNode twice = State("crmd=\"online\"", Rsc("a", "start_0", 1) + Rsc("a", "stop_0", 2));
  EXPECT_FALSE(DiffNodeState(plain, twice).has_value()) << "a repeated id";
}

TEST(NodeStatePatch, APatchThatDoesNotFitChangesNothing) {
  XmlNode before = State("crmd=\"online\"", Rsc("a", "start_0", 1));
  XmlNode after = State("crmd=\"offline\"", Rsc("a", "stop_0", 2));
  auto patch = DiffNodeState(before, after);
  ASSERT_TRUE(patch.has_value());
  XmlNode bare = Xml("<node_state id=\"2\" crmd=\"online\"/>");
  XmlNode held = bare;
  EXPECT_FALSE(ApplyNodeStatePatch(held, *patch));
  EXPECT_EQ(held, bare);
}

}  // namespace
}  // namespace keel
