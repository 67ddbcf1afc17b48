#include "xml/xml_node.h"

#include <gtest/gtest.h>

namespace keel {
namespace {

// 33,000 elements at 16 nodes x 1,000 resources: each 8 bytes cost a quarter MB.
TEST(XmlNodeTest, AnElementIsSeventyTwoBytes) { EXPECT_LE(sizeof(XmlNode), 72u); }

TEST(XmlNodeTest, ParsesElementsAttributesAndLines) {
  auto root = ParseXml("<a x=\"1\">\n  <!-- note -->\n  <b y=\"&lt;&amp;\"/>text\n  <c/>\n</a>", "f");
  ASSERT_TRUE(root.has_value());
  EXPECT_EQ(root->name, "a");
  EXPECT_EQ(root->AttrOr("x"), "1");
  ASSERT_EQ(root->children.size(), 2u);
  EXPECT_EQ(root->children[0].AttrOr("y"), "<&");
  EXPECT_EQ(root->children[0].line, 3);
  EXPECT_EQ(root->children[1].line, 4);
  EXPECT_EQ(root->Child("c"), &root->children[1]);
  EXPECT_EQ(root->Child("d"), nullptr);
}

TEST(XmlNodeTest, SerializeEscapesAndReparses) {
  XmlNode node;
  node.name = "n";
  node.SetAttr("v", "a\"b<c>&\nd\te");
  node.AddChild("k").SetAttr("z", "1");
  std::string text = SerializeXml(node);
  EXPECT_EQ(text, "<n v=\"a&quot;b&lt;c&gt;&amp;&#10;d&#9;e\">\n  <k z=\"1\"/>\n</n>\n");
  auto again = ParseXml(text, "f");
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(*again, node);
  EXPECT_EQ(SerializeXml(node, false), "<n v=\"a&quot;b&lt;c&gt;&amp;&#10;d&#9;e\"><k z=\"1\"/></n>");
}

TEST(XmlNodeTest, SerializeReservesExactlyWhatItWrites) {
  XmlNode node;
  node.name = "cib";
  node.SetAttr("epoch", "1");
  XmlNode& child = node.AddChild("nvpair");
  child.SetAttr("value", "a&b<c>d\"e\nf\rg\th");
  child.AddChild("empty");
  node.AddChild(std::string(40, 'x')).SetAttr(std::string(30, 'y'), std::string(1000, 'z'));
  for (bool pretty : {true, false}) {
    const std::string text = SerializeXml(node, pretty);
    EXPECT_EQ(text.capacity(), text.size()) << text;  // reserved to the byte, never regrown
  }
}

TEST(XmlNodeTest, SetAndRemoveAttributes) {
  XmlNode node;
  node.SetAttr("a", "1");
  node.SetAttr("a", "2");
  EXPECT_EQ(node.attributes.size(), 1u);
  EXPECT_EQ(node.AttrOr("a"), "2");
  EXPECT_TRUE(node.RemoveAttr("a"));
  EXPECT_FALSE(node.RemoveAttr("a"));
  EXPECT_EQ(node.AttrOr("a", "none"), "none");
}

TEST(XmlNodeTest, ErrorsNameTheLine) {
  EXPECT_EQ(ParseXml("<a>\n<b>\n</a>", "f").error().ToString(),
            "f:2: not well-formed XML: <b> is not closed (found </a> on line 3)");
  EXPECT_EQ(ParseXml("", "f").error().ToString(), "f:1: not well-formed XML: empty document");
  EXPECT_EQ(ParseXml("<!-- only a comment -->", "f").error().ToString(),
            "f:1: not well-formed XML: no root element");
}

}  // namespace
}  // namespace keel

namespace keel {
namespace {

TEST(XmlParseTest, SkipsPrologDoctypeCommentsCdataAndText) {
  auto root = ParseXml(
      "\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!DOCTYPE resource-agent SYSTEM \"ra-api-1.dtd\" "
      "[<!ENTITY x \"y\">]>\n<!-- c -->\n<a>\n<b><![CDATA[ <not> & markup ]]>t &x; &#65;</b>"
      "<?pi x?><c/>\n</a>\n<!-- after -->\n",
      "f");
  ASSERT_TRUE(root.has_value()) << root.error().ToString();
  EXPECT_EQ(root->name, "a");
  EXPECT_EQ(root->line, 4);
  ASSERT_EQ(root->children.size(), 2u);
  EXPECT_EQ(root->children[1].name, "c");
  EXPECT_EQ(root->children[1].line, 5);
}

TEST(XmlParseTest, DecodesAndNormalizesAttributeValues) {
  auto root = ParseXml("<a x='it&apos;s \"q\"' y=\"1&#10;2&#x41;\n3\t4\" z=\"&#x1F600;\"/>", "f");
  ASSERT_TRUE(root.has_value()) << root.error().ToString();
  EXPECT_EQ(root->AttrOr("x"), "it's \"q\"");
  EXPECT_EQ(root->AttrOr("y"), "1\n2A 3 4");  // references kept, literal whitespace -> spaces
  EXPECT_EQ(root->AttrOr("z"), "\xF0\x9F\x98\x80");
}

TEST(XmlParseTest, RefusesWhatIsNotWellFormed) {
  for (const char* bad :
       {"<a", "<a b>", "<a b=c/>", "<a b='1' b='2'/>", "<a></b>", "<1a/>", "<a>&bad</a>",
        "<a x='&#xD800;'/>", "<a/><b/>", "text", "<a><!x></a>", "<a x='\x01'/>", "<a>\x02</a>",
        "<a x='&#99999999;'/>", "<a><?></a>", "<?>x<a/>", "<a><? x?></a>"}) {
    EXPECT_FALSE(ParseXml(bad, "f").has_value()) << bad;
  }
}

}  // namespace
}  // namespace keel

namespace keel {
namespace {

TEST(XmlParseTest, RepeatedAttributesAreFoundAmongMany) {
  std::string many = "<a";
  for (int i = 0; i < 1000; ++i) many += " a" + std::to_string(i) + "=\"" + std::to_string(i) + "\"";
  auto ok = ParseXml(many + "/>", "f");
  ASSERT_TRUE(ok.has_value()) << ok.error().ToString();
  EXPECT_EQ(ok->attributes.size(), 1000u);
  EXPECT_EQ(ok->Attr("a999"), "999");
  for (int repeat : {3, 15, 16, 500}) {
    auto bad = ParseXml(many + " a" + std::to_string(repeat) + "=\"x\"/>", "f");
    ASSERT_FALSE(bad.has_value());
    EXPECT_EQ(bad.error().message,
              "not well-formed XML: attribute 'a" + std::to_string(repeat) + "' repeated");
  }
  std::string few = "<a";
  for (int i = 0; i < 15; ++i) few += " b" + std::to_string(i) + "=\"\"";
  EXPECT_FALSE(ParseXml(few + " b14=\"\"/>", "f").has_value());
  EXPECT_FALSE(ParseXml(few + " b0=\"\"/>", "f").has_value());
  EXPECT_TRUE(ParseXml(few + " b15=\"\" b16=\"\"/><!-- -->", "f").has_value());
}

}  // namespace
}  // namespace keel
