#include "crmd/ipc/ipc_lz4.h"

#include <gtest/gtest.h>

#include "xml/xml_node.h"

namespace keel {
namespace {

XmlNode SampleTree(int entries) {
  XmlNode root;
  root.name = "cib";
  root.SetAttr("epoch", "7");
  XmlNode& status = root.children.emplace_back();
  status.name = "status";
  for (int i = 0; i < entries; ++i) {
    XmlNode& op = status.children.emplace_back();
    op.name = "lrm_rsc_op";
    op.SetAttr("id", "rsc" + std::to_string(i) + "_monitor_30000");
    op.SetAttr("op-digest", std::to_string(i * 7919) + "f00dfeed");
  }
  return root;
}

TEST(IpcLz4, RoundTripGivesTheSerializedText) {
  for (int entries : {0, 1, 50, 20'000}) {
    XmlNode tree = SampleTree(entries);
    auto frame = CompressedXmlText(tree);
    ASSERT_TRUE(frame) << frame.error().ToString();
    std::string text = SerializeXml(tree);
    auto back = DecompressedText(*frame, text.size());
    ASSERT_TRUE(back) << back.error().ToString();
    EXPECT_EQ(*back, text) << entries;
    if (entries == 20'000) {
      EXPECT_LT(frame->size() * 4, text.size());
    }
  }
}

// crmd reserves about the last answer's size: the frame is the same whether that is too little
// or too much.
TEST(IpcLz4, ReservedRoomDoesNotChangeTheFrame) {
  XmlNode tree = SampleTree(5'000);
  auto plain = CompressedXmlText(tree);
  ASSERT_TRUE(plain) << plain.error().ToString();
  for (size_t reserve : {size_t{1}, plain->size() / 2, plain->size(), plain->size() * 3}) {
    auto frame = CompressedXmlText(tree, reserve);
    ASSERT_TRUE(frame) << frame.error().ToString();
    EXPECT_EQ(*frame, *plain) << reserve;
    if (reserve >= plain->size()) {
      EXPECT_GE(frame->capacity(), reserve);
    }
  }
}

TEST(IpcLz4, RefusesMoreThanTheLimit) {
  XmlNode tree = SampleTree(1'000);
  auto frame = CompressedXmlText(tree);
  ASSERT_TRUE(frame);
  auto back = DecompressedText(*frame, SerializeXml(tree).size() - 1);
  ASSERT_FALSE(back);
  EXPECT_NE(back.error().message.find("more than"), std::string::npos) << back.error().message;
}

TEST(IpcLz4, RefusesWhatIsNotOneWholeFrame) {
  auto frame = CompressedXmlText(SampleTree(1'000));
  ASSERT_TRUE(frame);
  const size_t limit = 1 << 20;
  auto error_of = [&](std::string_view bytes) {
    auto r = DecompressedText(bytes, limit);
    return r ? std::string("no error") : r.error().message;
  };
  EXPECT_NE(error_of("<cib/>").find("not a valid LZ4 frame"), std::string::npos);
  EXPECT_NE(error_of("").find("truncated"), std::string::npos);
  EXPECT_NE(error_of(std::string_view(*frame).substr(0, frame->size() / 2)).find("truncated"),
            std::string::npos);
  EXPECT_NE(error_of(*frame + "x").find("1 bytes after the frame"), std::string::npos);
  std::string damaged = *frame;
  damaged[damaged.size() - 2] ^= 0x40;  // the checksum
  EXPECT_NE(error_of(damaged).find("not a valid LZ4 frame"), std::string::npos);
}

}  // namespace
}  // namespace keel
