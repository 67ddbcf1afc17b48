#include "crmd/protocol/ipc_attribute.h"

#include <gtest/gtest.h>

#include "crmd/protocol/bus_messages.h"

namespace keel {
namespace {

TEST(IpcAttributeTest, RoundTripKeepsAwkwardValues) {
  IpcAttribute a{"set", "n1", "pingd", "a\nb=c\n\nd'\"$(x)", 5000, true};
  auto back = IpcAttribute::FromBody(a.Body());
  ASSERT_TRUE(back) << back.error().ToString();
  EXPECT_EQ(*back, a);
  IpcAttribute q{"query", "*", "x", "", std::nullopt, false};
  EXPECT_EQ(*IpcAttribute::FromBody(q.Body()), q);
}

TEST(IpcAttributeTest, BadBodiesAreErrors) {
  EXPECT_FALSE(IpcAttribute::FromBody("op=set\nnode=n1"));
  EXPECT_FALSE(IpcAttribute::FromBody("op=set\nbogus=1\n\n"));
  EXPECT_FALSE(IpcAttribute::FromBody("op=set\ndampen=-4\n\n"));
  EXPECT_FALSE(IpcAttribute::FromBody("op=set\nno equals\n\n"));
}

TEST(IpcAttributeTest, AnswerRoundTrip) {
  std::vector<std::pair<std::string, std::string>> rows = {{"n1", "1"}, {"n2", "a\\b\nc\td"}};
  EXPECT_EQ(DecodeAttributeAnswer(EncodeAttributeAnswer(rows)), rows);
  EXPECT_TRUE(DecodeAttributeAnswer("").empty());
}

TEST(AttributeMessageTest, RoundTripAndBadFields) {
  AttributeMessage m{"set", "n2", "pingd", "multi\nline", 5000, true, "n1", "7"};
  auto back = Decode<AttributeMessage>(Encode(m));
  ASSERT_TRUE(back) << back.error().ToString();
  EXPECT_EQ(*back, m);
  AttributeMessage del{"delete", "n2", "pingd", "", std::nullopt, false, "n1", ""};
  EXPECT_EQ(*Decode<AttributeMessage>(Encode(del)), del);
  AttributeMessage bad = m;
  bad.op = "frobnicate";
  EXPECT_FALSE(Decode<AttributeMessage>(Encode(bad)));
  bad = m;
  bad.node = "";
  EXPECT_FALSE(Decode<AttributeMessage>(Encode(bad)));
}

}  // namespace
}  // namespace keel
