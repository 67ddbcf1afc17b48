#pragma once
// What the executor asks about fence devices (class stonith) on this node. Start, stop and
// probes are bookkeeping: the DC's fencer uses every configured device wherever it "runs". Only
// the recurring monitor runs the fence agent (its `monitor` action, arguments on stdin), so a
// broken device shows as a failed monitor. The daemon answers from the CIB and this node's lrm
// history (crmd/fence/fence_device_agents.h); unit tests use testing/fake_stonith_agents.h.

#include <cstdint>
#include <expected>
#include <string>

#include "xml/base/error.h"

namespace keel {

// One run of a fence agent: argv is {path}, the arguments come on stdin.
struct StonithCommand {
  std::string path;
  std::string stdin_text;
  int64_t timeout_ms = 0;  // the device's own (pcmk_monitor_timeout); 0: the action's
};

class StonithAgents {
 public:
  virtual ~StonithAgents() = default;
  // Whether the device is started on this node: a probe's answer (running or not running).
  virtual bool DeviceActive(const std::string& rsc) const = 0;
  // The agent's monitor run for device `rsc`. Errors: no such device, a configuration that
  // does not parse, an agent name or parameter that cannot be passed.
  virtual std::expected<StonithCommand, Error> MonitorCommand(const std::string& rsc) const = 0;
};

}  // namespace keel
