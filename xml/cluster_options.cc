#include "xml/cluster_options.h"

#include <strings.h>

#include <algorithm>
#include <array>
#include <utility>

namespace keel {

namespace {

// Pacemaker's renamed options: {old, canonical}.
constexpr std::array<std::pair<std::string_view, std::string_view>, 3> kRenamed = {{
    {"stonith-enabled", "fencing-enabled"},
    {"stonith-action", "fencing-action"},
    {"stonith-timeout", "fencing-timeout"},
}};

// Defaults from "Pacemaker Explained" (cluster options), by canonical name.
constexpr std::array<std::pair<std::string_view, std::string_view>, 38> kDefaults = {{
    {"batch-limit", "0"},
    {"migration-limit", "-1"},
    {"no-quorum-policy", "stop"},
    {"symmetric-cluster", "true"},
    {"maintenance-mode", "false"},
    {"start-failure-is-fatal", "true"},
    {"enable-startup-probes", "true"},
    {"shutdown-lock", "false"},
    {"shutdown-lock-limit", "0"},
    {"fencing-enabled", "true"},
    {"fencing-action", "reboot"},
    {"fencing-timeout", "60s"},
    {"have-watchdog", "false"},
    {"stonith-watchdog-timeout", "0"},
    {"concurrent-fencing", "true"},
    {"startup-fencing", "true"},
    {"priority-fencing-delay", "0"},
    {"cluster-delay", "60s"},
    {"dc-deadtime", "20s"},
    {"cluster-recheck-interval", "15min"},
    {"load-threshold", "80%"},
    {"node-action-limit", "0"},
    {"stop-orphan-resources", "true"},
    {"stop-orphan-actions", "true"},
    {"stop-all-resources", "false"},
    {"election-timeout", "2min"},
    {"shutdown-escalation", "20min"},
    {"join-integration-timeout", "3min"},
    {"join-finalization-timeout", "30min"},
    {"transition-delay", "0s"},
    {"pe-error-series-max", "-1"},
    {"pe-warn-series-max", "5000"},
    {"pe-input-series-max", "4000"},
    {"placement-strategy", "default"},
    {"node-health-strategy", "none"},
    {"node-health-green", "0"},
    {"node-health-yellow", "0"},
    {"node-health-red", "-INFINITY"},
}};

// Known options without a default above: read-only ones Pacemaker writes, and settable ones
// Keel does not read.
constexpr std::array<std::string_view, 16> kOtherKnown = {
    "dc-version",
    "cluster-infrastructure",
    "cluster-name",
    "last-lrm-refresh",
    "stop-removed-resources",
    "cancel-removed-actions",
    "stonith-max-attempts",
    "fence-reaction",
    "node-pending-timeout",
    "enable-acl",
    "cluster-ipc-limit",
    "node-health-base",
    "is-managed-default",
    "default-resource-stickiness",
    "default-action-timeout",
    "remove-after-stop",
};

bool EqualsNoCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace

std::string_view CanonicalOptionName(std::string_view name) {
  for (const auto& [old_name, canonical] : kRenamed) {
    if (name == old_name) return canonical;
  }
  return name;
}

std::vector<std::string> KnownClusterOptionNames() {
  std::vector<std::string> names;
  for (const auto& [old_name, canonical] : kRenamed) names.emplace_back(old_name);
  for (const auto& [name, value] : kDefaults) names.emplace_back(name);
  for (std::string_view name : kOtherKnown) names.emplace_back(name);
  std::sort(names.begin(), names.end());
  return names;
}

bool IsKnownClusterOption(std::string_view name) {
  std::string_view canonical = CanonicalOptionName(name);
  for (const auto& [known, value] : kDefaults) {
    if (known == canonical) return true;
  }
  for (std::string_view known : kOtherKnown) {
    if (known == canonical) return true;
  }
  return false;
}

std::optional<std::string> ClusterOption(const Configuration& config, std::string_view name) {
  std::string_view wanted = CanonicalOptionName(name);
  for (const NvSet& set : config.crm_config) {
    for (const NvPair& pair : set.pairs) {
      if (CanonicalOptionName(pair.name) == wanted) return pair.value;
    }
  }
  return std::nullopt;
}

std::string ClusterOptionOr(const Configuration& config, std::string_view name) {
  if (auto value = ClusterOption(config, name)) return *value;
  std::string_view wanted = CanonicalOptionName(name);
  for (const auto& [option, fallback] : kDefaults) {
    if (option == wanted) return std::string(fallback);
  }
  return "";
}

std::optional<bool> ParseBool(std::string_view text) {
  for (std::string_view yes : {"true", "yes", "on", "y", "1"}) {
    if (EqualsNoCase(text, yes)) return true;
  }
  for (std::string_view no : {"false", "no", "off", "n", "0"}) {
    if (EqualsNoCase(text, no)) return false;
  }
  return std::nullopt;
}

}  // namespace keel
