#include "fencing/async_agent_runner.h"

#include <sys/eventfd.h>
#include <unistd.h>

#include <cstdint>

namespace keel {

AsyncAgentRunner::AsyncAgentRunner(std::unique_ptr<AgentRunner> runner)
    : runner_(std::move(runner)), notify_fd_(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {}

AsyncAgentRunner::~AsyncAgentRunner() {
  for (Worker& worker : workers_) {
    if (worker.thread.joinable()) worker.thread.join();
  }
  if (notify_fd_ >= 0) close(notify_fd_);
}

void AsyncAgentRunner::Start(AgentInvocation invocation, Done done) {
  Worker& worker = workers_.emplace_back();
  worker.thread = std::thread(
      [this, &worker, invocation = std::move(invocation), done = std::move(done)]() mutable {
        AgentExit exit = runner_->Run(invocation);
        {
          // Finished before its callback can be delivered: DeliverReady then joins it, and
          // Running() never counts a run whose result was already handed out.
          std::lock_guard lock(mutex_);
          worker.finished = true;
          ready_.emplace_back(std::move(done), std::move(exit));
        }
        if (notify_fd_ >= 0) {
          const uint64_t one = 1;
          [[maybe_unused]] ssize_t written = write(notify_fd_, &one, sizeof one);
        }
      });
}

size_t AsyncAgentRunner::DeliverReady() {
  if (notify_fd_ >= 0) {
    uint64_t count = 0;
    [[maybe_unused]] ssize_t got = read(notify_fd_, &count, sizeof count);
  }
  std::vector<std::pair<Done, AgentExit>> ready;
  {
    std::lock_guard lock(mutex_);
    ready.swap(ready_);
  }
  for (auto it = workers_.begin(); it != workers_.end();) {
    if (it->finished) {
      it->thread.join();
      it = workers_.erase(it);
    } else {
      ++it;
    }
  }
  for (auto& [done, exit] : ready) {
    if (done) done(exit);
  }
  return ready.size();
}

size_t AsyncAgentRunner::Running() const {
  size_t running = 0;
  for (const Worker& worker : workers_) running += worker.finished ? 0 : 1;
  return running;
}

}  // namespace keel
