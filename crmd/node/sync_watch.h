#pragma once
// The bounded wait for a CIB sync: a member that has not completed its sync 5 s after it began
// reports it (loudly when it is the elected DC, which cannot act before it) and announces
// again, every 5 s. Pure: the node shell gives the time and performs the re-announce.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace keel {

class SyncWatch {
 public:
  static constexpr int64_t kReportMs = 5000;

  // The 1 s check. `waiting`: syncing while a member of the group. The time waited when a
  // report (and a re-announce) is due now, else nullopt; not waiting ends the wait.
  std::optional<int64_t> Check(bool waiting, int64_t mono_ms);
  // A membership change starts a new sync: the next check begins a new wait.
  void Reset() { since_.reset(); }

 private:
  std::optional<int64_t> since_;  // when the check first saw this sync
  int64_t next_report_ms_ = 0;
};

// The report's log line: `missing` are the members whose CIB version has not come (empty: the
// newest member's CIB itself is awaited).
std::string SyncWaitReport(bool elected_dc, int64_t waited_ms,
                           const std::vector<std::string>& missing);

}  // namespace keel
