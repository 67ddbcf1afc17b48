#include "crmd/protocol/batch_message.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "crmd/protocol/bus_messages.h"

namespace keel {
namespace {

using ::testing::HasSubstr;

std::string ErrorOf(std::string_view payload) {
  auto decoded = Decode<BatchMessage>(payload);
  EXPECT_FALSE(decoded.has_value());
  return decoded ? "" : decoded.error().ToString();
}

TEST(BatchMessageTest, ItemsSurviveTheirEncodingInOrder) {
  BatchMessage batch{{Encode(ActionMessage{"1:2:0:n1", "n2", "start", "d1", 0, 20000}),
                      Encode(ResultMessage{"1:3:0:n1", "n2", "d2", "stop", 0, 0, 0, false}),
                      std::string("attribute\nop=set\n\nline1\nline2\n\x00\xff", 32)}};
  std::string wire = Encode(batch);
  EXPECT_TRUE(wire.starts_with("batch\ncount=3\nproto=3\n\n")) << wire;
  auto back = Decode<BatchMessage>(wire);
  ASSERT_TRUE(back.has_value()) << back.error().ToString();
  EXPECT_EQ(*back, batch);
  auto action = DecodeAction(back->payloads[0]);
  ASSERT_TRUE(action.has_value());
  EXPECT_EQ(action->resource, "d1");
}

TEST(BatchMessageTest, ItsSizeIsTheSumOfItsItems) {
  BatchMessage batch{{"a\n\n", std::string(120, 'x')}};
  EXPECT_EQ(batch.ToBus().body.size(), BatchItemSize("a\n\n") + BatchItemSize(batch.payloads[1]));
}

TEST(BatchMessageTest, ItIsProtocolThree) {
  auto version = MessageVersion(BatchMessage{{"a\n\n"}}.ToBus());
  ASSERT_TRUE(version.has_value());
  EXPECT_EQ(*version, 3);
}

TEST(BatchMessageTest, BadInputNamesTheItemAndTheByte) {
  EXPECT_THAT(ErrorOf("batch\ncount=x\nproto=3\n\n"), HasSubstr("bad count 'x'"));
  EXPECT_THAT(ErrorOf("batch\nproto=3\n\n"), HasSubstr("bad count ''"));
  EXPECT_THAT(ErrorOf("batch\ncount=2\nproto=3\n\n3\na\n\nzz\nb\n\n"),
              HasSubstr("item 2 (body byte 5): bad length 'zz'"));
  EXPECT_THAT(ErrorOf("batch\ncount=1\nproto=3\n\n30\na\n\n"),
              HasSubstr("item 1 (body byte 0): length 30 runs past the end (3 bytes left)"));
  EXPECT_THAT(ErrorOf("batch\ncount=1\nproto=3\n\n3\na\n\n4"),
              HasSubstr("item 2 (body byte 5): more items than count 1"));
  EXPECT_THAT(ErrorOf("batch\ncount=2\nproto=3\n\n3\na\n\n4"),
              HasSubstr("item 2 (body byte 5): no length"));
  EXPECT_THAT(ErrorOf("batch\ncount=2\nproto=3\n\n3\na\n\n"),
              HasSubstr("count 2 but the body holds 1 items"));
  EXPECT_THAT(ErrorOf("batch\ncount=1\nproto=3\n\n0\n"), HasSubstr("item 1 (body byte 0): empty"));
  EXPECT_THAT(ErrorOf("batch\ncount=1\nproto=3\n\n8\nbatch\n\n\n"),
              HasSubstr("item 1 (body byte 0): an item is itself a batch"));
  EXPECT_THAT(ErrorOf("batch\ncount=1\nproto=3\n\n-1\na"), HasSubstr("bad length '-1'"));
}

TEST(BatchMessageTest, AnEmptyBatchIsEmpty) {
  auto back = Decode<BatchMessage>(Encode(BatchMessage{}));
  ASSERT_TRUE(back.has_value());
  EXPECT_TRUE(back->payloads.empty());
}

}  // namespace
}  // namespace keel
