#include "bench/lab_config_change.h"

#include <atomic>
#include <filesystem>
#include <thread>
#include <vector>

#include "bench/lab_failover.h"
#include "bench/lab_timeline.h"

namespace keel::bench {
namespace {

using std::chrono::milliseconds;

double Ms(int64_t from_us, int64_t to_us) { return static_cast<double>(to_us - from_us) / 1000.0; }

// Dummy keeps its state in $HA_RSCTMP/Dummy-RSC.state; crmd sets HA_RSCTMP to RUN_DIR/rsctmp.
std::string StateFile(Lab& lab, int k, const std::string& rsc) {
  return lab.NodeDir(k) + "/run/rsctmp/Dummy-" + rsc + ".state";
}

int RunningOn(Lab& lab, const std::string& rsc, int nodes) {
  for (int k = 1; k <= nodes; ++k) {
    if (std::filesystem::exists(StateFile(lab, k, rsc))) return k;
  }
  return 0;
}

std::vector<LogEvent> EventsSince(Lab& lab, int k, int64_t offset) {
  std::string text = ReadFile(lab.CrmdLog(k));
  return ParseCrmdLog(
      std::string_view(text).substr(std::min<size_t>(static_cast<size_t>(offset), text.size())));
}

// The DC's and the node's log lines; the node logs the start's result a little after the state
// file appears, so it is waited for (bounded).
void FillBreakdown(Lab& lab, const std::string& rsc, int nodes, const std::vector<int64_t>& offsets,
                   int64_t start_us, int node, ConfigChangeTimes& t) {
  std::string sent_needle = "controller: sending " + rsc + "_start_0 on n" + std::to_string(node);
  std::string done_needle = "executor: " + rsc + "_start_0 call=";
  std::optional<LogEvent> applied, sent, done;
  WaitUntil(
      milliseconds(5000),
      [&] {
        for (int k = 1; k <= nodes && !sent; ++k) {
          auto events = EventsSince(lab, k, offsets[static_cast<size_t>(k)]);
          sent = FirstAfter(events, start_us, sent_needle);
          if (sent) applied = FirstAfter(events, start_us, "cib: applied change");
        }
        if (sent)
          done = FirstAfter(EventsSince(lab, node, offsets[static_cast<size_t>(node)]), sent->us,
                            done_needle);
        return done.has_value();
      },
      5);
  if (applied) t.to_applied = Ms(start_us, applied->us);
  if (applied && sent) t.applied_to_sent = Ms(applied->us, sent->us);
  if (sent && done) t.sent_to_done = Ms(sent->us, done->us);
  if (done) t.done_logged = Ms(start_us, done->us);
}

}  // namespace

std::expected<ConfigChangeTimes, std::string> RunConfigChangeRound(Lab& lab, const std::string& rsc,
                                                                   int nodes) {
  if (int k = RunningOn(lab, rsc, nodes))
    return std::unexpected(rsc + " already runs on n" + std::to_string(k));
  std::vector<int64_t> offsets{0};
  for (int k = 1; k <= nodes; ++k) offsets.push_back(FileSize(lab.CrmdLog(k)));
  std::atomic<int64_t> seen_us{0};
  std::atomic<int> seen_on{0};
  std::atomic<bool> stop{false};
  std::thread watcher([&] {
    int64_t end = NowUs() + 30'000'000;
    while (!stop && NowUs() < end && !Interrupted()) {
      if (int k = RunningOn(lab, rsc, nodes)) {
        seen_us = NowUs();
        seen_on = k;
        return;
      }
      std::this_thread::sleep_for(milliseconds(1));
    }
  });
  int64_t start_us = NowUs();
  auto out = lab.Crm(1, {"resource", "start", rsc});
  int64_t returned_us = NowUs();
  if (!out || out->exit_code != 0) {
    stop = true;
    watcher.join();
    return std::unexpected("crm resource start " + rsc + ": " + (out ? out->output : out.error()));
  }
  watcher.join();
  if (seen_on == 0) return std::unexpected(rsc + " not running within 30 s of crm resource start");
  ConfigChangeTimes t;
  t.to_running = Ms(start_us, seen_us);
  t.crm_returned = Ms(start_us, returned_us);
  FillBreakdown(lab, rsc, nodes, offsets, start_us, seen_on, t);
  auto stopped = lab.Crm(1, {"resource", "stop", rsc});
  if (!stopped || stopped->exit_code != 0)
    return std::unexpected("crm resource stop " + rsc + " failed");
  if (!WaitUntil(
          milliseconds(30000), [&] { return RunningOn(lab, rsc, nodes) == 0; }, 5)) {
    return std::unexpected(rsc + " still running 30 s after crm resource stop");
  }
  if (!LogsQuiet(lab, nodes, 300, milliseconds(10000)))
    return std::unexpected("crmd logs never went quiet");
  return t;
}

}  // namespace keel::bench
