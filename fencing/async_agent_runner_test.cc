#include "fencing/async_agent_runner.h"

#include <gtest/gtest.h>
#include <poll.h>

#include <chrono>
#include <thread>

#include "fencing/posix_agent_runner.h"

namespace keel {
namespace {

// A runner that echoes the invocation back after a short wait, from whatever thread runs it.
class EchoRunner : public AgentRunner {
 public:
  explicit EchoRunner(int delay_ms = 50) : delay_ms_(delay_ms) {}
  AgentExit Run(const AgentInvocation& invocation) override {
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms_));
    AgentExit exit;
    exit.how = AgentExit::How::kExited;
    exit.exit_code = static_cast<int>(invocation.timeout_ms);
    exit.out = invocation.stdin_text;
    return exit;
  }

 private:
  int delay_ms_;
};

// Polls the notify fd (bounded) and delivers until `want` callbacks have run.
size_t DeliverUntil(AsyncAgentRunner& runner, size_t want) {
  size_t delivered = 0;
  for (int i = 0; i < 200 && delivered < want; ++i) {  // at most ~10 s
    pollfd fd{runner.NotifyFd(), POLLIN, 0};
    poll(&fd, 1, 50);
    delivered += runner.DeliverReady();
  }
  return delivered;
}

TEST(AsyncAgentRunner, StartReturnsAtOnceAndCallbacksRunOnTheCallersThread) {
  AsyncAgentRunner runner(std::make_unique<EchoRunner>());
  ASSERT_GE(runner.NotifyFd(), 0);
  std::vector<std::pair<int, std::string>> results;
  std::vector<std::thread::id> threads;
  for (int i = 1; i <= 3; ++i) {
    AgentInvocation invocation;
    invocation.timeout_ms = i;
    invocation.stdin_text = "run " + std::to_string(i);
    runner.Start(invocation, [&](const AgentExit& exit) {
      results.emplace_back(exit.exit_code, exit.out);
      threads.push_back(std::this_thread::get_id());
    });
  }
  EXPECT_TRUE(results.empty());  // nothing is delivered before DeliverReady
  EXPECT_EQ(DeliverUntil(runner, 3), 3u);
  ASSERT_EQ(results.size(), 3u);
  std::sort(results.begin(), results.end());
  EXPECT_EQ(results[0], (std::pair<int, std::string>{1, "run 1"}));
  EXPECT_EQ(results[2], (std::pair<int, std::string>{3, "run 3"}));
  for (auto id : threads) EXPECT_EQ(id, std::this_thread::get_id());
  EXPECT_EQ(runner.Running(), 0u);
}

TEST(AsyncAgentRunner, RealAgentsRunInParallelThreads) {
  AsyncAgentRunner runner(std::make_unique<PosixAgentRunner>());
  int ok = 0;
  for (int i = 0; i < 2; ++i) {
    AgentInvocation invocation;
    invocation.path = "/bin/cat";
    invocation.stdin_text = "action=status\n";
    runner.Start(invocation, [&](const AgentExit& exit) {
      ok += exit.how == AgentExit::How::kExited && exit.exit_code == 0 &&
            exit.out == "action=status\n";
    });
  }
  EXPECT_EQ(DeliverUntil(runner, 2), 2u);
  EXPECT_EQ(ok, 2);
}

TEST(AsyncAgentRunner, DestructorWaitsForRunsAndDropsTheirCallbacks) {
  bool called = false;
  {
    AsyncAgentRunner runner(std::make_unique<EchoRunner>(500));
    runner.Start(AgentInvocation{}, [&](const AgentExit&) { called = true; });
    EXPECT_EQ(runner.Running(), 1u);
  }
  EXPECT_FALSE(called);
}

}  // namespace
}  // namespace keel
