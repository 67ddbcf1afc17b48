#include "crmd/protocol/ipc_messages.h"

namespace keel {

std::string IpcCommit::Body() const {
  if (!base) return cib_xml;
  return "base=" + *base + "\n" + cib_xml;
}

IpcCommit IpcCommit::FromBody(std::string_view body) {
  IpcCommit commit;
  if (body.starts_with("base=")) {
    size_t nl = body.find('\n');
    commit.base = std::string(body.substr(5, nl == std::string_view::npos ? 0 : nl - 5));
    body.remove_prefix(nl == std::string_view::npos ? body.size() : nl + 1);
  }
  commit.cib_xml = std::string(body);
  return commit;
}

std::string IpcCleanup::Body() const { return node.empty() ? rsc : rsc + "\n" + node; }

IpcCleanup IpcCleanup::FromBody(std::string_view body) {
  size_t nl = body.find('\n');
  if (nl == std::string_view::npos) return IpcCleanup{std::string(body), ""};
  return IpcCleanup{std::string(body.substr(0, nl)), std::string(body.substr(nl + 1))};
}

std::string IpcFence::Body() const { return action.empty() ? target : target + "\n" + action; }

IpcFence IpcFence::FromBody(std::string_view body) {
  size_t nl = body.find('\n');
  if (nl == std::string_view::npos) return IpcFence{std::string(body), ""};
  return IpcFence{std::string(body.substr(0, nl)), std::string(body.substr(nl + 1))};
}

}  // namespace keel
