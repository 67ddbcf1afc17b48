#include "crmd/node/sync_watch.h"

#include "crmd/node/wait_text.h"
#include "crmd/protocol/bus_messages.h"

namespace keel {

std::optional<int64_t> SyncWatch::Check(bool waiting, int64_t mono_ms) {
  if (!waiting) {
    since_.reset();
    return std::nullopt;
  }
  if (!since_) {
    since_ = mono_ms;
    next_report_ms_ = mono_ms + kReportMs;
    return std::nullopt;
  }
  if (mono_ms < next_report_ms_) return std::nullopt;
  next_report_ms_ = mono_ms + kReportMs;
  return mono_ms - *since_;
}

std::string SyncWaitReport(bool elected_dc, int64_t waited_ms,
                           const std::vector<std::string>& missing) {
  std::string what =
      missing.empty() ? "the newest member's CIB" : "the CIB version of " + JoinList(missing, ", ");
  std::string waited = SecondsText(waited_ms);
  return elected_dc ? "dc: ELECTED BUT NOT ACTING for " + waited + ": the sync waits for " + what
                    : "sync: not synced for " + waited + ": waiting for " + what;
}

}  // namespace keel
