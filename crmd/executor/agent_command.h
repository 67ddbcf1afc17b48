#pragma once
// Pure translation between an ActionRequest and a process: which file to run with which argv
// and environment (never a shell), and what its exit status means for each agent class.

#include <cstdint>
#include <expected>
#include <string>
#include <vector>

#include "crmd/executor/action.h"

namespace keel {

// Where agents live and how they are run. Every path is settable so nodes can run side by side.
struct ExecutorConfig {
  std::string ocf_root = "/usr/lib/ocf";
  std::string lsb_dir = "/etc/init.d";
  std::string heartbeat_dir = "/etc/ha.d/resource.d";
  std::string rsctmp = "/run/resource-agents";  // HA_RSCTMP: agents' private state
  std::string path_env = "/usr/sbin:/usr/bin:/sbin:/bin";
  std::string node_name;  // OCF_RESKEY_CRM_meta_on_node when set
  std::string working_dir = "/";
  int64_t default_timeout_ms = 20000;
  int64_t kill_grace_ms = 5000;  // SIGTERM at the timeout, SIGKILL this much later
  size_t output_cap = 64 * 1024;
  // Agent processes running at once for actions (node-action-limit); beyond it actions wait,
  // their timeouts not yet started. 0: no limit.
  int max_running = 0;
  // Extra "NAME=value" entries for every agent (e.g. HA_LOGFACILITY=none, HA_debug=1).
  std::vector<std::string> extra_env;
};

struct AgentCommand {
  std::string path;               // the executable
  std::vector<std::string> argv;  // argv[0] is the path
  std::vector<std::string> env;   // "NAME=value", the whole environment
};

// The agent's file name for its class.
std::string AgentPath(const ExecutorConfig& config, const AgentSpec& agent);

// Builds the command for one action. Errors (kNotSupported, kInvalid) when the class cannot run
// the action or a parameter cannot be passed (e.g. a name unusable in the environment).
std::expected<AgentCommand, Error> BuildAgentCommand(const ExecutorConfig& config,
                                                     const ActionRequest& request);

// The action as the agent's class names it: monitor -> status for lsb and heartbeat.
std::string ClassAction(AgentClass agent_class, const std::string& action);

// The OCF rc for an agent that exited with `exit_code`; `stdout_text` matters only for the
// heartbeat class' status. Values outside the class' range become generic errors.
int MapExitCode(AgentClass agent_class, const std::string& action, int exit_code,
                const std::string& stdout_text);

// heartbeat v1 status: "running" (but not "not running") or "OK" in the output.
bool HeartbeatOutputSaysRunning(const std::string& stdout_text);

}  // namespace keel
