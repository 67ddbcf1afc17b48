#include "crmd/membership/batching_bus.h"
#include "crmd/membership/testing/recording_bus.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "crmd/executor/testing/fake_event_loop.h"
#include "crmd/protocol/batch_message.h"
#include "crmd/protocol/bus_messages.h"

namespace keel {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string Action(int i, const std::string& node = "n2") {
  return Encode(ActionMessage{"1:" + std::to_string(i) + ":0:n1", node, "start",
                              "d" + std::to_string(i), 0, 20000});
}

std::string Result(int i) {
  return Encode(ResultMessage{"1:" + std::to_string(i) + ":0:n1", "n2", "d" + std::to_string(i),
                              "start", 0, 0, 0, false});
}

// The payloads a sent message carries, in order.
std::vector<std::string> Unpacked(const std::string& message) {
  if (PayloadType(message) != BatchMessage::kType) return {message};
  auto batch = Decode<BatchMessage>(message);
  EXPECT_TRUE(batch.has_value()) << batch.error().ToString();
  return batch ? batch->payloads : std::vector<std::string>{};
}

// The core's rule: actions do not outlive a membership change, results do.
bool KeepAcross(std::string_view payload) { return PayloadType(payload) != "action"; }

struct Fixture {
  explicit Fixture(bool allowed = true, size_t bound = kMaxBatchBytes)
      : allowed(allowed),
        bus(
            inner, loop, [this] { return this->allowed; }, bound) {
    BusCallbacks callbacks;
    callbacks.keep_across_membership = KeepAcross;
    callbacks.on_send_failed = [this](std::string_view payload, const Error&) {
      failed.emplace_back(payload);
    };
    callbacks.on_membership = [this](const std::vector<NodeId>& m) { members = m; };
    callbacks.on_log = [this](const std::string& line) { logs.push_back(line); };
    EXPECT_TRUE(bus.Join(std::move(callbacks)).has_value());
  }
  bool allowed;
  RecordingBus inner;
  FakeEventLoop loop;
  BatchingBus bus;
  std::vector<std::string> failed;
  std::vector<std::string> logs;
  std::vector<NodeId> members;
};

TEST(BatchingBusTest, NActionsInOneTurnLeaveAsOneMessage) {
  Fixture f;
  std::vector<std::string> actions;
  for (int i = 0; i < 50; ++i) {
    actions.push_back(Action(i, i % 2 ? "n2" : "n3"));
    ASSERT_TRUE(f.bus.Send(actions.back()).has_value());
  }
  EXPECT_TRUE(f.inner.sent.empty());  // nothing before the end of the turn
  f.loop.RunPending();
  ASSERT_EQ(f.inner.sent.size(), 1u);
  EXPECT_EQ(Unpacked(f.inner.sent[0]), actions);
  EXPECT_EQ(f.bus.messages_sent(), 1u);
  EXPECT_EQ(f.bus.payloads_sent(), 50u);
}

TEST(BatchingBusTest, AResultAndItsStatusPatchLeaveTogether) {
  Fixture f;
  std::string patch = Encode(NodeStatePatchMessage{"<node_state id=\"2\"/>", {}});
  ASSERT_TRUE(f.bus.Send(patch).has_value());
  ASSERT_TRUE(f.bus.Send(Result(1)).has_value());
  f.loop.RunPending();
  ASSERT_EQ(f.inner.sent.size(), 1u);
  EXPECT_THAT(Unpacked(f.inner.sent[0]), ElementsAre(patch, Result(1)));
}

TEST(BatchingBusTest, EachTurnIsItsOwnMessage) {
  Fixture f;
  (void)f.bus.Send(Action(1));
  (void)f.bus.Send(Action(2));
  f.loop.RunPending();
  (void)f.bus.Send(Action(3));
  (void)f.bus.Send(Action(4));
  f.loop.RunPending();
  ASSERT_EQ(f.inner.sent.size(), 2u);
  EXPECT_THAT(Unpacked(f.inner.sent[1]), ElementsAre(Action(3), Action(4)));
}

TEST(BatchingBusTest, OnePayloadGoesAsItIs) {
  Fixture f;
  (void)f.bus.Send(Action(1));
  f.loop.RunPending();
  EXPECT_THAT(f.inner.sent, ElementsAre(Action(1)));
}

TEST(BatchingBusTest, PeersOfAnOlderProtocolGetEveryMessageAloneAtOnce) {
  Fixture f(/*allowed=*/false);
  (void)f.bus.Send(Action(1));
  (void)f.bus.Send(Result(2));
  EXPECT_THAT(f.inner.sent, ElementsAre(Action(1), Result(2)));
  EXPECT_EQ(f.loop.pending_timers(), 0u);
}

TEST(BatchingBusTest, AnOlderPeerJoiningBeforeTheFlushGetsThemAlone) {
  Fixture f;
  (void)f.bus.Send(Result(1));
  (void)f.bus.Send(Result(2));
  f.allowed = false;
  f.loop.RunPending();
  EXPECT_THAT(f.inner.sent, ElementsAre(Result(1), Result(2)));
}

TEST(BatchingBusTest, TheOldPathSendsWhatWaitsFirst) {
  Fixture f;
  (void)f.bus.Send(Result(1));
  (void)f.bus.Send(Result(2));
  f.allowed = false;
  (void)f.bus.Send(Result(3));
  EXPECT_THAT(f.inner.sent, ElementsAre(Result(1), Result(2), Result(3)));
}

TEST(BatchingBusTest, TheBoundSplitsABatchWithoutReordering) {
  const size_t bound = 2 * BatchItemSize(Action(1)) + 40;
  Fixture f(true, bound);
  for (int i = 1; i <= 5; ++i) (void)f.bus.Send(Action(i));
  f.loop.RunPending();
  ASSERT_EQ(f.inner.sent.size(), 3u);
  EXPECT_THAT(Unpacked(f.inner.sent[0]), ElementsAre(Action(1), Action(2)));
  EXPECT_THAT(Unpacked(f.inner.sent[1]), ElementsAre(Action(3), Action(4)));
  EXPECT_THAT(f.inner.sent[2], Action(5));
  for (const std::string& m : f.inner.sent) EXPECT_LE(m.size(), bound);
}

TEST(BatchingBusTest, ALargePayloadGoesAloneAfterWhatWaits) {
  Fixture f(true, 1024);
  std::string sync = Encode(SyncMessage{"1,2", std::string(4000, 'x')});
  (void)f.bus.Send(Result(1));
  (void)f.bus.Send(Result(2));
  ASSERT_TRUE(f.bus.Send(sync).has_value());
  ASSERT_EQ(f.inner.sent.size(), 2u);
  EXPECT_THAT(Unpacked(f.inner.sent[0]), ElementsAre(Result(1), Result(2)));
  EXPECT_EQ(f.inner.sent[1], sync);
}

TEST(BatchingBusTest, ABatchHoldsOnlyPayloadsTheMembershipRuleTreatsAlike) {
  Fixture f;
  (void)f.bus.Send(Action(1));
  (void)f.bus.Send(Action(2));
  (void)f.bus.Send(Result(3));
  (void)f.bus.Send(Result(4));
  (void)f.bus.Send(Action(5));
  f.loop.RunPending();
  ASSERT_EQ(f.inner.sent.size(), 3u);
  EXPECT_THAT(Unpacked(f.inner.sent[0]), ElementsAre(Action(1), Action(2)));
  EXPECT_THAT(Unpacked(f.inner.sent[1]), ElementsAre(Result(3), Result(4)));
  EXPECT_EQ(f.inner.sent[2], Action(5));
}

TEST(BatchingBusTest, AMembershipChangeDropsWaitingPayloadsBoundToTheOldOne) {
  Fixture f;
  (void)f.bus.Send(Result(1));
  (void)f.bus.Send(Action(2));
  f.inner.callbacks_.on_membership({1, 3});
  EXPECT_THAT(f.members, ElementsAre(1, 3));
  f.loop.RunPending();
  EXPECT_THAT(f.inner.sent, ElementsAre(Result(1)));
  ASSERT_EQ(f.logs.size(), 1u);
  EXPECT_THAT(f.logs[0], HasSubstr("dropped unsent \"action\""));
}

TEST(BatchingBusTest, TheInnerQueueKeepsOrDropsABatchWhole) {
  Fixture f;
  EXPECT_FALSE(
      f.inner.callbacks_.keep_across_membership(Encode(BatchMessage{{Action(1), Action(2)}})));
  EXPECT_TRUE(
      f.inner.callbacks_.keep_across_membership(Encode(BatchMessage{{Result(1), Result(2)}})));
  EXPECT_FALSE(f.inner.callbacks_.keep_across_membership(Action(1)));
}

TEST(BatchingBusTest, AFailedBatchReportsEachPayload) {
  Fixture f;
  (void)f.bus.Send(Result(1));
  (void)f.bus.Send(Result(2));
  f.inner.fail = true;
  f.loop.RunPending();
  EXPECT_THAT(f.failed, ElementsAre(Result(1), Result(2)));
  f.failed.clear();
  f.inner.callbacks_.on_send_failed(Encode(BatchMessage{{Result(3), Result(4)}}),
                                    Error{ErrorCode::kIo, "later", ""});
  EXPECT_THAT(f.failed, ElementsAre(Result(3), Result(4)));
}

TEST(BatchingBusTest, DestroyingItSendsWhatWaits) {
  RecordingBus inner;
  FakeEventLoop loop;
  {
    BatchingBus bus(inner, loop, [] { return true; });
    ASSERT_TRUE(bus.Join(BusCallbacks{}).has_value());
    (void)bus.Send(Result(1));
    (void)bus.Send(Result(2));
  }
  ASSERT_EQ(inner.sent.size(), 1u);
  EXPECT_THAT(Unpacked(inner.sent[0]), ElementsAre(Result(1), Result(2)));
  EXPECT_EQ(loop.pending_timers(), 0u);
}

}  // namespace
}  // namespace keel
