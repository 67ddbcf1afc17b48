#include "fencing/fencer.h"

#include <algorithm>
#include <utility>

#include "xml/fencing_target.h"

namespace keel {
namespace {

std::string Join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string text;
  for (const std::string& part : parts) {
    if (!text.empty()) text += separator;
    text += part;
  }
  return text;
}

std::string Label(int level, const std::string& device) {
  return level > 0 ? "level " + std::to_string(level) + " (" + device + ")" : device;
}

}  // namespace

Fencer::Fencer(FencerConfig config, std::string origin)
    : config_(std::move(config)), origin_(std::move(origin)) {}

const FenceDeviceConfig* Fencer::Device(const std::string& id) const {
  for (const FenceDeviceConfig& device : config_.devices) {
    if (device.id == id) return &device;
  }
  return nullptr;
}

std::expected<std::vector<Fencer::Stage>, Error> Fencer::StagesFor(
    const std::string& target) const {
  auto chosen = FencingLevelsFor(config_.levels, target, config_.nodes);
  if (!chosen) return std::unexpected(chosen.error());
  std::vector<FencingLevel> levels = std::move(*chosen);
  std::sort(levels.begin(), levels.end(),
            [](const FencingLevel& a, const FencingLevel& b) { return a.index < b.index; });
  std::vector<Stage> stages;
  for (const FencingLevel& level : levels) stages.push_back(Stage{level.index, level.devices});
  if (stages.empty()) {
    for (const FenceDeviceConfig& device : config_.devices) stages.push_back(Stage{0, {device.id}});
  }
  return stages;
}

// The lowest node id among the members, never the target: deterministic on every node.
std::optional<std::string> Fencer::ChooseExecutor(const std::string& target) const {
  for (const FenceMember& member : members_) {
    if (member.name != target) return member.name;
  }
  return std::nullopt;
}

void Fencer::SetMembers(std::vector<FenceMember> members, FenceClock now) {
  std::sort(members.begin(), members.end(),
            [](const FenceMember& a, const FenceMember& b) { return a.id < b.id; });
  members_ = std::move(members);
  for (Op& op : ops_) {
    if (!op.run) continue;
    const std::string node = op.run->node;
    bool present = std::any_of(members_.begin(), members_.end(),
                               [&](const FenceMember& m) { return m.name == node; });
    if (present) continue;
    AgentExit lost;
    lost.how = AgentExit::How::kNotStarted;
    lost.start_error = "executor " + node + " left the cluster";
    RunEnded(op, lost, now);
  }
  Sweep(now);
}

std::expected<std::string, Error> Fencer::Request(const FenceRequest& request, FenceClock now) {
  if (request.target.empty()) {
    return std::unexpected(Error{ErrorCode::kInvalid, "fence request without a target", ""});
  }
  const FenceAction action = request.action.value_or(config_.default_action);
  if (action != FenceAction::kReboot && action != FenceAction::kOff && action != FenceAction::kOn) {
    return std::unexpected(
        Error{ErrorCode::kInvalid,
              "fence action must be reboot, off or on, not " + std::string(FenceActionName(action)),
              request.target});
  }
  auto stages = StagesFor(request.target);
  if (!stages) return std::unexpected(stages.error());
  bool target_busy = false;
  for (Op& op : ops_) {
    if (op.finished || op.record.target != request.target) continue;
    if (op.action == action) {  // merge: one operation, every requester gets the result
      auto& requesters = op.record.requesters;
      if (std::find(requesters.begin(), requesters.end(), request.requester) == requesters.end()) {
        requesters.push_back(request.requester);
        std::sort(requesters.begin(), requesters.end());
      }
      return op.record.id;
    }
    target_busy = true;
  }
  Op op;
  op.action = action;
  op.record.id = origin_ + "-" + std::to_string(now.wall_ms) + "-" + std::to_string(next_op_++);
  op.record.target = request.target;
  op.record.action = std::string(FenceActionName(action));
  op.record.origin = origin_;
  op.record.requesters = {request.requester};
  op.record.requested_ms = now.wall_ms;
  op.stages = std::move(*stages);
  // concurrent-fencing=false: one operation at a time in the whole cluster.
  op.queued = target_busy ||
              (!config_.concurrent && std::any_of(ops_.begin(), ops_.end(),
                                                  [](const Op& other) { return !other.finished; }));
  ops_.push_back(std::move(op));
  Op& added = ops_.back();
  const std::string id = added.record.id;
  if (!added.queued) Advance(added, now);
  Sweep(now);
  return id;
}

