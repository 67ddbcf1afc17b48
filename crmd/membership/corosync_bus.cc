#include "crmd/membership/corosync_bus.h"

#include <corosync/cmap.h>
#include <corosync/cpg.h>
#include <corosync/quorum.h>
#include <poll.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <set>
#include <thread>

namespace keel {

namespace {

// Corosync answers CS_ERR_TRY_AGAIN while it syncs; retry this many times, 10 ms apart.
constexpr int kTryAgainAttempts = 100;

Error CsError(const std::string& what, cs_error_t rc) {
  return Error{ErrorCode::kIo,
               what + " failed: " + cs_strerror(rc) + " (" + std::to_string(rc) + ")", "corosync"};
}

template <typename F>
cs_error_t RetryTryAgain(F call) {
  cs_error_t rc = CS_OK;
  for (int i = 0; i < kTryAgainAttempts; ++i) {
    rc = call();
    if (rc != CS_ERR_TRY_AGAIN) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return rc;
}

int64_t MonotonicMs() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return int64_t{ts.tv_sec} * 1000 + ts.tv_nsec / 1'000'000;
}

void SendTimerFired(void* data) { static_cast<CorosyncBus*>(data)->OnSendTimer(); }

CorosyncBus* BusOf(cpg_handle_t handle) {
  void* context = nullptr;
  cpg_context_get(handle, &context);
  return static_cast<CorosyncBus*>(context);
}

void DeliverTrampoline(cpg_handle_t handle, const struct cpg_name*, uint32_t nodeid, uint32_t,
                       void* msg, size_t len) {
  BusOf(handle)->OnDeliver(nodeid, std::string_view(static_cast<const char*>(msg), len));
}

void ConfchgTrampoline(cpg_handle_t handle, const struct cpg_name*,
                       const struct cpg_address* members, size_t n_members,
                       const struct cpg_address* left, size_t n_left,
                       const struct cpg_address* joined, size_t n_joined) {
  std::set<NodeId> ids;
  for (size_t i = 0; i < n_members; ++i) ids.insert(members[i].nodeid);
  bool ring_changed = false;
  for (size_t i = 0; i < n_left; ++i) {
    ring_changed |= left[i].reason != CPG_REASON_PROCDOWN && left[i].reason != CPG_REASON_LEAVE;
  }
  for (size_t i = 0; i < n_joined; ++i) ring_changed |= joined[i].reason != CPG_REASON_JOIN;
  BusOf(handle)->OnConfchg(std::vector<NodeId>(ids.begin(), ids.end()), ring_changed);
}

void QuorumTrampoline(quorum_handle_t handle, uint32_t quorate, uint64_t, uint32_t, uint32_t*) {
  const void* context = nullptr;
  quorum_context_get(handle, &context);
  static_cast<CorosyncBus*>(const_cast<void*>(context))->OnQuorum(quorate != 0);
}

int32_t CpgReady(int32_t, int32_t, void* data) {
  return static_cast<CorosyncBus*>(data)->DispatchCpg();
}
int32_t QuorumReady(int32_t, int32_t, void* data) {
  return static_cast<CorosyncBus*>(data)->DispatchQuorum();
}

}  // namespace

std::expected<std::unique_ptr<CorosyncBus>, Error> CorosyncBus::Connect(
    qb_loop_t* loop, std::string group, std::function<void(const Error&)> on_lost) {
  std::unique_ptr<CorosyncBus> bus(new CorosyncBus(loop, std::move(group), std::move(on_lost)));
  auto names = bus->ReadNodelist();
  if (!names) return std::unexpected(names.error());
  auto opened = bus->Open();
  if (!opened) return std::unexpected(opened.error());
  return bus;
}

std::expected<void, Error> CorosyncBus::ReadNodelist() {
  cmap_handle_t cmap = 0;
  // At boot crmd may start before corosync listens: wait for it, up to 30 s.
  cs_error_t rc = CS_OK;
  for (int i = 0; i < 300; ++i) {
    rc = RetryTryAgain([&] { return cmap_initialize(&cmap); });
    if (rc != CS_ERR_LIBRARY) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  if (rc != CS_OK) {
    return std::unexpected(CsError("cmap_initialize (is corosync running on this node?)", rc));
  }
  for (int i = 0; i < 1024; ++i) {  // the nodelist is indexed 0..N-1
    std::string prefix = "nodelist.node." + std::to_string(i) + ".";
    uint32_t id = 0;
    if (cmap_get_uint32(cmap, (prefix + "nodeid").c_str(), &id) != CS_OK) break;
    char* name = nullptr;
    if (cmap_get_string(cmap, (prefix + "name").c_str(), &name) == CS_OK && name != nullptr) {
      names_[id] = name;
      free(name);
    } else {
      names_[id] = "node" + std::to_string(id);
    }
  }
  cmap_finalize(cmap);
  return {};
}

CorosyncBus::~CorosyncBus() {
  if (send_timer_armed_) qb_loop_timer_del(loop_, send_timer_);
  if (cpg_fd_ >= 0) qb_loop_poll_del(loop_, cpg_fd_);
  if (quorum_fd_ >= 0) qb_loop_poll_del(loop_, quorum_fd_);
  if (cpg_handle_ != 0) {
    cpg_name name{};
    name.length = group_.size();
    std::memcpy(name.value, group_.data(), group_.size());
    cpg_leave(cpg_handle_, &name);
    cpg_finalize(cpg_handle_);
  }
  if (quorum_handle_ != 0) quorum_finalize(quorum_handle_);
}

std::expected<void, Error> CorosyncBus::Open() {
  static cpg_callbacks_t cpg_callbacks = {DeliverTrampoline, ConfchgTrampoline};
  cs_error_t rc = RetryTryAgain([&] { return cpg_initialize(&cpg_handle_, &cpg_callbacks); });
  if (rc != CS_OK) return std::unexpected(CsError("cpg_initialize", rc));
  cpg_context_set(cpg_handle_, this);
  unsigned int local = 0;
  rc = RetryTryAgain([&] { return cpg_local_get(cpg_handle_, &local); });
  if (rc != CS_OK) return std::unexpected(CsError("cpg_local_get", rc));
  local_id_ = local;
  static quorum_callbacks_t quorum_callbacks = {QuorumTrampoline};
  uint32_t quorum_type = 0;
  rc = RetryTryAgain(
      [&] { return quorum_initialize(&quorum_handle_, &quorum_callbacks, &quorum_type); });
  if (rc != CS_OK) return std::unexpected(CsError("quorum_initialize", rc));
  quorum_context_set(quorum_handle_, this);
  return {};
}

std::expected<void, Error> CorosyncBus::Join(BusCallbacks callbacks) {
  callbacks_ = std::move(callbacks);
  cs_error_t rc =
      RetryTryAgain([&] { return quorum_trackstart(quorum_handle_, CS_TRACK_CHANGES); });
  if (rc != CS_OK) return std::unexpected(CsError("quorum_trackstart", rc));

  cpg_fd_get(cpg_handle_, &cpg_fd_);
  quorum_fd_get(quorum_handle_, &quorum_fd_);
  qb_loop_poll_add(loop_, QB_LOOP_HIGH, cpg_fd_, POLLIN | POLLPRI, this, CpgReady);
  qb_loop_poll_add(loop_, QB_LOOP_HIGH, quorum_fd_, POLLIN | POLLPRI, this, QuorumReady);

  cpg_name name{};
  if (group_.size() > sizeof(name.value)) {
    return std::unexpected(Error{ErrorCode::kInvalid, "CPG group name too long: " + group_, ""});
  }
  name.length = group_.size();
  std::memcpy(name.value, group_.data(), group_.size());
  rc = RetryTryAgain([&] { return cpg_join(cpg_handle_, &name); });
  if (rc != CS_OK) return std::unexpected(CsError("cpg_join", rc));

  int quorate = 0;
  if (quorum_getquorate(quorum_handle_, &quorate) == CS_OK) OnQuorum(quorate != 0);
  return {};
}

std::expected<void, Error> CorosyncBus::Send(std::string_view payload) {
  auto sent = sends_.Send(payload, MonotonicMs());
  ArmSendTimer();
  return sent;
}

TransmitResult CorosyncBus::Transmit(std::string_view payload) {
  iovec iov{const_cast<char*>(payload.data()), payload.size()};
  cs_error_t rc = cpg_mcast_joined(cpg_handle_, CPG_TYPE_AGREED, &iov, 1);
  if (rc == CS_OK) return {};
  TransmitStatus status =
      rc == CS_ERR_TRY_AGAIN ? TransmitStatus::kTryAgain : TransmitStatus::kFailed;
  return TransmitResult{status, CsError("cpg_mcast_joined", rc)};
}

void CorosyncBus::ArmSendTimer() {
  std::optional<int64_t> at = sends_.next_attempt_ms();
  if (!at || send_timer_armed_) return;
  int64_t delay_ms = std::max<int64_t>(*at - MonotonicMs(), 0);
  if (qb_loop_timer_add(loop_, QB_LOOP_HIGH, static_cast<uint64_t>(delay_ms) * 1'000'000, this,
                        SendTimerFired, &send_timer_) == 0) {
    send_timer_armed_ = true;
  } else {
    Log("bus: cannot arm the send retry timer; retrying at the next send or delivery");
  }
}

void CorosyncBus::OnSendTimer() {
  send_timer_armed_ = false;
  SendQueue::PumpResult pumped = sends_.Pump(MonotonicMs());
  for (const std::string& line : pumped.logs) Log(line);
  for (const DroppedSend& failed : pumped.failed) {
    Log("bus: message dropped: " + failed.error.message);
    if (callbacks_.on_send_failed) callbacks_.on_send_failed(failed.payload, failed.error);
  }
  ArmSendTimer();
}

void CorosyncBus::Log(const std::string& line) const {
  if (callbacks_.on_log) callbacks_.on_log(line);
}

std::string CorosyncBus::NodeName(NodeId id) const {
  auto it = names_.find(id);
  return it == names_.end() ? "node" + std::to_string(id) : it->second;
}

std::vector<NodeId> CorosyncBus::ConfiguredNodes() const {
  std::vector<NodeId> ids;
  for (const auto& [id, name] : names_) ids.push_back(id);
  return ids;
}

void CorosyncBus::OnDeliver(NodeId from, std::string_view payload) {
  if (callbacks_.on_deliver) callbacks_.on_deliver(from, payload);
}

void CorosyncBus::OnConfchg(std::vector<NodeId> members, bool ring_changed) {
  if (callbacks_.keep_across_membership && sends_.size() > 0) {
    for (const std::string& payload : sends_.DropUnless(callbacks_.keep_across_membership)) {
      Log("bus: membership changed: dropped unsent \"" + std::string(MessageHead(payload)) +
          "\" message (bound to the old membership)");
    }
  }
  if (callbacks_.on_membership) callbacks_.on_membership(members);
  // Only crmd processes came or went: corosync's membership and quorum are what it last
  // reported, and it will not report them again; say so, so crmd need not wait for a report.
  if (!ring_changed && quorate_) OnQuorum(*quorate_);
}

void CorosyncBus::OnQuorum(bool quorate) {
  quorate_ = quorate;
  if (callbacks_.on_quorum) callbacks_.on_quorum(quorate);
}

int CorosyncBus::DispatchCpg() {
  // A bounded number per wake-up, not CS_DISPATCH_ALL: under a steady stream of messages ALL
  // never returns, and the executor's and IPC's events on this loop starve (issue #21: a DC's
  // own probes timed out 90 s late). The fd stays readable while messages wait.
  for (int i = 0; i < kMaxMessagesPerDispatch; ++i) {
    cs_error_t rc = cpg_dispatch(cpg_handle_, CS_DISPATCH_ONE_NONBLOCKING);
    if (rc == CS_ERR_TRY_AGAIN) break;
    if (rc != CS_OK) {
      if (on_lost_) on_lost_(CsError("cpg_dispatch (corosync gone?)", rc));
      return -1;  // removes the fd from the loop
    }
  }
  return 0;
}

int CorosyncBus::DispatchQuorum() {
  cs_error_t rc = quorum_dispatch(quorum_handle_, CS_DISPATCH_ALL);
  if (rc != CS_OK && rc != CS_ERR_TRY_AGAIN) {
    if (on_lost_) on_lost_(CsError("quorum_dispatch (corosync gone?)", rc));
    return -1;
  }
  return 0;
}

}  // namespace keel
