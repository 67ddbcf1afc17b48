#include "fencing/fencer.h"

#include <gtest/gtest.h>

#include <set>

namespace keel {
namespace {

FenceDeviceConfig Device(std::string id, std::vector<std::string> hosts = {"n1", "n2", "n3"}) {
  FenceDeviceConfig device;
  device.id = id;
  device.agent = "fence_" + id;
  device.host_list = std::move(hosts);
  device.host_check = HostCheck::kStaticList;
  device.params = {{"ip", "198.18.0.99"}};
  return device;
}

AgentExit Exit(int code, std::string out = "", std::string err = "") {
  AgentExit exit;
  exit.how = AgentExit::How::kExited;
  exit.exit_code = code;
  exit.out = std::move(out);
  exit.err = std::move(err);
  return exit;
}

// Drives a Fencer with fake clocks (wall and monotonic apart, so that a deadline on the wrong
// clock shows); collects runs and outcomes from its effects.
class FencerHarness {
 public:
  explicit FencerHarness(FencerConfig config) : fencer_(std::move(config), "n1") {
    fencer_.SetMembers({{"n3", 3}, {"n1", 1}, {"n2", 2}}, Now());
  }
  Fencer& fencer() { return fencer_; }
  int64_t now_ = 1000;  // wall clock, epoch ms: the history's times
  int64_t mono_ = 70;   // monotonic ms: deadlines
  FenceClock Now() const { return {now_, mono_}; }
  // The wall clock as it is, the monotonic clock at `mono`.
  FenceClock AtMono(int64_t mono) const { return {now_, mono}; }

  std::string Request(std::string target, std::optional<FenceAction> action = std::nullopt,
                      std::string requester = "crm") {
    auto id = fencer_.Request(FenceRequest{target, action, requester}, Now());
    EXPECT_TRUE(id) << id.error().ToString();
    Collect();
    return id.value_or("");
  }
  // Completes the oldest pending run with `exit`; returns it.
  RunAgentEffect Answer(const AgentExit& exit) {
    EXPECT_FALSE(runs_.empty());
    if (runs_.empty()) return {};
    RunAgentEffect run = runs_.front();
    runs_.erase(runs_.begin());
    now_ += 10;
    mono_ += 10;
    EXPECT_TRUE(fencer_.AgentDone(run.run_id, exit, Now()));
    Collect();
    return run;
  }
  void Collect() {
    for (FencerEffect& effect : fencer_.TakeEffects()) {
      if (auto* run = std::get_if<RunAgentEffect>(&effect)) runs_.push_back(*run);
      if (auto* cancel = std::get_if<CancelAgentEffect>(&effect)) cancels_.push_back(*cancel);
      if (auto* outcome = std::get_if<FenceOutcome>(&effect)) outcomes_.push_back(*outcome);
    }
  }
  std::vector<std::string> Pending() const {
    std::vector<std::string> text;
    for (const auto& run : runs_)
      text.push_back(run.device + ":" + std::string(FenceActionName(run.action)));
    return text;
  }

