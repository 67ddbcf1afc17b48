#include "crmd/protocol/bus_messages.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace keel {
namespace {

using ::testing::HasSubstr;

template <typename M>
void ExpectRoundTrip(const M& message) {
  auto back = Decode<M>(Encode(message));
  ASSERT_TRUE(back.has_value()) << back.error().ToString();
  EXPECT_EQ(*back, message);
}

TEST(BusMessagesTest, EveryMessageSurvivesItsEncoding) {
  ExpectRoundTrip(AnnounceMessage{"1,2,3", "0.4.17", 1, ""});
  ExpectRoundTrip(AnnounceMessage{"1,2", "0.4.17", 3, ""});
  ExpectRoundTrip(AnnounceMessage{"1,2", "0.4.17", 3, std::string(64, 'a')});
  ExpectRoundTrip(SyncMessage{"1,2", "<cib>\n</cib>"});
  ExpectRoundTrip(CommitMessage{"42", "<diff/>"});
  ExpectRoundTrip(NodeStateMessage{"<node_state id=\"1\"/>"});
  ExpectRoundTrip(PeerStateMessage{"<node_state id=\"2\" in_ccm=\"false\"/>"});
  ExpectRoundTrip(StatusRequestMessage{"2,3"});
  ExpectRoundTrip(ShutdownRequestMessage{"n2"});
  ExpectRoundTrip(FenceHistoryMessage{"<fencing-history/>"});
  ExpectRoundTrip(ActionMessage{"1:2:0:n1", "n2", "start", "vip", 0, 20000});
  ExpectRoundTrip(ActionMessage{"1:2:0:n1", "n2", "start", "web", 0, 20000, 2});
  ExpectRoundTrip(ActionMessage{"1:2:8:n1", "n2", "monitor", "db", 10000, 20000, 1, "Promoted"});
  ExpectRoundTrip(ActionMessage{"1:2:0:n1",
                                "n2",
                                "notify",
                                "db",
                                0,
                                20000,
                                1,
                                "",
                                {{"notify_type", "pre"}, {"notify_stop_uname", " "}}});
  ExpectRoundTrip(ResultMessage{"1:2:0:n1", "n2", "vip", "monitor", 10000, 7, 0, true});
  ExpectRoundTrip(CleanupMessage{"d1,d2", "", "n1", "3"});
  ExpectRoundTrip(CleanupDoneMessage{"n1", "3", "n2", "d1,d2", "d1 was not running"});
  ExpectRoundTrip(FenceRequestMessage{"n3", "crm@n1#4", std::nullopt});
  ExpectRoundTrip(FenceRequestMessage{"n3", "crm@n1#4", "off"});
  ExpectRoundTrip(FenceRunMessage{"n1", "2", "<fence-run/>"});
  ExpectRoundTrip(FenceRunResultMessage{"n1", "2", "<fence-run-result/>"});
  ExpectRoundTrip(FenceOutcomeMessage{"op-1", "n3", true, "", "crm@n1#4"});
  ExpectRoundTrip(FenceOutcomeMessage{"", "n3", false, "no device", "crm@n1#4"});
}

// The bytes are those the nodes exchanged before the protocol library (announce gained the
// "protocol" field, which a node of before ignores).
TEST(BusMessagesTest, VersionOneBytesAreUnchanged) {
  EXPECT_EQ(Encode(AnnounceMessage{"1,2", "0.1.2", 1, ""}),
            "announce\nmembers=1,2\nprotocol=1\nversion=0.1.2\n\n");
  EXPECT_EQ(Encode(CleanupMessage{"d1", "n2", "n1", "7"}),
            "cleanup\nnode=n2\norigin=n1\nrequest=7\nrscs=d1\n\n");
  EXPECT_EQ(Encode(FenceOutcomeMessage{"", "n3", false, "why", "crm@n1#1"}),
            "fence-outcome\nreason=why\nrequesters=crm@n1#1\nsuccess=0\ntarget=n3\n\n");
  EXPECT_EQ(Encode(NodeStateMessage{"<node_state/>"}), "node_state\n\n<node_state/>");
  EXPECT_EQ(
      Encode(ActionMessage{"1:2:0:n1", "n2", "stop", "vip", 0, 20000}),
      "action\ninterval=0\nkey=1:2:0:n1\nnode=n2\nresource=vip\ntask=stop\ntimeout=20000\n\n");
}

TEST(BusMessagesTest, ABadCloneInstanceIsNamed) {
  auto action = DecodeAction(
      "action\nclone=-1\ninterval=0\nkey=k\nnode=n2\nresource=d\ntask=start\ntimeout=1\n\n");
  ASSERT_FALSE(action.has_value());
  EXPECT_THAT(action.error().message, HasSubstr("bad clone instance '-1'"));
}

TEST(BusMessagesTest, ABadMetaNameIsNamed) {
  auto action = DecodeAction(
      "action\ninterval=0\nkey=k\nmeta.a=b=c\nnode=n2\nresource=d\ntask=notify\ntimeout=1\n\n");
  ASSERT_TRUE(action.has_value());
  action = DecodeAction(
      "action\ninterval=0\nkey=k\nmeta.A-1=x\nnode=n2\nresource=d\ntask=notify\ntimeout=1\n\n");
  ASSERT_FALSE(action.has_value());
  EXPECT_THAT(action.error().message, HasSubstr("bad meta name 'A-1'"));
}

TEST(BusMessagesTest, ABadRoleIsNamed) {
  auto action = DecodeAction(
      "action\ninterval=1\nkey=k\nnode=n2\nresource=d\nrole=Master\ntask=monitor\ntimeout=1\n\n");
  ASSERT_FALSE(action.has_value());
  EXPECT_THAT(action.error().message, HasSubstr("bad role 'Master'"));
}

TEST(BusMessagesTest, MissingFieldsAreNamed) {
  auto action = DecodeAction("action\nkey=k\n\n");
  ASSERT_FALSE(action.has_value());
  EXPECT_THAT(action.error().message, HasSubstr("action message without"));
  auto result = DecodeResult("result\nnode=n1\nrc=x\ninterval=0\nop_status=0\n\n");
  EXPECT_FALSE(result.has_value());
  auto wrong = Decode<SyncMessage>("commit\n\n");
  ASSERT_FALSE(wrong.has_value());
  EXPECT_EQ(wrong.error().message, "not a sync message");
  auto announce = Decode<AnnounceMessage>("announce\nprotocol=zero\n\n");
  ASSERT_FALSE(announce.has_value());
  EXPECT_THAT(announce.error().message, HasSubstr("bad protocol version 'zero'"));
}

TEST(BusMessagesTest, AnnounceWithoutProtocolIsVersionOne) {
  auto a = Decode<AnnounceMessage>("announce\nmembers=1\nversion=0.0.1\n\n");
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->protocol, 1);
}

