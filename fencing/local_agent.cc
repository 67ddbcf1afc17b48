#include "fencing/local_agent.h"

namespace keel {

std::expected<std::string, Error> FenceAgentPath(std::string_view search_dir,
                                                 std::string_view agent) {
  if (agent.empty() || agent == "." || agent == ".." || agent.find('/') != std::string_view::npos) {
    return std::unexpected(
        Error{ErrorCode::kInvalid,
              "fence agent name '" + std::string(agent) + "' is not a plain file name",
              std::string(agent)});
  }
  std::string path(search_dir);
  if (path.empty()) path = std::string(kDefaultFenceAgentDir);
  if (path.back() != '/') path += '/';
  return path + std::string(agent);
}

std::expected<AgentInvocation, Error> DeviceInvocation(const FenceDeviceConfig& device,
                                                       FenceAction action, std::string_view target,
                                                       std::string_view search_dir,
                                                       int64_t timeout_ms) {
  auto path = FenceAgentPath(search_dir, device.agent);
  if (!path) return std::unexpected(path.error());
  auto input = DeviceStdin(device, action, target);
  if (!input) return std::unexpected(input.error());
  AgentInvocation invocation;
  invocation.path = std::move(*path);
  invocation.stdin_text = std::move(*input);
  invocation.timeout_ms = timeout_ms;
  return invocation;
}

AgentExit RunAgentLocally(AgentRunner& runner, std::string_view search_dir,
                          const RunAgentEffect& effect) {
  auto path = FenceAgentPath(search_dir, effect.agent);
  if (!path) {
    AgentExit exit;
    exit.start_error = path.error().ToString();
    return exit;
  }
  AgentInvocation invocation;
  invocation.path = *path;
  invocation.stdin_text = effect.stdin_text;
  invocation.timeout_ms = effect.timeout_ms;
  return runner.Run(invocation);
}

std::expected<FenceMetadata, Error> QueryFenceMetadata(AgentRunner& runner,
                                                       std::string_view search_dir,
                                                       std::string_view agent, int64_t timeout_ms) {
  auto path = FenceAgentPath(search_dir, agent);
  if (!path) return std::unexpected(path.error());
  AgentInvocation invocation;
  invocation.path = *path;
  invocation.stdin_text = "action=metadata\n";
  invocation.timeout_ms = timeout_ms;
  invocation.output_cap = 1024 * 1024;
  const AgentExit exit = runner.Run(invocation);
  const AgentVerdict verdict = JudgeAgentExit(FenceAction::kMetadata, exit);
  if (!verdict.ok) {
    return std::unexpected(Error{ErrorCode::kIo, "metadata: " + verdict.reason, *path});
  }
  return ParseFenceMetadata(exit.out, std::string(agent) + " metadata");
}

}  // namespace keel
