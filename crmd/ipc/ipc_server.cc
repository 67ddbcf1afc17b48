#include "crmd/ipc/ipc_server.h"

#include <sys/uio.h>

#include <cerrno>
#include <cstring>

#include "crmd/ipc/ipc_access.h"

namespace keel {

namespace {

qb_loop_t* g_loop = nullptr;  // libqb's poll hooks carry no context; one loop per process

IpcServer* ServerOf(qb_ipcs_connection_t* c) {
  return static_cast<IpcServer*>(qb_ipcs_connection_service_context_get(c));
}

int32_t Accept(qb_ipcs_connection_t* c, uid_t uid, gid_t gid) { return ServerOf(c)->OnAccept(c, uid, gid); }
void Created(qb_ipcs_connection_t* c) { ServerOf(c)->OnCreated(c); }
int32_t Message(qb_ipcs_connection_t* c, void* data, size_t size) {
  return ServerOf(c)->OnMessage(c, data, size);
}
int32_t Closed(qb_ipcs_connection_t*) { return 0; }
void Destroyed(qb_ipcs_connection_t* c) { ServerOf(c)->OnDestroyed(c); }

int32_t JobAdd(qb_loop_priority p, void* data, qb_loop_job_dispatch_fn fn) {
  return qb_loop_job_add(g_loop, p, data, fn);
}
int32_t DispatchAdd(qb_loop_priority p, int32_t fd, int32_t events, void* data, qb_ipcs_dispatch_fn_t fn) {
  return qb_loop_poll_add(g_loop, p, fd, events, data, fn);
}
int32_t DispatchMod(qb_loop_priority p, int32_t fd, int32_t events, void* data, qb_ipcs_dispatch_fn_t fn) {
  return qb_loop_poll_mod(g_loop, p, fd, events, data, fn);
}
int32_t DispatchDel(int32_t fd) { return qb_loop_poll_del(g_loop, fd); }

}  // namespace

std::expected<std::unique_ptr<IpcServer>, Error> IpcServer::Start(qb_loop_t* loop, std::string name,
                                                                  Handler handler, Logger log) {
  g_loop = loop;
  std::unique_ptr<IpcServer> server(new IpcServer(std::move(handler), std::move(log)));
  static qb_ipcs_service_handlers handlers = {Accept, Created, Message, Closed, Destroyed};
  static qb_ipcs_poll_handlers poll_handlers = {JobAdd, DispatchAdd, DispatchMod, DispatchDel};
  server->service_ = qb_ipcs_create(name.c_str(), 0, QB_IPC_SOCKET, &handlers);
  if (server->service_ == nullptr) {
    return std::unexpected(Error{ErrorCode::kIo, "cannot create IPC service '" + name + "'", ""});
  }
  qb_ipcs_service_context_set(server->service_, server.get());
  qb_ipcs_poll_handlers_set(server->service_, &poll_handlers);
  qb_ipcs_enforce_buffer_size(server->service_, kIpcMaxMessage);
  int32_t rc = qb_ipcs_run(server->service_);
  if (rc != 0) {
    return std::unexpected(Error{ErrorCode::kIo,
                                 "cannot start IPC service '" + name + "': " + std::strerror(-rc), ""});
  }
  return server;
}

IpcServer::~IpcServer() {
  if (service_ != nullptr) {
    qb_ipcs_destroy(service_);
  }
}

int32_t IpcServer::OnAccept(qb_ipcs_connection_t*, uid_t uid, gid_t gid) {
  if (IpcPeerAllowed(uid, gid)) return 0;
  log_("ipc: refused a client with uid " + std::to_string(uid) + " gid " + std::to_string(gid) +
       " (not root, not in group haclient)");
  return -EACCES;
}

void IpcServer::OnCreated(qb_ipcs_connection_t* c) {
  IpcClientId id = next_id_++;
  clients_[id] = c;
  ids_[c] = id;
}

void IpcServer::OnDestroyed(qb_ipcs_connection_t* c) {
  auto it = ids_.find(c);
  if (it == ids_.end()) return;
  clients_.erase(it->second);
  rest_.erase(it->second);
  ids_.erase(it);
}

int32_t IpcServer::OnMessage(qb_ipcs_connection_t* c, const void* data, size_t size) {
  auto it = ids_.find(c);
  if (it == ids_.end()) return 0;
  IpcClientId id = it->second;
  auto request = DecodeIpcRequest(std::string_view(static_cast<const char*>(data), size));
  if (!request) {
    log_("ipc: bad request from client " + std::to_string(id) + ": " + request.error().message);
    Respond(id, ErrorResponse(request.error()));
    return 0;
  }
  if (request->command == kIpcMoreCommand) {
    auto rest = rest_.find(id);
    if (rest == rest_.end()) {
      Respond(id, ErrorResponse(
                      Error{ErrorCode::kInvalid, "no answer is waiting to be continued", ""}));
      return 0;
    }
    Rest left = std::move(rest->second);
    rest_.erase(rest);
    SendPiece(id, c, std::move(left.body), left.sent);
    return 0;
  }
  rest_.erase(id);  // a new request: what was left of the last answer is not wanted
  handler_(id, *request);
  return 0;
}

void IpcServer::Respond(IpcClientId client, IpcResponse response) {
  auto it = clients_.find(client);
  if (it == clients_.end()) return;
  if (response.ok && response.body.size() > kIpcPieceBody)
    return SendPiece(client, it->second, std::move(response.body), 0);
  if (!Send(it->second, response, response.body)) {
    log_("ipc: could not answer client " + std::to_string(client) + ": " + std::strerror(errno));
  }
}

void IpcServer::SendPiece(IpcClientId client, qb_ipcs_connection_t* c, std::string body,
                          size_t sent) {
  IpcResponse piece;
  const size_t left = body.size() - sent;
  piece.more = left > kIpcPieceBody;
  bool ok = Send(c, piece, std::string_view(body).substr(sent, kIpcPieceBody));
  if (!ok) {
    rest_.erase(client);
    log_("ipc: could not answer client " + std::to_string(client) + ": " + std::strerror(errno));
    return;
  }
  if (piece.more) rest_[client] = Rest{std::move(body), sent + kIpcPieceBody};
}

bool IpcServer::Send(qb_ipcs_connection_t* c, const IpcResponse& response, std::string_view body) {
  IpcResponseHead head = EncodeIpcResponseHead(response, body);
  iovec parts[2] = {{head.bytes.data(), head.bytes.size()},
                    {const_cast<char*>(body.data()), body.size()}};
  ssize_t rc = qb_ipcs_response_sendv(c, parts, head.body_follows && !body.empty() ? 2 : 1);
  if (rc >= 0) return true;
  errno = static_cast<int>(-rc);
  return false;
}

}  // namespace keel
