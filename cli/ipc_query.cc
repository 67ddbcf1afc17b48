#include "cli/ipc_query.h"

#include "crmd/ipc/ipc_lz4.h"
#include "crmd/protocol/ipc_messages.h"

namespace keel {

namespace {

constexpr size_t kMaxCibText = 1024 * 1024 * 1024;

}  // namespace

std::expected<std::string, Error> QueryCibText(IpcConnection& connection, int timeout_ms) {
  auto frame = connection.Call(ToIpcRequest(IpcQuery{std::string(IpcQuery::kLz4)}), timeout_ms);
  if (!frame) return std::unexpected(frame.error());
  return DecompressedText(*frame, kMaxCibText);
}

}  // namespace keel
