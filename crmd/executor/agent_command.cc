#include "crmd/executor/agent_command.h"

#include <algorithm>
#include <charconv>

namespace keel {

namespace {

bool ValidEnvName(const std::string& name) {
  return !name.empty() && name.find('=') == std::string::npos &&
         name.find('\0') == std::string::npos;
}

bool ValidValue(const std::string& value) { return value.find('\0') == std::string::npos; }

Error Invalid(const ActionRequest& request, std::string message) {
  return Error{ErrorCode::kInvalid, std::move(message), request.rsc_id};
}

// Pacemaker passes meta attributes with '-' spelled '_' (migration-threshold -> ..._threshold).
std::string MetaEnvName(const std::string& name) {
  std::string out = "OCF_RESKEY_CRM_meta_" + name;
  std::replace(out.begin(), out.end(), '-', '_');
  return out;
}

std::expected<std::vector<std::string>, Error> OcfEnv(const ExecutorConfig& config,
                                                      const ActionRequest& request,
                                                      int64_t timeout_ms) {
  std::vector<std::string> env = {
      "PATH=" + config.path_env,
      "OCF_ROOT=" + config.ocf_root,
      "OCF_RA_VERSION_MAJOR=1",
      "OCF_RA_VERSION_MINOR=1",
      "OCF_RESOURCE_INSTANCE=" + request.rsc_id,
      "OCF_RESOURCE_TYPE=" + request.agent.type,
      "OCF_RESOURCE_PROVIDER=" + request.agent.provider,
      "HA_RSCTMP=" + config.rsctmp,
  };
  for (const auto& [name, value] : request.params) {
    if (!ValidEnvName(name))
      return std::unexpected(Invalid(request, "bad parameter name \"" + name + "\""));
    if (!ValidValue(value))
      return std::unexpected(Invalid(request, "parameter " + name + " holds a NUL byte"));
    env.push_back("OCF_RESKEY_" + name + "=" + value);
  }
  std::map<std::string, std::string> meta = request.meta;
  // A one-shot run of a recurring monitor (crm resource, RunActionSync) brings its own interval.
  if (request.interval_ms > 0 || !meta.contains("interval")) {
    meta["interval"] = std::to_string(request.interval_ms);
  }
  meta["timeout"] = std::to_string(timeout_ms);
  meta["name"] = request.action;
  if (!config.node_name.empty()) meta.try_emplace("on_node", config.node_name);
  for (const auto& [name, value] : meta) {
    if (!ValidEnvName(name))
      return std::unexpected(Invalid(request, "bad meta attribute name \"" + name + "\""));
    if (!ValidValue(value))
      return std::unexpected(Invalid(request, "meta attribute " + name + " holds a NUL byte"));
    env.push_back(MetaEnvName(name) + "=" + value);
  }
  return env;
}

// heartbeat-class parameters are positional: "1", "2", ... in numeric order.
std::expected<std::vector<std::string>, Error> PositionalArgs(const ActionRequest& request) {
  std::vector<std::pair<int, std::string>> numbered;
  for (const auto& [name, value] : request.params) {
    int position = 0;
    auto [end, ec] = std::from_chars(name.data(), name.data() + name.size(), position);
    if (ec != std::errc() || end != name.data() + name.size() || position < 1) {
      return std::unexpected(
          Invalid(request, "heartbeat-class parameters are named 1, 2, ...; got \"" + name + "\""));
    }
    if (!ValidValue(value))
      return std::unexpected(Invalid(request, "parameter " + name + " holds a NUL byte"));
    numbered.emplace_back(position, value);
  }
  std::sort(numbered.begin(), numbered.end());
  std::vector<std::string> args;
  for (auto& [position, value] : numbered) args.push_back(std::move(value));
  return args;
}

bool IsStatusAction(const std::string& action) { return action == "monitor" || action == "status"; }

bool ClassSupports(AgentClass agent_class, const std::string& action) {
  if (agent_class == AgentClass::kStonith) return false;  // never an OCF-style command
  if (action == "start" || action == "stop" || IsStatusAction(action)) return true;
  if (agent_class == AgentClass::kLsb) {
    return action == "restart" || action == "reload" || action == "force-reload";
  }
  return agent_class == AgentClass::kOcf;
}

}  // namespace

std::string AgentPath(const ExecutorConfig& config, const AgentSpec& agent) {
  switch (agent.agent_class) {
    case AgentClass::kOcf:
      return config.ocf_root + "/resource.d/" + agent.provider + "/" + agent.type;
    case AgentClass::kLsb:
      return config.lsb_dir + "/" + agent.type;
    case AgentClass::kHeartbeat:
      return config.heartbeat_dir + "/" + agent.type;
    case AgentClass::kStonith:
      return "";  // the fence device's command comes from StonithAgents
  }
  return {};
}

std::string ClassAction(AgentClass agent_class, const std::string& action) {
  if (agent_class != AgentClass::kOcf && action == "monitor") return "status";
  return action;
}

std::expected<AgentCommand, Error> BuildAgentCommand(const ExecutorConfig& config,
                                                     const ActionRequest& request) {
  const AgentClass agent_class = request.agent.agent_class;
  if (!ClassSupports(agent_class, request.action)) {
    return std::unexpected(Error{ErrorCode::kNotSupported,
                                 "not supported: action " + request.action + " for class " +
                                     std::string(AgentClassName(agent_class)),
                                 request.rsc_id});
  }
  AgentCommand command;
  command.path = AgentPath(config, request.agent);
  command.argv.push_back(command.path);
  const int64_t timeout_ms =
      request.timeout_ms > 0 ? request.timeout_ms : config.default_timeout_ms;
  if (agent_class == AgentClass::kOcf) {
    auto env = OcfEnv(config, request, timeout_ms);
    if (!env) return std::unexpected(env.error());
    command.env = std::move(*env);
  } else {
    command.env = {"PATH=" + config.path_env, "HA_RSCTMP=" + config.rsctmp};
    if (agent_class == AgentClass::kHeartbeat) {
      auto args = PositionalArgs(request);
      if (!args) return std::unexpected(args.error());
      command.argv.insert(command.argv.end(), args->begin(), args->end());
    } else if (!request.params.empty()) {
      return std::unexpected(Invalid(request, "lsb resources take no parameters"));
    }
  }
  command.argv.push_back(ClassAction(agent_class, request.action));
  command.env.insert(command.env.end(), config.extra_env.begin(), config.extra_env.end());
  return command;
}

bool HeartbeatOutputSaysRunning(const std::string& stdout_text) {
  if (stdout_text.find("OK") != std::string::npos) return true;
  for (size_t at = stdout_text.find("running"); at != std::string::npos;
       at = stdout_text.find("running", at + 1)) {
    if (at < 4 || stdout_text.compare(at - 4, 4, "not ") != 0) return true;
  }
  return false;
}

int MapExitCode(AgentClass agent_class, const std::string& action, int exit_code,
                const std::string& stdout_text) {
  switch (agent_class) {
    case AgentClass::kOcf:
      return exit_code >= 0 && exit_code <= ocf_rc::kFailedPromoted ? exit_code
                                                                    : ocf_rc::kErrGeneric;
    case AgentClass::kLsb:
      if (IsStatusAction(action)) {
        // LSB status: 0 running; 1 dead with pid file, 2 dead with lock, 3 stopped; 4 unknown.
        if (exit_code == 0) return ocf_rc::kOk;
        if (exit_code >= 1 && exit_code <= 3) return ocf_rc::kNotRunning;
        return ocf_rc::kErrGeneric;
      }
      // LSB 1-6 share the OCF numbers; 7 from stop means "already stopped", a success.
      if (action == "stop" && exit_code == ocf_rc::kNotRunning) return ocf_rc::kOk;
      return exit_code >= 0 && exit_code <= ocf_rc::kNotRunning ? exit_code : ocf_rc::kErrGeneric;
    case AgentClass::kHeartbeat:
      if (IsStatusAction(action)) {
        return HeartbeatOutputSaysRunning(stdout_text) ? ocf_rc::kOk : ocf_rc::kNotRunning;
      }
      return exit_code == 0 ? ocf_rc::kOk : ocf_rc::kErrGeneric;
    case AgentClass::kStonith:
      return exit_code == 0 ? ocf_rc::kOk : ocf_rc::kErrGeneric;
  }
  return ocf_rc::kErrGeneric;
}

}  // namespace keel
