#include "crmd/membership/send_queue.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace keel {
namespace {

// A corosync stand-in: refuses with TRY_AGAIN while `refusing`, fails for good any payload
// named in `poison`, records what it took.
struct FakeCorosync {
  bool refusing = false;
  std::string poison;
  std::vector<std::string> taken;
  int attempts = 0;

  SendQueue::Transmit AsTransmit() {
    return [this](std::string_view payload) -> TransmitResult {
      ++attempts;
      if (refusing) return {TransmitStatus::kTryAgain, Error{ErrorCode::kIo, "TRY_AGAIN", ""}};
      if (!poison.empty() && payload == poison) {
        return {TransmitStatus::kFailed, Error{ErrorCode::kIo, "CS_ERR_LIBRARY", ""}};
      }
      taken.emplace_back(payload);
      return {};
    };
  }
};

TEST(SendQueueTest, SendsAtOnceWhenCorosyncTakesIt) {
  FakeCorosync corosync;
  SendQueue queue(corosync.AsTransmit());
  ASSERT_TRUE(queue.Send("a", 0).has_value());
  EXPECT_EQ(corosync.taken, std::vector<std::string>{"a"});
  EXPECT_EQ(queue.size(), 0u);
  EXPECT_FALSE(queue.next_attempt_ms().has_value());
}

TEST(SendQueueTest, RefusedMessagesWaitInOrderAndLaterOnesNeverOvertake) {
  FakeCorosync corosync;
  SendQueue queue(corosync.AsTransmit());
  corosync.refusing = true;
  ASSERT_TRUE(queue.Send("a", 0).has_value());
  corosync.refusing = false;
  // Corosync would take "b" now, but "a" is still waiting: "b" must queue behind it.
  ASSERT_TRUE(queue.Send("b", 1).has_value());
  EXPECT_TRUE(corosync.taken.empty());
  EXPECT_EQ(queue.size(), 2u);
  ASSERT_TRUE(queue.next_attempt_ms().has_value());
  EXPECT_TRUE(queue.Pump(*queue.next_attempt_ms()).failed.empty());
  EXPECT_EQ(corosync.taken, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(queue.size(), 0u);
  EXPECT_EQ(queue.bytes(), 0u);
}

TEST(SendQueueTest, RetriesBackOffUpToTheLimitAndNothingHappensBeforeTheirTime) {
  FakeCorosync corosync;
  SendQueueLimits limits;
  limits.first_retry_ms = 5;
  limits.max_retry_ms = 40;
  SendQueue queue(corosync.AsTransmit(), limits);
  corosync.refusing = true;
  ASSERT_TRUE(queue.Send("a", 0).has_value());
  std::vector<int64_t> due;
  for (int i = 0; i < 6; ++i) {
    int64_t at = *queue.next_attempt_ms();
    due.push_back(at);
    int before = corosync.attempts;
    queue.Pump(at - 1);
    EXPECT_EQ(corosync.attempts, before) << "pumped before its time";
    queue.Pump(at);
    EXPECT_EQ(corosync.attempts, before + 1);
  }
  EXPECT_EQ(due, (std::vector<int64_t>{5, 15, 35, 75, 115, 155}));
}

TEST(SendQueueTest, ALongWaitIsLoggedAndSoIsTheRecovery) {
  FakeCorosync corosync;
  SendQueueLimits limits;
  limits.warn_after_ms = 1000;
  SendQueue queue(corosync.AsTransmit(), limits);
  corosync.refusing = true;
  ASSERT_TRUE(queue.Send("a", 0).has_value());
  std::vector<std::string> logs;
  while (*queue.next_attempt_ms() < 3000) {
    auto pumped = queue.Pump(*queue.next_attempt_ms());
    logs.insert(logs.end(), pumped.logs.begin(), pumped.logs.end());
  }
  ASSERT_EQ(logs.size(), 2u) << "once after 1 s, once after 2 s";
  EXPECT_NE(logs[0].find("1 message(s) waiting 1.1 s for corosync to take them: TRY_AGAIN"),
            std::string::npos)
      << logs[0];
  corosync.refusing = false;
  auto pumped = queue.Pump(*queue.next_attempt_ms());
  ASSERT_EQ(pumped.logs.size(), 1u);
  EXPECT_NE(pumped.logs[0].find("took the 1 waiting message(s) after 3.1 s"), std::string::npos)
      << pumped.logs[0];
}

TEST(SendQueueTest, AMessageRefusedForGoodIsReportedAndTheRestStillGo) {
  FakeCorosync corosync;
  SendQueue queue(corosync.AsTransmit());
  corosync.refusing = true;
  ASSERT_TRUE(queue.Send("a", 0).has_value());
  ASSERT_TRUE(queue.Send("bad", 0).has_value());
  ASSERT_TRUE(queue.Send("c", 0).has_value());
  corosync.refusing = false;
  corosync.poison = "bad";
  auto pumped = queue.Pump(*queue.next_attempt_ms());
  ASSERT_EQ(pumped.failed.size(), 1u);
  EXPECT_EQ(pumped.failed[0].payload, "bad");
  EXPECT_EQ(pumped.failed[0].error.message, "CS_ERR_LIBRARY");
  EXPECT_EQ(corosync.taken, (std::vector<std::string>{"a", "c"}));
}

TEST(SendQueueTest, AnImmediateLastingFailureIsSendsError) {
  FakeCorosync corosync;
  corosync.poison = "bad";
  SendQueue queue(corosync.AsTransmit());
  auto sent = queue.Send("bad", 0);
  ASSERT_FALSE(sent.has_value());
  EXPECT_EQ(sent.error().message, "CS_ERR_LIBRARY");
  EXPECT_EQ(queue.size(), 0u);
}

TEST(SendQueueTest, AFullQueueRefusesNewMessagesAndKeepsTheOldOnes) {
  FakeCorosync corosync;
  SendQueueLimits limits;
  limits.max_messages = 2;
  SendQueue queue(corosync.AsTransmit(), limits);
  corosync.refusing = true;
  ASSERT_TRUE(queue.Send("a", 0).has_value());
  ASSERT_TRUE(queue.Send("b", 0).has_value());
  auto full = queue.Send("c", 2500);
  ASSERT_FALSE(full.has_value());
  EXPECT_EQ(full.error().message,
            "send queue full: 2 message(s), 2 bytes waiting 2.5 s for corosync (TRY_AGAIN)");
  corosync.refusing = false;
  queue.Pump(*queue.next_attempt_ms());
  EXPECT_EQ(corosync.taken, (std::vector<std::string>{"a", "b"}));
}

TEST(SendQueueTest, DropUnlessRemovesWhatTheRuleRejectsAndKeepsTheOrderOfTheRest) {
  FakeCorosync corosync;
  SendQueue queue(corosync.AsTransmit());
  corosync.refusing = true;
  for (std::string p : {"announce\n1", "commit\n1", "action\n1", "commit\n2"}) {
    ASSERT_TRUE(queue.Send(p, 0).has_value());
  }
  auto dropped = queue.DropUnless([](std::string_view p) { return p.starts_with("commit"); });
  EXPECT_EQ(dropped, (std::vector<std::string>{"announce\n1", "action\n1"}));
  EXPECT_EQ(queue.bytes(), std::string("commit\n1commit\n2").size());
  corosync.refusing = false;
  queue.Pump(*queue.next_attempt_ms());
  EXPECT_EQ(corosync.taken, (std::vector<std::string>{"commit\n1", "commit\n2"}));
}

TEST(SendQueueTest, MessageHeadIsTheFirstLine) {
  EXPECT_EQ(MessageHead("announce\nmembers=1,2\n\n"), "announce");
  EXPECT_EQ(MessageHead("no newline"), "no newline");
  EXPECT_EQ(MessageHead(std::string(100, 'x')).size(), 40u);
}

}  // namespace
}  // namespace keel
