#include "fencing/fence_history_text.h"

#include <ctime>

namespace keel {
namespace {

// UTC "YYYY-MM-DD HH:MM:SSZ" from epoch milliseconds: no locale, no time zone database.
std::string UtcTime(int64_t ms) {
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%SZ", &parts);
  return text;
}

std::string Seconds(int64_t ms) {
  return std::to_string(ms / 1000) + "." + std::to_string((ms % 1000) / 100) + "s";
}

std::string Join(const std::vector<std::string>& parts) {
  std::string text;
  for (const std::string& part : parts) text += (text.empty() ? "" : ", ") + part;
  return text;
}

std::string Line(const FenceRecord& record) {
  std::string line = record.action + " of " + record.target + " ";
  switch (record.state) {
    case FenceState::kSuccess:
      line += "succeeded: ";
      break;
    case FenceState::kFailed:
      line += "FAILED: " + record.reason + "; ";
      break;
    case FenceState::kPending:
      line += "pending: ";
      break;
  }
  if (!record.executor.empty()) line += "executor " + record.executor + ", ";
  line += "origin " + record.origin;
  if (!record.requesters.empty()) line += ", requested by " + Join(record.requesters);
  if (record.state == FenceState::kPending) {
    line += ", since " + UtcTime(record.requested_ms);
  } else if (record.completed_ms) {
    line += ", " + UtcTime(*record.completed_ms) + " (" +
            Seconds(*record.completed_ms - record.requested_ms) + ")";
  }
  if (record.state == FenceState::kSuccess && !record.reason.empty()) line += "; " + record.reason;
  return line;
}

}  // namespace

std::string FormatFenceHistory(const std::vector<FenceRecord>& records, bool verbose) {
  std::string text;
  for (const FenceRecord& record : records) {
    text += Line(record) + "\n";
    if (!verbose) continue;
    for (const DeviceAttempt& attempt : record.attempts) {
      text += "    " + attempt.device + " " + attempt.action + " on " +
              (attempt.node.empty() ? "-" : attempt.node) + ": " +
              (attempt.ok ? "ok" : attempt.reason) + " (" +
              Seconds(attempt.ended_ms - attempt.started_ms) + ")\n";
    }
  }
  return text;
}

const FenceRecord* LastFencing(const std::vector<FenceRecord>& records, const std::string& target) {
  const FenceRecord* last = nullptr;
  for (const FenceRecord& record : records) {
    if (record.target != target || record.state == FenceState::kPending) continue;
    if (last == nullptr || record.completed_ms > last->completed_ms) last = &record;
  }
  return last;
}

}  // namespace keel
