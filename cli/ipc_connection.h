#pragma once
// The CLI's end of crmd's IPC service (libqb, socket transport): connect, one request,
// one answer. Errors say what to do: crmd not running, access refused, no answer.

#include <qb/qbipcc.h>

#include <expected>
#include <memory>
#include <string>

#include "crmd/ipc/ipc_codec.h"
#include "xml/base/error.h"

namespace keel {

class IpcConnection {
 public:
  static std::expected<std::unique_ptr<IpcConnection>, Error> Connect(const std::string& name);
  ~IpcConnection();

  // Sends `request` and waits up to `timeout_ms` for its answer. A refusal by crmd
  // (IpcResponse.ok false) is returned as an Error too.
  std::expected<std::string, Error> Call(const IpcRequest& request, int timeout_ms);

 private:
  IpcConnection(qb_ipcc_connection_t* c, std::string name) : conn_(c), name_(std::move(name)) {}
  qb_ipcc_connection_t* conn_;
  std::string name_;
};

}  // namespace keel
