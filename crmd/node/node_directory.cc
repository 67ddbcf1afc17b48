#include "crmd/node/node_directory.h"

namespace keel {

NodeDirectory::NodeDirectory(const ClusterBus& bus, std::string self_name)
    : bus_(bus), self_name_(std::move(self_name)) {}

std::string NodeDirectory::SelfName() const {
  return self_name_.empty() ? bus_.NodeName(bus_.LocalId()) : self_name_;
}

std::string NodeDirectory::Name(NodeId id) const {
  return id == bus_.LocalId() ? SelfName() : bus_.NodeName(id);
}

std::vector<std::string> NodeDirectory::Names(const std::vector<NodeId>& ids) const {
  std::vector<std::string> names;
  names.reserve(ids.size());
  for (NodeId id : ids) names.push_back(Name(id));
  return names;
}

std::optional<NodeId> NodeDirectory::ConfiguredId(const std::string& name) const {
  std::optional<NodeId> id;
  for (NodeId n : bus_.ConfiguredNodes()) {
    if (Name(n) == name) id = n;
  }
  return id;
}

}  // namespace keel
