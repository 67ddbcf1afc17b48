#include "bench/lab_runnable.h"

#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace keel::bench {

std::optional<TaskStat> ParseTaskStat(const std::string& stat) {
  // The command may hold spaces and parentheses: the fields start after the last ')'.
  size_t paren = stat.rfind(')');
  if (paren == std::string::npos || paren + 2 >= stat.size()) return std::nullopt;
  std::istringstream in(stat.substr(paren + 2));
  std::string state, ppid;
  if (!(in >> state >> ppid) || state.size() != 1) return std::nullopt;
  char* end = nullptr;
  long p = std::strtol(ppid.c_str(), &end, 10);
  if (*end != '\0' || p < 0) return std::nullopt;
  return TaskStat{state[0], static_cast<pid_t>(p)};
}

TaskGroup GroupOf(pid_t pid, const std::map<pid_t, pid_t>& parent_of,
                  const std::set<pid_t>& corosyncs, const std::set<pid_t>& crmds) {
  if (corosyncs.contains(pid)) return TaskGroup::kCorosync;
  if (crmds.contains(pid)) return TaskGroup::kCrmd;
  // Bounded walk: a PID map read while processes come and go may hold a loop.
  for (int depth = 0; depth < 64; ++depth) {
    auto it = parent_of.find(pid);
    if (it == parent_of.end() || it->second <= 1) break;
    pid = it->second;
    if (crmds.contains(pid)) return TaskGroup::kAgents;
  }
  return TaskGroup::kOther;
}

namespace {

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::optional<pid_t> NumericName(const std::filesystem::path& p) {
  const std::string name = p.filename().string();
  if (name.empty() || !std::all_of(name.begin(), name.end(), ::isdigit)) return std::nullopt;
  return static_cast<pid_t>(std::atoi(name.c_str()));
}

}  // namespace

RunnableSnapshot SampleRunnable(const std::set<pid_t>& corosyncs, const std::set<pid_t>& crmds) {
  const pid_t self = static_cast<pid_t>(syscall(SYS_gettid));
  std::map<pid_t, pid_t> parent_of;
  // Per process: its runnable tasks, the main thread's apart (tid == pid).
  std::map<pid_t, int> runnable, runnable_main;
  int in_d = 0;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
    auto pid = NumericName(entry.path());
    if (!pid) continue;
    auto stat = ParseTaskStat(Slurp(entry.path().string() + "/stat"));
    if (!stat) continue;  // gone meanwhile
    parent_of[*pid] = stat->ppid;
    std::error_code task_ec;
    for (const auto& task : std::filesystem::directory_iterator(entry.path() / "task", task_ec)) {
      auto tid = NumericName(task.path());
      if (!tid || *tid == self) continue;
      auto t = ParseTaskStat(Slurp(task.path().string() + "/stat"));
      if (!t || (t->state != 'R' && t->state != 'D')) continue;
      ++(*tid == *pid ? runnable_main : runnable)[*pid];
      if (t->state == 'D') ++in_d;
    }
  }
  RunnableSnapshot snapshot;
  snapshot.in_d = in_d;
  for (const auto* tasks : {&runnable_main, &runnable}) {
    for (const auto& [pid, n] : *tasks) {
      TaskGroup group = GroupOf(pid, parent_of, corosyncs, crmds);
      if (group == TaskGroup::kCrmd && tasks == &runnable) group = TaskGroup::kCrmdThreads;
      snapshot.counts[static_cast<size_t>(group)] += n;
    }
  }
  return snapshot;
}

RunnableSummary Summarize(const std::vector<RunnableSample>& samples) {
  RunnableSummary s;
  s.samples = static_cast<int>(samples.size());
  if (samples.empty()) return s;
  for (const RunnableSample& sample : samples) {
    int total = 0;
    for (size_t g = 0; g < kTaskGroups; ++g) {
      s.mean[g] += sample.counts[g];
      s.max[g] = std::max(s.max[g], sample.counts[g]);
      total += sample.counts[g];
    }
    s.total_mean += total;
    s.total_max = std::max(s.total_max, total);
    s.in_d_mean += sample.in_d;
    s.in_d_max = std::max(s.in_d_max, sample.in_d);
    int64_t phase = ((sample.us % kPhasePeriodUs) + kPhasePeriodUs) % kPhasePeriodUs;
    auto bucket = static_cast<size_t>(phase * kPhaseBuckets / kPhasePeriodUs);
    s.phase_mean[bucket] += total;
    ++s.phase_samples[bucket];
  }
  for (double& m : s.mean) m /= static_cast<double>(samples.size());
  s.total_mean /= static_cast<double>(samples.size());
  s.in_d_mean /= static_cast<double>(samples.size());
  for (size_t b = 0; b < kPhaseBuckets; ++b) {
    if (s.phase_samples[b] > 0) s.phase_mean[b] /= s.phase_samples[b];
  }
  return s;
}

std::optional<int> RunningNow(const std::string& loadavg) {
  std::istringstream in(loadavg);
  std::string a, b, c, field;
  if (!(in >> a >> b >> c >> field)) return std::nullopt;
  size_t slash = field.find('/');
  if (slash == std::string::npos || slash == 0) return std::nullopt;
  char* end = nullptr;
  long n = std::strtol(field.c_str(), &end, 10);
  if (end != field.c_str() + slash || n < 1) return std::nullopt;
  return static_cast<int>(n - 1);
}

void PhaseProfile::Add(int64_t us, int running) {
  int64_t phase = ((us % kPhasePeriodUs) + kPhasePeriodUs) % kPhasePeriodUs;
  auto bin = static_cast<size_t>(phase * kBins / kPhasePeriodUs);
  sum_[bin] += running;
  ++count_[bin];
  max_[bin] = std::max(max_[bin], running);
}

double PhaseProfile::MeanAll() const {
  double sum = 0;
  int count = 0;
  for (size_t b = 0; b < kBins; ++b) sum += sum_[b], count += count_[b];
  return count ? sum / count : 0;
}

std::optional<SchedTimes> ParseSchedstat(const std::string& text) {
  std::istringstream in(text);
  double run = 0, wait = 0;
  if (!(in >> run >> wait)) return std::nullopt;
  return SchedTimes{run / 1e9, wait / 1e9};
}

SchedTimes ProcessSchedTimes(pid_t pid) {
  SchedTimes sum;
  std::error_code ec;
  const std::string tasks = "/proc/" + std::to_string(pid) + "/task";
  for (const auto& task : std::filesystem::directory_iterator(tasks, ec)) {
    if (auto t = ParseSchedstat(Slurp(task.path().string() + "/schedstat"))) {
      sum.run_s += t->run_s;
      sum.wait_s += t->wait_s;
    }
  }
  return sum;
}

double KernelSampledActive(double load_before, double load_after) {
  constexpr double kE = 1884.0 / 2048.0;
  return (load_after - load_before * kE) / (1.0 - kE);
}

}  // namespace keel::bench
