#pragma once
// Load-aware throttling of a node's agents (issue #21, load-threshold): from samples of the
// machine's load, a level and how many agents the executor may run at once now. Pure: the
// caller reads /proc/loadavg and applies the answer (LoadGovernor).
//
// The signal, per core: the larger of the runnable tasks averaged over the last kWindow
// samples and the kernel's 1-minute load average. The first reacts within seconds (the
// 1-minute average lags far behind a 20 s start-up); the second keeps the node slowed down
// while the minute still says loaded. Levels against load-threshold T (a fraction, 0.8 for
// "80%"), and the agents allowed of node-action-limit N:
//   none    signal <  T       N
//   low     T  .. 2T          N / 2
//   medium  2T .. 3T          N / 4
//   high    >= 3T             1
// never fewer than 1. A level is left downwards only once the signal is 10% below its lower
// bound, so a signal hovering at a bound does not flap.

#include <cstdint>
#include <deque>
#include <expected>
#include <string>
#include <string_view>

#include "xml/base/error.h"

namespace keel {

enum class LoadLevel { kNone, kLow, kMedium, kHigh };
std::string_view LoadLevelName(LoadLevel level);

// One reading of /proc/loadavg: "0.52 0.58 0.59 3/320 12345".
struct LoadSample {
  double load1 = 0;  // the 1-minute load average
  int runnable = 0;  // tasks runnable at that moment (the reader itself included)
};
std::expected<LoadSample, Error> ParseLoadavg(std::string_view text);

// load-threshold: "80%" or "80" -> 0.8; a number in (0, 10000].
std::expected<double, Error> ParseLoadThreshold(std::string_view text);
// 0.8 -> "80%".
std::string LoadThresholdText(double threshold);

class LoadThrottle {
 public:
  static constexpr size_t kWindow = 10;  // samples averaged (5 s at the daemon's 500 ms)

  // `cores` < 1 counts as 1.
  explicit LoadThrottle(int cores);

  // Adds a sample and updates the level against `threshold` (a fraction, > 0). True when the
  // level changed.
  bool Add(LoadSample sample, double threshold);
  LoadLevel level() const { return level_; }
  // The signal per core at the last sample (0 before any).
  double per_core() const { return per_core_; }

  // Agents allowed at once at `level` of `node_action_limit` (>= 1; a limit < 1 counts as 1).
  static int Allowed(LoadLevel level, int node_action_limit);

 private:
  int cores_;
  std::deque<int> runnable_;  // the last kWindow samples' runnable counts, the reader removed
  double per_core_ = 0;
  LoadLevel level_ = LoadLevel::kNone;
};

}  // namespace keel
