#pragma once
// One transition being carried out by the DC (pure bookkeeping): which actions may be sent
// now (every predecessor completed successfully, and within the throttle limits), which are
// outstanding, and whether the run is over. Aborting stops sending (but for the
// post-notifications of clone operations that ran); the run is over once nothing is
// outstanding and nothing more can be sent.

#include <map>
#include <string>
#include <vector>

#include "crmd/controller/action_table.h"
#include "crmd/scheduler/scheduler.h"

namespace keel {

// How many resource actions may be in flight at once (0: no limit): to one node (a multiple
// of node-action-limit: the node's executor runs that many at once and queues the rest) and
// in the whole cluster (batch-limit). Fencing is not throttled.
struct ThrottleLimits {
  int per_node = 0;
  int batch = 0;
};

class TransitionRun {
 public:
  TransitionRun(int id, std::vector<Action> actions, std::vector<Edge> edges,
                ThrottleLimits limits = {});

  // Actions that may be sent now, marked as sent, in the transition's order; ready actions
  // beyond the limits wait for an earlier one to complete. Once aborted, only post-notify
  // actions (whose operations completed).
  std::vector<int> TakeReady();
  // Ready actions the limits held back at the last TakeReady.
  int held_back() const { return held_back_; }
  // The result of a sent action. False (and nothing changes) for an index that was not sent
  // or is already complete.
  bool Complete(int index, bool ok);
  void Abort() { aborted_ = true; }

  // Nothing outstanding and nothing more can be sent.
  bool Finished() const;
  // Every action completed successfully.
  bool Succeeded() const;
  bool aborted() const { return aborted_; }
  bool failed() const { return failed_; }
  int id() const { return id_; }
  int outstanding() const;
  const ActionTable& actions() const { return actions_; }

 private:
  enum class State : uint8_t { kWaiting, kSent, kDone, kFailed };
  bool CanSend(int index) const;
  bool IsPostNotify(int index) const;
  bool Throttled(int index) const { return !actions_.resource(index).empty(); }

  int id_;
  ActionTable actions_;
  // The predecessors of action i: predecessors_[first_predecessor_[i] .. [i + 1]).
  std::vector<uint32_t> first_predecessor_;
  std::vector<int> predecessors_;
  std::vector<State> states_;
  bool aborted_ = false;
  bool failed_ = false;
  ThrottleLimits limits_;
  int held_back_ = 0;
};

}  // namespace keel
