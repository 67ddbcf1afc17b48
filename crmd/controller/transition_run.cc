#include "crmd/controller/transition_run.h"

#include <algorithm>

namespace keel {

TransitionRun::TransitionRun(int id, std::vector<Action> actions, std::vector<Edge> edges,
                             ThrottleLimits limits)
    : id_(id),
      actions_(std::move(actions)),
      first_predecessor_(actions_.size() + 1, 0),
      states_(actions_.size(), State::kWaiting),
      limits_(limits) {
  const int n = static_cast<int>(actions_.size());
  auto valid = [n](const Edge& e) {
    return e.first >= 0 && e.first < n && e.then >= 0 && e.then < n;
  };
  for (const Edge& e : edges) {
    if (valid(e)) ++first_predecessor_[e.then + 1];
  }
  for (int i = 0; i < n; ++i) first_predecessor_[i + 1] += first_predecessor_[i];
  predecessors_.resize(first_predecessor_[n]);
  std::vector<uint32_t> next(first_predecessor_.begin(), first_predecessor_.end() - 1);
  for (const Edge& e : edges) {
    if (valid(e)) predecessors_[next[e.then]++] = e.first;
  }
}

// The post-notifications of operations that ran: still sent once the run is aborted, so that
// agents hear of what was done (the next transition does not repeat the operation).
bool TransitionRun::IsPostNotify(int index) const {
  return actions_.task(index) == "notify" && actions_.meta(index, "notify_type") == "post";
}

bool TransitionRun::CanSend(int index) const {
  if (aborted_ && !IsPostNotify(index)) return false;
  if (states_[index] != State::kWaiting) return false;
  return std::all_of(predecessors_.begin() + first_predecessor_[index],
                     predecessors_.begin() + first_predecessor_[index + 1],
                     [&](int p) { return states_[p] == State::kDone; });
}

std::vector<int> TransitionRun::TakeReady() {
  std::vector<int> ready;
  held_back_ = 0;
  int in_flight = 0;
  // Counted by node number: the DC calls this after every result, with thousands of probes
  // held back at 16 x 1,000 (a map lookup by node name for each was most of its scan).
  std::vector<int> on_node(actions_.node_count(), 0);
  for (int i = 0; i < static_cast<int>(actions_.size()); ++i) {
    if (states_[i] == State::kSent && Throttled(i)) {
      ++in_flight;
      ++on_node[actions_.node_index(i)];
    }
  }
  for (int i = 0; i < static_cast<int>(actions_.size()); ++i) {
    if (!CanSend(i)) continue;
    if (Throttled(i)) {
      int& here = on_node[actions_.node_index(i)];
      bool batch_full = limits_.batch > 0 && in_flight >= limits_.batch;
      bool node_full = limits_.per_node > 0 && here >= limits_.per_node;
      if (batch_full || node_full) {
        ++held_back_;
        continue;
      }
      ++in_flight;
      ++here;
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
