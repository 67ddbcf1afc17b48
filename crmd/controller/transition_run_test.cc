#include "crmd/controller/transition_run.h"

#include <gtest/gtest.h>

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

TEST(TransitionRun, EmptyRunIsFinishedAndBadEdgesAreIgnored) {
  TransitionRun empty(1, {}, {{0, 1}});
  EXPECT_TRUE(empty.Finished());
  EXPECT_TRUE(empty.Succeeded());
}

}  // namespace
}  // namespace keel
