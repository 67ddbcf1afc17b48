#include "crmd/cib/dc_status.h"

#include <gtest/gtest.h>

#include "crmd/cib/cib_document.h"

namespace keel {
namespace {

XmlNode Cib(std::string_view text) {
  auto parsed = ParseXml(text, "test");
  EXPECT_TRUE(parsed.has_value());
  return parsed ? *parsed : XmlNode{};
}

XmlNode History(std::string_view target) {
  XmlNode history;
  history.name = "fencing-history";
  history.AddChild("fence_record").SetAttr("target", target);
  return history;
}

TEST(ReplaceFenceHistoryTest, ReplacesTheHistoryInPlaceAndCountsAnUpdate) {
  XmlNode cib = Cib(
      "<cib admin_epoch=\"0\" epoch=\"3\" num_updates=\"7\"><configuration/><status>"
      "<node_state id=\"1\"/><fencing-history><fence_record target=\"n2\"/></fencing-history>"
      "</status></cib>");
  ReplaceFenceHistory(cib, History("n3"));
  EXPECT_EQ(cib.AttrOr("num_updates"), "8");
  EXPECT_EQ(cib.AttrOr("epoch"), "3");
  const XmlNode* status = cib.Child("status");
  ASSERT_NE(status, nullptr);
  ASSERT_EQ(status->children.size(), 2u);
  EXPECT_EQ(status->children[0].name, "node_state");
  EXPECT_EQ(FindFenceHistory(cib)->children.at(0).AttrOr("target"), "n3");
}

TEST(ReplaceFenceHistoryTest, AddsTheHistoryAndTheStatusWhenMissing) {
  XmlNode cib = Cib("<cib admin_epoch=\"0\" epoch=\"1\" num_updates=\"0\"><configuration/></cib>");
  ReplaceFenceHistory(cib, History("n1"));
  ASSERT_NE(FindFenceHistory(cib), nullptr);
  EXPECT_EQ(FindFenceHistory(cib)->children.at(0).AttrOr("target"), "n1");
  EXPECT_EQ(cib.AttrOr("num_updates"), "1");
}

}  // namespace
}  // namespace keel