TEST(BusMessageTest, VersionFieldDefaultsToOneAndRejectsGarbage) {
  EXPECT_EQ(*MessageVersion(*DecodeBusMessage("sync\n\n")), 1);
  EXPECT_EQ(*MessageVersion(*DecodeBusMessage("sync\nproto=2\n\n")), 2);
  EXPECT_FALSE(MessageVersion(*DecodeBusMessage("sync\nproto=0\n\n")).has_value());
  EXPECT_FALSE(MessageVersion(*DecodeBusMessage("sync\nproto=2x\n\n")).has_value());
}

TEST(BusMessageTest, AFieldValueWithNewlinesStaysOneFieldWithItsLines) {
  BusMessage m{"fence-outcome", {{"reason", "bad: a\nbad: b\n"}, {"requesters", "crm@n3#5"}}, ""};
  auto back = DecodeBusMessage(EncodeBusMessage(m));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->Field("reason"), "bad: a; bad: b");
  EXPECT_EQ(back->Field("requesters"), "crm@n3#5");
  EXPECT_EQ(back->fields.size(), 2u);
  EXPECT_EQ(back->body, "");
  // Only the newline frames a field: a carriage return is data (protocol_fuzz's round trip).
  BusMessage cr{"result", {{"interval", "\r0"}}, ""};
  EXPECT_EQ(DecodeBusMessage(EncodeBusMessage(cr))->Field("interval"), "\r0");
}

