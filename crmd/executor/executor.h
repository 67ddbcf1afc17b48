#pragma once
// The executor: runs resource agents for one node without blocking the event loop.
//
// - One action per resource at a time; later ones wait in a FIFO queue per resource.
// - At most config.max_running actions' agents at once on the node (node-action-limit); a
//   resource whose next action finds no free slot waits its turn (FIFO), and its timeout
//   starts when its agent starts.
// - A monitor with interval > 0 is recurring: it runs at once, then `interval` after each
//   completion, and reports only its first result and each change of (rc, op_status).
// - A stop, promote or demote cancels the resource's recurring monitors first; each
//   cancellation is reported (op_status cancelled). A recurring monitor still running
//   finishes, but is not reported.
// - Timeouts: SIGTERM to the agent's process group, SIGKILL `kill_grace_ms` later, result
//   "timed out". Output is kept up to `output_cap` bytes per stream.
// - meta-data is fetched once per agent and cached (successful parses only).
// - Class stonith (fence devices, executor_stonith.cc): start, stop and probes are bookkeeping
//   answered from StonithAgents; the recurring monitor runs the fence agent's `monitor` with
//   its arguments on stdin, scheduled, timed out, cancelled and reported as above.
// Results are delivered only from event-loop callbacks, never from inside Submit. The result
// callback may call Submit and CancelRecurring, but must not destroy the executor.

#include <deque>
#include <expected>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "crmd/executor/action.h"
#include "crmd/executor/agent_command.h"
#include "crmd/executor/agent_metadata.h"
#include "crmd/executor/stonith_agents.h"
#include "xml/base/event_loop.h"
#include "xml/base/process_runner.h"

namespace keel {

using ResultCallback = std::function<void(const ActionResult&)>;
using MetadataCallback = std::function<void(const std::expected<AgentMetadata, Error>&)>;

struct MetadataStats {
  int fetches = 0;  // agent runs for meta-data
  int hits = 0;     // requests answered from the cache
};

class Executor {
 public:
  // `loop`, `runner` and `stonith` must outlive the executor. `stonith` nullptr: actions of
  // class stonith are refused (not supported).
  Executor(ExecutorConfig config, EventLoop& loop, ProcessRunner& runner, ResultCallback on_result,
           const StonithAgents* stonith = nullptr);
  // Kills the process groups of running agents; pending actions are dropped unreported.
  ~Executor();
  Executor(const Executor&) = delete;
  Executor& operator=(const Executor&) = delete;

  // Queues an action and returns its call id. Errors only for a request that makes no sense
  // (no resource id, a recurring action other than monitor, negative times); anything about
  // the agent itself (not installed, unsupported action) comes back as an ActionResult.
  // A recurring monitor with the same (resource, interval) as an existing one replaces it.
  std::expected<int, Error> Submit(ActionRequest request);

  // Cancels a recurring monitor; reports the cancellation. False when there is none.
  bool CancelRecurring(const std::string& rsc_id, const std::string& action, int64_t interval_ms);

  // Calls `done` with the agent's meta-data (from the cache when possible), from the loop.
  void GetMetadata(const AgentSpec& agent, MetadataCallback done);
  // The cached meta-data, or nullptr. Does not fetch and does not count as a hit.
  const AgentMetadata* CachedMetadata(const AgentSpec& agent) const;
  MetadataStats metadata_stats() const { return stats_; }

  // True when no action is queued or running (recurring timers may still be armed).
  bool Idle() const;
  // Changes the limit of agents at once (0: none); waiting actions start if it grew.
  void SetMaxRunning(int max_running);
  int max_running() const { return config_.max_running; }
  // Actions' agents running now, and resources waiting for a free slot.
  int running() const { return running_; }
  size_t waiting() const { return waiting_.size(); }
  size_t RecurringCount(const std::string& rsc_id) const;

 private:
  struct Run;
  struct Job {
    ActionRequest request;
    int call_id = 0;
    int64_t queued_at_ms = 0;
  };
  using OpKey = std::pair<std::string, int64_t>;  // action, interval
  struct Recurring {
    ActionRequest request;
    int call_id = 0;
    EventLoop::TimerId timer = 0;
    std::optional<std::pair<int, OpStatus>> last_reported;
  };
  struct Resource {
    std::deque<Job> queue;
    bool busy = false;
    std::map<OpKey, Recurring> recurring;
  };
  using RunDone = std::function<void(ActionResult)>;

  void StartNext(const std::string& rsc_id);
  // Starts waiting resources' next actions while slots are free.
  void StartWaiting();
  void OnJobDone(const std::string& rsc_id, const Job& job, ActionResult result);
  // True for the first result and each change of (rc, op_status); remembers this one.
  static bool ShouldReport(Recurring& op, const ActionResult& result);
  void CancelOp(Resource& resource, const OpKey& key);
  void EnqueueRecurring(const std::string& rsc_id, const OpKey& key);

  void Launch(const ActionRequest& request, int call_id, RunDone done);
  void LaunchStonith(const ActionRequest& request, ActionResult base, RunDone done);
  // Starts the agent's process; `base` holds the result's identity and start time.
  void StartAgent(const SpawnRequest& spawn, const AgentSpec& agent, int64_t timeout_ms,
                  size_t out_cap, ActionResult base, RunDone done);
  // Delivers a result decided without a process (on the next turn of the loop).
  void FinishLater(ActionResult result, RunDone done);
  void DeliverLater(ActionResult result);
  // Wraps a loop callback so that it does nothing once the executor is gone.
  std::function<void()> Guarded(std::function<void()> fn) const;
  void OnTimeout(int run_id);
  void OnChildExit(int run_id, ChildExit exit);
  ActionResult BaseResult(const ActionRequest& request, int call_id) const;
  void FinishMetadata(const AgentSpec& agent, const ActionResult& result);

  ExecutorConfig config_;
  EventLoop& loop_;
  ProcessRunner& runner_;
  ResultCallback on_result_;
  const StonithAgents* stonith_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);  // guards late callbacks

  int next_call_id_ = 1;
  int next_run_id_ = 1;
  std::map<std::string, Resource> resources_;
  int running_ = 0;                  // actions' agents running (max_running counts these)
  std::deque<std::string> waiting_;  // resources whose next action waits for a slot, in order
  std::map<int, std::unique_ptr<Run>> runs_;

  std::map<AgentSpec, AgentMetadata> metadata_;
  std::map<AgentSpec, std::vector<MetadataCallback>> metadata_waiters_;
  MetadataStats stats_;
};

}  // namespace keel
