// QbEventLoop on a real qb_loop: timer order and cancellation, fds watched and unwatched from
// inside their own callback (as the process runner does at EOF), fd numbers reused at once.
#include "crmd/executor/qb_event_loop.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <string>
#include <vector>

namespace keel {
namespace {

class QbEventLoopTest : public ::testing::Test {
 protected:
  QbEventLoopTest() : qb_(qb_loop_create()), loop_(std::make_unique<QbEventLoop>(qb_)) {}
  ~QbEventLoopTest() override {
    loop_.reset();
    qb_loop_destroy(qb_);
  }
  // Runs until Stop() or 5 s.
  void Run() {
    loop_->AddTimer(5000, [this] { Stop(); });
    qb_loop_run(qb_);
  }
  void Stop() { qb_loop_stop(qb_); }

  qb_loop_t* qb_;
  std::unique_ptr<QbEventLoop> loop_;
};

TEST_F(QbEventLoopTest, TimersFireInTimeOrderAndCancelledOnesNever) {
  std::vector<std::string> fired;
  loop_->AddTimer(30, [&] { fired.push_back("30"); });
  auto cancelled = loop_->AddTimer(10, [&] { fired.push_back("cancelled"); });
  loop_->AddTimer(0, [&] { fired.push_back("0"); });
  loop_->AddTimer(50, [&] { Stop(); });
  loop_->CancelTimer(cancelled);
  loop_->CancelTimer(cancelled);  // twice is harmless
  const int64_t start = loop_->MonotonicMs();
  Run();
  EXPECT_EQ(fired, (std::vector<std::string>{"0", "30"}));
  EXPECT_GE(loop_->MonotonicMs() - start, 50);
  EXPECT_GT(loop_->WallMs(), 1'600'000'000'000);
}

TEST_F(QbEventLoopTest, TimerMayAddAndCancelTimers) {
  int count = 0;
  EventLoop::TimerId victim = loop_->AddTimer(20, [&] { count += 100; });
  loop_->AddTimer(5, [&] {
    loop_->CancelTimer(victim);
    loop_->AddTimer(1, [&] {
      ++count;
      Stop();
    });
  });
  Run();
  EXPECT_EQ(count, 1);
}

TEST_F(QbEventLoopTest, FdUnwatchedInsideItsCallbackAndItsNumberReused) {
  int p[2];
  ASSERT_EQ(pipe2(p, O_CLOEXEC | O_NONBLOCK), 0);
  ASSERT_EQ(write(p[1], "x", 1), 1);
  std::vector<std::string> events;
  int reused[2] = {-1, -1};
  ASSERT_TRUE(loop_->WatchFd(p[0], [&] {
    events.push_back("first");
    loop_->UnwatchFd(p[0]);
    close(p[0]);
    close(p[1]);
    // The same numbers come back at once; the new watch must see only its own events.
    ASSERT_EQ(pipe2(reused, O_CLOEXEC | O_NONBLOCK), 0);
    ASSERT_TRUE(loop_->WatchFd(reused[0], [&] {
      events.push_back("second");
      loop_->UnwatchFd(reused[0]);
      Stop();
    }));
    loop_->AddTimer(20, [&] { ASSERT_EQ(write(reused[1], "y", 1), 1); });
  }));
  Run();
  EXPECT_EQ(events, (std::vector<std::string>{"first", "second"}));
  close(reused[0]);
  close(reused[1]);
}

}  // namespace
}  // namespace keel
