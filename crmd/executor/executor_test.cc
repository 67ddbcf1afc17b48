// The executor's logic on simulated time and fake processes.
#include "crmd/executor/executor.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include "crmd/executor/testing/fake_event_loop.h"
#include "crmd/executor/testing/fake_process_runner.h"

namespace keel {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class ExecutorTest : public ::testing::Test {
 public:
  ExecutorTest()
      : executor_(Config(), loop_, runner_,
                  [this](const ActionResult& r) { results_.push_back(r); }) {}

  static ExecutorConfig Config() {
    ExecutorConfig config;
    config.ocf_root = "/ocf";
    config.lsb_dir = "/init.d";
    config.heartbeat_dir = "/hard";
    config.kill_grace_ms = 500;
    config.output_cap = 32;
    return config;
  }

  static ActionRequest Req(std::string rsc, std::string action, int64_t interval_ms = 0,
                           std::string agent = "ocf:heartbeat:Dummy") {
    ActionRequest request;
    request.rsc_id = std::move(rsc);
    request.agent = *ParseAgentSpec(agent);
    request.action = std::move(action);
    request.interval_ms = interval_ms;
    request.timeout_ms = 1000;
    return request;
  }

 protected:
  int Submit(ActionRequest request) {
    auto call_id = executor_.Submit(std::move(request));
    EXPECT_TRUE(call_id.has_value());
    return call_id.value_or(-1);
  }

  // The action word an agent child was started with (its last argument).
  std::string ActionOf(ProcessRunner::ChildId id) const {
    return runner_.child(id).request.argv.back();
  }

