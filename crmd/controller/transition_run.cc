#include "crmd/controller/transition_run.h"

#include <algorithm>

namespace keel {

TransitionRun::TransitionRun(int id, std::vector<Action> actions, std::vector<Edge> edges)
    : id_(id),
      actions_(std::move(actions)),
      predecessors_(actions_.size()),
      states_(actions_.size(), State::kWaiting) {
  int n = static_cast<int>(actions_.size());
  for (const Edge& e : edges) {
    if (e.first >= 0 && e.first < n && e.then >= 0 && e.then < n) {
      predecessors_[e.then].push_back(e.first);
    }
  }
}

bool TransitionRun::CanSend(int index) const {
  if (states_[index] != State::kWaiting) return false;
  return std::all_of(predecessors_[index].begin(), predecessors_[index].end(),
                     [&](int p) { return states_[p] == State::kDone; });
}

std::vector<int> TransitionRun::TakeReady() {
  std::vector<int> ready;
  if (aborted_) return ready;
  for (int i = 0; i < static_cast<int>(actions_.size()); ++i) {
    if (CanSend(i)) ready.push_back(i);
  }
  for (int i : ready) states_[i] = State::kSent;
  return ready;
}

bool TransitionRun::Complete(int index, bool ok) {
  if (index < 0 || index >= static_cast<int>(states_.size())) return false;
  if (states_[index] != State::kSent) return false;
  states_[index] = ok ? State::kDone : State::kFailed;
  if (!ok) failed_ = true;
  return true;
}

int TransitionRun::outstanding() const {
  return static_cast<int>(std::count(states_.begin(), states_.end(), State::kSent));
}

bool TransitionRun::Finished() const {
  if (outstanding() > 0) return false;
  if (aborted_) return true;
  for (int i = 0; i < static_cast<int>(actions_.size()); ++i) {
    if (CanSend(i)) return false;
  }
  return true;
}

bool TransitionRun::Succeeded() const {
  return std::all_of(states_.begin(), states_.end(), [](State s) { return s == State::kDone; });
}

}  // namespace keel
