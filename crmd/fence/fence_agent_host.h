#pragma once
// The fence-agent host: what every node does for fencing. It runs the fence agents that the
// DC's fence service asks of this node ("fence-run", answered by "fence-run-result") and
// applies no-quorum-policy=fence: fencing itself, or stopping everything and exiting.
// Stonith primitives' own actions (bookkeeping start/stop/probe, the recurring monitor that
// runs the agent's `monitor`) are the executor's class stonith (crmd/executor/stonith_agents.h,
// answered by crmd/fence/fence_device_agents.h).
//
// Agents run through the node's RunFenceAgent (off the loop; the answer comes later on the
// loop thread). It reads the node only through FenceAgentPort (the node shell implements it).

#include <cstdint>
#include <expected>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "crmd/node/node_directory.h"
#include "crmd/protocol/bus_messages.h"
#include "fencing/agent_exit.h"
#include "fencing/fencer.h"
#include "xml/base/error.h"
#include "xml/cib.h"
#include "xml/xml_node.h"

namespace keel {

class FenceAgentPort {
 public:
  virtual ~FenceAgentPort() = default;
  virtual const XmlNode& CibXml() const = 0;  // the CIB replica's document
  virtual std::expected<void, Error> Send(const std::string& payload) = 0;
  virtual void Log(const std::string& line) = 0;
  virtual int64_t WallMs() const = 0;  // epoch ms: results' times (into the CIB)
  virtual int64_t MonoMs() const = 0;  // monotonic ms: the exit's deadline
  virtual void RearmFenceTimer() = 0;
  // This node's local resource manager: resources started here, sorted.
  virtual std::vector<std::string> ActiveResources() const = 0;
  // Stops `rsc` here, without a DC (no transition).
  virtual void StopResource(const std::string& rsc) = 0;
  // Ends the daemon with this status.
  virtual void Exit(int status) = 0;
};

class FenceAgentHost {
 public:
  using RunFenceAgent =
      std::function<void(const RunAgentEffect& run, std::function<void(const AgentExit&)> done)>;
  // `run` unset: this node cannot run fence agents (runs asked of it fail at once,
  // self-fencing is impossible). Port and nodes must outlive it.
  FenceAgentHost(FenceAgentPort& port, const NodeDirectory& nodes, RunFenceAgent run);

  // A fence-run: runs the agent when it names this node.
  void OnRun(const FenceRunMessage& m);
  // Stonith primitives are top-level (the fencer refuses them inside groups and clones).
  static bool IsFenceDevice(const Cib& cib, const std::string& rsc);
  // Quorum lost with no-quorum-policy=fence (or suicide).
  void SelfFence();
  // After a local result: exits once every resource is stopped when self-fencing failed.
  void CheckExitAfterStops();
  // The fence timer: true when this node exits now (the stops before it took too long);
  // else nothing happens here.
  bool ExitIfDue(int64_t mono_ms);
  // The earliest time (monotonic ms) the timer must call ExitIfDue.
  std::optional<int64_t> NextDeadline() const;

 private:
  void StopAllAndExit(const std::string& why);
  void ExitAfterSelfFenceFailed(const std::string& why);

  FenceAgentPort& port_;
  const NodeDirectory& nodes_;
  RunFenceAgent run_;
  // no-quorum-policy=fence without a device that can fence this node: stop, then exit.
  bool exit_when_stopped_ = false;
  int64_t exit_deadline_ms_ = 0;  // monotonic
  bool self_fencing_ = false;
};

}  // namespace keel
