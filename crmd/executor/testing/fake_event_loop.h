#pragma once
// EventLoop with simulated time for unit tests: nothing happens until the test advances time.
// Fds cannot be watched (fakes never produce any).

#include <cstdint>
#include <map>
#include <utility>

#include "xml/base/event_loop.h"

namespace keel {

class FakeEventLoop : public EventLoop {
 public:
  static constexpr int64_t kWallOffsetMs = 1'700'000'000'000;  // wall = monotonic + offset

  int64_t MonotonicMs() const override { return now_ms_; }
  int64_t WallMs() const override { return now_ms_ + kWallOffsetMs; }
  TimerId AddTimer(int64_t delay_ms, std::function<void()> fn) override;
  void CancelTimer(TimerId id) override;
  bool WatchFd(int, std::function<void()>) override { return false; }
  void UnwatchFd(int) override {}

  // Fires every timer due within `ms` from now, in time order (timers added while running
  // fire too when due), and leaves the clock `ms` later. Bounded: at most 100000 timers.
  void Advance(int64_t ms);
  // Fires the timers due now (zero-delay ones included).
  void RunPending() { Advance(0); }
  size_t pending_timers() const { return timers_.size(); }

 private:
  int64_t now_ms_ = 0;
  TimerId next_id_ = 1;
  // (due, id) -> callback; ids grow, so equal due times fire in the order they were added.
  std::map<std::pair<int64_t, TimerId>, std::function<void()>> timers_;
  std::map<TimerId, int64_t> due_by_id_;
};

}  // namespace keel