TEST(BusMessageTest, PayloadTypeIsTheFirstLine) {
  EXPECT_EQ(PayloadType(EncodeResult(ResultMessage{"", "n1", "d", "monitor"})), "result");
  EXPECT_EQ(PayloadType("no newline"), "no newline");
}

}  // namespace
}  // namespace keel

namespace keel {
namespace {

TEST(BusMessagesTest, ListFieldsJoinAndSplitSkippingEmptyItems) {
  EXPECT_EQ(JoinList({"n1", "n2"}), "n1,n2");
  EXPECT_EQ(JoinList({"n1", "n2"}, ", "), "n1, n2");
  EXPECT_EQ(SplitList("2,,3,"), (std::vector<std::string>{"2", "3"}));
  EXPECT_TRUE(SplitList("").empty());
}

TEST(BusMessagesTest, AnnounceWithAMalformedDigestIsRefused) {
  auto m = DecodeBusMessage("announce\nmembers=1,2\nprotocol=3\nversion=0.1.2\ndigest=abc\n\n");
  ASSERT_TRUE(m.has_value());
  auto a = AnnounceMessage::FromBus(*m);
  ASSERT_FALSE(a.has_value());
  EXPECT_NE(a.error().message.find("bad digest 'abc'"), std::string::npos) << a.error().message;
}

}  // namespace
}  // namespace keel

namespace keel {
namespace {

TEST(BusMessageTest, AMovedBodyWithRoomGetsItsHeaderInPlace) {
  BusMessage m{"sync", {{"members", "1 2"}}, std::string(100'000, 'x')};
  const std::string expected = EncodeBusMessage(m);
  BusMessage tight = m;
  EXPECT_EQ(EncodeBusMessage(std::move(tight)), expected);  // no room: a copy, the same bytes
  BusMessage roomy = m;
  roomy.body.reserve(roomy.body.size() + kBusHeaderRoom);
  const char* buffer = roomy.body.data();
  std::string out = EncodeBusMessage(std::move(roomy));
  EXPECT_EQ(out, expected);
  EXPECT_EQ(out.data(), buffer);  // the body's own buffer: not copied
}

TEST(BusMessageTest, TheViewDecodeLeavesTheBodyInThePayload) {
  const std::string payload = Encode(SyncMessage{"1 2", "<cib epoch=\"3\"/>"});
  auto view = DecodeBusMessageView(payload);
  ASSERT_TRUE(view.has_value());
  auto copy = DecodeBusMessage(payload);
  ASSERT_TRUE(copy.has_value());
  EXPECT_EQ(view->body, copy->body);
  EXPECT_EQ(view->body.data(), payload.data() + payload.size() - view->body.size());
  EXPECT_TRUE(view->message.body.empty());
  EXPECT_EQ(view->message.type, "sync");
  EXPECT_EQ(view->message.Field("members"), "1 2");
  for (std::string_view bad : {"", "\nx", "sync\nmembers=1", "sync\n=1\n\n"}) {
    auto v = DecodeBusMessageView(bad);
    auto c = DecodeBusMessage(bad);
    ASSERT_FALSE(v.has_value()) << bad;
    ASSERT_FALSE(c.has_value()) << bad;
    EXPECT_EQ(v.error().message, c.error().message);
  }
}

TEST(BusMessageTest, EncodingATemporaryMovesItsBody) {
  std::string xml = "<node_state id=\"1\"/>";
  xml.reserve(xml.size() + kBusHeaderRoom);
  const NodeStateMessage copy{xml};
  const char* buffer = xml.data();
  std::string moved = Encode(NodeStateMessage{std::move(xml)});
  EXPECT_EQ(moved, Encode(copy));
  EXPECT_EQ(moved.data(), buffer);
  SyncMessage sync{"1 2", "<cib/>"};
  EXPECT_EQ(Encode(SyncMessage(sync)), Encode(sync));
}

}  // namespace
}  // namespace keel
