#include "crmd/daemon_fencing.h"

#include <qb/qbdefs.h>
#include <qb/qbutil.h>
#include <sys/poll.h>

#include <chrono>

#include "fencing/local_agent.h"
#include "fencing/posix_agent_runner.h"

namespace keel {

DaemonFencing::DaemonFencing(qb_loop_t* loop, std::string agent_dir,
                             std::function<CrmdCore*()> core)
    : loop_(loop),
      agent_dir_(std::move(agent_dir)),
      core_(std::move(core)),
      runner_(std::make_unique<AsyncAgentRunner>(std::make_unique<PosixAgentRunner>())) {
  if (runner_->NotifyFd() >= 0) {
    polling_ =
        qb_loop_poll_add(loop_, QB_LOOP_MED, runner_->NotifyFd(), POLLIN, this, OnNotify) == 0;
  }
}

DaemonFencing::~DaemonFencing() {
  if (polling_) qb_loop_poll_del(loop_, runner_->NotifyFd());
  if (timer_set_) qb_loop_timer_del(loop_, timer_);
  runner_.reset();  // waits for running agents; their callbacks are dropped
}

int32_t DaemonFencing::OnNotify(int32_t, int32_t, void* data) {
  static_cast<DaemonFencing*>(data)->runner_->DeliverReady();
  return 0;
}

void DaemonFencing::OnTimer(void* data) {
  auto* self = static_cast<DaemonFencing*>(data);
  self->timer_set_ = false;
  if (CrmdCore* core = self->core_()) core->OnFenceTimer();
}

void DaemonFencing::SetTimer(std::optional<int64_t> at_ms) {
  if (timer_set_) {
    qb_loop_timer_del(loop_, timer_);
    timer_set_ = false;
  }
  if (!at_ms) return;
  // The core's deadlines are on its clock's monotonic ms (QbEventLoop: CLOCK_MONOTONIC, as qb's).
  int64_t now = static_cast<int64_t>(qb_util_nano_current_get() / 1'000'000);
  int64_t delay = std::max<int64_t>(*at_ms - now, 1);
  timer_set_ =
      qb_loop_timer_add(loop_, QB_LOOP_MED, static_cast<uint64_t>(delay) * QB_TIME_NS_IN_MSEC, this,
                        OnTimer, &timer_) == 0;
}

void DaemonFencing::AddSinks(ResourceSinks& sinks) {
  sinks.fence_timer = [this](std::optional<int64_t> at_ms) { SetTimer(at_ms); };
  sinks.run_fence_agent = [this](const RunAgentEffect& run,
                                 std::function<void(const AgentExit&)> done) {
    auto path = FenceAgentPath(agent_dir_, run.agent);
    if (!path) {
      AgentExit exit;
      exit.start_error = path.error().ToString();
      done(exit);
      return;
    }
    AgentInvocation invocation;
    invocation.path = *path;
    invocation.stdin_text = run.stdin_text;
    invocation.timeout_ms = run.timeout_ms;
    runner_->Start(std::move(invocation), std::move(done));
  };
}

}  // namespace keel
