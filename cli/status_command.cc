// `crm status [--json]`: the cluster as the local crmd sees it (or, with CIB_file, as that
// file's status section says).

#include <cstdlib>

#include "cli/cib_client.h"
#include "cli/command.h"
#include "cli/fence_view.h"
#include "cli/ipc_client_name.h"
#include "cli/ipc_connection.h"
#include "cli/status_view.h"
#include "crmd/protocol/ipc_messages.h"

namespace keel {

int RunStatusCommand(const CommandArgs& args, std::ostream& out, std::ostream& err) {
  bool json = false;
  for (const std::string& a : args) {
    if (a == "--json") {
      json = true;
    } else {
      err << "crm status: unknown argument '" << a << "' (usage: crm status [--json])\n";
      return 2;
    }
  }
  std::expected<std::string, Error> report = "<crmd_status/>";
  std::expected<std::string, Error> cib;
  if (OfflineCibPath()) {
    // Offline, as crm_mon -1 with CIB_file: the file's status section is the whole view.
    cib = MakeDefaultCibClient()->Query();
    const char* shadow = std::getenv("CIB_shadow");
    std::string label = shadow && *shadow ? "shadow " + std::string(shadow) : "CIB_file";
    report = cib ? OfflineStatusReport(*cib, label) : cib;
  } else {
    auto c = IpcConnection::Connect(IpcClientName());
    if (!c) {
      err << "crm status: " << c.error().ToString() << "\n";
      return 1;
    }
    report = (*c)->Call(ToIpcRequest(IpcStatus{}), 10'000);
    cib = report ? (*c)->Call(ToIpcRequest(IpcQuery{}), 10'000) : report;
  }
  if (!report || !cib) {
    err << "crm status: " << (report ? cib : report).error().ToString() << "\n";
    return 1;
  }
  auto view = BuildStatusView(*report, *cib);
  if (!view) {
    err << "crm status: " << view.error().ToString() << "\n";
    return 1;
  }
  std::vector<std::string> nodes;
  for (const StatusNode& n : view->nodes) nodes.push_back(n.name);
  auto devices = FenceDevicesFromCibText(*cib, nodes);
  auto history = FenceHistoryFromCibText(*cib, "").value_or(std::vector<FenceRecord>{});
  if (json) {
    // The fencing members join the status object: its closing brace is the last one.
    std::string text = RenderStatusJson(*view);
    size_t brace = text.rfind('}');
    out << text.substr(0, brace) << "," << FencingStatusJsonMembers(devices, history)
        << text.substr(brace);
  } else {
    out << RenderStatusText(*view) << RenderFencingStatus(devices, history);
  }
  return 0;
}

}  // namespace keel
