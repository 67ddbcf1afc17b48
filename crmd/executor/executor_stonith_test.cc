// The executor's class stonith on simulated time and fake processes: bookkeeping start, stop
// and probes; the recurring monitor runs the fence agent with its arguments on stdin, reports
// its first result and each change, times out, and is cancelled by a stop.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include "crmd/executor/executor.h"
#include "crmd/executor/testing/fake_event_loop.h"
#include "crmd/executor/testing/fake_process_runner.h"
#include "crmd/executor/testing/fake_stonith_agents.h"

namespace keel {
namespace {

using ::testing::HasSubstr;

class ExecutorStonithTest : public ::testing::Test {
 protected:
  ExecutorStonithTest()
      : executor_(
            Config(), loop_, runner_, [this](const ActionResult& r) { results_.push_back(r); },
            &devices_) {
    devices_.commands["labfence"] =
        StonithCommand{"/usr/sbin/fence_fake", "action=monitor\nip=10.0.0.1\n", 0};
  }

  static ExecutorConfig Config() {
    ExecutorConfig config;
    config.kill_grace_ms = 500;
    return config;
  }

  static ActionRequest Req(std::string action, int64_t interval_ms = 0,
                           std::string rsc = "labfence") {
    ActionRequest request;
    request.rsc_id = std::move(rsc);
    request.agent = *ParseAgentSpec("stonith:fence_fake");
    request.action = std::move(action);
    request.interval_ms = interval_ms;
    request.timeout_ms = 20000;
    return request;
  }

  int Submit(ActionRequest request) {
    auto call_id = executor_.Submit(std::move(request));
    EXPECT_TRUE(call_id.has_value());
    return call_id.value_or(-1);
  }

  // Ends the agent child `id` with `code`, saying `said` on stderr.
  void Finish(ProcessRunner::ChildId id, int code, std::string_view said = "") {
    if (!said.empty()) runner_.Stderr(id, said);
    runner_.Exit(id, code);
    loop_.RunPending();
  }

