// Who is runnable: samples the state of every task (thread) in /proc and counts those in state
// R (running or waiting for a CPU) or D (uninterruptible wait), the tasks the load average
// counts, grouped as corosync / crmd (its main thread) / crmd's other threads (the CIB writer) /
// agents (crmd's descendants) / other; and how many of them were in D.
#pragma once

#include <sys/types.h>

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace keel::bench {

// One line of /proc/PID/stat or /proc/PID/task/TID/stat: the state letter and the parent PID.
struct TaskStat {
  char state = '?';
  pid_t ppid = 0;
};
std::optional<TaskStat> ParseTaskStat(const std::string& stat);

enum class TaskGroup { kCorosync = 0, kCrmd = 1, kCrmdThreads = 2, kAgents = 3, kOther = 4 };
inline constexpr int kTaskGroups = 5;
inline constexpr std::array<const char*, kTaskGroups> kTaskGroupNames{
    "corosync", "crmd", "crmd's other threads", "agents", "other"};

// A process's group: its own PID among corosyncs or crmds, else an agent when a crmd is among
// its ancestors (parent of: PID -> PPID), else other. (A crmd's threads other than its main
// one are told apart by the caller.)
TaskGroup GroupOf(pid_t pid, const std::map<pid_t, pid_t>& parent_of,
                  const std::set<pid_t>& corosyncs, const std::set<pid_t>& crmds);

using RunnableCounts = std::array<int, kTaskGroups>;

// One sample of the whole /proc: runnable tasks per group, leaving out the calling thread.
struct RunnableSnapshot {
  RunnableCounts counts{};
  int in_d = 0;  // of them, in state D
};
RunnableSnapshot SampleRunnable(const std::set<pid_t>& corosyncs, const std::set<pid_t>& crmds);

// A sample and when it was taken (microseconds on the wall clock).
struct RunnableSample {
  int64_t us = 0;
  RunnableCounts counts{};
  int in_d = 0;
};

// crmd's pacing ticks fall on the same wall-clock moments on every node (even seconds; whole
// seconds and 500 ms before): the samples' mean total is also given per 100 ms of a 500 ms
// period, which divides every tick, to show bursts after a tick.
inline constexpr int kPhaseBuckets = 5;
inline constexpr int64_t kPhasePeriodUs = 500000;

// Mean and max per group over samples.
struct RunnableSummary {
  int samples = 0;
  std::array<double, kTaskGroups> mean{};
  std::array<int, kTaskGroups> max{};
  double total_mean = 0;
  int total_max = 0;
  double in_d_mean = 0;
  int in_d_max = 0;
  std::array<double, kPhaseBuckets> phase_mean{};  // total, per 100 ms after a 500 ms tick
  std::array<int, kPhaseBuckets> phase_samples{};
};
RunnableSummary Summarize(const std::vector<RunnableSample>& samples);

// The tasks running or runnable now (R only) from /proc/loadavg's "3/320" field, the reader
// itself left out; nullopt when the text does not have it. One read, so a true instant.
std::optional<int> RunningNow(const std::string& loadavg);

// Tasks runnable by 20 ms of the 500 ms pacing period (wall clock), from frequent readings of
// RunningNow: where in the period the runnable tasks pile up.
class PhaseProfile {
 public:
  static constexpr int kBins = 25;
  void Add(int64_t us, int running);
  double Mean(int bin) const { return count_[bin] ? sum_[bin] / count_[bin] : 0; }
  int Max(int bin) const { return max_[bin]; }
  int Count(int bin) const { return count_[bin]; }
  double MeanAll() const;

 private:
  std::array<double, kBins> sum_{};
  std::array<int, kBins> count_{}, max_{};
};

// A process's time on a CPU and waiting in a run queue, summed over its threads, from
// /proc/PID/task/TID/schedstat ("run_ns wait_ns slices"): over an interval, (run + wait) /
// interval is how many of its tasks were runnable on average, exactly (no sampling).
struct SchedTimes {
  double run_s = 0, wait_s = 0;
};
std::optional<SchedTimes> ParseSchedstat(const std::string& text);
SchedTimes ProcessSchedTimes(pid_t pid);

// The kernel updates the 1-minute load average every 5 s from the tasks runnable (R or D) at
// that moment: load' = load * e + n * (1 - e), e = 1884 / 2048. The n of one update, from two
// readings of /proc/loadavg around it (+-0.13 from their two decimals).
double KernelSampledActive(double load_before, double load_after);

}  // namespace keel::bench
