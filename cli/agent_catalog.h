#pragma once
// Which resource agents exist on this machine, and their parameters: for checking new
// primitives and for tab completion. Reads OCF_ROOT/resource.d/PROVIDER/TYPE (default
// /usr/lib/ocf), /etc/init.d (lsb), /etc/ha.d/resource.d (heartbeat); runs an agent's
// meta-data action only when parameters are asked for.

#include <expected>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/agent_meta.h"
#include "cli/metadata_cache.h"
#include "xml/base/error.h"
#include "xml/cib.h"

namespace keel {

struct AgentRoots {
  std::string ocf_root = "/usr/lib/ocf";
  std::string fence_dir = "/usr/sbin";
  std::vector<std::string> systemd_dirs = {"/etc/systemd/system", "/run/systemd/system",
                                           "/lib/systemd/system", "/usr/lib/systemd/system"};
  std::string lsb_dir = "/etc/init.d";
  std::string heartbeat_dir = "/etc/ha.d/resource.d";
  std::string metadata_cache_dir;  // "" : meta-data cached for one run only (MetaDataCache)
};

// OCF_ROOT and KEEL_FENCE_AGENT_DIR (crmd's --fence-agent-dir) from the environment when
// set, else the defaults; the meta-data cache from DefaultMetaDataCacheDir().
AgentRoots DefaultAgentRoots();

// Keel's own agents ship with Keel and are known even where they are not installed yet.
bool IsKeelBuiltinAgent(const Primitive& p);

// The meta-data of ocf:keel:TYPE as the agent itself prints it (built in, nothing run);
// nullopt for other agents.
std::optional<std::string> KeelBuiltinMetaData(const std::string& provider,
                                               const std::string& type);

class AgentCatalog {
 public:
  explicit AgentCatalog(AgentRoots roots)
      : roots_(std::move(roots)),
        cache_(std::make_shared<MetaDataCache>(roots_.metadata_cache_dir)) {}

  // "ocf:PROVIDER:TYPE" for every installed OCF agent, then lsb:/heartbeat: scripts; sorted.
  std::vector<std::string> AgentNames() const;

  // An error naming the primitive when its agent cannot be found (ocf, lsb, heartbeat);
  // stonith/systemd/service agents are not checked here.
  std::expected<void, Error> Check(const Primitive& p) const;

  // The meta-data of an installed OCF agent (runs it, 2 s at most, or from the cache); nullopt when
  // `p` is not an OCF primitive whose agent is installed under the OCF root.
  std::optional<std::string> MetaData(const Primitive& p) const;
  // An error when a stonith or systemd primitive's agent is not on this machine.
  std::expected<void, Error> CheckOtherClasses(const Primitive& p) const;

  // The parameter names from the meta-data of `agent` (CLASS:PROVIDER:TYPE, or a bare TYPE
  // for ocf:heartbeat:TYPE): runs `AGENT meta-data` (2 s at most) when installed, else Keel's
  // own agents' meta-data (KeelBuiltinMetaData); empty for other classes.
  std::vector<std::string> Parameters(const std::string& agent) const;

 private:
  std::string RunCached(const std::string& path) const;

  AgentRoots roots_;
  std::shared_ptr<MetaDataCache> cache_;  // shared by copies of the catalog
};

struct AgentCheckReport {
  Errors errors;                   // unknown agents, parameters against meta-data
  Errors warnings;                 // operations against the agents' advice
  std::vector<std::string> notes;  // agents whose meta-data could not be read here
};

// `crm configure verify`'s agent checks of every primitive: the agent exists (ocf, lsb,
// heartbeat, stonith: /usr/sbin/NAME, systemd: a unit file), and, for OCF agents installed
// here and Keel's own (built-in meta-data where not installed), its parameters and operations
// against the meta-data (CheckAgainstMetaData).
AgentCheckReport CheckAgents(const Configuration& config, const AgentCatalog& catalog);

// CheckAgents for the primitives of `after` that are new or changed (agent, parameters or
// operations) since `before`: what crm checks when a command defines or edits a primitive.
// The errors say that --force defines it anyway.
AgentCheckReport CheckChangedPrimitives(const Configuration& before, const Configuration& after,
                                        const AgentCatalog& catalog);

// The parameter names in an OCF meta-data document (<parameter name=...>). Pure.
std::vector<std::string> ParametersFromMetaData(std::string_view xml);

}  // namespace keel
