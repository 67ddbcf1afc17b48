#pragma once
// Applies load-aware throttling to a node's executor: every kSampleMs it reads the machine's
// load (`read`: the text of /proc/loadavg), feeds LoadThrottle, and sets the executor's limit
// of agents at once to what the level allows of node-action-limit. Actions beyond it wait in
// the executor's queue (its order: probes first as the DC sends them); agents already
// running finish. Logs one line per level change and per change of the limits, never one
// per sample. A load that cannot be read turns the throttle off (logged once): the executor
// then runs node-action-limit agents.

#include <cstdint>
#include <expected>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "crmd/executor/executor.h"
#include "crmd/executor/load_throttle.h"
#include "xml/base/event_loop.h"

namespace keel {

class LoadGovernor {
 public:
  static constexpr int64_t kSampleMs = 500;
  static constexpr double kDefaultThreshold = 0.8;  // load-threshold's default, 80%
  using Reader = std::function<std::expected<std::string, Error>()>;
  using Log = std::function<void(const std::string&)>;

  // `loop` and `executor` must outlive the governor. Starts sampling at once.
  LoadGovernor(EventLoop& loop, Executor& executor, int cores, Reader read, Log log);
  ~LoadGovernor();
  LoadGovernor(const LoadGovernor&) = delete;
  LoadGovernor& operator=(const LoadGovernor&) = delete;

  // node-action-limit (>= 1) and load-threshold (a fraction, > 0); applied at once.
  void SetLimits(int node_action_limit, double threshold);

  int node_action_limit() const { return limit_; }
  double threshold() const { return threshold_; }
  LoadLevel level() const { return throttle_.level(); }
  double load_per_core() const { return throttle_.per_core(); }
  // Agents the executor may run at once now.
  int allowed() const { return executor_.max_running(); }
  // For crmd's status report (crm status --json "limits"), name and value: node_action_limit,
  // agents_allowed, load_level, load_per_core ("2.45"), load_threshold ("80%"),
  // agents_running, actions_waiting.
  std::vector<std::pair<std::string, std::string>> StatusAttributes() const;

 private:
  void Sample();
  void Apply();

  EventLoop& loop_;
  Executor& executor_;
  Reader read_;
  Log log_;
  LoadThrottle throttle_;
  int limit_;
  double threshold_ = kDefaultThreshold;
  EventLoop::TimerId timer_ = 0;  // the next sample (0: none)
};

}  // namespace keel
