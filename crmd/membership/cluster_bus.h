#pragma once
// The cluster as the daemon sees it: a process group with totally ordered messages,
// membership changes and quorum. CorosyncBus implements it on libcpg/libquorum/libcmap;
// tests use FakeBus (tests/fakes/fake_bus.h).

#include <cstdint>
#include <expected>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "xml/base/error.h"

namespace keel {

using NodeId = uint32_t;

struct BusCallbacks {
  // A message, delivered to every member of the partition in the same total order
  // (including to its sender), interleaved identically with membership changes.
  std::function<void(NodeId from, std::string_view payload)> on_deliver;
  // The new member list of the group (sorted ascending), delivered in the same total order.
  std::function<void(const std::vector<NodeId>& members)> on_membership;
  // Quorum of this node's partition changed (or was first learned). Also reported after each
  // membership change (CorosyncBus: by corosync, or repeated by the bus when only crmd processes
  // joined or left and the ring, hence quorum, did not change).
  std::function<void(bool quorate)> on_quorum;
  // A message that Send() accepted but that will never be sent: corosync refused it for good
  // after it had to wait (see SendQueue). Sends refused at once are Send()'s error instead.
  std::function<void(std::string_view payload, const Error& why)> on_send_failed;
  // Called at each membership change, before on_membership, for every message still waiting
  // to be sent: false drops it (the bus logs each drop). Unset: every message is kept.
  std::function<bool(std::string_view payload)> keep_across_membership;
  // The bus's own log lines (messages waiting for corosync, drops). Unset: not logged.
  std::function<void(const std::string& line)> on_log;
};

class ClusterBus {
 public:
  virtual ~ClusterBus() = default;

  // Joins the group; callbacks run from the event loop (or FakeBus::Deliver in tests).
  virtual std::expected<void, Error> Join(BusCallbacks callbacks) = 0;
  // Broadcasts to the group (ordered, to self too) without blocking: while corosync refuses
  // messages for a while they wait, in order, and are retried from the event loop. An error
  // means it will never be sent (corosync refused it for good, or too much is waiting).
  virtual std::expected<void, Error> Send(std::string_view payload) = 0;
  virtual NodeId LocalId() const = 0;
  // The node's name from the cluster's node list ("node<ID>" when it has none).
  virtual std::string NodeName(NodeId id) const = 0;
  // Every node configured in the cluster (the corosync nodelist), sorted.
  virtual std::vector<NodeId> ConfiguredNodes() const = 0;
};

}  // namespace keel
