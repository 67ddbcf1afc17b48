#pragma once
// The OCF resource-agent contract: exit codes, OCF_RESKEY_* parameters, logging to stderr
// and the action dispatcher shared by every Keel agent.

#include <cstdint>
#include <expected>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "xml/base/error.h"
#include "xml/base/ocf_rc.h"

namespace keel {

struct AgentDescription;

// What an action returns: the exit code and, when not success, why (logged to stderr).
struct OcfResult {
  OcfRc rc = OcfRc::kOk;
  std::string reason;
};

inline OcfResult Ok() { return {}; }
inline OcfResult Fail(OcfRc rc, std::string reason) { return {rc, std::move(reason)}; }

// Parameter values by name (the part after OCF_RESKEY_). Values are plain strings: nothing
// here or anywhere in the agents passes them through a shell.
class OcfParams {
 public:
  OcfParams() = default;
  explicit OcfParams(std::map<std::string, std::string> values) : values_(std::move(values)) {}

  // Reads every OCF_RESKEY_<name> variable of the environment except the CRM_meta_ ones.
  static OcfParams FromEnvironment();

  // The value, or `fallback` when unset. An empty value counts as unset (OCF practice).
  std::string Get(std::string_view name, std::string_view fallback = "") const;
  bool Has(std::string_view name) const;
  const std::map<std::string, std::string>& values() const { return values_; }

  // A copy with the spec's default filled in for every unset parameter.
  OcfParams WithDefaults(const AgentDescription& spec) const;

 private:
  std::map<std::string, std::string> values_;
};

// Typed parameter parsing; errors name the parameter (`where` = parameter name).
std::expected<int64_t, Error> ParseIntParam(std::string_view name, std::string_view value,
                                            int64_t min, int64_t max);
std::expected<bool, Error> ParseBoolParam(std::string_view name, std::string_view value);
// "10" (seconds), "500ms", "2s", "1min" ... in milliseconds, within [min_ms, max_ms].
std::expected<int64_t, Error> ParseDurationParam(std::string_view name, std::string_view value,
                                                 int64_t min_ms, int64_t max_ms);

// All errors on one line, "; "-separated (the agents' stderr is read line by line).
std::string JoinParamErrors(const Errors& errors);

// OCF_RESOURCE_INSTANCE with anything outside [A-Za-z0-9_.-] replaced by '_' (so it can name
// files and nft tables); "default" when unset.
std::string InstanceName();
// A resource instance name made safe for file names and nft identifiers.
std::string SanitizeInstance(std::string_view name);
// ${HA_RSCTMP:-/run/resource-agents}.
std::string StateDir();
// ${OCF_ROOT:-/usr/lib/ocf}.
std::string OcfRoot();

// One line on stderr: "<agent>(<instance>)[<pid>]: <LEVEL>: <message>".
void LogInfo(std::string_view agent, std::string_view message);
void LogError(std::string_view agent, std::string_view message);

using ActionFn = std::function<OcfResult(const OcfParams&)>;

// Runs the action named by argv[1] (meta-data and usage are handled here; every other action
// comes from `actions`). Unknown action -> OCF_ERR_UNIMPLEMENTED. Returns the exit code.
int RunAgent(const AgentDescription& spec, const std::map<std::string, ActionFn>& actions, int argc,
             char** argv);

}  // namespace keel
