#pragma once
// The DC's controller (pure): turns the scheduler's transition into action messages, follows
// the results, and re-plans. No I/O and no clock: the daemon feeds it the current CIB, the
// live cluster view and the time, and sends what it returns.
//
// - Trigger (membership, quorum, configuration change, an unexpected failure): with no
//   transition running it plans one now; otherwise the running one is aborted (nothing more
//   is sent), and once its outstanding actions have completed a new plan is made from the
//   then-current CIB.
// - OnResult: completes the action named by the transition key, sends what became ready,
//   and re-plans when the run ends aborted or failed.
// - Planning waits while the input says so (ControllerInput::hold_planning, e.g. the quorum
//   report after a membership change has not come yet): the due plan is remembered and made
//   by the next Trigger with an input that allows it.
// - Resign: this node is no longer the DC; forgets the run (the next DC rebuilds its state
//   from the CIB status).
// - Fence actions are handed to the caller (ControllerEffects::fences), which runs them through
//   the fencer and reports back with OnFenceDone.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "crmd/controller/clone_instance.h"
#include "crmd/controller/controller_messages.h"
#include "crmd/controller/transition_run.h"
#include "crmd/scheduler/scheduler.h"
#include "xml/cib.h"

namespace keel {

struct ControllerInput {
  const Cib* cib = nullptr;
  ClusterView view;
  int64_t now_s = 0;
  // Not empty: the caller may not plan yet (why). A plan due now is held instead
  // (Controller::plan_held) and made by the next Trigger whose input has no hold.
  std::string hold_planning;
  // In-flight resource actions per node when the CIB's node-action-limit is 0 (unset): twice
  // the DC's cores, as Pacemaker's default is twice each node's. 0: no limit.
  int default_node_action_limit = 0;
  // Where the scheduler reads the nodes' resource history; nullptr: cib's own status.
  const HistorySource* history = nullptr;
};

// A fence action of the running transition, for the DC's fencer. Its outcome goes back
// through Controller::OnFenceDone with the same transition and index.
struct FenceActionStart {
  int transition = 0;
  int index = 0;
  std::string target;
  std::string reason;
};

struct ControllerEffects {
  std::vector<std::string> sends;  // bus payloads (action messages)
  std::vector<FenceActionStart> fences;
  std::vector<std::string> logs;
};

class Controller {
 public:
  // `dc_tag` identifies this DC in transition keys (its node id); transition numbers start
  // at `first_transition` (the daemon uses its start time so keys differ across restarts).
  Controller(std::string dc_tag, int first_transition);

  ControllerEffects Trigger(const ControllerInput& in, const std::string& why);
  ControllerEffects OnResult(const ControllerInput& in, const ResultMessage& result);
  // The same, asking `input` only when it plans or triggers: most results complete an action
  // and send the next ones, which needs no CIB (the DC parsed its whole CIB once per result
  // before: 1,800 times while 16 x 100 resources started, issue #21).
  using InputSource = std::function<ControllerInput()>;
  ControllerEffects OnResult(const InputSource& input, const ResultMessage& result);
  // The outcome of a fence action handed out in ControllerEffects::fences. Success lets the
  // actions ordered after it go (the target's resources start elsewhere); failure fails the
  // run, which is not re-planned at once: the caller re-triggers after its fencing backoff.
  ControllerEffects OnFenceDone(const ControllerInput& in, int transition, int index, bool ok,
                                const std::string& reason);
  void Resign();

  bool running() const { return run_.has_value(); }
  const std::optional<TransitionRun>& run() const { return run_; }
  int plans() const { return plans_; }
  // The newest plan's Transition::recheck_at_s (epoch seconds; a failure-timeout expires then)
  // and what expires: the caller plans again at that time. Cleared by Resign.
  std::optional<int64_t> recheck_at_s() const { return recheck_at_s_; }
  const std::string& recheck_reason() const { return recheck_reason_; }
  // A plan was due while the input said to hold it; cleared by the next plan or Resign.
  bool plan_held() const { return plan_held_; }

 private:
  void Plan(const ControllerInput& in, ControllerEffects& fx);
  void SendReady(ControllerEffects& fx);
  void FinishIfDone(const ControllerInput& in, ControllerEffects& fx);
  // The same, asking `input` only when it plans again, after the finished run is gone.
  void FinishIfDone(const InputSource& input, ControllerEffects& fx);

  std::string dc_tag_;
  int next_transition_;
  int plans_ = 0;
  std::optional<TransitionRun> run_;
  // The run's resources whose name on the node differs from the scheduler's (clone instances:
  // "p:1" is "p" instance 1); any other resource is its own name there.
  std::map<std::string, NodeResourceRef> node_refs_;
  bool replan_ = false;
  bool refused_ = false;  // this run holds an action the controller cannot carry out
  bool fence_failed_ = false;  // a fence action of this run failed: re-planned on a timer
  bool plan_held_ = false;
  std::optional<int64_t> recheck_at_s_;
  std::string recheck_reason_;
  bool throttle_logged_ = false;  // this run said that the limits hold actions back
};

}  // namespace keel