  FakeEventLoop loop_;
  FakeProcessRunner runner_;
  std::vector<ActionResult> results_;
  Executor executor_;
};

using ExecutorTestPeer = ExecutorTest;

TEST_F(ExecutorTest, UnknownAgentIsNotInstalledAndReportedFromTheLoop) {
  runner_.missing_paths.insert("/ocf/resource.d/heartbeat/Nope");
  Submit(Req("r", "start", 0, "ocf:heartbeat:Nope"));
  EXPECT_TRUE(results_.empty());  // never from inside Submit
  loop_.RunPending();
  ASSERT_EQ(results_.size(), 1u);
  EXPECT_EQ(results_[0].rc, ocf_rc::kErrInstalled);
  EXPECT_EQ(results_[0].op_status, OpStatus::kNotInstalled);
  EXPECT_EQ(results_[0].exit_reason, "not installed: ocf:heartbeat:Nope");
  EXPECT_TRUE(executor_.Idle());
}

TEST_F(ExecutorTest, OneActionPerResourceOthersRunInParallel) {
  Submit(Req("a", "start"));
  Submit(Req("a", "monitor"));
  Submit(Req("b", "start"));
  ASSERT_EQ(runner_.spawn_count(), 2u);  // a's monitor waits for a's start
  EXPECT_EQ(runner_.child(1).request.env.at(4), "OCF_RESOURCE_INSTANCE=a");
  EXPECT_EQ(runner_.child(2).request.env.at(4), "OCF_RESOURCE_INSTANCE=b");
  loop_.Advance(100);
  runner_.Exit(1, 0);
  ASSERT_EQ(runner_.spawn_count(), 3u);
  EXPECT_EQ(ActionOf(3), "monitor");
  runner_.Exit(3, 7);
  runner_.Exit(2, 0);
  ASSERT_EQ(results_.size(), 3u);
  EXPECT_EQ(results_[0].action, "start");
  EXPECT_EQ(results_[0].exec_ms, 100);
  EXPECT_EQ(results_[1].action, "monitor");
  EXPECT_EQ(results_[1].rc, ocf_rc::kNotRunning);
  EXPECT_EQ(results_[1].queue_ms, 100);
  EXPECT_EQ(results_[2].rsc_id, "b");
  EXPECT_TRUE(executor_.Idle());
}

TEST_F(ExecutorTest, NoMoreAgentsAtOnceThanTheLimitAndTimeoutsStartWithTheAgent) {
  executor_.SetMaxRunning(2);
  for (const char* rsc : {"a", "b", "c", "d"}) Submit(Req(rsc, "monitor"));
  Submit(Req("a", "start"));
  ASSERT_EQ(runner_.spawn_count(), 2u);  // a and b run; c, d and a's start wait for a slot
  EXPECT_EQ(executor_.running(), 2);
  EXPECT_EQ(executor_.waiting(), 2u);
  loop_.Advance(900);
  runner_.Exit(1, 7);  // a's probe: c (waiting first) takes the slot, a's start queues behind d
  ASSERT_EQ(runner_.spawn_count(), 3u);
  EXPECT_EQ(runner_.child(3).request.env.at(4), "OCF_RESOURCE_INSTANCE=c");
  loop_.Advance(900);  // 1,800 ms after submission, 900 ms after c's agent started: no timeout
  EXPECT_TRUE(runner_.child(3).signals.empty());
  runner_.Exit(2, 7);
  runner_.Exit(3, 7);
  ASSERT_EQ(runner_.spawn_count(), 5u);
  EXPECT_EQ(runner_.child(4).request.env.at(4), "OCF_RESOURCE_INSTANCE=d");
  EXPECT_EQ(ActionOf(5), "start");
  EXPECT_EQ(executor_.running(), 2);
  runner_.Exit(4, 7);
  runner_.Exit(5, 0);
  EXPECT_EQ(results_.size(), 5u);
  EXPECT_EQ(results_[2].queue_ms, 900);
  EXPECT_TRUE(executor_.Idle());
  EXPECT_EQ(executor_.running(), 0);
}

TEST_F(ExecutorTest, RaisingTheLimitStartsWaitingActions) {
  executor_.SetMaxRunning(1);
  Submit(Req("a", "start"));
  Submit(Req("b", "start"));
  Submit(Req("c", "start"));
  ASSERT_EQ(runner_.spawn_count(), 1u);
  executor_.SetMaxRunning(0);  // no limit
  EXPECT_EQ(runner_.spawn_count(), 3u);
}

// Load throttling lowers the limit under running agents: they finish, none starts until
// fewer run than the new limit.
TEST_F(ExecutorTest, LoweringTheLimitLetsRunningAgentsFinishAndStartsNoneUntilBelowIt) {
  executor_.SetMaxRunning(3);
  for (const char* rsc : {"a", "b", "c", "d", "e"}) Submit(Req(rsc, "monitor"));
  ASSERT_EQ(runner_.spawn_count(), 3u);
  executor_.SetMaxRunning(1);
  EXPECT_TRUE(runner_.child(1).signals.empty());
  runner_.Exit(1, 7);
  runner_.Exit(2, 7);
  EXPECT_EQ(runner_.spawn_count(), 3u);
  EXPECT_EQ(executor_.waiting(), 2u);
  runner_.Exit(3, 7);
  ASSERT_EQ(runner_.spawn_count(), 4u);
  EXPECT_EQ(runner_.child(4).request.env.at(4), "OCF_RESOURCE_INSTANCE=d");
  EXPECT_EQ(executor_.running(), 1);
}

TEST_F(ExecutorTest, TimeoutSendsTermThenKillAndReportsTimedOut) {
  Submit(Req("r", "start"));
  loop_.Advance(999);
  EXPECT_TRUE(runner_.child(1).signals.empty());
  loop_.Advance(1);
  EXPECT_THAT(runner_.child(1).signals, ElementsAre(SIGTERM));
  loop_.Advance(499);
  EXPECT_THAT(runner_.child(1).signals, ElementsAre(SIGTERM));
  loop_.Advance(1);
  EXPECT_THAT(runner_.child(1).signals, ElementsAre(SIGTERM, SIGKILL));
  EXPECT_TRUE(results_.empty());
  runner_.KilledBy(1, SIGKILL);
  ASSERT_EQ(results_.size(), 1u);
  EXPECT_EQ(results_[0].op_status, OpStatus::kTimedOut);
  EXPECT_EQ(results_[0].rc, ocf_rc::kErrGeneric);
  EXPECT_EQ(results_[0].exec_ms, 1500);
  EXPECT_THAT(results_[0].exit_reason, HasSubstr("timed out after 1000 ms"));
}

TEST_F(ExecutorTest, AgentThatDiesOnTermIsNotKilledAgain) {
  Submit(Req("r", "stop"));
  loop_.Advance(1000);
  runner_.KilledBy(1, SIGTERM);
  loop_.Advance(5000);
  EXPECT_THAT(runner_.child(1).signals, ElementsAre(SIGTERM));
  ASSERT_EQ(results_.size(), 1u);
  EXPECT_EQ(results_[0].op_status, OpStatus::kTimedOut);
}

TEST_F(ExecutorTest, KilledBySignalWithoutTimeoutIsAnError) {
  Submit(Req("r", "start"));
  runner_.KilledBy(1, SIGSEGV);
  ASSERT_EQ(results_.size(), 1u);
  EXPECT_EQ(results_[0].op_status, OpStatus::kError);
  EXPECT_THAT(results_[0].exit_reason, HasSubstr("signal 11"));
}

TEST_F(ExecutorTest, RecurringMonitorReportsFirstResultAndChangesOnly) {
  const int call_id = Submit(Req("r", "monitor", 10000));
  ASSERT_EQ(runner_.spawn_count(), 1u);  // the first run starts at once
  EXPECT_THAT(runner_.child(1).request.env,
              testing::Contains("OCF_RESKEY_CRM_meta_interval=10000"));
  runner_.Exit(1, 0);
  loop_.Advance(9999);
  EXPECT_EQ(runner_.spawn_count(), 1u);
  loop_.Advance(1);
  ASSERT_EQ(runner_.spawn_count(), 2u);
  runner_.Exit(2, 0);  // same: not reported
  const std::vector<int> next_codes = {7, 7, 0};
  for (int code : next_codes) {
    loop_.Advance(10000);
    runner_.Exit(runner_.last(), code);
  }
  EXPECT_EQ(runner_.spawn_count(), 5u);
  ASSERT_EQ(results_.size(), 3u);
  EXPECT_EQ(results_[0].rc, ocf_rc::kOk);
  EXPECT_EQ(results_[1].rc, ocf_rc::kNotRunning);
  EXPECT_EQ(results_[2].rc, ocf_rc::kOk);
  for (const auto& r : results_) EXPECT_EQ(r.call_id, call_id);
}

// A promotable clone's instance: promote runs with the clone's meta variables, and the
// promoted role's monitor passes rc 8 (running promoted) and rc 9 (failed promoted) through.
TEST_F(ExecutorTest, PromoteAndThePromotedMonitorOfACloneInstance) {
  ActionRequest promote = Req("db", "promote", 0, "ocf:pacemaker:Stateful");
  promote.meta = {{"clone", "1"},
                  {"clone_max", "3"},
                  {"promotable", "true"},
                  {"promoted_max", "1"},
                  {"master_max", "1"}};
  Submit(promote);
  ASSERT_EQ(runner_.spawn_count(), 1u);
  EXPECT_EQ(ActionOf(1), "promote");
  const std::vector<std::string>& env = runner_.child(1).request.env;
  for (const char* entry : {"OCF_RESOURCE_INSTANCE=db", "OCF_RESKEY_CRM_meta_clone=1",
                            "OCF_RESKEY_CRM_meta_clone_max=3", "OCF_RESKEY_CRM_meta_promoted_max=1",
                            "OCF_RESKEY_CRM_meta_master_max=1"}) {
    EXPECT_THAT(env, testing::Contains(entry));
  }
  runner_.Exit(1, 0);
  ActionRequest monitor = Req("db", "monitor", 10000, "ocf:pacemaker:Stateful");
  monitor.meta = {{"role", "Promoted"}};
  Submit(monitor);
  ASSERT_EQ(runner_.spawn_count(), 2u);
  EXPECT_THAT(runner_.child(2).request.env, testing::Contains("OCF_RESKEY_CRM_meta_role=Promoted"));
  runner_.Exit(2, ocf_rc::kRunningPromoted);
  loop_.Advance(10000);
  runner_.Exit(runner_.last(), ocf_rc::kFailedPromoted);
  ASSERT_EQ(results_.size(), 3u);
  EXPECT_EQ(results_[0].action, "promote");
  EXPECT_TRUE(results_[0].Succeeded());
  EXPECT_EQ(results_[1].rc, ocf_rc::kRunningPromoted);
  EXPECT_EQ(results_[1].op_status, OpStatus::kDone);
  EXPECT_EQ(results_[2].rc, ocf_rc::kFailedPromoted);
}

TEST_F(ExecutorTest, RecurringTimeoutCountsAsAChange) {
  Submit(Req("r", "monitor", 5000));
  runner_.Exit(1, 0);
  loop_.Advance(5000);
  loop_.Advance(1500);  // timeout + grace
  runner_.KilledBy(2, SIGKILL);
  ASSERT_EQ(results_.size(), 2u);
  EXPECT_EQ(results_[1].op_status, OpStatus::kTimedOut);
}

TEST_F(ExecutorTest, StopCancelsMonitorsAndWaitsForTheRunningOne) {
  const int monitor_call = Submit(Req("r", "monitor", 10000));
  Submit(Req("r", "monitor", 60000));
  ASSERT_EQ(runner_.spawn_count(), 1u);  // the 10 s monitor runs, the 60 s one waits
  Submit(Req("r", "stop"));
  loop_.RunPending();
  ASSERT_EQ(results_.size(), 2u);
  EXPECT_EQ(results_[0].op_status, OpStatus::kCancelled);
  EXPECT_EQ(results_[0].call_id, monitor_call);
  EXPECT_EQ(results_[1].op_status, OpStatus::kCancelled);
  EXPECT_EQ(results_[1].interval_ms, 60000);
  EXPECT_EQ(executor_.RecurringCount("r"), 0u);
  EXPECT_EQ(runner_.spawn_count(), 1u);  // the stop waits for the running monitor
  runner_.Exit(1, 7);                    // its result is not reported
  ASSERT_EQ(runner_.spawn_count(), 2u);
  EXPECT_EQ(ActionOf(2), "stop");
  runner_.Exit(2, 0);
  ASSERT_EQ(results_.size(), 3u);
  EXPECT_EQ(results_[2].action, "stop");
  loop_.Advance(200000);
  EXPECT_EQ(runner_.spawn_count(), 2u);  // no monitor ever again
  EXPECT_TRUE(executor_.Idle());
}

// The unpromoted role's monitor would find the instance promoted (rc 8) and fail it.
TEST_F(ExecutorTest, PromoteAndDemoteCancelTheOldRolesMonitors) {
  for (const char* action : {"promote", "demote"}) {
    results_.clear();
    const int monitor = Submit(Req("db", "monitor", 11000));
    runner_.Exit(runner_.last(), 0);
    Submit(Req("db", action));
    runner_.Exit(runner_.last(), 0);
    loop_.RunPending();
    EXPECT_EQ(ActionOf(runner_.last()), action);
    bool cancelled = false;
    for (const ActionResult& r : results_) {
      cancelled |= r.call_id == monitor && r.op_status == OpStatus::kCancelled;
    }
    EXPECT_TRUE(cancelled) << action;
    loop_.Advance(30000);
    EXPECT_EQ(ActionOf(runner_.last()), action) << "the monitor no longer runs";
  }
}

TEST_F(ExecutorTest, CancelRecurringStopsTheTimer) {
  Submit(Req("r", "monitor", 10000));
  runner_.Exit(1, 0);
  EXPECT_FALSE(executor_.CancelRecurring("r", "monitor", 20000));
  EXPECT_TRUE(executor_.CancelRecurring("r", "monitor", 10000));
  loop_.Advance(100000);
  EXPECT_EQ(runner_.spawn_count(), 1u);
  ASSERT_EQ(results_.size(), 2u);
  EXPECT_EQ(results_[1].op_status, OpStatus::kCancelled);
}

TEST_F(ExecutorTest, ResubmittedMonitorReplacesTheOldOne) {
  const int first = Submit(Req("r", "monitor", 10000));
  runner_.Exit(1, 0);
  const int second = Submit(Req("r", "monitor", 10000));
  loop_.RunPending();
  runner_.Exit(2, 0);
  loop_.Advance(10000);
  EXPECT_EQ(runner_.spawn_count(), 3u);  // one schedule, not two
  ASSERT_EQ(results_.size(), 3u);
  EXPECT_EQ(results_[1].call_id, first);
  EXPECT_EQ(results_[1].op_status, OpStatus::kCancelled);
  EXPECT_EQ(results_[2].call_id, second);
}

TEST_F(ExecutorTest, ProbeIsAnOrdinaryOneShotMonitor) {
  Submit(Req("r", "monitor", 0));
  EXPECT_THAT(runner_.child(1).request.env, testing::Contains("OCF_RESKEY_CRM_meta_interval=0"));
  runner_.Exit(1, 7);
  loop_.Advance(100000);
  ASSERT_EQ(results_.size(), 1u);
  EXPECT_EQ(results_[0].rc, ocf_rc::kNotRunning);
  EXPECT_EQ(runner_.spawn_count(), 1u);
}

TEST_F(ExecutorTest, ExitReasonAndCappedOutputInTheResult) {
  Submit(Req("r", "start"));
  runner_.Stdout(1, std::string(40, 'o'));
  runner_.Stderr(1, "ocf-exit-reason:first\n");
  runner_.Stderr(1, std::string(100, 'e') + "\nocf-exit-reason:disk full\n");
  runner_.Exit(1, 1);
  ASSERT_EQ(results_.size(), 1u);
  EXPECT_EQ(results_[0].exit_reason, "disk full");
  EXPECT_EQ(results_[0].stdout_excerpt, std::string(32, 'o') + "\n[... 8 bytes dropped]");
  EXPECT_THAT(results_[0].stderr_excerpt, HasSubstr("bytes dropped]"));
  EXPECT_EQ(results_[0].op_status, OpStatus::kDone);
  EXPECT_EQ(results_[0].start_ms, FakeEventLoop::kWallOffsetMs);
}

TEST_F(ExecutorTest, OcfUnimplementedAndNotInstalledCodesSetTheOpStatus) {
  Submit(Req("r", "promote"));
  runner_.Exit(1, 3);
  Submit(Req("r", "start"));
  runner_.Exit(2, 5);
  ASSERT_EQ(results_.size(), 2u);
  EXPECT_EQ(results_[0].op_status, OpStatus::kNotSupported);
  EXPECT_EQ(results_[1].op_status, OpStatus::kNotInstalled);
}

TEST_F(ExecutorTest, LsbAndHeartbeatMapping) {
  Submit(Req("web", "monitor", 0, "lsb:haproxy"));
  EXPECT_THAT(runner_.child(1).request.argv, ElementsAre("/init.d/haproxy", "status"));
  runner_.Exit(1, 3);
  Submit(Req("old", "monitor", 0, "heartbeat:IPaddr"));
  runner_.Stdout(2, "IPaddr is running\n");
  runner_.Exit(2, 0);
  Submit(Req("web", "promote", 0, "lsb:haproxy"));
  loop_.RunPending();
  ASSERT_EQ(results_.size(), 3u);
  EXPECT_EQ(results_[0].rc, ocf_rc::kNotRunning);
  EXPECT_EQ(results_[1].rc, ocf_rc::kOk);
  EXPECT_EQ(results_[2].op_status, OpStatus::kNotSupported);
  EXPECT_EQ(results_[2].rc, ocf_rc::kErrUnimplemented);
  EXPECT_EQ(runner_.spawn_count(), 2u);
}

TEST_F(ExecutorTest, NonsenseRequestsAreErrors) {
  EXPECT_EQ(executor_.Submit(Req("r", "start", 1000)).error().code, ErrorCode::kNotSupported);
  EXPECT_EQ(executor_.Submit(Req("", "start")).error().code, ErrorCode::kInvalid);
  ActionRequest negative = Req("r", "start");
  negative.timeout_ms = -1;
  EXPECT_FALSE(executor_.Submit(negative).has_value());
  EXPECT_EQ(runner_.spawn_count(), 0u);
}

constexpr std::string_view kMetaXml =
    "<resource-agent name='Dummy'><parameters><parameter name='state'>"
    "<content type='string' default='/x'/></parameter></parameters>"
    "<actions><action name='start' timeout='20s'/></actions></resource-agent>";

TEST_F(ExecutorTest, MetadataIsFetchedOnceAndCached) {
  const AgentSpec dummy = *ParseAgentSpec("ocf:heartbeat:Dummy");
  std::vector<std::expected<AgentMetadata, Error>> answers;
  auto collect = [&](const std::expected<AgentMetadata, Error>& m) { answers.push_back(m); };
  executor_.GetMetadata(dummy, collect);
  executor_.GetMetadata(dummy, collect);  // joins the fetch in flight
  ASSERT_EQ(runner_.spawn_count(), 1u);
  EXPECT_EQ(ActionOf(1), "meta-data");
  runner_.Stdout(1, kMetaXml.substr(0, 20));
  runner_.Stdout(1, kMetaXml.substr(20));
  runner_.Exit(1, 0);
  executor_.GetMetadata(dummy, collect);
  loop_.RunPending();
  ASSERT_EQ(answers.size(), 3u);
  for (const auto& a : answers) {
    ASSERT_TRUE(a.has_value()) << a.error().ToString();
    EXPECT_EQ(a->DefaultTimeoutMs("start"), 20000);
  }
  EXPECT_EQ(runner_.spawn_count(), 1u);
  EXPECT_EQ(executor_.metadata_stats().fetches, 1);
  EXPECT_EQ(executor_.metadata_stats().hits, 2);
  ASSERT_NE(executor_.CachedMetadata(dummy), nullptr);
}

TEST_F(ExecutorTest, FailedMetadataIsNotCached) {
  const AgentSpec dummy = *ParseAgentSpec("ocf:heartbeat:Dummy");
  std::vector<std::expected<AgentMetadata, Error>> answers;
  auto collect = [&](const std::expected<AgentMetadata, Error>& m) { answers.push_back(m); };
  executor_.GetMetadata(dummy, collect);
  runner_.Stderr(1, "ocf-exit-reason:broken\n");
  runner_.Exit(1, 1);
  executor_.GetMetadata(dummy, collect);
  EXPECT_EQ(runner_.spawn_count(), 2u);
  runner_.Exit(2, 0);  // prints nothing: not XML
  ASSERT_EQ(answers.size(), 2u);
  EXPECT_THAT(answers[0].error().message, HasSubstr("broken"));
  EXPECT_EQ(answers[1].error().code, ErrorCode::kParse);
  EXPECT_EQ(executor_.CachedMetadata(dummy), nullptr);
  EXPECT_EQ(executor_.metadata_stats().fetches, 2);
}

TEST_F(ExecutorTest, MetadataOfAMissingAgentSaysNotInstalled) {
  runner_.missing_paths.insert("/ocf/resource.d/heartbeat/Nope");
  std::optional<std::expected<AgentMetadata, Error>> answer;
  executor_.GetMetadata(*ParseAgentSpec("ocf:heartbeat:Nope"),
                        [&](const std::expected<AgentMetadata, Error>& m) { answer = m; });
  loop_.RunPending();
  ASSERT_TRUE(answer.has_value());
  EXPECT_EQ(answer->error().code, ErrorCode::kNotFound);
  EXPECT_EQ(answer->error().message, "not installed: ocf:heartbeat:Nope");
}

TEST_F(ExecutorTest, LsbMetadataIsSyntheticButTheScriptMustExist) {
  runner_.missing_paths.insert("/init.d/nope");
  std::vector<std::expected<AgentMetadata, Error>> answers;
  auto collect = [&](const std::expected<AgentMetadata, Error>& m) { answers.push_back(m); };
  executor_.GetMetadata(*ParseAgentSpec("lsb:haproxy"), collect);
  executor_.GetMetadata(*ParseAgentSpec("lsb:nope"), collect);
  loop_.RunPending();
  ASSERT_EQ(answers.size(), 2u);
  ASSERT_TRUE(answers[0].has_value());
  EXPECT_EQ(answers[0]->DefaultTimeoutMs("monitor"), 15000);
  EXPECT_EQ(answers[1].error().message, "not installed: lsb:nope");
  EXPECT_EQ(runner_.spawn_count(), 0u);
}

TEST_F(ExecutorTest, DestroyingTheExecutorKillsRunningAgentsAndSilencesTimers) {
  std::vector<ActionResult> late;
  FakeProcessRunner runner;
  {
    Executor executor(Config(), loop_, runner, [&](const ActionResult& r) { late.push_back(r); });
    ASSERT_TRUE(executor.Submit(Req("r", "monitor", 1000)).has_value());
  }
  EXPECT_THAT(runner.child(1).signals, ElementsAre(SIGKILL));
  runner.Exit(1, 0);  // the runner reports late: nobody listens any more
  loop_.Advance(10000);
  EXPECT_TRUE(late.empty());
  EXPECT_EQ(runner.spawn_count(), 1u);
}

TEST(ExecutorCallbackTest, ResultCallbackMaySubmitAStopForTheFailedResource) {
  FakeEventLoop loop;
  FakeProcessRunner runner;
  std::vector<ActionResult> results;
  Executor* self = nullptr;
  Executor executor(ExecutorTest::Config(), loop, runner, [&](const ActionResult& r) {
    results.push_back(r);
    if (r.action == "monitor" && r.rc == ocf_rc::kNotRunning) {
      ASSERT_TRUE(self->Submit(ExecutorTestPeer::Req("r", "stop")).has_value());
    }
  });
  self = &executor;
  ASSERT_TRUE(executor.Submit(ExecutorTestPeer::Req("r", "monitor", 1000)).has_value());
  runner.Exit(1, 7);  // the callback cancels this very monitor and queues the stop
  loop.RunPending();  // the cancellation is reported on the next turn of the loop
  ASSERT_EQ(runner.spawn_count(), 2u);
  EXPECT_EQ(runner.child(2).request.argv.back(), "stop");
  runner.Exit(2, 0);
  loop.Advance(10000);
  EXPECT_EQ(runner.spawn_count(), 2u);
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results[1].op_status, OpStatus::kCancelled);
  EXPECT_EQ(results[2].action, "stop");
}

TEST(ExecutorCallbackTest, LostExitStatusIsAnError) {
  FakeEventLoop loop;
  FakeProcessRunner runner;
  std::vector<ActionResult> results;
  Executor executor(ExecutorTest::Config(), loop, runner,
                    [&](const ActionResult& r) { results.push_back(r); });
  ASSERT_TRUE(executor.Submit(ExecutorTestPeer::Req("r", "start")).has_value());
  runner.Exit(1, -1);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].op_status, OpStatus::kError);
  EXPECT_THAT(results[0].exit_reason, HasSubstr("lost"));
}

}  // namespace
}  // namespace keel
