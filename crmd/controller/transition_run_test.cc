#include "crmd/controller/transition_run.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>

namespace keel {
namespace {

std::vector<Action> Actions(int n) {
  std::vector<Action> actions(n);
  for (int i = 0; i < n; ++i) {
    actions[i].task = "start";
    actions[i].resource = "r" + std::to_string(i);
    actions[i].node = "node1";
  }
  return actions;
}

TEST(TransitionRun, SendsAnActionOnlyAfterItsPredecessorsSucceeded) {
  // 0 -> 2, 1 -> 2, 2 -> 3
  TransitionRun run(7, Actions(4), {{0, 2}, {1, 2}, {2, 3}});
  EXPECT_EQ(run.TakeReady(), (std::vector<int>{0, 1}));
  EXPECT_EQ(run.TakeReady(), std::vector<int>{});
  EXPECT_TRUE(run.Complete(0, true));
  EXPECT_EQ(run.TakeReady(), std::vector<int>{});
  EXPECT_FALSE(run.Finished());
  EXPECT_TRUE(run.Complete(1, true));
  EXPECT_EQ(run.TakeReady(), std::vector<int>{2});
  EXPECT_TRUE(run.Complete(2, true));
  EXPECT_EQ(run.TakeReady(), std::vector<int>{3});
  EXPECT_TRUE(run.Complete(3, true));
  EXPECT_TRUE(run.Finished());
  EXPECT_TRUE(run.Succeeded());
  EXPECT_EQ(run.id(), 7);
}

TEST(TransitionRun, NodeActionLimitHoldsBackActionsUntilOneOnThatNodeCompletes) {
  std::vector<Action> actions = Actions(5);
  actions[4].node = "node2";
  TransitionRun run(1, actions, {}, ThrottleLimits{2, 0});
  EXPECT_EQ(run.TakeReady(), (std::vector<int>{0, 1, 4}));
  EXPECT_EQ(run.held_back(), 2);
  EXPECT_EQ(run.TakeReady(), std::vector<int>{});
  EXPECT_FALSE(run.Finished());
  EXPECT_TRUE(run.Complete(4, true));  // node2's slot frees nothing on node1
  EXPECT_EQ(run.TakeReady(), std::vector<int>{});
  EXPECT_TRUE(run.Complete(0, true));
  EXPECT_EQ(run.TakeReady(), std::vector<int>{2});
  EXPECT_TRUE(run.Complete(1, true));
  EXPECT_TRUE(run.Complete(2, true));
  EXPECT_EQ(run.TakeReady(), std::vector<int>{3});
  EXPECT_EQ(run.held_back(), 0);
  EXPECT_TRUE(run.Complete(3, true));
  EXPECT_TRUE(run.Finished());
  EXPECT_TRUE(run.Succeeded());
}

TEST(TransitionRun, BatchLimitBoundsTheClusterAndFencingIsNeverHeldBack) {
  std::vector<Action> actions = Actions(4);
  actions[1].node = "node2";
  actions[2].node = "node3";
  Action fence;
  fence.task = "fence";
  fence.node = "node4";
  actions.push_back(fence);
  TransitionRun run(1, actions, {}, ThrottleLimits{0, 2});
  EXPECT_EQ(run.TakeReady(), (std::vector<int>{0, 1, 4}));
  EXPECT_EQ(run.held_back(), 2);
  EXPECT_TRUE(run.Complete(1, true));
  EXPECT_EQ(run.TakeReady(), std::vector<int>{2});
  EXPECT_TRUE(run.Complete(4, true));
  EXPECT_EQ(run.TakeReady(), std::vector<int>{});
  EXPECT_TRUE(run.Complete(0, true));
  EXPECT_EQ(run.TakeReady(), std::vector<int>{3});
  run.Abort();
  EXPECT_FALSE(run.Finished());  // 2 and 3 are outstanding
  EXPECT_TRUE(run.Complete(2, true));
  EXPECT_TRUE(run.Complete(3, true));
  EXPECT_TRUE(run.Finished());
}

TEST(TransitionRun, AFailureBlocksItsSuccessorsAndEndsTheRun) {
  TransitionRun run(1, Actions(3), {{0, 1}});
  EXPECT_EQ(run.TakeReady(), (std::vector<int>{0, 2}));
  EXPECT_TRUE(run.Complete(0, false));
  EXPECT_EQ(run.TakeReady(), std::vector<int>{});
  EXPECT_FALSE(run.Finished());  // 2 still outstanding
  EXPECT_TRUE(run.Complete(2, true));
  EXPECT_TRUE(run.Finished());
  EXPECT_TRUE(run.failed());
  EXPECT_FALSE(run.Succeeded());
}

TEST(TransitionRun, AbortSendsNothingMoreAndWaitsForOutstanding) {
  TransitionRun run(1, Actions(2), {{0, 1}});
  EXPECT_EQ(run.TakeReady(), std::vector<int>{0});
  run.Abort();
  EXPECT_FALSE(run.Finished());
  EXPECT_EQ(run.outstanding(), 1);
  EXPECT_TRUE(run.Complete(0, true));
  EXPECT_EQ(run.TakeReady(), std::vector<int>{});
  EXPECT_TRUE(run.Finished());
  EXPECT_FALSE(run.Succeeded());
}

// The post-notifications of a start that ran still go out after an abort (the next
// transition will not start it again); a pre-notification does not.
TEST(TransitionRun, AbortStillSendsThePostNotificationsOfWhatRan) {
  std::vector<Action> actions = Actions(4);  // start 0 -> post 1, 2 -> pre-promote 3
  for (int i : {1, 2, 3}) {
    actions[i].task = "notify";
    actions[i].meta = {{"notify_operation", i == 3 ? "promote" : "start"},
                       {"notify_type", i == 3 ? "pre" : "post"}};
  }
  TransitionRun run(1, actions, {{0, 1}, {0, 2}, {1, 3}, {2, 3}});
  EXPECT_EQ(run.TakeReady(), std::vector<int>{0});
  run.Abort();
  EXPECT_FALSE(run.Finished());
  EXPECT_TRUE(run.Complete(0, true));
  EXPECT_FALSE(run.Finished()) << "the post-notifications are due";
  EXPECT_EQ(run.TakeReady(), (std::vector<int>{1, 2}));
  EXPECT_TRUE(run.Complete(1, true));
  EXPECT_TRUE(run.Complete(2, true));
  EXPECT_EQ(run.TakeReady(), std::vector<int>{}) << "no pre-notification after an abort";
  EXPECT_TRUE(run.Finished());
}

TEST(TransitionRun, UnknownOrRepeatedResultsChangeNothing) {
  TransitionRun run(1, Actions(2), {});
  EXPECT_FALSE(run.Complete(0, true));  // not sent yet
  EXPECT_FALSE(run.Complete(5, true));
  EXPECT_FALSE(run.Complete(-1, true));
  run.TakeReady();
  EXPECT_TRUE(run.Complete(1, true));
  EXPECT_FALSE(run.Complete(1, false));
  EXPECT_FALSE(run.failed());
}

// The sending rule written as a scan over every action (the run's algorithm until issue #21's
// 16 x 1,000 start made it a per-result cost), to compare the run's answers with.
class ScanModel {
 public:
  ScanModel(const std::vector<Action>& actions, const std::vector<Edge>& edges,
            ThrottleLimits limits)
      : actions_(actions), preds_(actions.size()), state_(actions.size(), 0), limits_(limits) {
    const int n = static_cast<int>(actions.size());
    for (const Edge& e : edges) {
      if (e.first >= 0 && e.first < n && e.then >= 0 && e.then < n) preds_[e.then].push_back(e.first);
    }
  }
  // 0 waiting, 1 sent, 2 done, 3 failed.
  bool CanSend(size_t i) const {
    const auto& meta = actions_[i].meta;
    const bool post = actions_[i].task == "notify" &&
                      std::find(meta.begin(), meta.end(), std::pair<std::string, std::string>{
                                                              "notify_type", "post"}) != meta.end();
    if (aborted && !post) return false;
    if (state_[i] != 0) return false;
    for (int p : preds_[i]) {
      if (state_[p] != 2) return false;
    }
    return true;
  }
  bool Throttled(size_t i) const { return !actions_[i].resource.empty(); }
  std::vector<int> TakeReady() {
    std::map<std::string, int> on_node;
    int in_flight = 0;
    for (size_t i = 0; i < actions_.size(); ++i) {
      if (state_[i] == 1 && Throttled(i)) ++in_flight, ++on_node[actions_[i].node];
    }
    std::vector<int> ready;
    held_back = 0;
    for (size_t i = 0; i < actions_.size(); ++i) {
      if (!CanSend(i)) continue;
      if (Throttled(i)) {
        int& here = on_node[actions_[i].node];
        if ((limits_.batch > 0 && in_flight >= limits_.batch) ||
            (limits_.per_node > 0 && here >= limits_.per_node)) {
          ++held_back;
          continue;
        }
        ++in_flight, ++here;
      }
      ready.push_back(static_cast<int>(i));
    }
    for (int i : ready) state_[i] = 1;
    return ready;
  }
  void Complete(int i, bool ok) { state_[i] = ok ? 2 : 3; }
  bool Finished() const {
    for (size_t i = 0; i < actions_.size(); ++i) {
      if (state_[i] == 1 || CanSend(i)) return false;
    }
    return true;
  }
  int outstanding() const { return static_cast<int>(std::count(state_.begin(), state_.end(), 1)); }
  bool aborted = false;
  int held_back = 0;

