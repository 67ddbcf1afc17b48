#pragma once
// The seams to time and the event loop, shared by every component. The daemon uses
// QbEventLoop (crmd/executor/qb_event_loop.h, libqb's qb_loop); unit tests use
// crmd/executor/testing/fake_event_loop.h with simulated time.

#include <cstdint>
#include <functional>

namespace keel {

class Clock {
 public:
  virtual ~Clock() = default;
  // Monotonic milliseconds (arbitrary origin): for timeouts and durations.
  virtual int64_t MonotonicMs() const = 0;
  // Wall-clock milliseconds since the epoch: for the times recorded in results.
  virtual int64_t WallMs() const = 0;
};

// Single-threaded: every callback runs on the loop's thread, never re-entrantly from the call
// that registered it.
class EventLoop : public Clock {
 public:
  using TimerId = uint64_t;  // never 0

  // Runs `fn` once, `delay_ms` from now (0: on the next turn of the loop).
  virtual TimerId AddTimer(int64_t delay_ms, std::function<void()> fn) = 0;
  // Forgets a timer that has not fired yet; a no-op for fired or unknown ids.
  virtual void CancelTimer(TimerId id) = 0;
  // Calls `on_ready` whenever `fd` is readable or hung up, until UnwatchFd(fd). False when the
  // loop refused the fd. The caller keeps owning the fd and must unwatch it before closing.
  virtual bool WatchFd(int fd, std::function<void()> on_ready) = 0;
  virtual void UnwatchFd(int fd) = 0;
};

}  // namespace keel
