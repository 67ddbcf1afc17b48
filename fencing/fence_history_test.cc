#include "fencing/fence_history.h"

#include <gtest/gtest.h>

namespace keel {
namespace {

FenceRecord Record(std::string id, FenceState state, int64_t requested,
                   std::optional<int64_t> completed, std::vector<std::string> requesters) {
  FenceRecord record;
  record.id = std::move(id);
  record.target = "n3";
  record.action = "reboot";
  record.origin = "n1";
  record.executor = "n2";
  record.state = state;
  record.requested_ms = requested;
  record.completed_ms = completed;
  record.requesters = std::move(requesters);
  return record;
}

TEST(FenceHistory, XmlRoundTripKeepsEveryField) {
  FenceRecord done = Record("n1-100-1", FenceState::kFailed, 100, 250, {"crm", "n1"});
  done.reason = "fencing n3 failed: level 1 (d1): exit 1: no route";
  done.rc = -201;
  done.attempts.push_back(DeviceAttempt{"d1", "n2", "list", true, "", 100, 120});
  done.attempts.push_back(DeviceAttempt{"d1", "n2", "reboot", false, "exit 1: no route", 120, 250});
  FenceRecord pending = Record("n1-300-2", FenceState::kPending, 300, std::nullopt, {"n2"});
  const std::vector<FenceRecord> records{done, pending};

  const std::string text = SerializeXml(FenceHistoryToXml(records));
  auto tree = ParseXml(text, "history.xml");
  ASSERT_TRUE(tree);
  auto back = FenceHistoryFromXml(*tree, "history.xml");
  ASSERT_TRUE(back) << JoinErrors(back.error());
  EXPECT_EQ(*back, records);
}

TEST(FenceHistory, BadRecordsAreAllReportedWithLineAndId) {
  const std::string text =
      "<fencing-history>\n"
      "<fence-op id=\"a\" target=\"n3\" action=\"reboot\" state=\"maybe\" requested=\"1\"/>\n"
      "<fence-op id=\"b\" action=\"reboot\" state=\"success\" requested=\"x1\"/>\n"
      "</fencing-history>";
  auto tree = ParseXml(text, "h.xml");
  ASSERT_TRUE(tree);
  auto records = FenceHistoryFromXml(*tree, "h.xml");
  ASSERT_FALSE(records);
  ASSERT_EQ(records.error().size(), 3u);
  EXPECT_EQ(records.error()[0].where, "h.xml:2 (a)");
  EXPECT_NE(records.error()[0].message.find("maybe"), std::string::npos);
  EXPECT_EQ(records.error()[1].where, "h.xml:3 (b)");
  EXPECT_NE(records.error()[1].message.find("target"), std::string::npos);
  EXPECT_NE(records.error()[2].message.find("x1"), std::string::npos);

  auto wrong = ParseXml("<status/>", "h.xml");
  EXPECT_FALSE(FenceHistoryFromXml(*wrong, "h.xml"));
}

TEST(FenceHistory, MergeCompletedBeatsPendingAndUnitesRequesters) {
  std::vector<FenceRecord> old_dc{
      Record("n1-100-1", FenceState::kPending, 100, std::nullopt, {"n1"}),
      Record("n1-50-1", FenceState::kSuccess, 50, 60, {"n1"})};
  std::vector<FenceRecord> peer{Record("n1-100-1", FenceState::kSuccess, 100, 180, {"crm"}),
                                Record("n2-70-1", FenceState::kFailed, 70, 90, {"n2"})};
  auto merged = MergeFenceHistories(old_dc, peer);
  ASSERT_EQ(merged.size(), 3u);
  EXPECT_EQ(merged[0].id, "n1-50-1");
  EXPECT_EQ(merged[1].id, "n2-70-1");
  EXPECT_EQ(merged[2].state, FenceState::kSuccess);
  EXPECT_EQ(merged[2].requesters, (std::vector<std::string>{"crm", "n1"}));
}

TEST(FenceHistory, MergeIsCommutativeAndIdempotent) {
  FenceRecord a = Record("x", FenceState::kFailed, 10, 20, {"n1"});
  FenceRecord b = Record("x", FenceState::kFailed, 10, 20, {"n2"});
  b.reason = "different words";  // same rank otherwise: the XML text decides
  FenceRecord c = Record("y", FenceState::kSuccess, 5, 30, {"n3"});
  const std::vector<FenceRecord> left{a, c}, right{b};
  auto ab = MergeFenceHistories(left, right);
  auto ba = MergeFenceHistories(right, left);
  EXPECT_EQ(ab, ba);
  EXPECT_EQ(MergeFenceHistories(ab, ab), ab);
  EXPECT_EQ(MergeFenceHistories(ab, right), ab);
  EXPECT_EQ(ab[1].requesters, (std::vector<std::string>{"n1", "n2"}));
}

TEST(FenceHistory, InterruptedPendingRecordsOfTheOldOriginFail) {
  std::vector<FenceRecord> records{Record("a", FenceState::kPending, 1, std::nullopt, {"n1"}),
                                   Record("b", FenceState::kSuccess, 2, 3, {"n1"})};
  FenceRecord other = Record("c", FenceState::kPending, 3, std::nullopt, {"n2"});
  other.origin = "n2";
  records.push_back(other);
  auto after = FailInterrupted(records, "n1", 500);
  EXPECT_EQ(after[0].state, FenceState::kFailed);
  EXPECT_EQ(after[0].completed_ms, 500);
  EXPECT_NE(after[0].reason.find("interrupted"), std::string::npos);
  EXPECT_EQ(after[1], records[1]);
  EXPECT_EQ(after[2].state, FenceState::kPending);
}

TEST(FenceHistory, TrimKeepsTheNewestPerTarget) {
  std::vector<FenceRecord> records;
  for (int i = 0; i < 5; ++i)
    records.push_back(Record("r" + std::to_string(i), FenceState::kSuccess, i, i, {}));
  FenceRecord other = Record("o", FenceState::kSuccess, 0, 0, {});
  other.target = "n2";
  records.push_back(other);
  auto trimmed = TrimFenceHistory(records, 2);
  ASSERT_EQ(trimmed.size(), 3u);
  EXPECT_EQ(trimmed[0].id, "o");
  EXPECT_EQ(trimmed[1].id, "r3");
  EXPECT_EQ(trimmed[2].id, "r4");
}

}  // namespace
}  // namespace keel
