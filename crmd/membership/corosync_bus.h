#pragma once
// ClusterBus on Corosync: CPG group "keel" for ordered messages and membership (libcpg),
// quorum (libquorum), node names from the nodelist (libcmap). Its file descriptors are
// dispatched by the daemon's qb_loop.

#include <qb/qbloop.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>

#include "crmd/membership/cluster_bus.h"
#include "crmd/membership/send_queue.h"

namespace keel {

class CorosyncBus : public ClusterBus {
 public:
  // Connects to the local corosync (cmap for names and the local id). `loop` must outlive
  // the bus. `on_lost` runs when corosync goes away (the daemon should then exit).
  static std::expected<std::unique_ptr<CorosyncBus>, Error> Connect(
      qb_loop_t* loop, std::string group, std::function<void(const Error&)> on_lost);
  ~CorosyncBus() override;

  std::expected<void, Error> Join(BusCallbacks callbacks) override;
  std::expected<void, Error> Send(std::string_view payload) override;
  NodeId LocalId() const override { return local_id_; }
  std::string NodeName(NodeId id) const override;
  std::vector<NodeId> ConfiguredNodes() const override;

  // Called by the loop; public for the C trampolines only.
  void OnDeliver(NodeId from, std::string_view payload);
  // `ring_changed`: a node left or joined corosync's membership (not only a crmd process).
  void OnConfchg(std::vector<NodeId> members, bool ring_changed);
  void OnQuorum(bool quorate);
  int DispatchCpg();
  int DispatchQuorum();
  // The send queue's retry timer fired.
  void OnSendTimer();

 private:
  static constexpr int kMaxMessagesPerDispatch = 32;
  CorosyncBus(qb_loop_t* loop, std::string group, std::function<void(const Error&)> on_lost)
      : loop_(loop),
        group_(std::move(group)),
        on_lost_(std::move(on_lost)),
        sends_([this](std::string_view payload) { return Transmit(payload); }) {}
  std::expected<void, Error> ReadNodelist();
  std::expected<void, Error> Open();                  // cpg + quorum handles, local node id
  TransmitResult Transmit(std::string_view payload);  // one cpg_mcast_joined, never waits
  void ArmSendTimer();
  void Log(const std::string& line) const;

  qb_loop_t* loop_;
  std::string group_;
  std::function<void(const Error&)> on_lost_;
  BusCallbacks callbacks_;
  NodeId local_id_ = 0;
  std::map<NodeId, std::string> names_;
  uint64_t cpg_handle_ = 0;
  uint64_t quorum_handle_ = 0;
  int cpg_fd_ = -1;
  int quorum_fd_ = -1;
  std::optional<bool> quorate_;  // corosync's last quorum report
  SendQueue sends_;
  qb_loop_timer_handle send_timer_ = 0;
  bool send_timer_armed_ = false;
};

}  // namespace keel
