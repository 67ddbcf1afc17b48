#include "tests/fakes/fake_bus.h"

#include <algorithm>

#include "crmd/protocol/bus_messages.h"

namespace keel {

FakeBus::FakeBus(FakeNetwork& network, NodeId id)
    : network_(network),
      id_(id),
      sends_([this](std::string_view payload) { return Transmit(payload); }) {}

std::expected<void, Error> FakeBus::Join(BusCallbacks callbacks) {
  callbacks_ = std::move(callbacks);
  network_.Joined(id_);
  return {};
}

std::expected<void, Error> FakeBus::Send(std::string_view payload) {
  return sends_.Send(payload, network_.now_ms_);
}

TransmitResult FakeBus::Transmit(std::string_view payload) {
  if (network_.fail_sends_) {
    return {TransmitStatus::kFailed, Error{ErrorCode::kIo, "fake send failure", ""}};
  }
  if (!network_.partition_of_.contains(id_)) {
    return {TransmitStatus::kFailed, Error{ErrorCode::kIo, "not joined", ""}};
  }
  auto refused = network_.refuse_until_ms_.find(id_);
  if (refused != network_.refuse_until_ms_.end() && network_.now_ms_ < refused->second) {
    return {TransmitStatus::kTryAgain,
            Error{ErrorCode::kIo, "cpg_mcast_joined failed: CS_ERR_TRY_AGAIN (6)", "fake"}};
  }
  if (network_.lose_next_[id_].erase(PayloadType(payload)) > 0) return {};
  network_.Send(id_, std::string(payload));
  return {};
}

void FakeBus::PumpSends() {
  SendQueue::PumpResult pumped = sends_.Pump(network_.now_ms_);
  for (const std::string& line : pumped.logs) Log(line);
  for (const DroppedSend& failed : pumped.failed) {
    Log("bus: message dropped: " + failed.error.message);
    if (callbacks_.on_send_failed) callbacks_.on_send_failed(failed.payload, failed.error);
  }
}

void FakeBus::DropStaleSends() {
  if (!callbacks_.keep_across_membership || sends_.size() == 0) return;
  for (const std::string& payload : sends_.DropUnless(callbacks_.keep_across_membership)) {
    Log("bus: membership changed: dropped unsent \"" + std::string(MessageHead(payload)) +
        "\" message (bound to the old membership)");
  }
}

void FakeBus::Log(const std::string& line) {
  if (callbacks_.on_log) callbacks_.on_log(line);
}

std::vector<NodeId> FakeBus::ConfiguredNodes() const {
  std::vector<NodeId> ids;
  for (const auto& [id, bus] : network_.buses_) ids.push_back(id);
  return ids;
}

FakeBus& FakeNetwork::AddNode(NodeId id) {
  auto& slot = buses_[id];
  slot = std::make_unique<FakeBus>(*this, id);
  return *slot;
}

std::vector<NodeId> FakeNetwork::MembersOf(NodeId id) const {
  std::vector<NodeId> out;
  auto it = partition_of_.find(id);
  if (it == partition_of_.end()) return out;
  for (const auto& [node, p] : partition_of_) {
    if (p == it->second) out.push_back(node);
  }
  return out;
}

void FakeNetwork::AnnouncePartition(int partition) {
  Event e;
  std::vector<NodeId> members;
  for (const auto& [node, p] : partition_of_) {
    if (p == partition) {
      members.push_back(node);
      e.recipients.insert(node);
    }
  }
  if (members.empty()) return;
  e.quorate = members.size() * 2 > configured_;
  e.members = members;
  e.report_quorum = !hold_quorum_;
  queue_.push_back(std::move(e));
}

void FakeNetwork::ReportQuorum() {
  std::set<int> partitions;
  for (const auto& [node, p] : partition_of_) partitions.insert(p);
  for (int partition : partitions) {
    Event e;
    for (const auto& [node, p] : partition_of_) {
      if (p == partition) e.recipients.insert(node);
    }
    e.quorate = e.recipients.size() * 2 > configured_;
    e.quorum_only = true;
    queue_.push_back(std::move(e));
  }
}

void FakeNetwork::Joined(NodeId id) {
  // A joiner lands in the partition of the lowest running node, or partition 0.
  int partition = partition_of_.empty() ? 0 : partition_of_.begin()->second;
  partition_of_[id] = partition;
  AnnouncePartition(partition);
}

void FakeNetwork::Crash(NodeId id) {
  auto it = partition_of_.find(id);
  if (it == partition_of_.end()) return;
  int partition = it->second;
  partition_of_.erase(it);
  for (Event& e : queue_) e.recipients.erase(id);
  AnnouncePartition(partition);
}

void FakeNetwork::Partition(const std::vector<std::set<NodeId>>& groups) {
  for (size_t g = 0; g < groups.size(); ++g) {
    for (NodeId id : groups[g]) {
      if (partition_of_.contains(id)) partition_of_[id] = static_cast<int>(g);
    }
  }
  for (size_t g = 0; g < groups.size(); ++g) AnnouncePartition(static_cast<int>(g));
}

void FakeNetwork::Merge() {
  for (auto& [id, p] : partition_of_) p = 0;
  AnnouncePartition(0);
}

void FakeNetwork::Send(NodeId from, std::string payload) {
  Event e;
  e.from = from;
  e.payload = std::move(payload);
  for (NodeId id : MembersOf(from)) e.recipients.insert(id);
  queue_.push_back(std::move(e));
}

size_t FakeNetwork::QueuedBytes() const {
  size_t n = 0;
  for (const Event& e : queue_) n += e.payload.size();
  return n;
}

size_t FakeNetwork::RunUntilIdle(size_t max_events) {
  size_t n = 0;
  while (!queue_.empty() && n < max_events) {
    Event e = std::move(queue_.front());
    queue_.pop_front();
    ++n;
    for (NodeId id : e.recipients) {
      if (!partition_of_.contains(id)) continue;  // crashed meanwhile
      BusCallbacks& cb = buses_.at(id)->callbacks_;
      if (e.members) {
        buses_.at(id)->DropStaleSends();
        if (cb.on_membership) cb.on_membership(*e.members);
        if (cb.on_quorum && e.report_quorum) cb.on_quorum(e.quorate);
      } else if (e.quorum_only) {
        if (cb.on_quorum) cb.on_quorum(e.quorate);
      } else if (cb.on_deliver) {
        cb.on_deliver(e.from, e.payload);
      }
    }
  }
  return n;
}

}  // namespace keel

namespace keel {

void FakeNetwork::AdvanceTime(int64_t ms) {
  const int64_t end = now_ms_ + ms;
  RunUntilIdle();
  for (;;) {
    int64_t next = end;
    for (const auto& [id, bus] : buses_) {
      if (auto due = bus->sends_.next_attempt_ms()) next = std::min(next, std::max(*due, now_ms_));
    }
    now_ms_ = next;
    for (const auto& [id, bus] : buses_) {
      auto due = bus->sends_.next_attempt_ms();
      if (due && *due <= now_ms_) bus->PumpSends();
    }
    RunUntilIdle();
    if (now_ms_ >= end) return;
  }
}

}  // namespace keel