  FakeEventLoop loop_;
  FakeProcessRunner runner_;
  FakeStonithAgents devices_;
  std::vector<ActionResult> results_;
  Executor executor_;
};

TEST_F(ExecutorStonithTest, StartStopAndProbesAreBookkeeping) {
  Submit(Req("monitor"));
  EXPECT_TRUE(results_.empty());  // never from inside Submit
  loop_.RunPending();
  ASSERT_EQ(results_.size(), 1u);
  EXPECT_EQ(results_[0].rc, ocf_rc::kNotRunning);  // not active here
  EXPECT_EQ(results_[0].op_status, OpStatus::kDone);
  Submit(Req("start"));
  loop_.RunPending();
  devices_.active.insert("labfence");
  Submit(Req("monitor"));
  loop_.RunPending();
  Submit(Req("stop"));
  loop_.RunPending();
  ASSERT_EQ(results_.size(), 4u);
  for (size_t i = 1; i < 4; ++i) {
    EXPECT_EQ(results_[i].rc, ocf_rc::kOk) << results_[i].Summary();
    EXPECT_EQ(results_[i].op_status, OpStatus::kDone);
    EXPECT_GT(results_[i].start_ms, 0);
  }
  EXPECT_EQ(results_[1].action, "start");
  EXPECT_EQ(results_[3].action, "stop");
  EXPECT_EQ(runner_.spawn_count(), 0u);
  EXPECT_TRUE(executor_.Idle());
}

TEST_F(ExecutorStonithTest, ARecurringMonitorRunsTheAgentAndReportsChanges) {
  devices_.active.insert("labfence");
  const int call = Submit(Req("monitor", 10000));
  ASSERT_EQ(runner_.spawn_count(), 1u);
  const SpawnRequest& spawn = runner_.child(1).request;
  EXPECT_EQ(spawn.path, "/usr/sbin/fence_fake");
  EXPECT_EQ(spawn.argv, std::vector<std::string>{"/usr/sbin/fence_fake"});
  EXPECT_EQ(spawn.stdin_text, "action=monitor\nip=10.0.0.1\n");
  EXPECT_THAT(spawn.env, ::testing::Contains("LC_ALL=C"));
  Finish(1, 0);
  ASSERT_EQ(results_.size(), 1u);
  EXPECT_EQ(results_[0].call_id, call);
  EXPECT_TRUE(results_[0].Succeeded());
  loop_.Advance(9999);
  EXPECT_EQ(runner_.spawn_count(), 1u);  // not due yet
  loop_.Advance(1);
  ASSERT_EQ(runner_.spawn_count(), 2u);
  Finish(2, 0);
  EXPECT_EQ(results_.size(), 1u);  // unchanged: not reported
  loop_.Advance(10000);
  ASSERT_EQ(runner_.spawn_count(), 3u);
  Finish(3, 1, "fake agent: power switch unreachable\n");
  ASSERT_EQ(results_.size(), 2u);
  EXPECT_EQ(results_[1].rc, ocf_rc::kErrGeneric);
  EXPECT_EQ(results_[1].op_status, OpStatus::kDone);
  EXPECT_EQ(results_[1].exit_reason,
            "fence agent fence_fake monitor: exit 1: fake agent: power switch unreachable");
  EXPECT_EQ(results_[1].call_id, call);
  // A stop while the monitor runs: the monitor is cancelled (reported), its late result is
  // not, the stop is answered after it, and nothing more runs.
  loop_.Advance(10000);
  ASSERT_EQ(runner_.spawn_count(), 4u);
  Submit(Req("stop"));
  loop_.RunPending();
  ASSERT_EQ(results_.size(), 3u);
  EXPECT_EQ(results_[2].op_status, OpStatus::kCancelled);
  EXPECT_EQ(executor_.RecurringCount("labfence"), 0u);
  Finish(4, 1);
  ASSERT_EQ(results_.size(), 4u);
  EXPECT_EQ(results_[3].action, "stop");
  EXPECT_EQ(results_[3].rc, ocf_rc::kOk);
  loop_.Advance(60000);
  EXPECT_EQ(runner_.spawn_count(), 4u);
  EXPECT_TRUE(executor_.Idle());
}

TEST_F(ExecutorStonithTest, AMonitorThatHangsTimesOutWithTheDevicesOwnTimeout) {
  devices_.commands["labfence"].timeout_ms = 3000;  // pcmk_monitor_timeout
  Submit(Req("monitor", 10000));
  loop_.Advance(2999);
  EXPECT_TRUE(runner_.child(1).signals.empty());
  loop_.Advance(1);
  EXPECT_EQ(runner_.child(1).signals, std::vector<int>{SIGTERM});
  loop_.Advance(500);
  EXPECT_EQ(runner_.child(1).signals, (std::vector<int>{SIGTERM, SIGKILL}));
  runner_.KilledBy(1, SIGKILL);
  loop_.RunPending();
  ASSERT_EQ(results_.size(), 1u);
  EXPECT_EQ(results_[0].op_status, OpStatus::kTimedOut);
  EXPECT_EQ(results_[0].rc, ocf_rc::kErrGeneric);
  EXPECT_EQ(results_[0].exit_reason, "fence agent fence_fake monitor: timed out");
}

TEST_F(ExecutorStonithTest, AMonitorWithoutACommandOrAgentFailsWithTheReason) {
  Submit(Req("monitor", 10000, "ghost"));
  loop_.RunPending();
  ASSERT_EQ(results_.size(), 1u);
  EXPECT_EQ(results_[0].rc, ocf_rc::kErrGeneric);
  EXPECT_EQ(results_[0].op_status, OpStatus::kDone);
  EXPECT_EQ(results_[0].exit_reason,
            "fence agent fence_fake monitor: could not run: no fence device ghost");
  EXPECT_EQ(runner_.spawn_count(), 0u);
  runner_.missing_paths.insert("/usr/sbin/fence_fake");
  Submit(Req("monitor", 10000));
  loop_.RunPending();
  ASSERT_EQ(results_.size(), 2u);
  EXPECT_EQ(results_[1].rc, ocf_rc::kErrGeneric);
  EXPECT_THAT(results_[1].exit_reason, HasSubstr("fence agent fence_fake monitor: could not run"));
}

TEST_F(ExecutorStonithTest, OtherActionsAndExecutorsWithoutDevicesAreRefused) {
  Submit(Req("reload"));
  loop_.RunPending();
  ASSERT_EQ(results_.size(), 1u);
  EXPECT_EQ(results_[0].op_status, OpStatus::kNotSupported);
  EXPECT_EQ(results_[0].exit_reason, "not supported: action reload for class stonith");

  std::vector<ActionResult> plain_results;
  Executor plain(Config(), loop_, runner_,
                 [&](const ActionResult& r) { plain_results.push_back(r); });
  ASSERT_TRUE(plain.Submit(Req("start")).has_value());
  loop_.RunPending();
  ASSERT_EQ(plain_results.size(), 1u);
  EXPECT_EQ(plain_results[0].op_status, OpStatus::kNotSupported);
  EXPECT_THAT(plain_results[0].exit_reason, HasSubstr("not supported: class stonith"));
}

}  // namespace
}  // namespace keel
