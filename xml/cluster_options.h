#pragma once
// Cluster options (crm_config) with Pacemaker's defaults and renamed spellings:
// stonith-enabled = fencing-enabled, stonith-action = fencing-action,
// stonith-timeout = fencing-timeout. Pure lookups over the model.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "xml/cib.h"

namespace keel {

// The raw value of a cluster option under either spelling, rules ignored; nullopt if unset.
std::optional<std::string> ClusterOption(const Configuration& config, std::string_view name);

// The value, or Pacemaker's default for a known option ("" for unknown unset ones).
std::string ClusterOptionOr(const Configuration& config, std::string_view name);

// Pacemaker's truth values: true/yes/on/y/1 and false/no/off/n/0 (any case).
std::optional<bool> ParseBool(std::string_view text);

// Whether Pacemaker (2.1) knows `name` as a cluster option, under either spelling; read-only
// ones it writes itself (dc-version, cluster-name, ...) included.
bool IsKnownClusterOption(std::string_view name);

// Every known cluster option name (for suggestions), sorted.
std::vector<std::string> KnownClusterOptionNames();

// The canonical name of an option ("stonith-enabled" -> "fencing-enabled"), or the name itself.
std::string_view CanonicalOptionName(std::string_view name);

}  // namespace keel
