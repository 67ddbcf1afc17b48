#include "cli/status_source.h"

#include <cstdlib>

#include "cli/cib_client.h"
#include "cli/ipc_client_name.h"
#include "cli/ipc_connection.h"
#include "cli/ipc_query.h"
#include "crmd/protocol/ipc_messages.h"

namespace keel {

namespace {

constexpr int kCallTimeoutMs = 10'000;

// Offline, as crm_mon -1 with CIB_file: the file's status section is the whole view, seen
// from "(CIB_file)" or "(shadow NAME)".
std::expected<StatusSnapshot, Error> LoadOffline() {
  auto cib = MakeDefaultCibClient()->Query();
  if (!cib) return std::unexpected(cib.error());
  const char* shadow = std::getenv("CIB_shadow");
  std::string label = shadow && *shadow ? "shadow " + std::string(shadow) : "CIB_file";
  auto report = OfflineStatusReport(*cib, label);
  if (!report) return std::unexpected(report.error());
  auto view = BuildStatusView(*report, *cib);
  if (!view) return std::unexpected(view.error());
  return StatusSnapshot{std::move(*view), std::move(*cib)};
}

// The local crmd's report and its CIB, over one connection.
std::expected<StatusSnapshot, Error> LoadFromCrmd() {
  auto c = IpcConnection::Connect(IpcClientName());
  if (!c) return std::unexpected(c.error());
  auto report = (*c)->Call(ToIpcRequest(IpcStatus{}), kCallTimeoutMs);
  if (!report) return std::unexpected(report.error());
  auto cib = QueryCibText(**c, kCallTimeoutMs);
  if (!cib) return std::unexpected(cib.error());
  auto view = BuildStatusView(*report, *cib);
  if (!view) return std::unexpected(view.error());
  return StatusSnapshot{std::move(*view), std::move(*cib)};
}

}  // namespace

std::expected<StatusSnapshot, Error> LoadStatusSnapshot() {
  return OfflineCibPath() ? LoadOffline() : LoadFromCrmd();
}

}  // namespace keel
