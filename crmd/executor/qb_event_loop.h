#pragma once
// EventLoop on libqb's qb_loop, as crmd runs it: timers with qb_loop_timer_add, fds with
// qb_loop_poll_add. Clock readings come from CLOCK_MONOTONIC and CLOCK_REALTIME.

#include <qb/qbloop.h>

#include <map>
#include <memory>

#include "xml/base/event_loop.h"

namespace keel {

class QbEventLoop : public EventLoop {
 public:
  // `loop` is borrowed and must outlive this adapter.
  explicit QbEventLoop(qb_loop_t* loop) : loop_(loop) {}
  ~QbEventLoop() override;  // cancels pending timers and drops watched fds
  QbEventLoop(const QbEventLoop&) = delete;
  QbEventLoop& operator=(const QbEventLoop&) = delete;

  int64_t MonotonicMs() const override;
  int64_t WallMs() const override;
  TimerId AddTimer(int64_t delay_ms, std::function<void()> fn) override;
  void CancelTimer(TimerId id) override;
  bool WatchFd(int fd, std::function<void()> on_ready) override;
  void UnwatchFd(int fd) override;

  qb_loop_t* loop() const { return loop_; }

 private:
  struct Timer {
    QbEventLoop* self;
    TimerId id;
    qb_loop_timer_handle handle = 0;
    std::function<void()> fn;
  };
  struct Watch {
    std::function<void()> fn;
  };
  static void OnTimer(void* data);
  static int32_t OnFd(int32_t fd, int32_t revents, void* data);

  qb_loop_t* loop_;
  TimerId next_timer_ = 1;
  std::map<TimerId, std::unique_ptr<Timer>> timers_;
  std::map<int, std::unique_ptr<Watch>> watches_;
};

}  // namespace keel
