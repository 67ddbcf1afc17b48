#include "cli/held_back.h"

#include <gtest/gtest.h>

namespace keel {
namespace {

XmlNode Cib() {
  auto root = ParseXml(R"(<cib><configuration><resources><primitive id="a"/></resources>
    <constraints><rsc_colocation id="c1"><resource_set id="s1"><resource_ref id="a"/></resource_set>
    </rsc_colocation><rsc_order id="o1" first="a" then="a"/></constraints></configuration></cib>)",
                       "t.xml");
  EXPECT_TRUE(root.has_value());
  return *root;
}

TEST(HeldBack, TheWholeObjectContainingTheNamedElementIsSetAsideAndPutBack) {
  XmlNode cib = Cib();
  const XmlNode original = cib;
  Errors errors{{ErrorCode::kNotSupported, "not supported: resource sets", "t.xml:2 (s1)"}};
  auto held = SetAsideUnsupported(cib, errors);
  ASSERT_TRUE(held.has_value());
  ASSERT_EQ(held->size(), 1u);
  EXPECT_EQ((*held)[0].id, "c1");
  EXPECT_EQ((*held)[0].section, "constraints");
  const XmlNode* constraints = cib.Child("configuration")->Child("constraints");
  ASSERT_EQ(constraints->children.size(), 1u);
  EXPECT_EQ(constraints->children[0].AttrOr("id"), "o1");
  PutBack(cib, *held);
  EXPECT_EQ(cib.Child("configuration")->Child("constraints")->children.size(), 2u);
  EXPECT_NE(cib, original) << "put back at the end of its section";
}

// #19 point 2: a date rule from crmsh ('location l c rule 100: date gt 2026-01-01') also makes
// its rule look empty; that error goes with the object set aside.
TEST(HeldBack, AnErrorInsideAnObjectSetAsideGoesWithIt) {
  auto root = ParseXml(R"(<cib><configuration><resources><primitive id="c"/></resources>
    <constraints><rsc_location id="l1" rsc="c"><rule id="r1" score="100">
    <date_expression id="d1" operation="gt" start="2026-01-01"/></rule></rsc_location>
    <rsc_order id="o1" first="c" then="c"/></constraints></configuration></cib>)",
                       "t.xml");
  ASSERT_TRUE(root.has_value());
  XmlNode cib = *root;
  Errors errors{{ErrorCode::kInvalid, "<rule> has no expressions", "t.xml:3 (r1)"},
                {ErrorCode::kNotSupported, "not supported: date_expression", "t.xml:4 (d1)"}};
  auto held = SetAsideUnsupported(cib, errors);
  ASSERT_TRUE(held.has_value());
  ASSERT_EQ(held->size(), 1u);
  EXPECT_EQ((*held)[0].id, "l1");
  EXPECT_EQ((*held)[0].reason.message, "not supported: date_expression");
  // Alone, or about an element outside what is set aside, such an error still refuses.
  XmlNode again = *root;
  EXPECT_FALSE(SetAsideUnsupported(again, {errors[0]}).has_value());
  EXPECT_FALSE(
      SetAsideUnsupported(again, {errors[1], {ErrorCode::kInvalid, "bad", "o1"}}).has_value());
  EXPECT_EQ(again, *root);
}

TEST(HeldBack, OnlyNotSupportedErrorsThatNameAnElementThere) {
  XmlNode cib = Cib();
  const XmlNode original = cib;
  EXPECT_FALSE(SetAsideUnsupported(cib, {{ErrorCode::kInvalid, "bad", "c1"}}).has_value());
  EXPECT_FALSE(SetAsideUnsupported(cib, {{ErrorCode::kNotSupported, "x", "nosuch"}}).has_value());
  EXPECT_FALSE(SetAsideUnsupported(cib, {{ErrorCode::kNotSupported, "x", ""}}).has_value());
  EXPECT_FALSE(SetAsideUnsupported(cib, {}).has_value());
  EXPECT_EQ(cib, original);
  EXPECT_EQ(ErrorId(Error{ErrorCode::kNotSupported, "", "CIB:9 (set1)"}), "set1");
  EXPECT_EQ(ErrorId(Error{ErrorCode::kNotSupported, "", "set1"}), "set1");
  EXPECT_EQ(ErrorId(Error{ErrorCode::kNotSupported, "", "cib.xml:3"}), "");
}

}  // namespace
}  // namespace keel