  Fencer fencer_;
  std::vector<RunAgentEffect> runs_;
  std::vector<CancelAgentEffect> cancels_;
  std::vector<FenceOutcome> outcomes_;
};

FencerConfig TwoLevels() {
  FencerConfig config;
  config.devices = {Device("ipmi"), Device("pdu_a"), Device("pdu_b")};
  config.levels = {FencingLevel{"l2", "n3", 2, {"pdu_a", "pdu_b"}, 0, "", "", ""},
                   FencingLevel{"l1", "n3", 1, {"ipmi"}, 0, "", "", ""}};
  return config;
}

TEST(Fencer, RunsLevelOneFirstOnTheLowestOtherNodeWithTheProtocolInput) {
  FencerHarness h(TwoLevels());
  h.Request("n3");
  ASSERT_EQ(h.Pending(), (std::vector<std::string>{"ipmi:reboot"}));
  const RunAgentEffect& run = h.runs_[0];
  EXPECT_EQ(run.node, "n1");
  EXPECT_EQ(run.agent, "fence_ipmi");
  EXPECT_EQ(run.timeout_ms, 60000);
  EXPECT_EQ(run.stdin_text, "action=reboot\nplug=n3\nnodename=n3\nip=198.18.0.99\n");
  h.Answer(Exit(0));
  ASSERT_EQ(h.outcomes_.size(), 1u);
  EXPECT_TRUE(h.outcomes_[0].success);
  EXPECT_EQ(h.outcomes_[0].executor, "n1");
  EXPECT_TRUE(h.runs_.empty());
}

TEST(Fencer, NeverRunsOnTheTarget) {
  auto config = TwoLevels();
  config.levels.clear();
  FencerHarness solo(config);
  solo.Request("n1");
  ASSERT_EQ(solo.runs_.size(), 1u);
  EXPECT_EQ(solo.runs_[0].node, "n2");
}

TEST(Fencer, LevelOneFailureFallsToLevelTwoWhereEveryDeviceMustSucceed) {
  FencerHarness h(TwoLevels());
  h.Request("n3");
  h.Answer(Exit(1, "", "Failed: Unable to obtain correct plug status\n"));
  // Two power supplies: reboot is all off, then all on.
  ASSERT_EQ(h.Pending(), (std::vector<std::string>{"pdu_a:off"}));
  h.Answer(Exit(0));
  h.Answer(Exit(0));
  ASSERT_EQ(h.Pending(), (std::vector<std::string>{"pdu_a:on"}));
  h.Answer(Exit(0));
  h.Answer(Exit(0));
  ASSERT_EQ(h.outcomes_.size(), 1u);
  EXPECT_TRUE(h.outcomes_[0].success);
  auto history = h.fencer().History();
  ASSERT_EQ(history.size(), 1u);
  ASSERT_EQ(history[0].attempts.size(), 5u);
  EXPECT_FALSE(history[0].attempts[0].ok);
  EXPECT_EQ(history[0].attempts[0].reason, "exit 1: Failed: Unable to obtain correct plug status");
  EXPECT_EQ(history[0].attempts[2].device, "pdu_b");
  EXPECT_EQ(history[0].attempts[2].action, "off");
  EXPECT_EQ(history[0].state, FenceState::kSuccess);
  EXPECT_EQ(h.outcomes_[0].code, FenceSucceededCode());
  EXPECT_EQ(history[0].rc, 0);
}

TEST(Fencer, SplitRebootWhoseOnFailsStillFencedTheTarget) {
  FencerHarness h(TwoLevels());
  h.Request("n3");
  h.Answer(Exit(1));                      // ipmi
  h.Answer(Exit(0));                      // pdu_a off
  h.Answer(Exit(0));                      // pdu_b off
  h.Answer(Exit(1, "", "outlet stuck"));  // pdu_a on
  ASSERT_EQ(h.Pending(), (std::vector<std::string>{"pdu_b:on"}));
  h.Answer(Exit(0));
  ASSERT_EQ(h.outcomes_.size(), 1u);
  EXPECT_TRUE(h.outcomes_[0].success);
  EXPECT_EQ(h.fencer().History()[0].reason,
            "powered off, but powering on failed: pdu_a: exit 1: outlet stuck");
}

TEST(Fencer, OnFailureOfAnExplicitOnRequestIsAFailure) {
  FencerHarness h(TwoLevels());
  h.Request("n3", FenceAction::kOn);
  h.Answer(Exit(1));
  ASSERT_EQ(h.Pending(), (std::vector<std::string>{"pdu_a:on"}));
  h.Answer(Exit(1));
  ASSERT_EQ(h.outcomes_.size(), 1u);
  EXPECT_FALSE(h.outcomes_[0].success);
}

TEST(Fencer, OneFailedDeviceFailsTheLevelAndTheLastLevelFailsTheOperation) {
  FencerHarness h(TwoLevels());
  h.Request("n3", FenceAction::kOff);
  h.Answer(Exit(1));  // ipmi
  h.Answer(Exit(0));  // pdu_a off
  ASSERT_EQ(h.Pending(), (std::vector<std::string>{"pdu_b:off"}));
  h.Answer(Exit(5, "", "timeout talking to pdu\n"));
  ASSERT_EQ(h.outcomes_.size(), 1u);
  EXPECT_FALSE(h.outcomes_[0].success);
  EXPECT_EQ(h.outcomes_[0].reason,
            "fencing n3 failed: level 1 (ipmi): exit 1; level 2 (pdu_b): exit 5: timeout talking "
            "to pdu");
  EXPECT_EQ(h.fencer().History()[0].state, FenceState::kFailed);
}

TEST(Fencer, TimeoutCancelsTheRunAndMovesOnLateResultsAreIgnored) {
  auto config = TwoLevels();
  config.timeout_ms = 5000;
  FencerHarness h(config);
  h.Request("n3");
  const uint64_t first = h.runs_[0].run_id;
  EXPECT_EQ(h.fencer().NextDeadline(), h.mono_ + 5000);
  h.fencer().Tick(h.AtMono(h.mono_ + 4999));
  h.Collect();
  EXPECT_TRUE(h.cancels_.empty());
  h.fencer().Tick(h.AtMono(h.mono_ + 5000));
  h.runs_.erase(h.runs_.begin());
  h.Collect();
  ASSERT_EQ(h.cancels_.size(), 1u);
  EXPECT_EQ(h.cancels_[0].run_id, first);
  EXPECT_EQ(h.Pending(), (std::vector<std::string>{"pdu_a:off"}));
  EXPECT_FALSE(h.fencer().AgentDone(first, Exit(0), h.AtMono(h.mono_ + 6000)));
  h.Collect();
  EXPECT_TRUE(h.outcomes_.empty());
  EXPECT_EQ(h.fencer().History()[0].attempts[0].reason, "timed out");
}

TEST(Fencer, ConcurrentRequestsMergeAndEveryRequesterGetsTheResult) {
  FencerHarness h(TwoLevels());
  const std::string a = h.Request("n3", FenceAction::kReboot, "n1");
  const std::string b = h.Request("n3", FenceAction::kReboot, "n2");
  const std::string c = h.Request("n3", std::nullopt, "crm");
  EXPECT_EQ(a, b);
  EXPECT_EQ(a, c);
  EXPECT_EQ(h.runs_.size(), 1u);
  h.Answer(Exit(0));
  ASSERT_EQ(h.outcomes_.size(), 1u);
  EXPECT_EQ(h.outcomes_[0].requesters, (std::vector<std::string>{"crm", "n1", "n2"}));
  EXPECT_EQ(h.fencer().ActiveOperations(), 0u);
}

TEST(Fencer, AnotherActionForTheSameTargetWaitsForTheFirst) {
  FencerHarness h(TwoLevels());
  const std::string off = h.Request("n3", FenceAction::kOff);
  const std::string on = h.Request("n3", FenceAction::kOn);
  EXPECT_NE(off, on);
  ASSERT_EQ(h.Pending(), (std::vector<std::string>{"ipmi:off"}));
  h.Answer(Exit(0));
  ASSERT_EQ(h.Pending(), (std::vector<std::string>{"ipmi:on"}));
  h.Answer(Exit(0));
  ASSERT_EQ(h.outcomes_.size(), 2u);
  EXPECT_EQ(h.outcomes_[0].op_id, off);
  EXPECT_EQ(h.outcomes_[1].op_id, on);
}

TEST(Fencer, WithoutTopologyDevicesThatCannotFenceTheTargetAreSkipped) {
  FencerConfig config;
  config.devices = {Device("only_n1", {"n1"}), Device("lister"), Device("status")};
  config.devices[1].host_check = HostCheck::kDynamicList;
  config.devices[1].host_map = {{"n3", "vm3"}};
  config.devices[2].host_check = HostCheck::kStatus;
  FencerHarness h(config);
  h.Request("n3");
  // only_n1 is skipped without a run; lister is asked for its list first.
  ASSERT_EQ(h.Pending(), (std::vector<std::string>{"lister:list"}));
  EXPECT_EQ(h.runs_[0].stdin_text, "action=list\nip=198.18.0.99\n");
  h.Answer(Exit(0, "vm1\nvm2\n"));
  ASSERT_EQ(h.Pending(), (std::vector<std::string>{"status:status"}));
  EXPECT_EQ(h.runs_[0].stdin_text, "action=status\nplug=n3\nnodename=n3\nip=198.18.0.99\n");
  h.Answer(Exit(2));  // status answers "off": it knows the plug
  ASSERT_EQ(h.Pending(), (std::vector<std::string>{"status:reboot"}));
  h.Answer(Exit(0));
  ASSERT_EQ(h.outcomes_.size(), 1u);
  EXPECT_TRUE(h.outcomes_[0].success);
}

TEST(Fencer, DynamicListNamingTheTargetAllowsTheDevice) {
  FencerConfig config;
  config.devices = {Device("lister")};
  config.devices[0].host_check = HostCheck::kDynamicList;
  FencerHarness h(config);
  h.Request("n3");
  h.Answer(Exit(0, "n1\nn2,alias\nn3\n"));
  ASSERT_EQ(h.Pending(), (std::vector<std::string>{"lister:reboot"}));
}

TEST(Fencer, NoCapableDeviceIsAClearFailure) {
  FencerConfig config;
  config.devices = {Device("only_n1", {"n1"}), Device("status")};
  config.devices[1].host_check = HostCheck::kStatus;
  FencerHarness h(config);
  h.Request("node3");
  h.Answer(Exit(1, "", "plug not found"));
  ASSERT_EQ(h.outcomes_.size(), 1u);
  EXPECT_FALSE(h.outcomes_[0].success);
  EXPECT_EQ(h.outcomes_[0].reason, "no fence device can fence node3");
  EXPECT_EQ(h.outcomes_[0].code, (FenceResultCode{-19, "No fence device"}));

  FencerHarness empty(FencerConfig{});
  empty.Request("node3");
  ASSERT_EQ(empty.outcomes_.size(), 1u);
  EXPECT_EQ(empty.outcomes_[0].reason, "no fence device can fence node3");
  EXPECT_EQ(empty.outcomes_[0].code.rc, -19);
  EXPECT_EQ(empty.fencer().History().at(0).rc, -19);
}

// The code a failed fencing reports (CRM_alert_rc) is the one Pacemaker's fencer gives the
// last failed run: by how it ended and what its stderr says.
TEST(Fencer, AFailedRunsCodeIsPacemakersLegacyCode) {
  EXPECT_EQ(FailedRunCode(Exit(1)), (FenceResultCode{-61, "Error"}));  // -ENODATA: no stderr
  EXPECT_EQ(FailedRunCode(Exit(1, "", "Connection Timed Out\n")).rc, -62);
  EXPECT_EQ(FailedRunCode(Exit(1, "", "Unrecognised action 'x'")).rc, -95);
  EXPECT_EQ(FailedRunCode(Exit(1, "", "plug not found")), (FenceResultCode{-201, "Error"}));
  AgentExit timed_out;
  timed_out.how = AgentExit::How::kTimedOut;
  EXPECT_EQ(FailedRunCode(timed_out), (FenceResultCode{-62, "Timed Out"}));
  AgentExit not_started;
  not_started.start_error = "no such agent";
  EXPECT_EQ(FailedRunCode(not_started), (FenceResultCode{-2, "Not installed"}));
  EXPECT_EQ(FenceCodeFromRc(-62), (FenceResultCode{-62, "Timed Out"}));
  EXPECT_EQ(FenceCodeFromRc(0), FenceSucceededCode());

  FencerConfig config;
  config.devices = {Device("pdu")};
  FencerHarness h(config);
  h.Request("n3");
  h.Answer(Exit(1, "", "Failed: Unable to obtain correct plug status\n"));
  ASSERT_EQ(h.outcomes_.size(), 1u);
  EXPECT_EQ(h.outcomes_[0].code, (FenceResultCode{-201, "Error"}));
}

TEST(Fencer, TopologyLevelWithADeviceThatCannotFenceTheTargetFails) {
  auto config = TwoLevels();
  config.devices[0].host_list = {"n1"};
  FencerHarness h(config);
  h.Request("n3", FenceAction::kOff);
  ASSERT_EQ(h.Pending(), (std::vector<std::string>{"pdu_a:off"}));
  h.Answer(Exit(1));
  EXPECT_EQ(h.outcomes_[0].reason,
            "fencing n3 failed: level 1: ipmi cannot fence n3; level 2 (pdu_a): exit 1");
}

TEST(Fencer, NeverSuccessUnlessAnAgentSaidSo) {
  FencerConfig config;
  config.devices = {Device("a"), Device("b")};
  FencerHarness h(config);
  h.Request("n3");
  AgentExit signaled;
  signaled.how = AgentExit::How::kSignaled;
  signaled.signal = 9;
  h.Answer(signaled);
  AgentExit not_started;
  not_started.start_error = "/usr/sbin/fence_b: No such file or directory";
  h.Answer(not_started);
  ASSERT_EQ(h.outcomes_.size(), 1u);
  EXPECT_FALSE(h.outcomes_[0].success);
  EXPECT_EQ(h.outcomes_[0].reason,
            "fencing n3 failed: a: killed by signal 9; b: could not run: /usr/sbin/fence_b: No "
            "such file or directory");
}

TEST(Fencer, NoOtherMemberToRunTheAgentFails) {
  FencerConfig config;
  config.devices = {Device("a")};
  config.devices[0].host_check = HostCheck::kDynamicList;  // no list run either
  FencerHarness h(config);
  h.fencer().SetMembers({{"n3", 3}}, h.Now());
  h.Request("n3");
  ASSERT_EQ(h.outcomes_.size(), 1u);
  EXPECT_FALSE(h.outcomes_[0].success);
  EXPECT_EQ(h.outcomes_[0].reason, "no cluster member other than n3 can run fence agents");
  EXPECT_TRUE(h.runs_.empty());
}

TEST(Fencer, ExecutorLeavingFailsItsRunAndTheNextDeviceRunsElsewhere) {
  FencerConfig config;
  config.devices = {Device("a"), Device("b")};
  FencerHarness h(config);
  h.Request("n3");
  ASSERT_EQ(h.runs_[0].node, "n1");
  h.runs_.clear();
  h.fencer().SetMembers({{"n2", 2}, {"n3", 3}}, h.Now());
  h.Collect();
  ASSERT_EQ(h.Pending(), (std::vector<std::string>{"b:reboot"}));
  EXPECT_EQ(h.runs_[0].node, "n2");
  h.Answer(Exit(0));
  EXPECT_TRUE(h.outcomes_[0].success);
  EXPECT_EQ(h.fencer().History()[0].attempts[0].reason,
            "could not run: executor n1 left the cluster");
}

TEST(Fencer, ActionRenamesGoIntoTheAgentInput) {
  FencerConfig config;
  config.devices = {Device("a")};
  config.devices[0].action_words[FenceAction::kReboot] = "cycle";
  config.devices[0].host_map = {{"n3", "port-7"}};
  config.default_action = FenceAction::kReboot;
  FencerHarness h(config);
  h.Request("n3");
  EXPECT_EQ(h.runs_[0].stdin_text, "action=cycle\nplug=port-7\nnodename=n3\nip=198.18.0.99\n");
  EXPECT_EQ(h.fencer().History()[0].state, FenceState::kPending);
}

TEST(Fencer, DeviceTimeoutAndHostArgument) {
  FencerConfig config;
  config.devices = {Device("a")};
  config.devices[0].action_timeouts_ms[FenceAction::kOff] = 5000;
  config.devices[0].host_argument = "port";
  FencerHarness h(config);
  h.Request("n3", FenceAction::kOff);
  ASSERT_EQ(h.runs_.size(), 1u);
  EXPECT_EQ(h.runs_[0].timeout_ms, 5000);
  EXPECT_EQ(h.runs_[0].stdin_text, "action=off\nport=n3\nnodename=n3\nip=198.18.0.99\n");
  EXPECT_EQ(h.fencer().NextDeadline(), h.mono_ + 5000);
}

TEST(Fencer, DelayBaseWaitsBeforeTheFencingActionOnly) {
  FencerConfig config;
  config.devices = {Device("a")};
  config.devices[0].delay_base_ms = 3000;
  FencerHarness h(config);
  const int64_t start = h.mono_;
  h.Request("n3");
  EXPECT_TRUE(h.runs_.empty());
  EXPECT_EQ(h.fencer().NextDeadline(), start + 3000);
  h.fencer().Tick(h.AtMono(start + 2999));
  h.Collect();
  EXPECT_TRUE(h.runs_.empty());
  h.fencer().Tick(h.AtMono(start + 3000));
  h.Collect();
  ASSERT_EQ(h.Pending(), (std::vector<std::string>{"a:reboot"}));
  h.Answer(Exit(0));
  EXPECT_TRUE(h.outcomes_[0].success);
  // "on" is never delayed.
  h.Request("n3", FenceAction::kOn);
  EXPECT_EQ(h.Pending(), (std::vector<std::string>{"a:on"}));
}

TEST(Fencer, DelayMaxIsSpreadButReproducible) {
  FenceDeviceConfig device;
  device.id = "a";
  device.delay_base_ms = 1000;
  device.delay_max_ms = 5000;
  std::set<int64_t> seen;
  for (int i = 0; i < 20; ++i) {
    const int64_t delay = FencingDelayMs(device, FenceAction::kOff, "op" + std::to_string(i));
    EXPECT_GE(delay, 1000);
    EXPECT_LE(delay, 5000);
    EXPECT_EQ(delay, FencingDelayMs(device, FenceAction::kOff, "op" + std::to_string(i)));
    seen.insert(delay);
  }
  EXPECT_GT(seen.size(), 10u);
  EXPECT_EQ(FencingDelayMs(device, FenceAction::kOn, "op"), 0);
}

TEST(Fencer, ConcurrentFencingFalseRunsOneOperationAtATime) {
  auto config = TwoLevels();
  config.levels.clear();
  config.concurrent = false;
  FencerHarness h(config);
  h.Request("n3", FenceAction::kOff);
  h.Request("n2", FenceAction::kOff);
  ASSERT_EQ(h.Pending(), (std::vector<std::string>{"ipmi:off"}));
  EXPECT_NE(h.runs_[0].stdin_text.find("plug=n3"), std::string::npos);
  h.Answer(Exit(0));
  ASSERT_EQ(h.Pending(), (std::vector<std::string>{"ipmi:off"}));
  EXPECT_NE(h.runs_[0].stdin_text.find("plug=n2"), std::string::npos);

  config.concurrent = true;
  FencerHarness parallel(config);
  parallel.Request("n3", FenceAction::kOff);
  parallel.Request("n2", FenceAction::kOff);
  EXPECT_EQ(parallel.runs_.size(), 2u);
}

TEST(Fencer, DeadlinesFollowTheMonotonicClockAndTheHistoryTheWallClock) {
  auto config = TwoLevels();
  config.timeout_ms = 5000;
  FencerHarness h(config);
  h.Request("n3");
  ASSERT_EQ(h.runs_.size(), 1u);
  const uint64_t first = h.runs_[0].run_id;
  // The wall clock steps an hour back, then two ahead (NTP): no deadline moves.
  h.now_ -= 3'600'000;
  h.fencer().Tick(h.AtMono(h.mono_ + 4999));
  h.now_ += 7'200'000;
  h.fencer().Tick(h.AtMono(h.mono_ + 4999));
  h.Collect();
  EXPECT_TRUE(h.cancels_.empty());
  EXPECT_EQ(h.fencer().NextDeadline(), h.mono_ + 5000);
  h.fencer().Tick(h.AtMono(h.mono_ + 5000));
  h.Collect();
  ASSERT_EQ(h.cancels_.size(), 1u);
  EXPECT_EQ(h.cancels_[0].run_id, first);
  auto history = h.fencer().History();
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].requested_ms, 1000);  // the wall clock at the request
  EXPECT_EQ(history[0].id, "n1-1000-1");
  ASSERT_FALSE(history[0].attempts.empty());
  EXPECT_EQ(history[0].attempts[0].ended_ms, 1000 + 3'600'000);  // the wall clock then
}

