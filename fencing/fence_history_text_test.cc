#include "fencing/fence_history_text.h"

#include <gtest/gtest.h>

namespace keel {
namespace {

constexpr int64_t kNoon = 1795521600000;  // 2026-11-24 12:00:00Z

FenceRecord Done(std::string id, FenceState state, int64_t requested, int64_t completed) {
  FenceRecord record;
  record.id = std::move(id);
  record.target = "n3";
  record.action = "reboot";
  record.origin = "n1";
  record.executor = "n2";
  record.requesters = {"crmd", "n1"};
  record.state = state;
  record.requested_ms = requested;
  record.completed_ms = completed;
  return record;
}

TEST(FenceHistoryText, OneLinePerRecordAndAttemptsWhenVerbose) {
  FenceRecord failed = Done("a", FenceState::kFailed, kNoon, kNoon + 60000);
  failed.reason = "fencing n3 failed: level 1 (ipmi): timed out";
  failed.attempts.push_back(
      DeviceAttempt{"ipmi", "n2", "reboot", false, "timed out", kNoon, kNoon + 60000});
  FenceRecord ok = Done("b", FenceState::kSuccess, kNoon + 61000, kNoon + 61400);
  FenceRecord pending = Done("c", FenceState::kPending, kNoon + 70000, 0);
  pending.completed_ms.reset();
  pending.executor.clear();
  const std::string text = FormatFenceHistory({failed, ok, pending}, true);
  EXPECT_EQ(text,
            "reboot of n3 FAILED: fencing n3 failed: level 1 (ipmi): timed out; executor n2, "
            "origin n1, requested by crmd, n1, 2026-11-24 12:01:00Z (60.0s)\n"
            "    ipmi reboot on n2: timed out (60.0s)\n"
            "reboot of n3 succeeded: executor n2, origin n1, requested by crmd, n1, "
            "2026-11-24 12:01:01Z (0.4s)\n"
            "reboot of n3 pending: origin n1, requested by crmd, n1, since 2026-11-24 12:01:10Z\n");
  EXPECT_EQ(FormatFenceHistory({ok}, false).find("    "), std::string::npos);
}

TEST(FenceHistoryText, LastFencingIsTheNewestCompleted) {
  std::vector<FenceRecord> records{Done("a", FenceState::kFailed, 1, 5),
                                   Done("b", FenceState::kSuccess, 2, 9),
                                   Done("c", FenceState::kPending, 10, 0)};
  records[2].completed_ms.reset();
  EXPECT_EQ(LastFencing(records, "n3")->id, "b");
  EXPECT_EQ(LastFencing(records, "n4"), nullptr);
}

}  // namespace
}  // namespace keel