// Decides whether every device of the current stage can fence the target, asking agents
// (list or status) one at a time. Returns true when the stage is decided.
bool Fencer::CheckStage(Op& op, FenceClock now) {
  const Stage& stage = op.stages[op.stage];
  for (const std::string& id : stage.devices) {
    if (op.able.contains(id)) continue;
    const FenceDeviceConfig* device = Device(id);
    if (device == nullptr) {
      op.able[id] = false;
      continue;
    }
    switch (StaticCapability(*device, op.record.target)) {
      case Capability::kYes:
        op.able[id] = true;
        break;
      case Capability::kNo:
        op.able[id] = false;
        break;
      case Capability::kAskList:
        StartRun(op, id, FenceAction::kList, true, now);
        return false;
      case Capability::kAskStatus:
        StartRun(op, id, FenceAction::kStatus, true, now);
        return false;
    }
  }
  return true;
}

void Fencer::Advance(Op& op, FenceClock now) {
  if (!op.finished && !op.run && !ChooseExecutor(op.record.target)) {
    Finish(op, false, "no cluster member other than " + op.record.target + " can run fence agents",
           now);
    return;
  }
  // Bounded: every pass either starts a run, finishes, or moves to the next stage.
  for (size_t guard = 0;
       guard <= op.stages.size() + 1 && !op.run && !op.finished && !op.wait_until_ms; ++guard) {
    if (op.stage >= op.stages.size()) {
      Finish(op, false, FinalReason(op), now);
      return;
    }
    const Stage& stage = op.stages[op.stage];
    if (op.checking) {
      if (!CheckStage(op, now)) return;
      std::vector<std::string> unable;
      for (const std::string& id : stage.devices) {
        if (!op.able[id]) unable.push_back(id);
      }
      if (!unable.empty()) {
        // Without topology a device that cannot fence the target is simply skipped.
        if (stage.level > 0) {
          FailStage(op, "level " + std::to_string(stage.level) + ": " + Join(unable, ", ") +
                            " cannot fence " + op.record.target);
        } else {
          FailStage(op, "");
        }
        continue;
      }
      op.any_able = true;
      op.checking = false;
      op.steps.clear();
      op.step = 0;
      const bool split = op.action == FenceAction::kReboot && stage.devices.size() > 1;
      // Several devices of a level (e.g. two power supplies) reboot as all off, then all on.
      for (FenceAction step_action :
           split ? std::vector{FenceAction::kOff, FenceAction::kOn} : std::vector{op.action}) {
        for (const std::string& id : stage.devices) op.steps.push_back(Step{id, step_action});
      }
    }
    if (op.step < op.steps.size()) {
      const Step& step = op.steps[op.step];
      // pcmk_delay_base/max: wait once before this step (breaks fence races in 2-node clusters).
      if (op.delayed_step != std::pair{op.stage, op.step}) {
        op.delayed_step = {op.stage, op.step};
        const int64_t delay = FencingDelayMs(*Device(step.device), step.action, op.record.id);
        if (delay > 0) {
          op.wait_until_ms = now.mono_ms + delay;
          return;
        }
      }
      StartRun(op, step.device, step.action, false, now);
      return;
    }
    Finish(op, true, "", now);
    return;
  }
}

void Fencer::StartRun(Op& op, const std::string& id, FenceAction action, bool is_check,
                      FenceClock now) {
  const FenceDeviceConfig& device = *Device(id);
  const std::string word = AgentActionWord(device, action);
  auto executor = ChooseExecutor(op.record.target);
  auto input = DeviceStdin(device, action, op.record.target);
  auto device_timeout = device.action_timeouts_ms.find(action);
  const int64_t timeout_ms = device_timeout != device.action_timeouts_ms.end()
                                 ? device_timeout->second
                                 : config_.timeout_ms;
  Run run{next_run_++, executor.value_or(""),   id, word, action, is_check,
          now.wall_ms, now.mono_ms + timeout_ms};
  if (!executor || !input) {
    op.run = run;
    AgentExit failed;
    failed.start_error =
        !executor ? "no cluster member other than " + op.record.target + " can run fence agents"
                  : input.error().ToString();
    RunEnded(op, failed, now);
    return;
  }
  if (!is_check) op.record.executor = *executor;
  op.run = run;
  RunAgentEffect effect{run.id,       op.record.id, run.node, id,
                        device.agent, action,       *input,   timeout_ms};
  effects_.emplace_back(std::in_place_type<RunAgentEffect>, std::move(effect));
}

bool Fencer::AgentDone(uint64_t run_id, const AgentExit& exit, FenceClock now) {
  for (Op& op : ops_) {
    if (op.run && op.run->id == run_id && !op.finished) {
      RunEnded(op, exit, now);
      Sweep(now);
      return true;
    }
  }
  return false;
}

