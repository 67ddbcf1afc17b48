#include "crmd/executor/qb_event_loop.h"

#include <poll.h>
#include <time.h>

namespace keel {

namespace {

int64_t ClockMs(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

}  // namespace

QbEventLoop::~QbEventLoop() {
  for (auto& [id, timer] : timers_) qb_loop_timer_del(loop_, timer->handle);
  for (auto& [fd, watch] : watches_) qb_loop_poll_del(loop_, fd);
}

int64_t QbEventLoop::MonotonicMs() const { return ClockMs(CLOCK_MONOTONIC); }
int64_t QbEventLoop::WallMs() const { return ClockMs(CLOCK_REALTIME); }

void QbEventLoop::OnTimer(void* data) {
  auto* timer = static_cast<Timer*>(data);
  QbEventLoop* self = timer->self;
  std::function<void()> fn = std::move(timer->fn);
  self->timers_.erase(timer->id);  // frees `timer`; the callback may add or cancel others
  fn();
}

EventLoop::TimerId QbEventLoop::AddTimer(int64_t delay_ms, std::function<void()> fn) {
  const TimerId id = next_timer_++;
  auto timer = std::make_unique<Timer>(Timer{this, id, 0, std::move(fn)});
  uint64_t ns = static_cast<uint64_t>(delay_ms < 0 ? 0 : delay_ms) * 1000000ULL;
  qb_loop_timer_add(loop_, QB_LOOP_MED, ns, timer.get(), OnTimer, &timer->handle);
  timers_.emplace(id, std::move(timer));
  return id;
}

void QbEventLoop::CancelTimer(TimerId id) {
  auto it = timers_.find(id);
  if (it == timers_.end()) return;
  qb_loop_timer_del(loop_, it->second->handle);
  timers_.erase(it);
}

int32_t QbEventLoop::OnFd(int32_t /*fd*/, int32_t /*revents*/, void* data) {
  // A copy: the callback may unwatch its own fd, which frees the Watch.
  std::function<void()> fn = static_cast<Watch*>(data)->fn;
  fn();
  return 0;
}

bool QbEventLoop::WatchFd(int fd, std::function<void()> on_ready) {
  auto watch = std::make_unique<Watch>(Watch{std::move(on_ready)});
  if (qb_loop_poll_add(loop_, QB_LOOP_MED, fd, POLLIN | POLLPRI, watch.get(), OnFd) != 0) {
    return false;
  }
  watches_[fd] = std::move(watch);
  return true;
}

void QbEventLoop::UnwatchFd(int fd) {
  auto it = watches_.find(fd);
  if (it == watches_.end()) return;
  qb_loop_poll_del(loop_, fd);
  watches_.erase(it);
}

}  // namespace keel
