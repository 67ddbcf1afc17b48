#include "crmd/ipc/ipc_codec.h"

#include <gtest/gtest.h>
#include <qb/qbipc_common.h>

#include <cstring>

#include "crmd/ipc/ipc_access.h"

namespace keel {
namespace {

TEST(IpcCodec, RequestRoundTrip) {
  auto bytes = EncodeIpcRequest(IpcRequest{"commit", "base=0.1.2\n<cib/>"});
  ASSERT_TRUE(bytes.has_value());
  auto r = DecodeIpcRequest(*bytes);
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(r->command, "commit");
  EXPECT_EQ(r->body, "base=0.1.2\n<cib/>");
}

TEST(IpcCodec, ResponseRoundTripOkAndError) {
  auto ok = DecodeIpcResponse(EncodeIpcResponse(IpcResponse{true, ErrorCode::kInvalid, "", "0.2.0"}));
  ASSERT_TRUE(ok.has_value());
  EXPECT_TRUE(ok->ok);
  EXPECT_EQ(ok->body, "0.2.0");
  auto err = DecodeIpcResponse(EncodeIpcResponse(
      ErrorResponse(Error{ErrorCode::kConflict, "the CIB changed", "cib.xml:3 (vip)"})));
  ASSERT_TRUE(err.has_value());
  EXPECT_FALSE(err->ok);
  EXPECT_EQ(err->code, ErrorCode::kConflict);
  EXPECT_EQ(err->where, "cib.xml:3 (vip)");
  EXPECT_EQ(ResponseError(*err).ToString(), "cib.xml:3 (vip): the CIB changed");
}

// IpcServer sends the head and the body as two parts: together they are EncodeIpcResponse's.
TEST(IpcCodec, ResponseHeadAndBodyAreTheWholeResponse) {
  const IpcResponse more{true, ErrorCode::kInvalid, "", "", true};
  const std::string body(3000, 'b');
  IpcResponseHead head = EncodeIpcResponseHead(more, body);
  ASSERT_TRUE(head.body_follows);
  IpcResponse whole = more;
  whole.body = body;
  EXPECT_EQ(head.bytes + body, EncodeIpcResponse(whole));
  auto decoded = DecodeIpcResponse(head.bytes + body);
  ASSERT_TRUE(decoded.has_value()) << decoded.error().message;
  EXPECT_TRUE(decoded->more);
  EXPECT_EQ(decoded->body, body);
  // Too large for one message: the head alone is the error answer, the body is not sent.
  const std::string huge(kIpcMaxMessage, 'h');
  IpcResponseHead refused = EncodeIpcResponseHead(IpcResponse{}, huge);
  EXPECT_FALSE(refused.body_follows);
  auto error = DecodeIpcResponse(refused.bytes);
  ASSERT_TRUE(error.has_value()) << error.error().message;
  EXPECT_FALSE(error->ok);
  EXPECT_NE(error->body.find("too large"), std::string::npos) << error->body;
}

std::string WithHeader(std::string_view payload, int32_t size_field, int32_t id = kIpcMessageId) {
  qb_ipc_request_header h{};
  h.id = id;
  h.size = size_field;
  return std::string(reinterpret_cast<const char*>(&h), sizeof(h)) + std::string(payload);
}

TEST(IpcCodec, RefusesMalformedRequests) {
  const size_t h = sizeof(qb_ipc_request_header);
  EXPECT_FALSE(DecodeIpcRequest("").has_value());
  EXPECT_FALSE(DecodeIpcRequest("abc").has_value()) << "shorter than the header";
  std::string p = "KEEL1 query\n";
  EXPECT_TRUE(DecodeIpcRequest(WithHeader(p, h + p.size())).has_value());
  EXPECT_FALSE(DecodeIpcRequest(WithHeader(p, h + p.size() + 1)).has_value()) << "size lies";
  EXPECT_FALSE(DecodeIpcRequest(WithHeader(p, -5)).has_value()) << "negative size";
  EXPECT_FALSE(DecodeIpcRequest(WithHeader(p, h + p.size(), 99)).has_value()) << "wrong id";
  std::string no_magic = "HELLO query\n";
  EXPECT_FALSE(DecodeIpcRequest(WithHeader(no_magic, h + no_magic.size())).has_value());
  std::string no_newline = "KEEL1 query";
  EXPECT_FALSE(DecodeIpcRequest(WithHeader(no_newline, h + no_newline.size())).has_value());
  std::string bad_word = "KEEL1 QUERY;rm\n";
  EXPECT_FALSE(DecodeIpcRequest(WithHeader(bad_word, h + bad_word.size())).has_value());
  std::string empty_word = "KEEL1 \n";
  EXPECT_FALSE(DecodeIpcRequest(WithHeader(empty_word, h + empty_word.size())).has_value());
}

TEST(IpcCodec, RefusesOversizedMessages) {
  std::string big(kIpcMaxMessage, 'x');
  auto encoded = EncodeIpcRequest(IpcRequest{"commit", big});
  ASSERT_FALSE(encoded.has_value());
  EXPECT_NE(encoded.error().message.find("too large"), std::string::npos);
  std::string huge = WithHeader(big, static_cast<int32_t>(big.size() + sizeof(qb_ipc_request_header)));
  auto decoded = DecodeIpcRequest(huge);
  ASSERT_FALSE(decoded.has_value());
  EXPECT_NE(decoded.error().message.find("too large"), std::string::npos);
}

TEST(IpcCodec, RefusesBadCommandOnEncode) {
  EXPECT_FALSE(EncodeIpcRequest(IpcRequest{"", ""}).has_value());
  EXPECT_FALSE(EncodeIpcRequest(IpcRequest{"a b", ""}).has_value());
}

TEST(IpcAccess, RootAndHaclientOnly) {
  EXPECT_TRUE(IpcPeerAllowed(0, 0, std::nullopt, {}));
  EXPECT_TRUE(IpcPeerAllowed(1000, 108, gid_t{108}, {}));
  EXPECT_TRUE(IpcPeerAllowed(1000, 1000, gid_t{108}, {5, 108}));
  EXPECT_FALSE(IpcPeerAllowed(1000, 1000, gid_t{108}, {5, 6}));
  EXPECT_FALSE(IpcPeerAllowed(1000, 108, std::nullopt, {108})) << "no haclient group: root only";
}

TEST(IpcCodec, APieceWithMoreToFollowSurvivesItsEncoding) {
  auto back = DecodeIpcResponse(
      EncodeIpcResponse(IpcResponse{true, ErrorCode::kInvalid, "", "part", true}));
  ASSERT_TRUE(back.has_value());
  EXPECT_TRUE(back->ok);
  EXPECT_TRUE(back->more);
  EXPECT_EQ(back->body, "part");
  auto last =
      DecodeIpcResponse(EncodeIpcResponse(IpcResponse{true, ErrorCode::kInvalid, "", "end"}));
  ASSERT_TRUE(last.has_value());
  EXPECT_FALSE(last->more);
}

}  // namespace
}  // namespace keel
