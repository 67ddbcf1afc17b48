#pragma once
// The executor's view of this node's fence devices (StonithAgents, crmd/executor/
// stonith_agents.h), read at each call: a device is active where this node's lrm history has
// it started; its monitor runs its agent from `agent_dir` with the input the fencer builds for
// it (fencing/local_agent.h DeviceInvocation), under pcmk_monitor_timeout when set.

#include <functional>
#include <string>
#include <vector>

#include "crmd/executor/stonith_agents.h"
#include "xml/xml_node.h"

namespace keel {

class FenceDeviceAgents : public StonithAgents {
 public:
  // `cib`: the CIB replica's document (nullptr while there is none); `active`: the resources
  // started on this node. Both are asked at each call.
  FenceDeviceAgents(std::string agent_dir, std::function<const XmlNode*()> cib,
                    std::function<std::vector<std::string>()> active);

  bool DeviceActive(const std::string& rsc) const override;
  std::expected<StonithCommand, Error> MonitorCommand(const std::string& rsc) const override;

 private:
  std::string agent_dir_;
  std::function<const XmlNode*()> cib_;
  std::function<std::vector<std::string>()> active_;
};

}  // namespace keel