TEST(Fencer, BadRequestsAreRefused) {
  Fencer fencer(FencerConfig{}, "n1");
  EXPECT_FALSE(fencer.Request(FenceRequest{"", std::nullopt, "crm"}, FenceClock{}));
  auto status = fencer.Request(FenceRequest{"n3", FenceAction::kStatus, "crm"}, FenceClock{});
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().message, "fence action must be reboot, off or on, not status");
  EXPECT_TRUE(fencer.TakeEffects().empty());
}

FencingLevel PatternLevel(std::string id, std::string pattern, int index, std::string device) {
  FencingLevel level{std::move(id), "", index, {std::move(device)}, 0, "", "", ""};
  level.target_pattern = std::move(pattern);
  return level;
}

FencingLevel AttributeLevel(std::string id, std::string name, std::string value, int index,
                            std::string device) {
  FencingLevel level{std::move(id), "", index, {std::move(device)}, 0, "", "", ""};
  level.target_attribute = std::move(name);
  level.target_value = std::move(value);
  return level;
}

Node NodeWith(std::string uname, std::string attr, std::string value) {
  return Node{uname,
              uname,
              "",
              {NvSet{uname + "-ia",
                     std::nullopt,
                     std::nullopt,
                     {NvPair{"", std::move(attr), std::move(value), 0}},
                     0}},
              {},
              0};
}

