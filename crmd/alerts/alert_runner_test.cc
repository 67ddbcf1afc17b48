// AlertRunner with a fake process runner and simulated time: timeouts kill the group, failures
// are logged, the queue is bounded.
#include "crmd/alerts/alert_runner.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <csignal>

#include "crmd/executor/testing/fake_event_loop.h"
#include "crmd/executor/testing/fake_process_runner.h"

namespace keel {
namespace {

AlertRun MakeRun(std::string id, int64_t timeout_ms = 5000) {
  AlertRun run;
  run.alert_id = std::move(id);
  run.recipient = "/tmp/r";
  run.argv = {"/opt/alert.sh"};
  run.env = {{"CRM_alert_kind", "node"}, {"CRM_alert_node", "node2"}};
  run.timeout_ms = timeout_ms;
  return run;
}

class AlertRunnerTest : public ::testing::Test {
 protected:
  AlertRunner Make(AlertRunnerLimits limits = {}) {
    return AlertRunner(
        loop_, runner_, [this](const std::string& l) { logs_.push_back(l); }, limits);
  }
  FakeEventLoop loop_;
  FakeProcessRunner runner_;
  std::vector<std::string> logs_;
};

TEST_F(AlertRunnerTest, SpawnsWithTheRunsEnvironmentOnly) {
  AlertRunner alerts(loop_, runner_, [this](const std::string& l) { logs_.push_back(l); });
  alerts.Submit(MakeRun("a"));
  ASSERT_EQ(runner_.spawn_count(), 1u);
  const SpawnRequest& request = runner_.child(1).request;
  EXPECT_EQ(request.path, "/opt/alert.sh");
  EXPECT_EQ(request.argv, std::vector<std::string>{"/opt/alert.sh"});
  EXPECT_EQ(request.env, (std::vector<std::string>{"PATH=/usr/sbin:/usr/bin:/sbin:/bin",
                                                   "CRM_alert_kind=node", "CRM_alert_node=node2"}));
  runner_.Exit(1, 0);
  EXPECT_EQ(alerts.running(), 0u);
  EXPECT_TRUE(logs_.empty());  // a successful alert is not logged
}

TEST_F(AlertRunnerTest, AHangingAlertIsKilledAtItsTimeout) {
  AlertRunner alerts(loop_, runner_, [this](const std::string& l) { logs_.push_back(l); });
  alerts.Submit(MakeRun("hang", 5000));
  loop_.Advance(4999);
  EXPECT_TRUE(runner_.child(1).signals.empty());
  loop_.Advance(1);
  EXPECT_EQ(runner_.child(1).signals, std::vector<int>{SIGKILL});
  runner_.KilledBy(1, SIGKILL);
  EXPECT_EQ(alerts.running(), 0u);
  EXPECT_EQ(logs_, std::vector<std::string>{
                       "alert hang (recipient /tmp/r) timed out after 5000 ms: its process "
                       "group was killed"});
}

TEST_F(AlertRunnerTest, FailuresAreLoggedWithTheirOutput) {
  AlertRunner alerts(loop_, runner_, [this](const std::string& l) { logs_.push_back(l); });
  runner_.missing_paths.insert("/opt/missing.sh");
  AlertRun missing = MakeRun("gone");
  missing.argv = {"/opt/missing.sh"};
  alerts.Submit(missing);
  alerts.Submit(MakeRun("fails"));
  runner_.Stderr(1, "cannot write\n/tmp/r");
  runner_.Exit(1, 3);
  loop_.Advance(10000);  // the timer was cancelled: nothing is killed later
  EXPECT_TRUE(runner_.child(1).signals.empty());
  EXPECT_EQ(logs_, (std::vector<std::string>{
                       "alert gone (recipient /tmp/r) failed: cannot run /opt/missing.sh: "
                       "/opt/missing.sh: No such file or directory",
                       "alert fails (recipient /tmp/r) failed: exit code 3: cannot write /tmp/r"}));
}

TEST_F(AlertRunnerTest, TheQueueIsBoundedAndDrainsInOrder) {
  AlertRunner alerts(
      loop_, runner_, [this](const std::string& l) { logs_.push_back(l); },
      AlertRunnerLimits{1, 1});
  alerts.Submit(MakeRun("first"));
  alerts.Submit(MakeRun("second"));
  alerts.Submit(MakeRun("third"));
  EXPECT_EQ(alerts.running(), 1u);
  EXPECT_EQ(alerts.queued(), 1u);
  EXPECT_EQ(alerts.dropped(), 1u);
  EXPECT_EQ(logs_, std::vector<std::string>{
                       "alert third (recipient /tmp/r) dropped: 1 alerts running and 1 waiting "
                       "(the limit)"});
  EXPECT_EQ(runner_.spawn_count(), 1u);
  runner_.Exit(1, 0);
  ASSERT_EQ(runner_.spawn_count(), 2u);
  EXPECT_EQ(alerts.running(), 1u);
  EXPECT_EQ(alerts.queued(), 0u);
}

TEST_F(AlertRunnerTest, DestroyingKillsWhatStillRuns) {
  {
    AlertRunner alerts(loop_, runner_, [this](const std::string& l) { logs_.push_back(l); });
    alerts.Submit(MakeRun("a"));
  }
  EXPECT_EQ(runner_.child(1).signals, std::vector<int>{SIGKILL});
  EXPECT_EQ(loop_.pending_timers(), 0u);
}

}  // namespace
}  // namespace keel
