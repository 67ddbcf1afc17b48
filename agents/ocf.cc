#include "agents/ocf.h"

#include <unistd.h>

#include <charconv>
#include <cstdlib>
#include <iostream>

#include "agents/meta_data.h"

extern char** environ;

namespace keel {
namespace {

constexpr std::string_view kPrefix = "OCF_RESKEY_";
constexpr std::string_view kMetaPrefix = "CRM_meta_";

void Log(std::string_view level, std::string_view agent, std::string_view message) {
  std::cerr << agent << "(" << InstanceName() << ")[" << getpid() << "]: " << level << ": "
            << message << "\n";
}

std::string Usage(const AgentDescription& spec) {
  std::string usage = "usage: " + spec.name + " {meta-data";
  for (const ActionSpec& action : spec.actions) {
    if (action.name != "meta-data") usage += "|" + action.name;
  }
  return usage + "}";
}

}  // namespace

OcfParams OcfParams::FromEnvironment() {
  std::map<std::string, std::string> values;
  for (char** env = environ; env != nullptr && *env != nullptr; ++env) {
    std::string_view entry(*env);
    if (!entry.starts_with(kPrefix)) continue;
    entry.remove_prefix(kPrefix.size());
    size_t eq = entry.find('=');
    if (eq == std::string_view::npos) continue;
    std::string_view name = entry.substr(0, eq);
    if (name.starts_with(kMetaPrefix)) continue;
    values.emplace(std::string(name), std::string(entry.substr(eq + 1)));
  }
  return OcfParams(std::move(values));
}

std::string OcfParams::Get(std::string_view name, std::string_view fallback) const {
  auto it = values_.find(std::string(name));
  if (it == values_.end() || it->second.empty()) return std::string(fallback);
  return it->second;
}

bool OcfParams::Has(std::string_view name) const {
  auto it = values_.find(std::string(name));
  return it != values_.end() && !it->second.empty();
}

OcfParams OcfParams::WithDefaults(const AgentDescription& spec) const {
  std::map<std::string, std::string> values = values_;
  for (const ParamSpec& param : spec.params) {
    if (!Has(param.name) && !param.default_value.empty()) {
      values[param.name] = param.default_value;
    }
  }
  return OcfParams(std::move(values));
}

std::expected<int64_t, Error> ParseIntParam(std::string_view name, std::string_view value,
                                            int64_t min, int64_t max) {
  int64_t parsed = 0;
  auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), parsed);
  if (value.empty() || ec != std::errc() || ptr != value.data() + value.size()) {
    return std::unexpected(Error{ErrorCode::kInvalid,
                                 "not an integer: '" + std::string(value) + "'",
                                 std::string(name)});
  }
  if (parsed < min || parsed > max) {
    return std::unexpected(Error{ErrorCode::kInvalid,
                                 std::to_string(parsed) + " is out of range [" +
                                     std::to_string(min) + ", " + std::to_string(max) + "]",
                                 std::string(name)});
  }
  return parsed;
}

std::expected<bool, Error> ParseBoolParam(std::string_view name, std::string_view value) {
  for (std::string_view yes : {"1", "true", "yes", "on", "TRUE", "YES", "True"}) {
    if (value == yes) return true;
  }
  for (std::string_view no : {"0", "false", "no", "off", "FALSE", "NO", "False"}) {
    if (value == no) return false;
  }
  return std::unexpected(Error{ErrorCode::kInvalid,
                               "not a boolean: '" + std::string(value) + "'",
                               std::string(name)});
}

std::expected<int64_t, Error> ParseDurationParam(std::string_view name, std::string_view value,
                                                 int64_t min_ms, int64_t max_ms) {
  // "<digits>[ms|s|min|m|h]", a bare number meaning seconds.
  size_t digits = 0;
  while (digits < value.size() && value[digits] >= '0' && value[digits] <= '9') ++digits;
  std::string_view unit = value.substr(digits);
  int64_t scale = 0;
  if (unit.empty() || unit == "s" || unit == "sec") scale = 1000;
  else if (unit == "ms" || unit == "msec") scale = 1;
  else if (unit == "m" || unit == "min") scale = 60000;
  else if (unit == "h" || unit == "hr") scale = 3600000;
  Error bad{ErrorCode::kInvalid,
            "not a duration (like 5, 5s, 500ms, 1min): '" + std::string(value) + "'",
            std::string(name)};
  if (digits == 0 || digits > 12 || scale == 0) return std::unexpected(bad);
  int64_t ms = std::stoll(std::string(value.substr(0, digits))) * scale;
  if (ms < min_ms || ms > max_ms) {
    return std::unexpected(Error{ErrorCode::kInvalid,
                                 "'" + std::string(value) + "' is out of range [" +
                                     std::to_string(min_ms) + "ms, " + std::to_string(max_ms) +
                                     "ms]",
                                 std::string(name)});
  }
  return ms;
}

std::string SanitizeInstance(std::string_view name) {
  if (name.empty()) return "default";
  std::string out;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-' || c == '.';
    out += ok ? c : '_';
  }
  return out;
}

std::string InstanceName() {
  const char* instance = std::getenv("OCF_RESOURCE_INSTANCE");
  return SanitizeInstance(instance == nullptr ? "" : instance);
}

std::string StateDir() {
  const char* dir = std::getenv("HA_RSCTMP");
  return (dir != nullptr && *dir != '\0') ? dir : "/run/resource-agents";
}

std::string OcfRoot() {
  const char* root = std::getenv("OCF_ROOT");
  return (root != nullptr && *root != '\0') ? root : "/usr/lib/ocf";
}

std::string JoinParamErrors(const Errors& errors) {
  std::string out;
  for (const Error& error : errors) {
    if (!out.empty()) out += "; ";
    out += error.ToString();
  }
  return out;
}

void LogInfo(std::string_view agent, std::string_view message) { Log("INFO", agent, message); }
void LogError(std::string_view agent, std::string_view message) { Log("ERROR", agent, message); }

int RunAgent(const AgentDescription& spec, const std::map<std::string, ActionFn>& actions, int argc,
             char** argv) {
  if (argc < 2) {
    std::cerr << Usage(spec) << "\n";
    return static_cast<int>(OcfRc::kErrArgs);
  }
  std::string action = argv[1];
  if (action == "meta-data") {
    std::cout << RenderMetaData(spec);
    return 0;
  }
  if (action == "usage" || action == "help") {
    std::cout << Usage(spec) << "\n";
    return 0;
  }
  auto it = actions.find(action);
  if (it == actions.end()) {
    LogError(spec.name, "action '" + action + "' is not implemented");
    return static_cast<int>(OcfRc::kErrUnimplemented);
  }
  OcfResult result = it->second(OcfParams::FromEnvironment().WithDefaults(spec));
  if (result.rc != OcfRc::kOk && !result.reason.empty()) {
    if (result.rc == OcfRc::kNotRunning) {
      LogInfo(spec.name, action + ": " + result.reason);
    } else {
      LogError(spec.name, action + ": " + result.reason);
    }
  }
  return static_cast<int>(result.rc);
}

}  // namespace keel
