#pragma once
// crmd's libqb IPC service (socket transport) on the daemon's qb_loop. Checks each
// client's credentials on connect (ipc_access.h), decodes requests (ipc_codec.h), answers
// malformed ones itself, and hands the rest to the handler, which answers now or later.
// An answer larger than kIpcPieceBody goes in pieces, each next one when the client asks
// ("more"); the rest waits here until then, the client's next request or its disconnect.

#include <qb/qbipcs.h>
#include <qb/qbloop.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "crmd/ipc/ipc_codec.h"

namespace keel {

using IpcClientId = uint64_t;

class IpcServer {
 public:
  using Handler = std::function<void(IpcClientId client, const IpcRequest& request)>;
  using Logger = std::function<void(const std::string& line)>;

  // `loop` must outlive the server.
  static std::expected<std::unique_ptr<IpcServer>, Error> Start(qb_loop_t* loop, std::string name,
                                                                Handler handler, Logger log);
  ~IpcServer();

  // Answers one request of `client`; does nothing when the client has gone.
  void Respond(IpcClientId client, IpcResponse response);

  // For the C callbacks only.
  int32_t OnAccept(qb_ipcs_connection_t* c, uid_t uid, gid_t gid);
  void OnCreated(qb_ipcs_connection_t* c);
  int32_t OnMessage(qb_ipcs_connection_t* c, const void* data, size_t size);
  void OnDestroyed(qb_ipcs_connection_t* c);

 private:
  IpcServer(Handler handler, Logger log) : handler_(std::move(handler)), log_(std::move(log)) {}

  Handler handler_;
  Logger log_;
  qb_ipcs_service_t* service_ = nullptr;
  IpcClientId next_id_ = 1;
  std::map<IpcClientId, qb_ipcs_connection_t*> clients_;
  std::map<qb_ipcs_connection_t*, IpcClientId> ids_;
  // A client's answer and how much of it was sent: pieces are views of the one string (a
  // 7 MB `crm status` answer was copied once per piece).
  struct Rest {
    std::string body;
    size_t sent = 0;
  };
  std::map<IpcClientId, Rest> rest_;

  // Sends the next piece of `body` from `sent` (all of it when small), keeps it in rest_ while
  // some is left.
  void SendPiece(IpcClientId client, qb_ipcs_connection_t* c, std::string body, size_t sent);
  // One answer (`response` with `body` as its body) as a scatter send: the body is not copied.
  // False, with errno set, when libqb could not send it.
  bool Send(qb_ipcs_connection_t* c, const IpcResponse& response, std::string_view body);
};

}  // namespace keel
