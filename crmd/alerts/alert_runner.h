#pragma once
// Runs alert agents (AlertRun, alert_events.h) through the ProcessRunner, never waiting for
// one: spawns return at once, exits come back through the event loop. Each run is killed
// (SIGKILL to its process group) at its timeout. At most `max_running` run at once; up to
// `max_queued` more wait in order; beyond that a run is dropped with a log line, so a flood of
// events or hanging agents costs bounded memory and never delays the caller. A failing,
// missing or hanging agent is logged and changes nothing else.

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <string>

#include "crmd/alerts/alert_events.h"
#include "xml/base/event_loop.h"
#include "xml/base/process_runner.h"

namespace keel {

struct AlertRunnerLimits {
  size_t max_running = 8;
  size_t max_queued = 64;
  // Every run's PATH (the environment is otherwise only the run's CRM_alert_* and attributes).
  std::string path = "/usr/sbin:/usr/bin:/sbin:/bin";
};

class AlertRunner {
 public:
  using Log = std::function<void(const std::string&)>;

  // `loop`, `runner` and `log` must outlive the AlertRunner.
  AlertRunner(EventLoop& loop, ProcessRunner& runner, Log log, AlertRunnerLimits limits = {});
  ~AlertRunner();
  AlertRunner(const AlertRunner&) = delete;
  AlertRunner& operator=(const AlertRunner&) = delete;

  // Starts `run` now, or queues it when max_running are running, or drops it (logged).
  void Submit(AlertRun run);

  size_t running() const { return running_.size(); }
  size_t queued() const { return queue_.size(); }
  uint64_t dropped() const { return dropped_; }

 private:
  struct Running {
    AlertRun run;
    EventLoop::TimerId timer = 0;
    bool timed_out = false;
    std::string output;  // the first bytes of stdout and stderr, for the failure's log line
  };

  void Start(AlertRun run);
  void OnExit(ProcessRunner::ChildId id, ChildExit exit);
  void StartQueued();

  EventLoop& loop_;
  ProcessRunner& runner_;
  Log log_;
  AlertRunnerLimits limits_;
  std::map<ProcessRunner::ChildId, Running> running_;
  std::deque<AlertRun> queue_;
  uint64_t dropped_ = 0;
};

// "alert A (recipient R)" or "alert A", for log lines.
std::string DescribeAlertRun(const AlertRun& run);

}  // namespace keel
