// BatchingBus's pacing (batching_bus.h "Pacing"): while the cluster is busy, results and status
// patches wait for the next tick of the wall clock; everything else, and a quiet cluster's
// status, leaves at the end of the turn.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "crmd/executor/testing/fake_event_loop.h"
#include "crmd/membership/batching_bus.h"
#include "crmd/membership/testing/recording_bus.h"
#include "crmd/protocol/batch_message.h"
#include "crmd/protocol/bus_messages.h"

namespace keel {
namespace {

using ::testing::ElementsAre;

std::string Action(int i) {
  return Encode(ActionMessage{"1:" + std::to_string(i) + ":0:n1", "n2", "start",
                              "d" + std::to_string(i), 0, 20000});
}

std::string Result(int i) {
  return Encode(ResultMessage{"1:" + std::to_string(i) + ":0:n1", "n2", "d" + std::to_string(i),
                              "start", 0, 0, 0, false});
}

std::string Patch() { return Encode(NodeStatePatchMessage{"<node_state id=\"2\"/>", {}}); }

std::vector<std::string> Unpacked(const std::string& message) {
  if (PayloadType(message) != BatchMessage::kType) return {message};
  auto batch = Decode<BatchMessage>(message);
  return batch ? batch->payloads : std::vector<std::string>{};
}

// The daemon's own pacing policy, so that the thresholds tested are the ones it runs with.
const BusPacing kPacing = StatusPacing();
const int64_t kPeriod = kPacing.period_ms;

struct Fixture {
  explicit Fixture(bool allowed = true)
      : allowed(allowed),
        bus(
            inner, loop, [this] { return this->allowed; }, kMaxBatchBytes, kPacing) {
    BusCallbacks callbacks;
    callbacks.on_deliver = [this](NodeId, std::string_view) { ++delivered; };
    callbacks.keep_across_membership = [](std::string_view p) {
      return PayloadType(p) != ActionMessage::kType;
    };
    callbacks.on_membership = [](const std::vector<NodeId>&) {};
    EXPECT_TRUE(bus.Join(std::move(callbacks)).has_value());
  }
  // Other nodes' status traffic, as corosync delivers it.
  void Traffic(int messages) {
    for (int i = 0; i < messages; ++i) {
      inner.callbacks_.on_deliver(2, i % 2 ? Encode(BatchMessage{{Patch(), Result(i)}}) : Patch());
    }
  }
  // The loop's time on the tick grid of the wall clock (ticks every kPeriod ms).
  int64_t SinceTick() const { return loop.WallMs() % kPeriod; }

