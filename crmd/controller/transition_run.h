#pragma once
// One transition being carried out by the DC (pure bookkeeping): which actions may be sent
// now (every predecessor completed successfully, and within the throttle limits), which are
// outstanding, and whether the run is over. Aborting stops sending (but for the
// post-notifications of clone operations that ran); the run is over once nothing is
// outstanding and nothing more can be sent.

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
  // Waiting with every predecessor done, and not refused by an abort.
  bool CanSend(int index) const;
  bool IsPostNotify(int index) const;
  bool Throttled(int index) const { return !actions_.resource(index).empty(); }
  // The bucket of an action that became sendable: its node's, or the last (never throttled).
  size_t BucketOf(int index) const;
  void AddCandidate(int index);
  void MarkSent(int index);
  // After an abort only post-notifications go, checked action by action (rare).
  std::vector<int> TakeReadyAfterAbort();

  int id_;
  ActionTable actions_;
  // The successors of action i: successors_[first_successor_[i] .. [i + 1]).
  std::vector<uint32_t> first_successor_;
  std::vector<int> successors_;
  std::vector<uint32_t> unmet_;  // predecessors not done yet, per action
  std::vector<State> states_;
  // Sendable actions not sent yet, lowest index first, one min-heap per node plus one for the
  // actions no limit applies to: the DC calls TakeReady after every result, so it looks only
  // at what became sendable (16 x 1,000: 18,000 actions scanned per result before).
  std::vector<std::vector<int>> candidates_;
  size_t candidate_count_ = 0;
  std::vector<int> on_node_;  // throttled actions in flight, per node
  int in_flight_ = 0;         // throttled actions in flight
  int outstanding_ = 0;       // sent and not complete
  bool aborted_ = false;
  bool failed_ = false;
  ThrottleLimits limits_;
  int held_back_ = 0;
};

}  // namespace keel
