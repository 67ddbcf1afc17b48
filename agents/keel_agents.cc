#include "agents/keel_agents.h"

#include "agents/ipaddr_config.h"
#include "agents/ipvs_config.h"
#include "agents/ping_config.h"
#include "agents/proxy_agent.h"

namespace keel {

const std::vector<const AgentDescription*>& KeelAgentSpecs() {
  static const std::vector<const AgentDescription*> specs{&IpaddrSpec(), &IpvsDirectorSpec(),
                                                          &ProxySpec(), &PingSpec()};
  return specs;
}

const AgentDescription* FindKeelAgentSpec(std::string_view type) {
  for (const AgentDescription* spec : KeelAgentSpecs()) {
    if (spec->name == type) return spec;
  }
  return nullptr;
}

}  // namespace keel