TEST(Fencer, PatternLevelsApplyToMatchingNodeNames) {
  auto config = TwoLevels();
  config.levels = {PatternLevel("p1", "n[23]$", 1, "pdu_a")};
  FencerHarness h(config);
  h.Request("n3");
  EXPECT_EQ(h.Pending(), (std::vector<std::string>{"pdu_a:reboot"}));
}

TEST(Fencer, AttributeLevelsApplyToNodesWithThatPermanentAttribute) {
  auto config = TwoLevels();
  config.levels = {AttributeLevel("a1", "rack", "2", 1, "pdu_b")};
  config.nodes = {NodeWith("n2", "rack", "1"), NodeWith("n3", "rack", "2")};
  FencerHarness h(config);
  h.Request("n3");
  EXPECT_EQ(h.Pending(), (std::vector<std::string>{"pdu_b:reboot"}));
  FencerHarness other(config);
  other.Request("n2");  // rack 1: no level applies, so every device in order
  EXPECT_EQ(other.Pending(), (std::vector<std::string>{"ipmi:reboot"}));
}

TEST(Fencer, LevelsNamingTheNodeWinOverPatternAndAttributeLevels) {
  auto config = TwoLevels();
  config.levels.push_back(PatternLevel("p1", "^n", 1, "pdu_a"));
  FencerHarness h(config);
  h.Request("n3");
  EXPECT_EQ(h.Pending(), (std::vector<std::string>{"ipmi:reboot"}));
}

