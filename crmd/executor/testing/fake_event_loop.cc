#include "crmd/executor/testing/fake_event_loop.h"

namespace keel {

EventLoop::TimerId FakeEventLoop::AddTimer(int64_t delay_ms, std::function<void()> fn) {
  const TimerId id = next_id_++;
  const int64_t due = now_ms_ + (delay_ms < 0 ? 0 : delay_ms);
  timers_.emplace(std::make_pair(due, id), std::move(fn));
  due_by_id_.emplace(id, due);
  return id;
}

void FakeEventLoop::CancelTimer(TimerId id) {
  auto it = due_by_id_.find(id);
  if (it == due_by_id_.end()) return;
  timers_.erase({it->second, id});
  due_by_id_.erase(it);
}

void FakeEventLoop::Advance(int64_t ms) {
  const int64_t target = now_ms_ + ms;
  for (int fired = 0; fired < 100000 && !timers_.empty(); ++fired) {
    auto first = timers_.begin();
    if (first->first.first > target) break;
    now_ms_ = first->first.first;
    std::function<void()> fn = std::move(first->second);
    due_by_id_.erase(first->first.second);
    timers_.erase(first);
    fn();
  }
  now_ms_ = target;
}

}  // namespace keel
