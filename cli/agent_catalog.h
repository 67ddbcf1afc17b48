#pragma once
// Which resource agents exist on this machine, and their parameters: for checking new
// primitives and for tab completion. Reads OCF_ROOT/resource.d/PROVIDER/TYPE (default
// /usr/lib/ocf), /etc/init.d (lsb), /etc/ha.d/resource.d (heartbeat); runs an agent's
// meta-data action only when parameters are asked for.

#include <expected>
#include <string>
#include <vector>

#include "xml/cib.h"
#include "xml/error.h"

namespace keel {

struct AgentRoots {
  std::string ocf_root = "/usr/lib/ocf";
  std::string lsb_dir = "/etc/init.d";
  std::string heartbeat_dir = "/etc/ha.d/resource.d";
};

// OCF_ROOT from the environment when set, else the defaults.
AgentRoots DefaultAgentRoots();

// Keel's own agents ship with Keel and are known even where they are not installed yet.
bool IsKeelBuiltinAgent(const Primitive& p);

class AgentCatalog {
 public:
  explicit AgentCatalog(AgentRoots roots) : roots_(std::move(roots)) {}

  // "ocf:PROVIDER:TYPE" for every installed OCF agent, then lsb:/heartbeat: scripts; sorted.
  std::vector<std::string> AgentNames() const;

  // An error naming the primitive when its agent cannot be found (ocf, lsb, heartbeat);
  // stonith/systemd/service agents are not checked here.
  std::expected<void, Error> Check(const Primitive& p) const;

  // The parameter names from the agent's meta-data (runs `AGENT meta-data`, 2 s at most).
  std::vector<std::string> Parameters(const std::string& agent) const;

 private:
  AgentRoots roots_;
};

// Errors for the primitives of `after` whose agent is new (not in `before`) and missing.
Errors CheckNewAgents(const Configuration& before, const Configuration& after,
                      const AgentCatalog& catalog);

// The parameter names in an OCF meta-data document (<parameter name=...>). Pure.
std::vector<std::string> ParametersFromMetaData(std::string_view xml);

}  // namespace keel