TEST(Fencer, SeveralMatchingPatternOrAttributeTargetsAreRefused) {
  auto config = TwoLevels();
  config.levels = {PatternLevel("p1", "^n", 1, "pdu_a"),
                   AttributeLevel("a1", "rack", "2", 1, "pdu_b")};
  config.nodes = {NodeWith("n3", "rack", "2")};
  Fencer fencer(config, "n1");
  auto op = fencer.Request(FenceRequest{"n3", std::nullopt, "crm"}, FenceClock{});
  ASSERT_FALSE(op);
  EXPECT_EQ(op.error().message,
            "fencing levels of several targets match node 'n3' (pattern:^n, attr:rack=2); keep "
            "one target per node");
  EXPECT_TRUE(fencer.TakeEffects().empty());
}

TEST(Fencer, HistoryFromAnotherNodeMergesIn) {
  FencerConfig config;
  config.devices = {Device("a")};
  FencerHarness h(config);
  FenceRecord old;
  old.id = "n2-5-1";
  old.target = "n3";
  old.action = "reboot";
  old.state = FenceState::kSuccess;
  old.requested_ms = 5;
  old.completed_ms = 9;
  h.fencer().MergeHistory({old});
  h.Request("n3");
  h.Answer(Exit(0));
  auto history = h.fencer().History();
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0], old);
  EXPECT_EQ(history[1].origin, "n1");
  h.fencer().TrimHistory(1);
  history = h.fencer().History();
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].origin, "n1");
}

}  // namespace
}  // namespace keel
