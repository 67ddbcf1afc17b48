#pragma once
// One transition being carried out by the DC (pure bookkeeping): which actions may be sent
// now (every predecessor completed successfully), which are outstanding, and whether the run
// is over. Aborting stops sending; the run is over once nothing is outstanding.

#include <vector>

#include "crmd/scheduler/scheduler.h"

namespace keel {

class TransitionRun {
 public:
  TransitionRun(int id, std::vector<Action> actions, std::vector<Edge> edges);

  // Actions that may be sent now, marked as sent. Empty once aborted.
  std::vector<int> TakeReady();
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
  const std::vector<Action>& actions() const { return actions_; }

 private:
  enum class State { kWaiting, kSent, kDone, kFailed };
  bool CanSend(int index) const;

  int id_;
  std::vector<Action> actions_;
  std::vector<std::vector<int>> predecessors_;
  std::vector<State> states_;
  bool aborted_ = false;
  bool failed_ = false;
};

}  // namespace keel