void Fencer::RunEnded(Op& op, const AgentExit& exit, FenceClock now) {
  const Run run = *op.run;
  op.run.reset();
  const AgentVerdict verdict = JudgeAgentExit(run.action, exit);
  op.record.attempts.push_back(DeviceAttempt{run.device, run.node, run.word, verdict.ok,
                                             verdict.reason, run.started_ms, now.wall_ms});
  const int level = op.stages[op.stage].level;
  if (run.is_check) {
    bool able = false;
    if (verdict.ok && run.action == FenceAction::kList) {
      able = ListAllows(*Device(run.device), op.record.target, ParseListOutput(exit.out));
    } else if (verdict.ok) {
      able = true;  // status answered on/off: the agent knows the plug
    }
    op.able[run.device] = able;
  } else if (verdict.ok) {
    ++op.step;
  } else if (run.action == FenceAction::kOn && op.action == FenceAction::kReboot) {
    // A reboot split into all-off then all-on: every device already said "off", so the
    // target is down; a failed power-on is noted, not a fencing failure.
    op.on_failures.push_back(run.device + ": " + verdict.reason);
    ++op.step;
  } else {
    op.failed_code = FailedRunCode(exit);
    FailStage(op, Label(level, run.device) + ": " + verdict.reason);
  }
  Advance(op, now);
}

void Fencer::FailStage(Op& op, const std::string& reason) {
  if (!reason.empty()) op.failures.push_back(reason);
  ++op.stage;
  op.checking = true;
  op.able.clear();
  op.steps.clear();
  op.step = 0;
}

std::string Fencer::FinalReason(const Op& op) const {
  if (!op.any_able && op.stages.size() > 0 && op.stages[0].level == 0) {
    return "no fence device can fence " + op.record.target;
  }
  if (op.stages.empty()) return "no fence device can fence " + op.record.target;
  return "fencing " + op.record.target + " failed: " + Join(op.failures, "; ");
}

void Fencer::Finish(Op& op, bool success, const std::string& reason, FenceClock now) {
  op.finished = true;
  op.record.state = success ? FenceState::kSuccess : FenceState::kFailed;
  op.record.reason = reason;
  if (success && !op.on_failures.empty()) {
    op.record.reason = "powered off, but powering on failed: " + Join(op.on_failures, "; ");
  }
  op.record.completed_ms = now.wall_ms;
  FenceResultCode code = FenceSucceededCode();
  if (!success) code = op.any_able && op.failed_code ? *op.failed_code : NoFenceDeviceCode();
  op.record.rc = code.rc;
  FenceOutcome outcome{op.record.id,         op.record.target,   op.action,        success, reason,
                       op.record.requesters, op.record.executor, op.record.origin, code};
  effects_.emplace_back(std::in_place_type<FenceOutcome>, std::move(outcome));
}

// Moves finished operations to the history and starts queued ones whose target is free.
void Fencer::Sweep(FenceClock now) {
  for (size_t guard = 0; guard <= ops_.size() * 2 + 2; ++guard) {
    bool changed = false;
    for (auto it = ops_.begin(); it != ops_.end();) {
      if (!it->finished) {
        ++it;
        continue;
      }
      done_.push_back(it->record);
      it = ops_.erase(it);
      changed = true;
    }
    for (Op& op : ops_) {
      if (!op.queued) continue;
      bool busy = std::any_of(ops_.begin(), ops_.end(), [&](const Op& other) {
        return &other != &op && !other.queued && !other.finished &&
               (other.record.target == op.record.target || !config_.concurrent);
      });
      if (busy) continue;
      op.queued = false;
      Advance(op, now);
      changed = true;
    }
    if (!changed) return;
  }
}

void Fencer::Tick(FenceClock now) {
  for (Op& op : ops_) {
    if (op.wait_until_ms && now.mono_ms >= *op.wait_until_ms && !op.finished) {
      op.wait_until_ms.reset();
      Advance(op, now);
      continue;
    }
    if (!op.run || op.finished || now.mono_ms < op.run->deadline_ms) continue;
    CancelAgentEffect cancel{op.run->id, op.run->node};
    effects_.emplace_back(std::in_place_type<CancelAgentEffect>, std::move(cancel));
    AgentExit timed_out;
    timed_out.how = AgentExit::How::kTimedOut;
    RunEnded(op, timed_out, now);
  }
  Sweep(now);
}

std::optional<int64_t> Fencer::NextDeadline() const {
  std::optional<int64_t> earliest;
  for (const Op& op : ops_) {
    if (op.run && (!earliest || op.run->deadline_ms < *earliest)) earliest = op.run->deadline_ms;
    if (op.wait_until_ms && (!earliest || *op.wait_until_ms < *earliest)) {
      earliest = op.wait_until_ms;
    }
  }
  return earliest;
}

std::vector<FencerEffect> Fencer::TakeEffects() { return std::exchange(effects_, {}); }

std::vector<FenceRecord> Fencer::History() const {
  std::vector<FenceRecord> active;
  for (const Op& op : ops_) active.push_back(op.record);
  return MergeFenceHistories(done_, active);
}

void Fencer::MergeHistory(const std::vector<FenceRecord>& records) {
  done_ = MergeFenceHistories(done_, records);
}

void Fencer::TrimHistory(size_t per_target) {
  done_ = TrimFenceHistory(std::move(done_), per_target);
}

}  // namespace keel
