#include "tests/fakes/test_cluster.h"

#include "crmd/cib/cib_document.h"

namespace keel {

void TestCluster::Start(NodeId id, std::optional<XmlNode> cib) {
  TestNode& n = nodes_[id];
  n.core.reset();
  FakeBus& bus = network_.AddNode(id);
  if (cib) n.disk = cib;
  CoreSinks sinks;  // a CIB-only member: no resources, no alerts
  sinks.clock = &clock_;
  sinks.exit = [&n](int status) { n.exit = status; };
  sinks.answer = [](RequestId, std::expected<std::string, Error>) {};
  sinks.persist = [&n](const XmlNode& c, bool) -> std::expected<void, Error> {
    n.disk = c;
    return {};
  };
  sinks.reply = [&n](const CommitReply& r) { n.replies.push_back(r); };
  sinks.log = [&n](const std::string& line) { n.logs.push_back(line); };
  sinks.dc_acting = [&n] { ++n.dc_acting; };
  auto core = CrmdCore::Create(bus, n.disk.value_or(EmptyCib()), validator_, std::move(sinks));
  if (!core) return;  // every required sink is set above
  n.core = std::move(*core);
  auto started = n.core->Start();
  (void)started;
}

void TestCluster::Crash(NodeId id) {
  network_.Crash(id);
  nodes_.at(id).core.reset();
}

}  // namespace keel
