#include "cli/status_source.h"

#include "cli/cib_client.h"
#include "cli/ipc_client_name.h"
#include "cli/ipc_connection.h"
#include "crmd/protocol/ipc_messages.h"

namespace keel {

std::expected<StatusSnapshot, Error> LoadStatusSnapshot() {
  auto cib = MakeDefaultCibClient()->Query();
  if (!cib) return std::unexpected(cib.error());
  std::expected<std::string, Error> report;
  if (OfflineCibPath()) {
    // Offline, as crm_mon -1 with CIB_file: the file's status section is the whole view.
    report = OfflineStatusReport(*cib, "CIB_file");
  } else {
    auto c = IpcConnection::Connect(IpcClientName());
    if (!c) return std::unexpected(c.error());
    report = (*c)->Call(ToIpcRequest(IpcStatus{}), 10'000);
  }
  if (!report) return std::unexpected(report.error());
  auto view = BuildStatusView(*report, *cib);
  if (!view) return std::unexpected(view.error());
  return StatusSnapshot{std::move(*view), std::move(*cib)};
}

}  // namespace keel
