#include "crmd/controller/transition_run.h"

#include <algorithm>

namespace keel {

TransitionRun::TransitionRun(int id, std::vector<Action> actions, std::vector<Edge> edges,
                             ThrottleLimits limits)
    : id_(id),
      actions_(std::move(actions)),
      predecessors_(actions_.size()),
      states_(actions_.size(), State::kWaiting),
      limits_(limits) {
  int n = static_cast<int>(actions_.size());
  for (const Edge& e : edges) {
    if (e.first >= 0 && e.first < n && e.then >= 0 && e.then < n) {
      predecessors_[e.then].push_back(e.first);
    }
  }
}

namespace {

// The post-notifications of operations that ran: still sent once the run is aborted, so that
// agents hear of what was done (the next transition does not repeat the operation).
bool IsPostNotify(const Action& a) {
  if (a.task != "notify") return false;
  return std::find(a.meta.begin(), a.meta.end(),
                   std::pair<std::string, std::string>{"notify_type", "post"}) != a.meta.end();
}

}  // namespace

bool TransitionRun::CanSend(int index) const {
  if (aborted_ && !IsPostNotify(actions_[index])) return false;
  if (states_[index] != State::kWaiting) return false;
  return std::all_of(predecessors_[index].begin(), predecessors_[index].end(),
                     [&](int p) { return states_[p] == State::kDone; });
}

std::vector<int> TransitionRun::TakeReady() {
  std::vector<int> ready;
  held_back_ = 0;
  int in_flight = 0;
  std::map<std::string, int> on_node;
  for (int i = 0; i < static_cast<int>(actions_.size()); ++i) {
    if (states_[i] == State::kSent && Throttled(actions_[i])) {
      ++in_flight;
      ++on_node[actions_[i].node];
    }
  }
  for (int i = 0; i < static_cast<int>(actions_.size()); ++i) {
    if (!CanSend(i)) continue;
    const Action& a = actions_[i];
    if (Throttled(a)) {
      bool batch_full = limits_.batch > 0 && in_flight >= limits_.batch;
      bool node_full = limits_.per_node > 0 && on_node[a.node] >= limits_.per_node;
      if (batch_full || node_full) {
        ++held_back_;
        continue;
      }
      ++in_flight;
      ++on_node[a.node];
    }
    ready.push_back(i);
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
  for (int i = 0; i < static_cast<int>(actions_.size()); ++i) {
    if (CanSend(i)) return false;
  }
  return true;
}

bool TransitionRun::Succeeded() const {
  return std::all_of(states_.begin(), states_.end(), [](State s) { return s == State::kDone; });
}

}  // namespace keel
