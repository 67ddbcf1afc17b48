#pragma once
// crmd's fencing edge: fence agents run on worker threads (AsyncAgentRunner over
// PosixAgentRunner, agents from `agent_dir`), their results come back on the qb loop through an
// eventfd, and the core's fencing timer is a one-shot qb timer. Fills the fencing sinks of
// ResourceSinks; the core is looked up late (it is built after the sinks).

#include <qb/qbloop.h>

#include <functional>
#include <memory>
#include <string>

#include "crmd/crmd_core.h"
#include "fencing/async_agent_runner.h"

namespace keel {

class DaemonFencing {
 public:
  DaemonFencing(qb_loop_t* loop, std::string agent_dir, std::function<CrmdCore*()> core);
  // Removes the poll and the timer; waits for agents still running (bounded by their timeouts).
  ~DaemonFencing();
  DaemonFencing(const DaemonFencing&) = delete;
  DaemonFencing& operator=(const DaemonFencing&) = delete;

  // Sets run_fence_agent and fence_timer.
  void AddSinks(ResourceSinks& sinks);

 private:
  static int32_t OnNotify(int32_t fd, int32_t revents, void* data);
  static void OnTimer(void* data);
  void SetTimer(std::optional<int64_t> at_ms);

  qb_loop_t* loop_;
  std::string agent_dir_;
  std::function<CrmdCore*()> core_;
  std::unique_ptr<AsyncAgentRunner> runner_;
  bool polling_ = false;
  qb_loop_timer_handle timer_ = 0;
  bool timer_set_ = false;
};

}  // namespace keel
