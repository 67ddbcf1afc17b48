#include "crmd/scheduler/settings.h"

#include <algorithm>
#include <cctype>

namespace keel {
namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// Renamed options: each pair is (new name, old name).
constexpr std::pair<std::string_view, std::string_view> kAliases[] = {
    {"fencing-enabled", "stonith-enabled"},
    {"fencing-action", "stonith-action"},
    {"fencing-timeout", "stonith-timeout"},
};

}  // namespace

std::optional<bool> ParseTruth(std::string_view text) {
  std::string t = Lower(text);
  if (t == "true" || t == "yes" || t == "on" || t == "y" || t == "1") return true;
  if (t == "false" || t == "no" || t == "off" || t == "n" || t == "0") return false;
  return std::nullopt;
}

std::optional<std::string> SchedulerOption(const Configuration& config, std::string_view name) {
  std::string_view other = name;
  for (auto [now, old] : kAliases) {
    if (name == now) other = old;
    if (name == old) other = now;
  }
  for (const NvSet& set : config.crm_config) {
    for (const NvPair& pair : set.pairs) {
      if (pair.name == name || pair.name == other) return pair.value;
    }
  }
  return std::nullopt;
}

ClusterSettings ReadSettings(const Configuration& config, bool have_quorum) {
  ClusterSettings s;
  auto flag = [&](std::string_view name, bool fallback) {
    auto v = SchedulerOption(config, name);
    return v ? ParseTruth(*v).value_or(fallback) : fallback;
  };
  s.symmetric = flag("symmetric-cluster", true);
  s.fencing_enabled = flag("fencing-enabled", true);
  s.maintenance_mode = flag("maintenance-mode", false);
  s.start_failure_is_fatal = flag("start-failure-is-fatal", true);
  s.stop_orphans = flag("stop-orphan-resources", true);
  s.have_quorum = have_quorum;
  if (auto v = SchedulerOption(config, "no-quorum-policy")) {
    std::string p = Lower(*v);
    if (p == "freeze") s.no_quorum_policy = NoQuorumPolicy::kFreeze;
    if (p == "ignore") s.no_quorum_policy = NoQuorumPolicy::kIgnore;
    if (p == "fence" || p == "suicide") s.no_quorum_policy = NoQuorumPolicy::kFence;
  }
  if (auto v = SchedulerOption(config, "fencing-action")) s.fencing_action = *v;
  if (auto v = SchedulerOption(config, "placement-strategy")) s.placement_strategy = *v;
  return s;
}

}  // namespace keel
