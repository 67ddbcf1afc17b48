#pragma once
// An in-process ClusterBus for unit tests: several nodes on one FakeNetwork, messages and
// membership changes delivered in one total order per partition, with crashes, partitions
// and merges. Nothing happens until the test calls RunUntilIdle().

#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "crmd/membership/cluster_bus.h"
#include "crmd/membership/send_queue.h"

namespace keel {

class FakeNetwork;

class FakeBus : public ClusterBus {
 public:
  FakeBus(FakeNetwork& network, NodeId id);
  std::expected<void, Error> Join(BusCallbacks callbacks) override;
  std::expected<void, Error> Send(std::string_view payload) override;
  NodeId LocalId() const override { return id_; }
  std::string NodeName(NodeId id) const override { return "node" + std::to_string(id); }
  std::vector<NodeId> ConfiguredNodes() const override;
  // Messages waiting in this bus's send queue (refused with TRY_AGAIN so far).
  size_t QueuedSends() const { return sends_.size(); }

 private:
  friend class FakeNetwork;
  TransmitResult Transmit(std::string_view payload);
  void PumpSends();
  void DropStaleSends();
  void Log(const std::string& line);

  FakeNetwork& network_;
  NodeId id_;
  BusCallbacks callbacks_;
  SendQueue sends_;
};

class FakeNetwork {
 public:
  // `configured` is the cluster size used for quorum (more than half must be members).
  explicit FakeNetwork(size_t configured) : configured_(configured) {}

  // A bus for node `id`, not yet joined. The network keeps it; valid until the network dies.
  FakeBus& AddNode(NodeId id);
  // The bus of a node added before.
  FakeBus& Bus(NodeId id) { return *buses_.at(id); }

  // The node's process is gone: the rest of its partition sees it leave.
  void Crash(NodeId id);
  // Splits the joined nodes into these groups (every joined node in exactly one).
  void Partition(const std::vector<std::set<NodeId>>& groups);
  // All joined nodes in one partition again.
  void Merge();
  // While set, Send() fails (as cpg_mcast_joined would with a lasting error).
  void SetSendFailure(bool fail) { fail_sends_ = fail; }
  // Until the simulated clock reaches `until_ms`, node `id`'s sends are refused with TRY_AGAIN
  // (corosync syncing or flow control): they wait in its bus's SendQueue.
  void RefuseSends(NodeId id, int64_t until_ms) { refuse_until_ms_[id] = until_ms; }
  // The next message of `type` that node `id` sends is lost for good (the sender sees a
  // successful send): a broken peer or a bug, which a bounded wait must recover from.
  void LoseNextSend(NodeId id, std::string type) { lose_next_[id].insert(std::move(type)); }
  // The simulated monotonic clock (ms) that send retries run on.
  int64_t now_ms() const { return now_ms_; }
  // Moves the clock forward by `ms`, retrying each bus's waiting sends when due and delivering
  // everything that results (RunUntilIdle) at each step.
  void AdvanceTime(int64_t ms);
  // While set, membership changes are delivered without their quorum report (corosync may
  // deliver the CPG change first); ReportQuorum() queues a report for every partition.
  void HoldQuorumReports(bool hold) { hold_quorum_ = hold; }
  void ReportQuorum();

  // Delivers queued events until none are left; returns how many. At most max_events.
  size_t RunUntilIdle(size_t max_events = 100000);

  std::vector<NodeId> MembersOf(NodeId id) const;
  // Bytes of the messages waiting to be delivered.
  size_t QueuedBytes() const;

 private:
  friend class FakeBus;
  struct Event {
    std::set<NodeId> recipients;
    NodeId from = 0;
    std::string payload;                         // a message, or
    std::optional<std::vector<NodeId>> members;  // a membership change
    bool quorate = false;
    bool report_quorum = true;  // with a membership change
    bool quorum_only = false;   // a quorum report alone
  };
  void Joined(NodeId id);
  void Send(NodeId from, std::string payload);
  void AnnouncePartition(int partition);

  size_t configured_;
  int64_t now_ms_ = 0;
  std::map<NodeId, int64_t> refuse_until_ms_;
  std::map<NodeId, std::set<std::string>> lose_next_;
  bool fail_sends_ = false;
  bool hold_quorum_ = false;
  std::map<NodeId, std::unique_ptr<FakeBus>> buses_;
  std::map<NodeId, int> partition_of_;  // joined, running nodes only
  std::deque<Event> queue_;
};

}  // namespace keel
