#include "xml/xml_chunked_write.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "xml/sha256.h"

namespace keel {
namespace {

std::vector<XmlNode> Trees() {
  std::vector<XmlNode> trees;
  trees.push_back(XmlNode{"empty", {}, {}, 0});
  XmlNode cib{"cib", {{"admin_epoch", "0"}, {"epoch", "7"}, {"num_updates", "12"}}, {}, 0};
  XmlNode& nvpair = cib.AddChild("configuration").AddChild("crm_config").AddChild("nvpair");
  nvpair.SetAttr("id", "opt");
  nvpair.SetAttr("value", "a&b<c>d\"e\nf\rg\th 'quoted' &amp; é");
  XmlNode& lrm = cib.AddChild("status").AddChild("node_state").AddChild("lrm");
  for (int i = 0; i < 50; ++i) {
    XmlNode& rsc = lrm.AddChild("lrm_resource");
    rsc.SetAttr("id", "r" + std::to_string(i));
    rsc.AddChild("lrm_rsc_op").SetAttr("call-id", std::to_string(i));
  }
  trees.push_back(cib);
  XmlNode big{"big", {}, {}, 0};
  big.AddChild(std::string(300, 'n')).SetAttr("v", std::string(70'000, '&'));  // > one piece
  trees.push_back(big);
  XmlNode deep{"d0", {}, {}, 0};
  XmlNode* at = &deep;
  for (int i = 1; i < 40; ++i) at = &at->AddChild("d" + std::to_string(i));
  trees.push_back(deep);
  return trees;
}

TEST(SerializeXmlChunkedTest, HandsOutExactlySerializeXmlsBytesInFullPieces) {
  for (const XmlNode& tree : Trees()) {
    for (bool pretty : {true, false}) {
      const std::string whole = SerializeXml(tree, pretty);
      for (std::size_t chunk : {1u, 2u, 3u, 7u, 64u, 4096u, 65536u, 1u << 20}) {
        std::vector<std::size_t> sizes;
        std::string joined;
        SerializeXmlChunked(tree, pretty, chunk, [&](std::string_view piece) {
          sizes.push_back(piece.size());
          joined.append(piece);
        });
        ASSERT_EQ(joined, whole) << tree.name << " " << pretty << " " << chunk;
        ASSERT_FALSE(sizes.empty());
        for (std::size_t i = 0; i + 1 < sizes.size(); ++i) ASSERT_EQ(sizes[i], chunk) << i;
        EXPECT_GE(sizes.back(), 1u);
        EXPECT_LE(sizes.back(), chunk);
      }
    }
  }
}

TEST(SerializeXmlChunkedTest, AZeroPieceSizeCountsAsOne) {
  XmlNode node{"a", {{"b", "c"}}, {}, 0};
  std::string joined;
  int pieces = 0;
  SerializeXmlChunked(node, false, 0, [&](std::string_view piece) {
    ++pieces;
    joined.append(piece);
  });
  EXPECT_EQ(joined, "<a b=\"c\"/>");
  EXPECT_EQ(pieces, 10);
}

TEST(SerializedXmlSha256Test, IsTheDigestOfTheWholeText) {
  XmlNode root{"cib", {{"epoch", "3"}}, {}, 0};
  for (int i = 0; i < 3000; ++i) {  // about 200 KB: several pieces
    root.AddChild("lrm_rsc_op").SetAttr("id", "d" + std::to_string(i) + "_last_0 & <more>");
  }
  for (bool pretty : {false, true}) {
    EXPECT_EQ(SerializedXmlSha256(root, pretty), Sha256Hex(SerializeXml(root, pretty)));
  }
  EXPECT_EQ(SerializedXmlSha256(XmlNode{"a", {}, {}, 0}, false), Sha256Hex("<a/>"));
}

}  // namespace
}  // namespace keel
