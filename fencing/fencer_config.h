#pragma once
// What the fencer needs from the CIB: devices, fencing-topology, fencing-action and
// fencing-timeout (either spelling, stonith-*). Pure.

#include <cstdint>
#include <expected>
#include <string_view>
#include <vector>

#include "fencing/fence_device.h"
#include "fencing/fence_protocol.h"
#include "xml/base/error.h"
#include "xml/cib.h"

namespace keel {

struct FencerConfig {
  std::vector<FenceDeviceConfig> devices;  // document order: the order devices are tried in
  std::vector<FencingLevel> levels;        // as configured; the fencer sorts by index
  std::vector<Node> nodes;  // <nodes>: permanent attributes for target-attribute levels
  FenceAction default_action = FenceAction::kReboot;  // fencing-action: reboot or off
  int64_t timeout_ms = 60000;                         // fencing-timeout, per agent run
  bool concurrent = true;  // concurrent-fencing: several targets fenced at the same time
};

// Reads and checks everything, reporting every problem: a level naming an unknown device, two
// levels with the same target and index, a bad fencing-action ("poweroff" is accepted as off)
// or timeout.
std::expected<FencerConfig, Errors> FencerConfigFromCib(const Configuration& config,
                                                        std::string_view source);

}  // namespace keel
