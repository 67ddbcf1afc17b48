#include "crmd/scheduler/settings.h"

#include <algorithm>
#include <cctype>

#include "crmd/scheduler/rules.h"
#include "xml/cluster_options.h"
#include "xml/duration.h"

namespace keel {
namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

// Option names and truth values are xml/cluster_options.h's.
std::optional<bool> ParseTruth(std::string_view text) { return ParseBool(text); }

std::optional<std::string> SchedulerOption(const Configuration& config, std::string_view name,
                                           std::optional<int64_t> now) {
  const std::string_view wanted = CanonicalOptionName(name);
  for (const NvSet* set :
       ApplicableSets(config.crm_config, RuleInput{.now = now}, "cib-bootstrap-options")) {
    for (const NvPair& pair : set->pairs) {
      if (CanonicalOptionName(pair.name) == wanted) return pair.value;
    }
  }
  return std::nullopt;
}

ClusterSettings ReadSettings(const Configuration& config, bool have_quorum, bool had_quorum,
                             std::optional<int64_t> now) {
  ClusterSettings s;
  auto option = [&](std::string_view name) { return SchedulerOption(config, name, now); };
  auto flag = [&](std::string_view name, bool fallback) {
    auto v = option(name);
    return v ? ParseTruth(*v).value_or(fallback) : fallback;
  };
  s.symmetric = flag("symmetric-cluster", true);
  s.fencing_enabled = flag("fencing-enabled", true);
  s.maintenance_mode = flag("maintenance-mode", false);
  s.stop_orphans = flag("stop-orphan-resources", true);
  s.shutdown_lock = flag("shutdown-lock", false);
  if (auto v = option("shutdown-lock-limit")) {
    if (auto ms = ParseDurationMs(*v)) s.shutdown_lock_limit_s = *ms / 1000;
  }
  s.have_quorum = have_quorum;
  if (auto v = option("no-quorum-policy")) {
    std::string p = Lower(*v);
    if (p == "freeze") s.no_quorum_policy = NoQuorumPolicy::kFreeze;
    if (p == "ignore") s.no_quorum_policy = NoQuorumPolicy::kIgnore;
    bool may_fence = s.fencing_enabled && (have_quorum || had_quorum);
    if ((p == "fence" || p == "suicide") && may_fence) s.no_quorum_policy = NoQuorumPolicy::kFence;
  }
  if (auto v = option("fencing-action")) s.fencing_action = *v;
  if (auto v = option("placement-strategy")) {
    std::string p = Lower(*v);  // any case, as Pacemaker; unknown values (invalid) read as default
    for (std::string_view known : {"utilization", "minimal", "balanced"}) {
      if (p == known) s.placement_strategy = p;
    }
  }
  if (auto v = option("node-health-strategy")) {
    std::string h = Lower(*v);
    for (std::string_view known : {"migrate-on-red", "only-green", "progressive", "custom"}) {
      if (h == known) s.node_health_strategy = h;
    }
  }
  return s;
}

}  // namespace keel
