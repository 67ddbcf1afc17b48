#include "crmd/controller/controller.h"

#include <charconv>

#include "crmd/scheduler/live_support.h"
#include "xml/cluster_options.h"

namespace keel {
namespace {

// The DC keeps up to this many actions per agent slot of a node in flight to it: the node's
// executor runs node-action-limit agents at once and queues the rest, so a bus round trip per
// action does not leave the node idle (issue #21: 16 nodes x 100 probes took minutes). While
// the cluster is busy a result waits for the next 2 s pacing tick (crmd/membership/
// batching_bus.h): the queue must cover that wait too, or the node runs dry before its next
// actions arrive.
constexpr int kInFlightPerSlot = 16;

// node-action-limit and batch-limit from the CIB (a bad or negative value counts as 0).
ThrottleLimits LimitsFor(const ControllerInput& in) {
  auto option = [&](std::string_view name) {
    std::string text = ClusterOptionOr(in.cib->configuration, name);
    int value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    return ec == std::errc() && end == text.data() + text.size() && value > 0 ? value : 0;
  };
  ThrottleLimits limits;
  limits.per_node = option("node-action-limit");
  if (limits.per_node == 0) limits.per_node = in.default_node_action_limit;
  limits.per_node *= kInFlightPerSlot;
  limits.batch = option("batch-limit");
  return limits;
}

// The rc that completes `a`: "not running" for a probe, "running promoted" for a monitor
// of the promoted role, success for everything else.
int ExpectedRc(const Action& a) {
  if (a.task == "monitor" && a.interval_ms == 0) return ocf_rc::kNotRunning;
  if (a.task == "monitor" && a.role == "Promoted") return ocf_rc::kRunningPromoted;
  return ocf_rc::kOk;
}

}  // namespace

Controller::Controller(std::string dc_tag, int first_transition)
    : dc_tag_(std::move(dc_tag)), next_transition_(first_transition) {}

void Controller::Resign() {
  run_.reset();
  recheck_at_s_.reset();
  recheck_reason_.clear();
  replan_ = false;
  plan_held_ = false;
}

ControllerEffects Controller::Trigger(const ControllerInput& in, const std::string& why) {
  ControllerEffects fx;
  if (run_) {
    if (!run_->aborted()) {
      fx.logs.push_back("controller: aborting transition " + std::to_string(run_->id()) + ": " +
                        why);
    }
    run_->Abort();
    replan_ = true;
    FinishIfDone(in, fx);
    return fx;
  }
  if (!in.hold_planning.empty()) {
    fx.logs.push_back("controller: " + why + ": not planning yet: " + in.hold_planning);
    plan_held_ = true;
    return fx;
  }
  fx.logs.push_back("controller: planning: " + why);
  Plan(in, fx);
  return fx;
}

ControllerEffects Controller::OnResult(const ControllerInput& in, const ResultMessage& result) {
  return OnResult([&in] { return in; }, result);
}

ControllerEffects Controller::OnResult(const InputSource& input, const ResultMessage& result) {
  ControllerEffects fx;
  auto key = ParseTransitionKey(result.key);
  bool ours = key && run_ && key->dc == dc_tag_ && key->transition == run_->id();
  if (!ours) {
    // A recurring monitor's change, or a result of an older transition or DC.
    if (result.failure) {
      ControllerEffects t = Trigger(
          input(), "failure of " + result.resource + " " + result.task + " on " + result.node);
      fx.logs.insert(fx.logs.end(), t.logs.begin(), t.logs.end());
      fx.sends.insert(fx.sends.end(), t.sends.begin(), t.sends.end());
      fx.fences.insert(fx.fences.end(), t.fences.begin(), t.fences.end());
    }
    return fx;
  }
  if (!run_->Complete(key->index, !result.failure)) return fx;
  if (run_->actions().reason(key->index) == kReprobeReason) replan_ = true;
  // A probe that finds what the plan thought stopped (or the reverse) is no failure, but the
  // plan was made without it: as Pacemaker does, send nothing more and plan again.
  const bool probe = result.task == "monitor" && result.interval_ms == 0;
  if (probe && !result.failure && result.rc != key->target_rc && !run_->aborted()) {
    fx.logs.push_back("controller: transition " + std::to_string(run_->id()) + ": " +
                      run_->actions().Get(key->index).Key() + " found rc " +
                      std::to_string(result.rc) + " (expected " + std::to_string(key->target_rc) +
                      "): planning again");
    run_->Abort();
    replan_ = true;
  }
  if (result.failure) {
    fx.logs.push_back("controller: transition " + std::to_string(run_->id()) + ": " +
                      run_->actions().Get(key->index).Key() + " failed (rc " +
                      std::to_string(result.rc) + ", status " + std::to_string(result.op_status) +
                      ")");
  }
  SendReady(fx);
  FinishIfDone(input, fx);
  return fx;
}

ControllerEffects Controller::OnFenceDone(const ControllerInput& in, int transition, int index,
                                          bool ok, const std::string& reason) {
  ControllerEffects fx;
  if (!run_ || run_->id() != transition) return fx;  // a run that has been replaced
  if (!run_->Complete(index, ok)) return fx;
  const std::string key = run_->actions().Get(index).Key();
  if (ok) {
    fx.logs.push_back("controller: transition " + std::to_string(transition) + ": " + key +
                      " done");
  } else {
    fx.logs.push_back("controller: transition " + std::to_string(transition) + ": " + key +
                      " failed: " + reason + "; nothing of the target is recovered");
    fence_failed_ = true;
  }
  SendReady(fx);
  FinishIfDone(in, fx);
  return fx;
}

void Controller::FinishIfDone(const ControllerInput& in, ControllerEffects& fx) {
  FinishIfDone([&in] { return in; }, fx);
}

void Controller::FinishIfDone(const InputSource& input, ControllerEffects& fx) {
  if (!run_ || !run_->Finished()) return;
  // A run that failed because this controller refused an action (unfencing) or a fence
  // failed is not re-planned at once: the same plan would come back, again and again (a
  // failed fence is retried by the caller's backoff timer).
  bool again = replan_ || run_->aborted() || (run_->failed() && !refused_ && !fence_failed_);
  fx.logs.push_back("controller: transition " + std::to_string(run_->id()) +
                    (run_->Succeeded() ? " complete"
                     : run_->aborted() ? " aborted"
                                       : " failed"));
  // Freed before the next plan asks for its input: at 16 x 1,000 the first run (18,000
  // actions, 5 MB) and the next plan's typed CIB (9 MB) were held at once.
  run_.reset();
  std::map<std::string, NodeResourceRef>().swap(node_refs_);
  replan_ = false;
  refused_ = false;
  fence_failed_ = false;
  if (again) Plan(input(), fx);
}

void Controller::Plan(const ControllerInput& in, ControllerEffects& fx) {
  if (!in.hold_planning.empty()) {
    if (!plan_held_) fx.logs.push_back("controller: not planning yet: " + in.hold_planning);
    plan_held_ = true;
    return;
  }
  plan_held_ = false;
  if (in.cib == nullptr) return;
  ++plans_;
  recheck_at_s_.reset();
  recheck_reason_.clear();
  // The scheduler plans clones for crm simulate; this controller cannot run instances yet.
  if (Errors refused = LiveClusterRefusals(in.cib->configuration); !refused.empty()) {
    for (const Error& e : refused) fx.logs.push_back("controller: cannot plan: " + e.ToString());
    return;
  }
  ScheduleOptions options;
  options.history = in.history;
  auto transition = Schedule(*in.cib, in.view, TimePoint{in.now_s}, options);
  if (!transition) {
    for (const Error& e : transition.error())
      fx.logs.push_back("controller: cannot plan: " + e.ToString());
    return;
  }
  recheck_at_s_ = transition->recheck_at_s;
  recheck_reason_ = transition->recheck_reason;
  for (const std::string& note : transition->notes) fx.logs.push_back("controller: " + note);
  if (transition->actions.empty()) return;
  int id = next_transition_++;
  fx.logs.push_back("controller: transition " + std::to_string(id) + " with " +
                    std::to_string(transition->actions.size()) + " actions");
  std::map<std::string, NodeResourceRef>().swap(node_refs_);
  for (const Action& a : transition->actions) {
    if (a.resource.empty() || node_refs_.contains(a.resource)) continue;
    NodeResourceRef ref = NodeResourceFor(*in.cib, a.resource);
    if (ref.lrm_id != a.resource || ref.clone_instance >= 0) node_refs_.emplace(a.resource, ref);
  }
  run_.emplace(id, std::move(transition->actions), std::move(transition->edges), LimitsFor(in));
  throttle_logged_ = false;
  SendReady(fx);
  FinishIfDone(in, fx);
}

void Controller::SendReady(ControllerEffects& fx) {
  for (;;) {
    std::vector<int> ready = run_->TakeReady();
    if (run_->held_back() > 0 && !throttle_logged_) {
      throttle_logged_ = true;
      fx.logs.push_back("controller: transition " + std::to_string(run_->id()) + ": " +
                        std::to_string(run_->held_back()) +
                        " ready action(s) wait for node-action-limit / batch-limit");
    }
    if (ready.empty()) return;
    for (int i : ready) {
      const Action a = run_->actions().Get(i);
      if (a.task == "fence") {
        fx.fences.push_back(FenceActionStart{run_->id(), i, a.node, a.reason});
        fx.logs.push_back("controller: fencing " + a.node + ": " + a.reason);
        continue;
      }
      if (a.task == "unfence") {
        fx.logs.push_back("controller: not supported: " + a.Key() + " (unfencing)");
        run_->Complete(i, false);
        refused_ = true;
        continue;
      }
      TransitionKey key{i, run_->id(), ExpectedRc(a), dc_tag_};
      auto known = node_refs_.find(a.resource);
      const NodeResourceRef ref =
          known != node_refs_.end() ? known->second : NodeResourceRef{a.resource, -1};
      ActionMessage message{key.ToString(),     a.node,        a.task,
                            ref.lrm_id,         a.interval_ms, a.timeout_ms,
                            ref.clone_instance, a.role};
      message.meta.insert(a.meta.begin(), a.meta.end());
      fx.sends.push_back(EncodeAction(message));
      fx.logs.push_back("controller: sending " + a.Key());
    }
  }
}

}  // namespace keel
