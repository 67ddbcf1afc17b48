#pragma once
// A ClusterBus for tests: records what would reach corosync; fails sends while `fail` is set.

#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "crmd/membership/cluster_bus.h"

namespace keel {

class RecordingBus : public ClusterBus {
 public:
  std::expected<void, Error> Join(BusCallbacks callbacks) override {
    callbacks_ = std::move(callbacks);
    return {};
  }
  std::expected<void, Error> Send(std::string_view payload) override {
    if (fail) return std::unexpected(Error{ErrorCode::kIo, "cpg_mcast_joined: CS_ERR_LIBRARY", ""});
    sent.emplace_back(payload);
    return {};
  }
  NodeId LocalId() const override { return 1; }
  std::string NodeName(NodeId id) const override { return "n" + std::to_string(id); }
  std::vector<NodeId> ConfiguredNodes() const override { return {1, 2}; }

  BusCallbacks callbacks_;
  std::vector<std::string> sent;
  bool fail = false;
};

}  // namespace keel
