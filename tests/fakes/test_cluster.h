#pragma once
// A cluster of CrmdCores on a FakeNetwork, for unit tests: each node keeps its "disk"
// (the last persisted CIB), its client replies and its log lines.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "crmd/crmd_core.h"
#include "tests/fakes/fake_bus.h"
#include "tests/fakes/ref_clock.h"

namespace keel {

struct TestNode {
  std::unique_ptr<CrmdCore> core;
  std::optional<XmlNode> disk;
  std::vector<CommitReply> replies;
  std::vector<std::string> logs;
  int dc_acting = 0;
  std::optional<int> exit;  // the status it exited with
};

class TestCluster {
 public:
  TestCluster(size_t configured, CibValidator validator)
      : network_(configured), validator_(std::move(validator)) {}

  // Starts (or restarts) node `id` from its disk (or `cib` when given), joins the bus.
  void Start(NodeId id, std::optional<XmlNode> cib = std::nullopt);
  // The node's process dies; its disk stays.
  void Crash(NodeId id);
  FakeNetwork& network() { return network_; }
  TestNode& node(NodeId id) { return nodes_.at(id); }
  const CibMember& member(NodeId id) { return nodes_.at(id).core->member(); }
  size_t Run() { return network_.RunUntilIdle(); }
  // The clock's monotonic time becomes `mono_ms`; then node `id` checks its bounded waits.
  void CheckProgress(NodeId id, int64_t mono_ms) {
    mono_ms_ = mono_ms;
    nodes_.at(id).core->CheckProgress();
  }

 private:
  FakeNetwork network_;
  CibValidator validator_;
  int64_t mono_ms_ = 0;
  int64_t wall_ms_ = 0;
  RefClock clock_{mono_ms_, wall_ms_};
  std::map<NodeId, TestNode> nodes_;
};

}  // namespace keel