  bool allowed;
  RecordingBus inner;
  FakeEventLoop loop;
  BatchingBus bus;
  int delivered = 0;
};

TEST(BatchingBusPacingTest, AQuietClusterSendsStatusAtTheEndOfTheTurn) {
  Fixture f;
  f.Traffic(kPacing.cluster_busy - 1);  // one short of busy
  (void)f.bus.Send(Patch());
  (void)f.bus.Send(Result(1));
  f.loop.RunPending();
  ASSERT_EQ(f.inner.sent.size(), 1u);
  EXPECT_THAT(Unpacked(f.inner.sent[0]), ElementsAre(Patch(), Result(1)));
  EXPECT_EQ(f.delivered, kPacing.cluster_busy - 1);  // the owner still hears every message
  EXPECT_EQ(f.bus.paced_flushes(), 0u);
}

TEST(BatchingBusPacingTest, ABusyClusterHoldsStatusUntilTheNextTick) {
  Fixture f;
  f.loop.Advance(120 - f.SinceTick());  // 120 ms after a tick
  f.Traffic(kPacing.cluster_busy);
  (void)f.bus.Send(Patch());
  (void)f.bus.Send(Result(1));
  f.loop.RunPending();
  EXPECT_TRUE(f.inner.sent.empty());
  f.loop.Advance(kPeriod - 120 - 1);
  EXPECT_TRUE(f.inner.sent.empty());
  (void)f.bus.Send(Result(2));  // joins the same tick
  f.loop.Advance(1);
  EXPECT_EQ(f.SinceTick(), 0);
  ASSERT_EQ(f.inner.sent.size(), 1u);
  EXPECT_THAT(Unpacked(f.inner.sent[0]), ElementsAre(Patch(), Result(1), Result(2)));
  EXPECT_EQ(f.bus.paced_flushes(), 1u);
}

TEST(BatchingBusPacingTest, TheDaemonsTickIsTwoSeconds) {
  // 2 s, not 1 s or 500 ms: fewer spins of the token on a busy cluster (issue #21).
  EXPECT_EQ(kPeriod, 2000);
  Fixture f;
  f.loop.Advance(400 - f.SinceTick());  // 400 ms after a tick
  f.Traffic(kPacing.cluster_busy);
  (void)f.bus.Send(Result(1));
  f.loop.Advance(1599);  // the whole second in between passes: still waiting
  EXPECT_TRUE(f.inner.sent.empty());
  f.loop.Advance(1);
  ASSERT_EQ(f.inner.sent.size(), 1u);
  EXPECT_EQ(f.loop.WallMs() % 2000, 0);
}

TEST(BatchingBusPacingTest, NothingWaitsLongerThanThePeriod) {
  for (int64_t offset : {int64_t{0}, int64_t{1}, kPeriod / 2, kPeriod - 1}) {
    Fixture f;
    f.loop.Advance((offset - f.SinceTick() + kPeriod) % kPeriod);
    f.Traffic(40);
    (void)f.bus.Send(Result(1));
    const int64_t sent_at = f.loop.MonotonicMs();
    int64_t waited = 0;
    while (f.inner.sent.empty() && waited <= kPeriod) {
      f.loop.Advance(1);
      ++waited;
    }
    ASSERT_EQ(f.inner.sent.size(), 1u) << "offset " << offset;
    EXPECT_GT(waited, 0) << "offset " << offset;
    EXPECT_LE(f.loop.MonotonicMs() - sent_at, kPeriod) << "offset " << offset;
    EXPECT_EQ(f.SinceTick(), 0) << "offset " << offset;
  }
}

TEST(BatchingBusPacingTest, AnActionLeavesAtTheEndOfTheTurnAndTakesTheWaitingStatusAlong) {
  Fixture f;
  f.Traffic(35);
  (void)f.bus.Send(Result(1));
  f.loop.RunPending();
  EXPECT_TRUE(f.inner.sent.empty());
  (void)f.bus.Send(Action(2));
  f.loop.RunPending();
  // The membership rule keeps results and actions in separate messages, in order.
  EXPECT_THAT(f.inner.sent, ElementsAre(Result(1), Action(2)));
  EXPECT_EQ(f.loop.pending_timers(), 0u);
}

TEST(BatchingBusPacingTest, OtherMessagesAreNeverPaced) {
  Fixture f;
  f.Traffic(35);
  std::string commit = Encode(CommitMessage{"7", "<patch/>"});
  (void)f.bus.Send(commit);
  f.loop.RunPending();
  EXPECT_THAT(f.inner.sent, ElementsAre(commit));
}

TEST(BatchingBusPacingTest, AfterAMembershipChangeNothingIsPacedForAWindow) {
  Fixture f;
  f.Traffic(35);
  f.inner.callbacks_.on_membership({1});  // a failover: its results go at once
  (void)f.bus.Send(Result(1));
  f.loop.RunPending();
  EXPECT_THAT(f.inner.sent, ElementsAre(Result(1)));
  f.loop.Advance(1000);
  f.Traffic(35);  // the failover's own traffic
  (void)f.bus.Send(Result(2));
  f.loop.RunPending();
  EXPECT_THAT(f.inner.sent, ElementsAre(Result(1), Result(2)));
  f.loop.Advance(1000);  // the window is over, and the traffic since is busy
  (void)f.bus.Send(Result(3));
  f.loop.RunPending();
  EXPECT_EQ(f.inner.sent.size(), 2u);
  f.loop.Advance(kPeriod);
  EXPECT_THAT(f.inner.sent, ElementsAre(Result(1), Result(2), Result(3)));
}

TEST(BatchingBusPacingTest, TrafficOlderThanTheWindowNoLongerCounts) {
  Fixture f;
  f.Traffic(35);
  f.loop.Advance(1000);
  f.Traffic(5);
  f.loop.Advance(1000);  // the first 25 are now 2000 ms old
  (void)f.bus.Send(Result(1));
  f.loop.RunPending();
  EXPECT_THAT(f.inner.sent, ElementsAre(Result(1)));
}

TEST(BatchingBusPacingTest, OlderPeersGetEveryMessageAloneAtOnce) {
  Fixture f(/*allowed=*/false);
  f.Traffic(35);
  (void)f.bus.Send(Result(1));
  EXPECT_THAT(f.inner.sent, ElementsAre(Result(1)));
}

TEST(BatchingBusPacingTest, DestroyingItSendsWhatWaitsForATick) {
  RecordingBus inner;
  FakeEventLoop loop;
  {
    BatchingBus bus(
        inner, loop, [] { return true; }, kMaxBatchBytes, kPacing);
    BusCallbacks callbacks;
    callbacks.on_deliver = [](NodeId, std::string_view) {};
    ASSERT_TRUE(bus.Join(std::move(callbacks)).has_value());
    for (int i = 0; i < 30; ++i) inner.callbacks_.on_deliver(2, Patch());
    (void)bus.Send(Result(1));
    loop.RunPending();
    EXPECT_TRUE(inner.sent.empty());
  }
  EXPECT_THAT(inner.sent, ElementsAre(Result(1)));
  EXPECT_EQ(loop.pending_timers(), 0u);
}

}  // namespace
}  // namespace keel
