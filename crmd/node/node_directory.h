#pragma once
// Node ids and names, in one place: corosync's names, except this node's when crmd runs
// with --node-name. Every component asks here instead of the bus.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crmd/membership/cluster_bus.h"

namespace keel {

class NodeDirectory {
 public:
  // `bus` must outlive the directory. `self_name`, when not empty, names this node.
  NodeDirectory(const ClusterBus& bus, std::string self_name);

  NodeId self() const { return bus_.LocalId(); }
  std::string SelfName() const;
  std::string Name(NodeId id) const;
  std::vector<std::string> Names(const std::vector<NodeId>& ids) const;
  // corosync's configured nodes (nodelist).
  std::vector<NodeId> Configured() const { return bus_.ConfiguredNodes(); }
  // The id of the configured node named `name` (the last one, should two share it).
  std::optional<NodeId> ConfiguredId(const std::string& name) const;

 private:
  const ClusterBus& bus_;
  std::string self_name_;
};

}  // namespace keel
