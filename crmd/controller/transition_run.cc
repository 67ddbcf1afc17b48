#include "crmd/controller/transition_run.h"

#include <algorithm>
#include <functional>
#include <queue>
#include <utility>

namespace keel {

TransitionRun::TransitionRun(int id, std::vector<Action> actions, std::vector<Edge> edges,
                             ThrottleLimits limits)
    : id_(id),
      actions_(std::move(actions)),
      first_successor_(actions_.size() + 1, 0),
      unmet_(actions_.size(), 0),
      states_(actions_.size(), State::kWaiting),
      candidates_(actions_.node_count() + 1),
      on_node_(actions_.node_count(), 0),
      limits_(limits) {
  const int n = static_cast<int>(actions_.size());
  auto valid = [n](const Edge& e) {
    return e.first >= 0 && e.first < n && e.then >= 0 && e.then < n;
  };
  for (const Edge& e : edges) {
    if (!valid(e)) continue;
    ++first_successor_[e.first + 1];
    ++unmet_[e.then];
  }
  for (int i = 0; i < n; ++i) first_successor_[i + 1] += first_successor_[i];
  successors_.resize(first_successor_[n]);
  std::vector<uint32_t> next(first_successor_.begin(), first_successor_.end() - 1);
  for (const Edge& e : edges) {
    if (valid(e)) successors_[next[e.first]++] = e.then;
  }
  for (int i = 0; i < n; ++i) {
    if (unmet_[i] == 0) AddCandidate(i);
  }
}

// The post-notifications of operations that ran: still sent once the run is aborted, so that
// agents hear of what was done (the next transition does not repeat the operation).
bool TransitionRun::IsPostNotify(int index) const {
  return actions_.task(index) == "notify" && actions_.meta(index, "notify_type") == "post";
}

bool TransitionRun::CanSend(int index) const {
  if (aborted_ && !IsPostNotify(index)) return false;
  return states_[index] == State::kWaiting && unmet_[index] == 0;
}

size_t TransitionRun::BucketOf(int index) const {
  return Throttled(index) ? actions_.node_index(index) : candidates_.size() - 1;
}

void TransitionRun::AddCandidate(int index) {
  std::vector<int>& heap = candidates_[BucketOf(index)];
  heap.push_back(index);
  std::push_heap(heap.begin(), heap.end(), std::greater<>());
  ++candidate_count_;
}

void TransitionRun::MarkSent(int index) {
  states_[index] = State::kSent;
  ++outstanding_;
  if (Throttled(index)) {
    ++in_flight_;
    ++on_node_[actions_.node_index(index)];
  }
}

std::vector<int> TransitionRun::TakeReady() {
  if (aborted_) return TakeReadyAfterAbort();
  std::vector<int> ready;
  auto pop = [&](std::vector<int>& heap) {
    std::pop_heap(heap.begin(), heap.end(), std::greater<>());
    ready.push_back(heap.back());
    heap.pop_back();
    --candidate_count_;
    MarkSent(ready.back());
  };
  std::vector<int>& free_running = candidates_.back();
  while (!free_running.empty()) pop(free_running);
  auto node_has_room = [&](size_t node) {
    return limits_.per_node <= 0 || on_node_[node] < limits_.per_node;
  };
  const size_t nodes = on_node_.size();
  if (limits_.batch <= 0) {
    for (size_t node = 0; node < nodes; ++node) {
      while (!candidates_[node].empty() && node_has_room(node)) pop(candidates_[node]);
    }
  } else {
    // The lowest index first across the nodes with room, as a scan in index order would.
    using Head = std::pair<int, size_t>;  // (index, node)
    std::priority_queue<Head, std::vector<Head>, std::greater<>> heads;
    for (size_t node = 0; node < nodes; ++node) {
      if (!candidates_[node].empty() && node_has_room(node)) {
        heads.emplace(candidates_[node].front(), node);
      }
    }
    while (!heads.empty() && in_flight_ < limits_.batch) {
      const size_t node = heads.top().second;
      heads.pop();
      pop(candidates_[node]);
      if (!candidates_[node].empty() && node_has_room(node)) {
        heads.emplace(candidates_[node].front(), node);
      }
    }
  }
  held_back_ = static_cast<int>(candidate_count_);
  std::sort(ready.begin(), ready.end());
  return ready;
}

std::vector<int> TransitionRun::TakeReadyAfterAbort() {
  std::vector<int> ready;
  held_back_ = 0;
  std::vector<int> on_node = on_node_;
  int in_flight = in_flight_;
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
  // The candidate heaps are no longer read: an aborted run takes nothing from them again.
  for (int i : ready) MarkSent(i);
  return ready;
}

bool TransitionRun::Complete(int index, bool ok) {
  if (index < 0 || index >= static_cast<int>(states_.size())) return false;
  if (states_[index] != State::kSent) return false;
  states_[index] = ok ? State::kDone : State::kFailed;
  --outstanding_;
  if (Throttled(index)) {
    --in_flight_;
    --on_node_[actions_.node_index(index)];
  }
  if (!ok) {
    failed_ = true;
    return true;
  }
  for (uint32_t k = first_successor_[index]; k < first_successor_[index + 1]; ++k) {
    const int then = successors_[k];
    if (--unmet_[then] == 0 && states_[then] == State::kWaiting) AddCandidate(then);
  }
  return true;
}

int TransitionRun::outstanding() const { return outstanding_; }

bool TransitionRun::Finished() const {
  if (outstanding_ > 0) return false;
  if (!aborted_) return candidate_count_ == 0;
  for (int i = 0; i < static_cast<int>(actions_.size()); ++i) {
    if (CanSend(i)) return false;
  }
  return true;
}

bool TransitionRun::Succeeded() const {
  return std::all_of(states_.begin(), states_.end(), [](State s) { return s == State::kDone; });
}

}  // namespace keel
