// The governor on simulated time: samples every 500 ms, sets the executor's limit by level.
#include "crmd/executor/load_governor.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "crmd/executor/testing/fake_event_loop.h"
#include "crmd/executor/testing/fake_process_runner.h"

namespace keel {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class LoadGovernorTest : public ::testing::Test {
 public:
  LoadGovernorTest() : executor_(Config(), loop_, runner_, [](const ActionResult&) {}) {}

  static ExecutorConfig Config() {
    ExecutorConfig config;
    config.ocf_root = "/ocf";
    config.max_running = 4;
    return config;
  }
  static ActionRequest Probe(std::string rsc) {
    ActionRequest request;
    request.rsc_id = std::move(rsc);
    request.agent = *ParseAgentSpec("ocf:heartbeat:Dummy");
    request.action = "monitor";
    request.timeout_ms = 20000;
    return request;
  }

 protected:
  std::unique_ptr<LoadGovernor> Start() {
    return std::make_unique<LoadGovernor>(
        loop_, executor_, 2,
        [this]() -> std::expected<std::string, Error> {
          ++reads_;
          if (loadavg_.empty()) return std::unexpected(Error{ErrorCode::kIo, "gone", ""});
          return loadavg_;
        },
        [this](const std::string& line) { logs_.push_back(line); });
  }

  FakeEventLoop loop_;
  FakeProcessRunner runner_;
  Executor executor_;
  std::string loadavg_ = "0.10 0.10 0.10 1/100 1";
  int reads_ = 0;
  std::vector<std::string> logs_;
};

TEST_F(LoadGovernorTest, HighLoadLetsOneAgentRunAndTheOthersWaitInOrder) {
  auto governor = Start();
  EXPECT_EQ(governor->allowed(), 4);
  EXPECT_TRUE(logs_.empty());  // idle: nothing to say
  for (const char* rsc : {"a", "b", "c", "d", "e", "f"}) executor_.Submit(Probe(rsc));
  EXPECT_EQ(executor_.running(), 4);
  loadavg_ = "0.10 0.10 0.10 41/100 1";  // 40 runnable on 2 cores
  loop_.Advance(LoadGovernor::kSampleMs);
  EXPECT_EQ(governor->level(), LoadLevel::kHigh);
  EXPECT_EQ(governor->allowed(), 1);
  ASSERT_EQ(logs_.size(), 1u);
  EXPECT_EQ(logs_[0],
            "executor: load 10.00 per core (load-threshold 80%): level high, 1 of 4 agents at "
            "once");
  // The four running finish; only then does one waiting probe start, in the order sent.
  runner_.Exit(1, 7);
  runner_.Exit(2, 7);
  runner_.Exit(3, 7);
  EXPECT_EQ(runner_.spawn_count(), 4u);
  runner_.Exit(4, 7);
  ASSERT_EQ(runner_.spawn_count(), 5u);
  EXPECT_EQ(runner_.child(5).request.env.at(4), "OCF_RESOURCE_INSTANCE=e");
  EXPECT_EQ(executor_.running(), 1);
  EXPECT_EQ(executor_.waiting(), 1u);
  loop_.Advance(5 * LoadGovernor::kSampleMs);
  EXPECT_EQ(logs_.size(), 1u);  // one line per change, not per sample
}

TEST_F(LoadGovernorTest, TheStatusAttributesAreWhatCrmStatusReads) {
  auto governor = Start();
  for (const char* rsc : {"a", "b", "c"}) executor_.Submit(Probe(rsc));
  loadavg_ = "4.9 1 1 1/100 1";  // 2.45 per core: high
  loop_.Advance(LoadGovernor::kSampleMs);
  runner_.Exit(1, 7);
  runner_.Exit(2, 7);
  using Attr = std::pair<std::string, std::string>;
  EXPECT_THAT(governor->StatusAttributes(),
              ElementsAre(Attr{"node_action_limit", "4"}, Attr{"agents_allowed", "1"},
                          Attr{"load_level", "high"}, Attr{"load_per_core", "2.45"},
                          Attr{"load_threshold", "80%"}, Attr{"agents_running", "1"},
                          Attr{"actions_waiting", "0"}));
}

TEST_F(LoadGovernorTest, TheLimitComesBackAsTheLoadFallsAndWaitingActionsStart) {
  auto governor = Start();
  executor_.SetMaxRunning(1);
  governor->SetLimits(4, 0.8);
  EXPECT_EQ(governor->allowed(), 4);
  loadavg_ = "3.3 1 1 1/100 1";  // 1.65 per core: medium
  loop_.Advance(LoadGovernor::kSampleMs);
  EXPECT_EQ(governor->allowed(), 1);
  for (const char* rsc : {"a", "b", "c"}) executor_.Submit(Probe(rsc));
  EXPECT_EQ(executor_.running(), 1);
  loadavg_ = "2.2 1 1 1/100 1";  // 1.1 per core: low, 2 agents
  loop_.Advance(LoadGovernor::kSampleMs);
  EXPECT_EQ(governor->level(), LoadLevel::kLow);
  EXPECT_EQ(executor_.running(), 2);
  loadavg_ = "0.2 1 1 1/100 1";
  loop_.Advance(LoadGovernor::kSampleMs);
  EXPECT_EQ(governor->level(), LoadLevel::kNone);
  EXPECT_EQ(executor_.running(), 3);
  EXPECT_EQ(logs_.size(), 3u);
  EXPECT_THAT(logs_[2], HasSubstr("level none, 4 of 4 agents at once"));
}

TEST_F(LoadGovernorTest, LimitsAndThresholdChangesApplyAtOnceAndAreLogged) {
  auto governor = Start();
  loadavg_ = "2.0 1 1 1/100 1";  // 1.0 per core: low at 80%
  loop_.Advance(LoadGovernor::kSampleMs);
  EXPECT_EQ(governor->allowed(), 2);
  governor->SetLimits(8, 0.8);
  EXPECT_EQ(governor->allowed(), 4);
  governor->SetLimits(8, 1.5);  // the level follows at the next sample
  loop_.Advance(LoadGovernor::kSampleMs);
  EXPECT_EQ(governor->level(), LoadLevel::kNone);
  EXPECT_EQ(governor->allowed(), 8);
  EXPECT_THAT(logs_, ElementsAre(HasSubstr("level low, 2 of 4"),
                                 "executor: at most 8 agents at once (node-action-limit)",
                                 "executor: load-threshold 150%",
                                 HasSubstr("load-threshold 150%): level none, 8 of 8")));
}

TEST_F(LoadGovernorTest, AnUnreadableLoadTurnsTheThrottleOffOnce) {
  auto governor = Start();
  loadavg_ = "9 9 9 1/100 1";
  loop_.Advance(LoadGovernor::kSampleMs);
  EXPECT_EQ(governor->allowed(), 1);
  loadavg_.clear();
  loop_.Advance(3 * LoadGovernor::kSampleMs);
  EXPECT_EQ(governor->level(), LoadLevel::kNone);
  EXPECT_EQ(governor->allowed(), 4);
  EXPECT_EQ(reads_, 3);  // no more reads after the failure
  EXPECT_EQ(loop_.pending_timers(), 0u);
  EXPECT_EQ(logs_.back(), "executor: cannot read the load (gone); not throttling by load");
}

TEST_F(LoadGovernorTest, DestroyingTheGovernorStopsSampling) {
  auto governor = Start();
  EXPECT_EQ(loop_.pending_timers(), 1u);
  governor.reset();
  EXPECT_EQ(loop_.pending_timers(), 0u);
}

}  // namespace
}  // namespace keel
