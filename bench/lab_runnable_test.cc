#include "bench/lab_runnable.h"

#include <gtest/gtest.h>
#include <unistd.h>

namespace keel::bench {
namespace {

TEST(LabRunnableTest, StatLineGivesStateAndParent) {
  auto t = ParseTaskStat("4242 (corosync) R 1 4242 4242 0 -1 4194560 1 0 0 0 5 3");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->state, 'R');
  EXPECT_EQ(t->ppid, 1);
}

TEST(LabRunnableTest, CommandWithSpacesAndParenthesesIsSkipped) {
  auto t = ParseTaskStat("77 (a (b) c) D 12 77 77 0 -1");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->state, 'D');
  EXPECT_EQ(t->ppid, 12);
  EXPECT_FALSE(ParseTaskStat("").has_value());
  EXPECT_FALSE(ParseTaskStat("77 (x)").has_value());
  EXPECT_FALSE(ParseTaskStat("77 (x) R y").has_value());
}

TEST(LabRunnableTest, GroupsByOwnPidThenByCrmdAncestor) {
  // 1 -> 10 crmd -> 11 sh -> 12 agent; 1 -> 20 corosync; 1 -> 30 bench -> 31 crm
  std::map<pid_t, pid_t> parent{{10, 1}, {11, 10}, {12, 11}, {20, 1}, {30, 1}, {31, 30}};
  std::set<pid_t> corosyncs{20}, crmds{10};
  EXPECT_EQ(GroupOf(20, parent, corosyncs, crmds), TaskGroup::kCorosync);
  EXPECT_EQ(GroupOf(10, parent, corosyncs, crmds), TaskGroup::kCrmd);
  EXPECT_EQ(GroupOf(11, parent, corosyncs, crmds), TaskGroup::kAgents);
  EXPECT_EQ(GroupOf(12, parent, corosyncs, crmds), TaskGroup::kAgents);
  EXPECT_EQ(GroupOf(31, parent, corosyncs, crmds), TaskGroup::kOther);
  EXPECT_EQ(GroupOf(99, parent, corosyncs, crmds), TaskGroup::kOther);
}

TEST(LabRunnableTest, ParentLoopEndsAsOther) {
  std::map<pid_t, pid_t> parent{{5, 6}, {6, 5}};
  EXPECT_EQ(GroupOf(5, parent, {}, {}), TaskGroup::kOther);
}

TEST(LabRunnableTest, SummaryHasMeanAndMaxPerGroupAndTotal) {
  std::vector<RunnableSample> samples{{1000, {2, 0, 0, 1, 1}, 1}, {600000, {4, 1, 2, 0, 1}, 3}};
  RunnableSummary s = Summarize(samples);
  EXPECT_EQ(s.samples, 2);
  EXPECT_DOUBLE_EQ(s.mean[0], 3.0);
  EXPECT_EQ(s.max[0], 4);
  EXPECT_DOUBLE_EQ(s.mean[3], 0.5);
  EXPECT_EQ(s.max[1], 1);
  EXPECT_EQ(s.max[2], 2);
  EXPECT_DOUBLE_EQ(s.total_mean, 6.0);
  EXPECT_EQ(s.total_max, 8);
  EXPECT_DOUBLE_EQ(s.in_d_mean, 2.0);
  EXPECT_EQ(s.in_d_max, 3);
  EXPECT_EQ(Summarize({}).samples, 0);
}

TEST(LabRunnableTest, PhaseBucketsAreHundredMillisecondsAfterTheHalfSecond) {
  // 0.001 s and 0.501 s fall in the first 100 ms, 0.250 s in the third, 0.999 s in the last.
  std::vector<RunnableSample> samples{{1000, {10, 0, 0, 0, 0}},
                                      {501000, {20, 0, 0, 0, 0}},
                                      {250000, {3, 0, 0, 0, 0}},
                                      {999000, {1, 0, 0, 0, 0}}};
  RunnableSummary s = Summarize(samples);
  EXPECT_EQ(s.phase_samples[0], 2);
  EXPECT_DOUBLE_EQ(s.phase_mean[0], 15.0);
  EXPECT_EQ(s.phase_samples[1], 0);
  EXPECT_DOUBLE_EQ(s.phase_mean[2], 3.0);
  EXPECT_DOUBLE_EQ(s.phase_mean[4], 1.0);
}

TEST(LabRunnableTest, RunningNowLeavesOutTheReader) {
  EXPECT_EQ(RunningNow("0.52 0.58 0.59 3/320 12345"), 2);
  EXPECT_EQ(RunningNow("0.52 0.58 0.59 1/320 12345"), 0);
  EXPECT_FALSE(RunningNow("0.52 0.58 0.59").has_value());
  EXPECT_FALSE(RunningNow("0.52 0.58 0.59 x/320 1").has_value());
  EXPECT_FALSE(RunningNow("0.52 0.58 0.59 /320 1").has_value());
}

TEST(LabRunnableTest, PhaseProfileBinsTwentyMilliseconds) {
  PhaseProfile p;
  p.Add(5000, 10);    // 5 ms: bin 0
  p.Add(505000, 30);  // 505 ms: bin 0 again
  p.Add(499999, 4);   // bin 24
  p.Add(1021000, 6);  // 21 ms: bin 1
  EXPECT_EQ(p.Count(0), 2);
  EXPECT_DOUBLE_EQ(p.Mean(0), 20.0);
  EXPECT_EQ(p.Max(0), 30);
  EXPECT_EQ(p.Max(24), 4);
  EXPECT_DOUBLE_EQ(p.Mean(1), 6.0);
  EXPECT_DOUBLE_EQ(p.Mean(2), 0.0);
  EXPECT_DOUBLE_EQ(p.MeanAll(), 12.5);
}

TEST(LabRunnableTest, SchedstatIsRunAndWaitInSeconds) {
  auto t = ParseSchedstat("1500000000 250000000 42\n");
  ASSERT_TRUE(t.has_value());
  EXPECT_DOUBLE_EQ(t->run_s, 1.5);
  EXPECT_DOUBLE_EQ(t->wait_s, 0.25);
  EXPECT_FALSE(ParseSchedstat("").has_value());
  EXPECT_GE(ProcessSchedTimes(getpid()).run_s, 0.0);
}

TEST(LabRunnableTest, KernelSampleInvertsTheExponentialStep) {
  // From 2.00 with 40 runnable: 2 * 1884 / 2048 + 40 * 164 / 2048 = 5.043.
  EXPECT_NEAR(KernelSampledActive(2.0, 5.043), 40.0, 0.05);
  EXPECT_NEAR(KernelSampledActive(1.0, 1.0), 1.0, 1e-9);
  EXPECT_NEAR(KernelSampledActive(8.0, 7.36), 0.0, 0.01);
}

TEST(LabRunnableTest, SampleOfThisMachineCountsSomethingOrNothingButNeverNegative) {
  RunnableSnapshot snapshot = SampleRunnable({}, {});
  for (int n : snapshot.counts) EXPECT_GE(n, 0);
  EXPECT_GE(snapshot.in_d, 0);
}

}  // namespace
}  // namespace keel::bench
