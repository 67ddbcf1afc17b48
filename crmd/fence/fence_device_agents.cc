#include "crmd/fence/fence_device_agents.h"

#include <algorithm>

#include "crmd/cib/cib_model.h"
#include "fencing/fencer_config.h"
#include "fencing/local_agent.h"
#include "xml/cib_parse.h"

namespace keel {

FenceDeviceAgents::FenceDeviceAgents(std::string agent_dir, std::function<const XmlNode*()> cib,
                                     std::function<std::vector<std::string>()> active)
    : agent_dir_(std::move(agent_dir)), cib_(std::move(cib)), active_(std::move(active)) {}

bool FenceDeviceAgents::DeviceActive(const std::string& rsc) const {
  std::vector<std::string> active = active_();
  return std::find(active.begin(), active.end(), rsc) != active.end();
}

std::expected<StonithCommand, Error> FenceDeviceAgents::MonitorCommand(
    const std::string& rsc) const {
  auto fail = [&](std::string why) {
    return std::unexpected(Error{ErrorCode::kInvalid, why, rsc});
  };
  const XmlNode* xml = cib_();
  if (xml == nullptr) return fail("no CIB yet");
  auto parsed = ConfigurationFromXml(*xml);
  if (!parsed) return fail("the CIB does not parse");
  auto config = FencerConfigFromCib(parsed->cib.configuration, "cib");
  if (!config) return fail("the fencing configuration is invalid: " + JoinErrors(config.error()));
  auto device = std::find_if(config->devices.begin(), config->devices.end(),
                             [&](const FenceDeviceConfig& d) { return d.id == rsc; });
  if (device == config->devices.end()) return fail("no fence device " + rsc);
  auto timeout = device->action_timeouts_ms.find(FenceAction::kMonitor);
  auto invocation =
      DeviceInvocation(*device, FenceAction::kMonitor, "", agent_dir_,
                       timeout != device->action_timeouts_ms.end() ? timeout->second : 0);
  if (!invocation) return std::unexpected(invocation.error());
  return StonithCommand{invocation->path, invocation->stdin_text, invocation->timeout_ms};
}

}  // namespace keel
