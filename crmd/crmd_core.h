#pragma once
// Runs a CibMember on a ClusterBus: feeds it the bus's events and performs its effects
// (send, persist, reply, log). The daemon wires a CorosyncBus, the CIB file and the IPC
// service in; unit tests wire a FakeBus and in-memory sinks, so both run the same code.

#include <functional>
#include <memory>
#include <string>

#include "crmd/cib/cib_member.h"
#include "crmd/membership/cluster_bus.h"

namespace keel {

struct CoreSinks {
  // Hands the CIB to stable storage (the daemon writes it off the loop); called after every
  // change, before the replies that the change produced.
  std::function<std::expected<void, Error>(const XmlNode& cib)> persist;
  std::function<void(const CommitReply& reply)> reply;
  std::function<void(const std::string& line)> log;
  // This node became the acting DC (CIB synced). Optional.
  std::function<void()> dc_acting;
};

class CrmdCore {
 public:
  // `bus` must outlive the core. `self_name`, when not empty, overrides the bus's name for
  // this node (crmd --node-name).
  CrmdCore(ClusterBus& bus, XmlNode initial_cib, CibValidator validator, CoreSinks sinks,
           std::string self_name = "");

  // Joins the bus; from then on its callbacks drive the member.
  std::expected<void, Error> Start();

  // A client's commit; the answer comes through sinks.reply with the same id.
  void RequestCommit(RequestId request, std::string_view cib_xml, std::optional<CibVersion> base);

  // This node's status changed (see CibMember::UpdateOwnState).
  void UpdateOwnState(const XmlNode& node_state);

  const CibMember& member() const { return member_; }
  ClusterBus& bus() { return bus_; }

 private:
  void Perform(Effects fx);

  ClusterBus& bus_;
  CibMember member_;
  CoreSinks sinks_;
};

}  // namespace keel
