#include "crmd/ipc/ipc_codec.h"

#include <qb/qbipc_common.h>

#include <array>
#include <cstring>
#include <utility>

namespace keel {

namespace {

constexpr std::string_view kMagic = "KEEL1 ";

constexpr std::array<std::pair<ErrorCode, const char*>, 7> kCodes = {{
    {ErrorCode::kParse, "parse"},
    {ErrorCode::kInvalid, "invalid"},
    {ErrorCode::kNotSupported, "not_supported"},
    {ErrorCode::kNotFound, "not_found"},
    {ErrorCode::kConflict, "conflict"},
    {ErrorCode::kIo, "io"},
    {ErrorCode::kRefused, "refused"},
}};

Error Bad(const std::string& what) {
  return Error{ErrorCode::kParse, "malformed IPC message: " + what, ""};
}

bool IsWord(std::string_view w) {
  if (w.empty() || w.size() > 32) return false;
  for (char c : w) {
    if (!((c >= 'a' && c <= 'z') || c == '_')) return false;
  }
  return true;
}

// Checks size fields and returns the payload after the header of type H.
template <typename H>
std::expected<std::pair<H, std::string_view>, Error> SplitHeader(std::string_view bytes) {
  if (bytes.size() > kIpcMaxMessage) {
    return std::unexpected(Error{ErrorCode::kInvalid,
                                 "IPC message too large: " + std::to_string(bytes.size()) +
                                     " bytes (limit " + std::to_string(kIpcMaxMessage) + ")",
                                 ""});
  }
  if (bytes.size() < sizeof(H)) return std::unexpected(Bad("shorter than its header"));
  H header;
  std::memcpy(&header, bytes.data(), sizeof(H));
  if (header.size < 0 || static_cast<size_t>(header.size) != bytes.size()) {
    return std::unexpected(Bad("size field " + std::to_string(header.size) + " but " +
                               std::to_string(bytes.size()) + " bytes"));
  }
  if (header.id != kIpcMessageId) return std::unexpected(Bad("unknown message id"));
  return std::pair{header, bytes.substr(sizeof(H))};
}

// Splits "KEEL1 WORDS\nBODY" into the words line and the body.
std::expected<std::pair<std::string_view, std::string_view>, Error> SplitPayload(std::string_view p) {
  if (!p.starts_with(kMagic)) return std::unexpected(Bad("no KEEL1 magic"));
  size_t nl = p.find('\n');
  if (nl == std::string_view::npos || nl > 256) return std::unexpected(Bad("no command line"));
  return std::pair{p.substr(kMagic.size(), nl - kMagic.size()), p.substr(nl + 1)};
}

}  // namespace

std::expected<std::string, Error> EncodeIpcRequest(const IpcRequest& request) {
  if (!IsWord(request.command)) {
    return std::unexpected(Error{ErrorCode::kInvalid, "bad IPC command '" + request.command + "'", ""});
  }
  std::string payload = std::string(kMagic) + request.command + "\n" + request.body;
  size_t total = sizeof(qb_ipc_request_header) + payload.size();
  if (total > kIpcMaxMessage) {
    return std::unexpected(Error{ErrorCode::kInvalid,
                                 "request too large: " + std::to_string(total) + " bytes (limit " +
                                     std::to_string(kIpcMaxMessage) + ")",
                                 ""});
  }
  qb_ipc_request_header header{};
  header.id = kIpcMessageId;
  header.size = static_cast<int32_t>(total);
  std::string out(reinterpret_cast<const char*>(&header), sizeof(header));
  return out + payload;
}

std::expected<IpcRequest, Error> DecodeIpcRequest(std::string_view bytes) {
  auto split = SplitHeader<qb_ipc_request_header>(bytes);
  if (!split) return std::unexpected(split.error());
  auto parts = SplitPayload(split->second);
  if (!parts) return std::unexpected(parts.error());
  if (!IsWord(parts->first)) return std::unexpected(Bad("bad command word"));
  return IpcRequest{std::string(parts->first), std::string(parts->second)};
}

IpcResponseHead EncodeIpcResponseHead(const IpcResponse& response, std::string_view body) {
  std::string status = response.ok && response.more ? "more" : "ok";
  if (!response.ok) {
    for (const auto& [code, word] : kCodes) {
      if (code == response.code) status = word;
    }
  }
  std::string where = response.ok ? "" : response.where;
  for (char& c : where) {
    if (c == '\n') c = ' ';
  }
  IpcResponseHead head;
  std::string line = std::string(kMagic) + status + " " + where + "\n";
  if (sizeof(qb_ipc_response_header) + line.size() + body.size() > kIpcMaxMessage) {
    line = std::string(kMagic) + "invalid \nanswer too large for one IPC message";
    head.body_follows = false;
  }
  qb_ipc_response_header header{};
  header.id = kIpcMessageId;
  header.size =
      static_cast<int32_t>(sizeof(header) + line.size() + (head.body_follows ? body.size() : 0));
  header.error = response.ok ? 0 : -1;
  head.bytes.reserve(sizeof(header) + line.size());
  head.bytes.append(reinterpret_cast<const char*>(&header), sizeof(header));
  head.bytes += line;
  return head;
}

std::string EncodeIpcResponse(const IpcResponse& response) {
  IpcResponseHead head = EncodeIpcResponseHead(response, response.body);
  if (!head.body_follows) return std::move(head.bytes);
  head.bytes.reserve(head.bytes.size() + response.body.size());
  head.bytes += response.body;
  return std::move(head.bytes);
}

std::expected<IpcResponse, Error> DecodeIpcResponse(std::string_view bytes) {
  auto split = SplitHeader<qb_ipc_response_header>(bytes);
  if (!split) return std::unexpected(split.error());
  auto parts = SplitPayload(split->second);
  if (!parts) return std::unexpected(parts.error());
  std::string_view line = parts->first;
  size_t space = line.find(' ');
  if (space == std::string_view::npos) return std::unexpected(Bad("no status word"));
  std::string_view status = line.substr(0, space);
  IpcResponse r;
  r.body = std::string(parts->second);
  if (status == "ok") return r;
  if (status == "more") {
    r.more = true;
    return r;
  }
  r.ok = false;
  r.where = std::string(line.substr(space + 1));
  for (const auto& [code, word] : kCodes) {
    if (status == word) {
      r.code = code;
      return r;
    }
  }
  return std::unexpected(Bad("unknown status '" + std::string(status) + "'"));
}

IpcResponse ErrorResponse(const Error& error) {
  return IpcResponse{false, error.code, error.where, error.message};
}

Error ResponseError(const IpcResponse& response) {
  return Error{response.code, response.body, response.where};
}

}  // namespace keel