 private:
  std::vector<Action> actions_;
  std::vector<std::vector<int>> preds_;
  std::vector<int> state_;
  ThrottleLimits limits_;
};

TEST(TransitionRun, AnswersAsAScanOfEveryActionWould) {
  std::mt19937 random(21);
  for (int round = 0; round < 300; ++round) {
    const int n = 1 + static_cast<int>(random() % 40);
    std::vector<Action> actions(n);
    for (int i = 0; i < n; ++i) {
      actions[i].node = "n" + std::to_string(random() % 4);
      actions[i].task = random() % 6 == 0 ? "notify" : "start";
      if (actions[i].task == "notify") {
        actions[i].meta = {{"notify_type", random() % 2 ? "post" : "pre"}};
      }
      if (random() % 8 != 0) actions[i].resource = "r" + std::to_string(i);  // else: fencing-like
    }
    std::vector<Edge> edges;
    for (int k = static_cast<int>(random() % (2 * n + 1)); k > 0; --k) {
      int a = static_cast<int>(random() % n), b = static_cast<int>(random() % n);
      if (a != b) edges.push_back({std::min(a, b), std::max(a, b)});  // acyclic, repeats kept
    }
    edges.push_back({-1, 0});  // ignored by both
    ThrottleLimits limits{static_cast<int>(random() % 4), static_cast<int>(random() % 5)};
    TransitionRun run(1, actions, edges, limits);
    ScanModel model(actions, edges, limits);
    std::vector<int> sent;
    for (int step = 0; step < 4 * n + 4; ++step) {
      SCOPED_TRACE("round " + std::to_string(round) + " step " + std::to_string(step));
      std::vector<int> ready = run.TakeReady();
      ASSERT_EQ(ready, model.TakeReady());
      ASSERT_EQ(run.held_back(), model.held_back);
      sent.insert(sent.end(), ready.begin(), ready.end());
      ASSERT_EQ(run.outstanding(), model.outstanding());
      ASSERT_EQ(run.Finished(), model.Finished());
      if (run.Finished()) break;
      if (random() % 12 == 0 && !run.aborted()) {
        run.Abort();
        model.aborted = true;
      }
      // Complete one or two sent actions, in any order, most of them successfully.
      for (int k = 1 + static_cast<int>(random() % 2); k > 0 && !sent.empty(); --k) {
        size_t pick = random() % sent.size();
        const bool ok = random() % 7 != 0;
        ASSERT_TRUE(run.Complete(sent[pick], ok));
        model.Complete(sent[pick], ok);
        sent.erase(sent.begin() + static_cast<long>(pick));
      }
    }
  }
}

TEST(TransitionRun, EmptyRunIsFinishedAndBadEdgesAreIgnored) {
  TransitionRun empty(1, {}, {{0, 1}});
  EXPECT_TRUE(empty.Finished());
  EXPECT_TRUE(empty.Succeeded());
}

}  // namespace
}  // namespace keel
