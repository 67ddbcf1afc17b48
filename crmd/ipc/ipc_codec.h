#pragma once
// The crm <-> crmd IPC messages, whole buffers as libqb carries them: libqb's request /
// response header, then "KEEL1 COMMAND\n" (or "KEEL1 STATUS WHERE\n" in replies) and a text
// body. Decoding never trusts the peer: sizes, magic, command word and length are checked.

#include <cstddef>
#include <expected>
#include <string>
#include <string_view>

#include "xml/base/error.h"

namespace keel {

inline constexpr size_t kIpcMaxMessage = 16 * 1024 * 1024;  // whole message, headers included
inline constexpr int32_t kIpcMessageId = 0x4b45;            // "KE"
inline constexpr const char* kDefaultIpcName = "keel-crmd";
// An answer whose body is larger travels in pieces of this size: one local datagram of more
// than about 4 MB fails ("No buffer space available"), a 16 x 1,000 CIB is 7 MB or more. The
// first piece says "more"; the client asks for each next one with kIpcMoreCommand.
inline constexpr size_t kIpcPieceBody = 1024 * 1024;
inline constexpr const char* kIpcMoreCommand = "more";

struct IpcRequest {
  std::string command;  // [a-z_]{1,32}: query, status, commit, cleanup, fence
  std::string body;
};

struct IpcResponse {
  bool ok = true;
  ErrorCode code = ErrorCode::kInvalid;  // when !ok
  std::string where;                     // when !ok
  std::string body;                      // the answer, or the error message
  bool more = false;                     // ok, and more of the body follows (status "more")
};

// Errors with an oversized body (the message would exceed kIpcMaxMessage).
std::expected<std::string, Error> EncodeIpcRequest(const IpcRequest& request);
std::expected<IpcRequest, Error> DecodeIpcRequest(std::string_view bytes);

std::string EncodeIpcResponse(const IpcResponse& response);
// The same in two parts, for a scatter send without a copy of `body` (a CIB answer is up to
// 1 MiB per piece): libqb's header and the status line, then `body` when it follows. A body
// that would make the message too large does not: the head is then the whole error answer.
struct IpcResponseHead {
  std::string bytes;
  bool body_follows = true;
};
IpcResponseHead EncodeIpcResponseHead(const IpcResponse& response, std::string_view body);
std::expected<IpcResponse, Error> DecodeIpcResponse(std::string_view bytes);

// The request for one of crmd/protocol/ipc_messages.h's structs (IpcQuery, IpcCommit, ...).
template <typename M>
IpcRequest ToIpcRequest(const M& message) {
  return IpcRequest{std::string(M::kCommand), message.Body()};
}

IpcResponse ErrorResponse(const Error& error);
Error ResponseError(const IpcResponse& response);

}  // namespace keel
