// Executor: per-resource queues, recurring monitors and the meta-data cache.
#include "crmd/executor/executor.h"

#include <signal.h>

#include <algorithm>

namespace keel {

std::expected<int, Error> Executor::Submit(ActionRequest request) {
  auto invalid = [&](ErrorCode code, std::string message) {
    return std::unexpected(Error{code, std::move(message), request.rsc_id});
  };
  if (request.rsc_id.empty()) return invalid(ErrorCode::kInvalid, "action without a resource id");
  if (request.action.empty()) return invalid(ErrorCode::kInvalid, "action without a name");
  if (request.interval_ms < 0 || request.timeout_ms < 0) {
    return invalid(ErrorCode::kInvalid, "negative interval or timeout");
  }
  if (request.interval_ms > 0 && request.action != "monitor") {
    return invalid(ErrorCode::kNotSupported, "not supported: recurring " + request.action);
  }
  const int call_id = next_call_id_++;
  const std::string rsc_id = request.rsc_id;
  Resource& resource = resources_[rsc_id];
  // After a role change the old role's monitors would report the new role as a failure; the
  // scheduler schedules the new role's monitors after the promote or demote.
  if (request.action == "stop" || request.action == "promote" || request.action == "demote") {
    while (!resource.recurring.empty()) CancelOp(resource, resource.recurring.begin()->first);
  }
  if (request.interval_ms > 0) {
    const OpKey key{request.action, request.interval_ms};
    if (resource.recurring.contains(key)) CancelOp(resource, key);
    Recurring op;
    op.request = std::move(request);
    op.call_id = call_id;
    resource.recurring.emplace(key, std::move(op));
    EnqueueRecurring(rsc_id, key);
  } else {
    resource.queue.push_back(Job{std::move(request), call_id, loop_.MonotonicMs()});
  }
  StartNext(rsc_id);
  return call_id;
}

bool Executor::CancelRecurring(const std::string& rsc_id, const std::string& action,
                               int64_t interval_ms) {
  auto it = resources_.find(rsc_id);
  if (it == resources_.end() || !it->second.recurring.contains({action, interval_ms})) return false;
  CancelOp(it->second, {action, interval_ms});
  StartNext(rsc_id);  // lets an emptied resource entry go
  return true;
}

void Executor::CancelOp(Resource& resource, const OpKey& key) {
  auto it = resource.recurring.find(key);
  Recurring& op = it->second;
  if (op.timer != 0) loop_.CancelTimer(op.timer);
  const int call_id = op.call_id;
  std::erase_if(resource.queue, [call_id](const Job& job) { return job.call_id == call_id; });
  ActionResult cancelled = BaseResult(op.request, call_id);
  cancelled.rc = ocf_rc::kOk;
  cancelled.op_status = OpStatus::kCancelled;
  cancelled.start_ms = cancelled.end_ms = loop_.WallMs();
  resource.recurring.erase(it);
  DeliverLater(std::move(cancelled));
}

void Executor::EnqueueRecurring(const std::string& rsc_id, const OpKey& key) {
  Resource& resource = resources_[rsc_id];
  auto it = resource.recurring.find(key);
  if (it == resource.recurring.end()) return;
  it->second.timer = 0;
  resource.queue.push_back(Job{it->second.request, it->second.call_id, loop_.MonotonicMs()});
}

void Executor::StartNext(const std::string& rsc_id) {
  auto it = resources_.find(rsc_id);
  if (it == resources_.end()) return;
  Resource& resource = it->second;
  if (resource.busy) return;
  if (resource.queue.empty()) {
    if (resource.recurring.empty()) resources_.erase(it);
    return;
  }
  if (config_.max_running > 0 && running_ >= config_.max_running) {
    if (std::find(waiting_.begin(), waiting_.end(), rsc_id) == waiting_.end()) {
      waiting_.push_back(rsc_id);
    }
    return;
  }
  Job job = std::move(resource.queue.front());
  resource.queue.pop_front();
  resource.busy = true;
  ++running_;
  const int64_t queue_ms = loop_.MonotonicMs() - job.queued_at_ms;
  ActionRequest request = job.request;
  Launch(request, job.call_id, [this, rsc_id, job = std::move(job), queue_ms](ActionResult result) {
    result.queue_ms = queue_ms;
    OnJobDone(rsc_id, job, std::move(result));
  });
}

void Executor::StartWaiting() {
  while (!waiting_.empty() && (config_.max_running <= 0 || running_ < config_.max_running)) {
    std::string rsc_id = std::move(waiting_.front());
    waiting_.pop_front();
    StartNext(rsc_id);
  }
}

void Executor::SetMaxRunning(int max_running) {
  config_.max_running = std::max(0, max_running);
  StartWaiting();
}

void Executor::OnJobDone(const std::string& rsc_id, const Job& job, ActionResult result) {
  Resource& resource = resources_[rsc_id];
  resource.busy = false;
  --running_;
  // Those that waited for a slot go first; this resource's next action queues behind them.
  StartWaiting();
  if (job.request.interval_ms > 0) {
    const OpKey key{job.request.action, job.request.interval_ms};
    auto it = resource.recurring.find(key);
    // A cancelled or replaced monitor's last run is not reported: its cancellation was.
    if (it != resource.recurring.end() && it->second.call_id == job.call_id) {
      Recurring& op = it->second;
      op.timer = loop_.AddTimer(job.request.interval_ms, Guarded([this, rsc_id, key] {
                                  EnqueueRecurring(rsc_id, key);
                                  StartNext(rsc_id);
                                }));
      // State is settled before the callback: it may cancel this monitor or submit a stop.
      if (ShouldReport(op, result)) on_result_(result);
    }
  } else {
    on_result_(result);
  }
  StartNext(rsc_id);
}

bool Executor::ShouldReport(Recurring& op, const ActionResult& result) {
  const std::pair<int, OpStatus> now{result.rc, result.op_status};
  if (op.last_reported == now) return false;
  op.last_reported = now;
  return true;
}

bool Executor::Idle() const {
  return runs_.empty() && std::all_of(resources_.begin(), resources_.end(), [](const auto& entry) {
           return !entry.second.busy && entry.second.queue.empty();
         });
}

size_t Executor::RecurringCount(const std::string& rsc_id) const {
  auto it = resources_.find(rsc_id);
  return it == resources_.end() ? 0 : it->second.recurring.size();
}

void Executor::GetMetadata(const AgentSpec& agent, MetadataCallback done) {
  if (auto it = metadata_.find(agent); it != metadata_.end()) {
    ++stats_.hits;
    loop_.AddTimer(0, Guarded([meta = it->second, done = std::move(done)] { done(meta); }));
    return;
  }
  if (auto it = metadata_waiters_.find(agent); it != metadata_waiters_.end()) {
    ++stats_.hits;  // joins the fetch in flight
    it->second.push_back(std::move(done));
    return;
  }
  ++stats_.fetches;
  metadata_waiters_[agent].push_back(std::move(done));
  if (agent.agent_class == AgentClass::kStonith) {
    ActionResult refused;
    refused.rc = ocf_rc::kErrUnimplemented;
    refused.op_status = OpStatus::kNotSupported;
    refused.exit_reason = "not supported: meta-data of class stonith (ask the fence agent)";
    loop_.AddTimer(0, Guarded([this, agent, refused] { FinishMetadata(agent, refused); }));
    return;
  }
  if (agent.agent_class != AgentClass::kOcf) {
    ActionResult synthetic;
    const bool installed = runner_.CanExecute(AgentPath(config_, agent));
    synthetic.rc = installed ? ocf_rc::kOk : ocf_rc::kErrInstalled;
    synthetic.op_status = installed ? OpStatus::kDone : OpStatus::kNotInstalled;
    if (!installed) synthetic.exit_reason = "not installed: " + agent.ToString();
    loop_.AddTimer(0, Guarded([this, agent, synthetic] { FinishMetadata(agent, synthetic); }));
    return;
  }
  ActionRequest request;
  request.agent = agent;
  request.action = "meta-data";
  Launch(request, 0, [this, agent](ActionResult result) { FinishMetadata(agent, result); });
}

void Executor::FinishMetadata(const AgentSpec& agent, const ActionResult& result) {
  std::expected<AgentMetadata, Error> meta;
  if (result.Succeeded()) {
    meta = agent.agent_class == AgentClass::kOcf ? ParseAgentMetadata(result.stdout_excerpt, agent)
                                                 : SyntheticMetadata(agent);
  } else {
    const bool missing = result.op_status == OpStatus::kNotInstalled;
    std::string why = result.exit_reason.empty() ? RcName(result.rc) : result.exit_reason;
    meta = std::unexpected(Error{missing ? ErrorCode::kNotFound : ErrorCode::kIo,
                                 missing ? why : "meta-data failed: " + why, agent.ToString()});
  }
  if (meta) metadata_.insert_or_assign(agent, *meta);
  std::vector<MetadataCallback> waiters = std::move(metadata_waiters_[agent]);
  metadata_waiters_.erase(agent);
  for (auto& done : waiters) done(meta);
}

const AgentMetadata* Executor::CachedMetadata(const AgentSpec& agent) const {
  auto it = metadata_.find(agent);
  return it == metadata_.end() ? nullptr : &it->second;
}

}  // namespace keel
