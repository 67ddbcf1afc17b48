#include "xml/xml_name.h"

#include <gtest/gtest.h>

#include <sstream>
#include <utility>

namespace keel {
namespace {

TEST(XmlName, HoldsCommonAndOtherNames) {
  for (std::string_view text : {"lrm_rsc_op", "cib", "my-own_element", "x", "lrm_rsc_o"}) {
    XmlName name(text);
    EXPECT_EQ(name.view(), text);
    EXPECT_EQ(name.size(), text.size());
    EXPECT_FALSE(name.empty());
  }
  XmlName empty;
  EXPECT_TRUE(empty.empty());
  EXPECT_EQ(empty.view(), "");
  EXPECT_TRUE(XmlName("").empty());
  std::string long_name(70'000, 'a');
  EXPECT_EQ(XmlName(long_name).view(), long_name);
}

TEST(XmlName, CopiesMovesAndAssigns) {
  XmlName a("custom_name");
  XmlName b = a;
  EXPECT_EQ(b, a);
  XmlName c = std::move(a);
  EXPECT_EQ(c.view(), "custom_name");
  b = "node_state";
  EXPECT_EQ(b.view(), "node_state");
  b = c;
  EXPECT_EQ(b.view(), "custom_name");
  b = b.view();  // a view of itself
  EXPECT_EQ(b.view(), "custom_name");
  b = std::string("another");
  EXPECT_EQ(b.view(), "another");
  b = "";
  EXPECT_TRUE(b.empty());
  c = XmlName("primitive");
  EXPECT_EQ(c.view(), "primitive");
}

TEST(XmlName, ComparesAndJoinsLikeText) {
  XmlName name("nvpair");
  std::string text = "nvpair";
  std::string_view view = text;
  EXPECT_TRUE(name == "nvpair");
  EXPECT_TRUE(name == text);
  EXPECT_TRUE(text == name);
  EXPECT_TRUE(name == view);
  EXPECT_FALSE(name == "nvpai");
  EXPECT_TRUE(name != XmlName("op"));
  EXPECT_LT(XmlName("abc"), XmlName("abd"));
  EXPECT_EQ("<" + name + ">", "<nvpair>");
  EXPECT_EQ(name + "/x", "nvpair/x");
  EXPECT_EQ(text + name, "nvpairnvpair");
  std::ostringstream out;
  out << name;
  EXPECT_EQ(out.str(), "nvpair");
  EXPECT_EQ(name.str(), "nvpair");
}

}  // namespace
}  // namespace keel
