#include "xml/xml_attributes.h"

#include <gtest/gtest.h>

#include <vector>

namespace keel {
namespace {

std::vector<XmlAttributeView> All(const XmlAttributes& attrs) {
  return {attrs.begin(), attrs.end()};
}

TEST(XmlAttributesTest, KeepsOrderAndFindsByName) {
  XmlAttributes attrs{{"id", "d1_last_0"}, {"operation", "monitor"}, {"rc-code", "7"}};
  EXPECT_EQ(attrs.size(), 3u);
  EXPECT_EQ(All(attrs), (std::vector<XmlAttributeView>{
                            {"id", "d1_last_0"}, {"operation", "monitor"}, {"rc-code", "7"}}));
  EXPECT_EQ(attrs.Find("operation"), "monitor");
  EXPECT_EQ(attrs.Find("oper"), std::nullopt);
  EXPECT_EQ(attrs.Find(""), std::nullopt);
}

// The CIB's common names take one byte, found by length: names of one length, the first and
// last of the table, and names that only share a length with one.
TEST(XmlAttributesTest, CommonNamesAreOneByte) {
  for (std::string_view name : {"id", "operation_key", "transition-magic", "transition-key",
                                "exit-reason", "last-rc-change", "op-restart-digest", "id-ref",
                                "type", "role", "node", "join", "kind"}) {
    SCOPED_TRACE(name);
    EXPECT_EQ(XmlAttributes::EncodedSize(name, "v"), 3u);
    XmlAttributes attrs{{"x", "1"}, {name, "v"}};
    EXPECT_EQ(attrs.Find(name), "v");
  }
  for (std::string_view name : {"ids", "i", "node2", "transition_magic", "Type"}) {
    SCOPED_TRACE(name);
    EXPECT_EQ(XmlAttributes::EncodedSize(name, "v"), name.size() + 3);
    XmlAttributes attrs{{"x", "1"}, {name, "v"}};
    EXPECT_EQ(attrs.Find(name), "v");
  }
}

TEST(XmlAttributesTest, SetReplacesInPlaceOrAppends) {
  XmlAttributes attrs{{"a", "1"}, {"b", "22"}, {"c", "3"}};
  attrs.Set("b", "33");                   // same length
  attrs.Set("a", "");                     // shorter
  attrs.Set("c", std::string(300, 'x'));  // longer, a two-byte length
  attrs.Set("d", "4");
  EXPECT_EQ(attrs.size(), 4u);
  EXPECT_EQ(All(attrs), (std::vector<XmlAttributeView>{
                            {"a", ""}, {"b", "33"}, {"c", std::string(300, 'x')}, {"d", "4"}}));
  attrs.Set("c", "back");
  EXPECT_EQ(attrs.Find("c"), "back");
  EXPECT_EQ(attrs.Find("d"), "4");
}

TEST(XmlAttributesTest, RemoveKeepsTheOthers) {
  XmlAttributes attrs{{"a", "1"}, {"b", std::string(200, 'y')}, {"c", "3"}};
  EXPECT_TRUE(attrs.Remove("b"));
  EXPECT_FALSE(attrs.Remove("b"));
  EXPECT_EQ(attrs.size(), 2u);
  EXPECT_EQ(All(attrs), (std::vector<XmlAttributeView>{{"a", "1"}, {"c", "3"}}));
  attrs.Clear();
  EXPECT_TRUE(attrs.empty());
  EXPECT_EQ(attrs.begin(), attrs.end());
}

TEST(XmlAttributesTest, LongNamesAndValuesRoundTrip) {
  const std::string name(70'000, 'n');
  const std::string value(1'000'000, 'v');
  XmlAttributes attrs;
  attrs.Append(name, value);
  attrs.Append("x", "");
  EXPECT_EQ(attrs.Find(name), value);
  EXPECT_EQ(attrs.Find("x"), "");
  EXPECT_EQ(All(attrs).size(), 2u);
}

TEST(XmlAttributesTest, EqualityMeansSameAttributesInSameOrder) {
  XmlAttributes ab{{"a", "1"}, {"b", "2"}};
  XmlAttributes ba{{"b", "2"}, {"a", "1"}};
  XmlAttributes built;
  built.Set("a", "x");
  built.Set("b", "2");
  built.Set("a", "1");
  EXPECT_NE(ab, ba);
  EXPECT_EQ(ab, built);
}

}  // namespace
}  // namespace keel
