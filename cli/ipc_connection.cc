#include "cli/ipc_connection.h"

#include <sys/uio.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "crmd/ipc/ipc_access.h"

namespace keel {

std::expected<std::unique_ptr<IpcConnection>, Error> IpcConnection::Connect(const std::string& name) {
  errno = 0;
  qb_ipcc_connection_t* c = qb_ipcc_connect(name.c_str(), kIpcMaxMessage);
  if (c == nullptr) {
    int err = errno;
    if (err == EACCES || err == EPERM) {
      return std::unexpected(Error{ErrorCode::kRefused, kIpcAccessDenied, ""});
    }
    return std::unexpected(Error{ErrorCode::kRefused,
                                 "crmd is not running on this node (no IPC service '" + name +
                                     "': " + std::strerror(err) + ")",
                                 ""});
  }
  return std::unique_ptr<IpcConnection>(new IpcConnection(c, name));
}

IpcConnection::~IpcConnection() { qb_ipcc_disconnect(conn_); }

std::expected<std::string, Error> IpcConnection::Call(const IpcRequest& request, int timeout_ms) {
  auto bytes = EncodeIpcRequest(request);
  if (!bytes) return std::unexpected(bytes.error());
  // Uninitialized: zeroing 16 MiB on every call would cost milliseconds.
  std::unique_ptr<char[]> answer(new char[kIpcMaxMessage]);
  iovec iov{bytes->data(), bytes->size()};
  ssize_t n = qb_ipcc_sendv_recv(conn_, &iov, 1, answer.get(), kIpcMaxMessage, timeout_ms);
  if (n < 0) {
    if (n == -ETIMEDOUT || n == -EAGAIN) {
      return std::unexpected(Error{ErrorCode::kIo,
                                   "crmd did not answer '" + request.command + "' within " +
                                       std::to_string(timeout_ms / 1000) + " s",
                                   ""});
    }
    return std::unexpected(Error{ErrorCode::kIo,
                                 "talking to crmd ('" + name_ + "') failed: " + std::strerror(-n), ""});
  }
  auto response = DecodeIpcResponse(std::string_view(answer.get(), static_cast<size_t>(n)));
  if (!response) return std::unexpected(response.error());
  if (!response->ok) return std::unexpected(ResponseError(*response));
  std::string body = std::move(response->body);
  // A large answer comes in pieces: ask for each next one (bounded: 256 MiB in all).
  constexpr size_t kMaxPieces = 256;
  for (size_t pieces = 1; response->more; ++pieces) {
    if (pieces >= kMaxPieces) {
      return std::unexpected(
          Error{ErrorCode::kIo,
                "crmd's answer to '" + request.command + "' does not end (more than 256 MiB)", ""});
    }
    auto more = EncodeIpcRequest(IpcRequest{kIpcMoreCommand, ""});
    if (!more) return std::unexpected(more.error());
    iovec next{more->data(), more->size()};
    n = qb_ipcc_sendv_recv(conn_, &next, 1, answer.get(), kIpcMaxMessage, timeout_ms);
    if (n < 0) {
      return std::unexpected(Error{
          ErrorCode::kIo,
          "talking to crmd ('" + name_ + "') failed while reading its answer: " + std::strerror(-n),
          ""});
    }
    response = DecodeIpcResponse(std::string_view(answer.get(), static_cast<size_t>(n)));
    if (!response) return std::unexpected(response.error());
    if (!response->ok) return std::unexpected(ResponseError(*response));
    body += response->body;
  }
  return body;
}

}  // namespace keel
