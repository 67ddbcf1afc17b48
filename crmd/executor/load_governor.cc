#include "crmd/executor/load_governor.h"

#include <algorithm>
#include <cstdio>

namespace keel {
LoadGovernor::LoadGovernor(EventLoop& loop, Executor& executor, int cores, Reader read, Log log)
    : loop_(loop),
      executor_(executor),
      read_(std::move(read)),
      log_(std::move(log)),
      throttle_(cores),
      limit_(std::max(1, executor.max_running())) {
  Sample();
}

LoadGovernor::~LoadGovernor() {
  if (timer_) loop_.CancelTimer(timer_);
}

void LoadGovernor::SetLimits(int node_action_limit, double threshold) {
  node_action_limit = std::max(1, node_action_limit);
  if (node_action_limit != limit_) {
    log_("executor: at most " + std::to_string(node_action_limit) +
         " agents at once (node-action-limit)");
  }
  if (threshold != threshold_) log_("executor: load-threshold " + LoadThresholdText(threshold));
  limit_ = node_action_limit;
  threshold_ = threshold;
  Apply();
}

void LoadGovernor::Sample() {
  timer_ = 0;
  auto text = read_();
  auto sample = text ? ParseLoadavg(*text) : std::unexpected(text.error());
  if (!sample) {  // and no more samples
    log_("executor: cannot read the load (" + sample.error().ToString() +
         "); not throttling by load");
    throttle_ = LoadThrottle(1);
    Apply();
    return;
  }
  if (throttle_.Add(*sample, threshold_)) {
    char per_core[32];
    std::snprintf(per_core, sizeof per_core, "%.2f", throttle_.per_core());
    const int allowed = LoadThrottle::Allowed(throttle_.level(), limit_);
    log_("executor: load " + std::string(per_core) + " per core (load-threshold " +
         LoadThresholdText(threshold_) + "): level " +
         std::string(LoadLevelName(throttle_.level())) + ", " + std::to_string(allowed) + " of " +
         std::to_string(limit_) + " agents at once");
  }
  Apply();
  timer_ = loop_.AddTimer(kSampleMs, [this] { Sample(); });
}

std::vector<std::pair<std::string, std::string>> LoadGovernor::StatusAttributes() const {
  char per_core[32];
  std::snprintf(per_core, sizeof per_core, "%.2f", throttle_.per_core());
  return {{"node_action_limit", std::to_string(limit_)},
          {"agents_allowed", std::to_string(allowed())},
          {"load_level", std::string(LoadLevelName(throttle_.level()))},
          {"load_per_core", per_core},
          {"load_threshold", LoadThresholdText(threshold_)},
          {"agents_running", std::to_string(executor_.running())},
          {"actions_waiting", std::to_string(executor_.waiting())}};
}

void LoadGovernor::Apply() {
  const int allowed = LoadThrottle::Allowed(throttle_.level(), limit_);
  if (allowed != executor_.max_running()) executor_.SetMaxRunning(allowed);
}

}  // namespace keel
