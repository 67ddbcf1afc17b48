#pragma once
// Runs fence agents on worker threads so an event loop (qb_loop) never blocks on one: Start()
// returns at once; when a run ends its callback is queued and NotifyFd() becomes readable; the
// loop then calls DeliverReady(), which runs the callbacks on the loop's own thread.
// Cancelling is not offered: every run ends by itself within its timeout + grace (the Fencer
// ignores results it no longer waits for).

#include <atomic>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "fencing/agent_runner.h"

namespace keel {

class AsyncAgentRunner {
 public:
  using Done = std::function<void(const AgentExit&)>;

  // Owns `runner`, which must be safe to call from several threads (PosixAgentRunner is).
  explicit AsyncAgentRunner(std::unique_ptr<AgentRunner> runner);
  // Waits for the runs still going (each bounded by its timeout + grace); drops their callbacks.
  ~AsyncAgentRunner();
  AsyncAgentRunner(const AsyncAgentRunner&) = delete;
  AsyncAgentRunner& operator=(const AsyncAgentRunner&) = delete;

  void Start(AgentInvocation invocation, Done done);
  // An eventfd, readable while finished runs wait for DeliverReady(). -1 if eventfd failed
  // (then poll DeliverReady() on a timer).
  int NotifyFd() const { return notify_fd_; }
  // Calls the callbacks of every finished run, in completion order; returns how many.
  size_t DeliverReady();
  size_t Running() const;

 private:
  struct Worker {
    std::thread thread;
    std::atomic<bool> finished{false};
  };

  std::unique_ptr<AgentRunner> runner_;
  int notify_fd_ = -1;
  mutable std::mutex mutex_;
  std::vector<std::pair<Done, AgentExit>> ready_;
  std::list<Worker> workers_;  // touched only by the owning thread
};

}  // namespace keel
