#pragma once
// Running the fencer's agent effects on this node: a RunAgentEffect or a metadata query
// through an AgentRunner, with the agent looked up in a search path (default /usr/sbin).

#include <expected>
#include <string>
#include <string_view>

#include "fencing/agent_runner.h"
#include "fencing/fence_device.h"
#include "fencing/fence_protocol.h"
#include "fencing/fencer.h"
#include "xml/base/error.h"

namespace keel {

inline constexpr std::string_view kDefaultFenceAgentDir = "/usr/sbin";

// search_dir + "/" + agent; an agent name with '/' or that is empty/"."/".." is refused.
std::expected<std::string, Error> FenceAgentPath(std::string_view search_dir,
                                                 std::string_view agent);

// The invocation of `device`'s agent for `action` against `target` ("" for device-wide actions:
// monitor, list): e.g. for the recurring monitor of a stonith resource. Errors: a bad agent
// name or a parameter that would inject a line.
std::expected<AgentInvocation, Error> DeviceInvocation(const FenceDeviceConfig& device,
                                                       FenceAction action, std::string_view target,
                                                       std::string_view search_dir,
                                                       int64_t timeout_ms);

// Runs the effect's agent with its stdin and timeout; a bad agent name is kNotStarted.
AgentExit RunAgentLocally(AgentRunner& runner, std::string_view search_dir,
                          const RunAgentEffect& effect);

// `action=metadata`, parsed. Errors: the agent is missing or failed (with what it said), or
// its XML is bad (source "AGENT metadata").
std::expected<FenceMetadata, Error> QueryFenceMetadata(AgentRunner& runner,
                                                       std::string_view search_dir,
                                                       std::string_view agent, int64_t timeout_ms);

}  // namespace keel
