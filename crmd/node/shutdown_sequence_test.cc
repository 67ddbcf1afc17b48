#include "crmd/node/shutdown_sequence.h"

#include <gtest/gtest.h>

namespace keel {
namespace {

ShutdownFacts Planned() {
  ShutdownFacts f;
  f.in_group = true;
  f.planned_for = true;
  return f;
}

TEST(ShutdownSequenceTest, NothingHappensUntilRequestedAndASecondRequestIsRefused) {
  ShutdownSequence s;
  EXPECT_EQ(s.Next(Planned()), ShutdownStep::kNone);
  EXPECT_EQ(s.Check(1'000'000'000), ShutdownStep::kNone);
  EXPECT_TRUE(s.Request(100, 1000));
  EXPECT_FALSE(s.Request(200, 1000));
  EXPECT_EQ(s.deadline_ms(), 1100);
}

TEST(ShutdownSequenceTest, LeavesOnlyOnceTheRequestIsSeenResourcesStoppedAndTheTransitionDone) {
  ShutdownSequence s;
  s.Request(0, 1000);
  ShutdownFacts f = Planned();
  f.resources_active = true;
  EXPECT_EQ(s.Next(f), ShutdownStep::kNone);  // the DC has not seen the request yet
  f.request_seen = true;
  EXPECT_EQ(s.Next(f), ShutdownStep::kNone);  // the DC stops them
  f.resources_active = false;
  f.transition_running = true;
  EXPECT_EQ(s.Next(f), ShutdownStep::kNone);  // this DC's moves are under way
  f.transition_running = false;
  EXPECT_FALSE(s.leaving());
  EXPECT_EQ(s.Next(f), ShutdownStep::kAnnounceLeave);
  EXPECT_TRUE(s.leaving());
  EXPECT_EQ(s.Next(f), ShutdownStep::kNone);  // its announcement is not back yet
  f.leave_seen = true;
  EXPECT_EQ(s.Next(f), ShutdownStep::kExit);
  EXPECT_EQ(s.Next(f), ShutdownStep::kNone);
  EXPECT_EQ(s.Check(5000), ShutdownStep::kNone);  // done: no escalation
}

TEST(ShutdownSequenceTest, WithoutADcTheNodeStopsItsResourcesItselfOnce) {
  ShutdownSequence s;
  s.Request(0, 1000);
  ShutdownFacts f;
  f.in_group = true;
  f.resources_active = true;
  EXPECT_EQ(s.Next(f), ShutdownStep::kStopLocally);
  EXPECT_EQ(s.Next(f), ShutdownStep::kNone);
  f.resources_active = false;
  EXPECT_EQ(s.Next(f), ShutdownStep::kAnnounceLeave);
  f.leave_seen = true;
  EXPECT_EQ(s.Next(f), ShutdownStep::kExit);
}

TEST(ShutdownSequenceTest, OutsideTheGroupNobodyCanHearTheLeaveSoItExits) {
  ShutdownSequence s;
  s.Request(0, 1000);
  ShutdownFacts f;  // not in the group, nothing active
  EXPECT_EQ(s.Next(f), ShutdownStep::kAnnounceLeave);
  EXPECT_EQ(s.Next(f), ShutdownStep::kExit);
}

TEST(ShutdownSequenceTest, EscalatesAtTheDeadlineWhateverStillRuns) {
  ShutdownSequence s;
  s.Request(500, 1000);
  ShutdownFacts f = Planned();
  f.request_seen = true;
  f.resources_active = true;
  EXPECT_EQ(s.Next(f), ShutdownStep::kNone);
  EXPECT_EQ(s.Check(1499), ShutdownStep::kNone);
  EXPECT_EQ(s.Check(1500), ShutdownStep::kEscalate);
  EXPECT_EQ(s.Check(1600), ShutdownStep::kNone);
  f.resources_active = false;
  EXPECT_EQ(s.Next(f), ShutdownStep::kNone);  // escalated: nothing more
}

}  // namespace
}  // namespace keel
