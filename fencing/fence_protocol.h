#pragma once
// The fence-agent protocol (fence-agents / Pacemaker's fencer): the agent runs with no
// arguments, reads `key=value` lines on stdin, answers with its exit code and output.
// Pure text in, text out: no processes here (see agent_runner.h for the edge).

#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "xml/base/error.h"

namespace keel {

enum class FenceAction { kOff, kOn, kReboot, kStatus, kMonitor, kList, kListStatus, kMetadata };

// "off", "on", "reboot", "status", "monitor", "list", "list-status", "metadata".
std::string_view FenceActionName(FenceAction action);
// The inverse of FenceActionName; nullopt for anything else.
std::optional<FenceAction> ParseFenceAction(std::string_view name);

struct AgentParam {
  std::string name;
  std::string value;
  friend bool operator==(const AgentParam&, const AgentParam&) = default;
};

// The stdin text: "action=ACTION" first, then "plug=" (when plug is not empty) and
// "nodename=" (when not empty), then the params in order. Params named pcmk_* and params that
// would override action/plug/port/nodename are left out. A name or value with a newline or
// a name with '=' is an error naming the parameter, since it would inject a line.
// `agent_action` is the word sent (e.g. a pcmk_reboot_action rename), not checked here.
// `plug_key` is the key the plug goes under (pcmk_host_argument: "plug", "port", ...).
std::expected<std::string, Error> BuildAgentStdin(std::string_view agent_action,
                                                  const std::vector<AgentParam>& params,
                                                  std::string_view plug, std::string_view nodename,
                                                  std::string_view plug_key = "plug");

// One line of `list` output: "name" or "name,alias".
struct ListedTarget {
  std::string name;
  std::string alias;
  friend bool operator==(const ListedTarget&, const ListedTarget&) = default;
};

// Parses `list` / `list-status` output: one target per line, blank lines skipped, fields
// trimmed; in "name,alias[,status]" the third field is ignored.
std::vector<ListedTarget> ParseListOutput(std::string_view text);

// True when `name` is a listed name or alias.
bool ListIncludes(const std::vector<ListedTarget>& list, std::string_view name);

// An agent's metadata (`action=metadata`): what a configuration may set and what it can do.
struct FenceParameter {
  std::string name;
  std::string type;           // content type: string, boolean, integer, select, ...
  std::string default_value;  // "" when none
  bool required = false;
  friend bool operator==(const FenceParameter&, const FenceParameter&) = default;
};

struct FenceMetadata {
  std::string name;
  std::string shortdesc;
  std::vector<FenceParameter> parameters;
  std::vector<std::string> actions;
  bool HasAction(std::string_view action) const;
  const FenceParameter* Parameter(std::string_view name) const;
};

// Parses <resource-agent name=...><parameters><parameter name=.../>...<actions><action
// name=.../>. Errors name `source` and the line.
std::expected<FenceMetadata, Error> ParseFenceMetadata(std::string_view xml,
                                                       std::string_view source);

}  // namespace keel
