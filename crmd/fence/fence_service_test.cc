// The fence service alone: the DC's fencer, its runs over the bus, outcomes, backoff.

#include "crmd/fence/fence_service.h"

#include <gtest/gtest.h>

#include "crmd/fence/fence_test_port.h"
#include "fencing/fence_wire.h"
#include "tests/fakes/fake_bus.h"

namespace keel {
namespace {

class FenceServiceTest : public ::testing::Test {
 protected:
  FenceServiceTest() : network_(3), nodes_(network_.AddNode(1), ""), service_(port_, nodes_) {}

  FenceServiceView Dc(std::vector<FenceMember> members = {{"node1", 1}, {"node3", 3}}) {
    FenceServiceView v;
    v.elected = true;
    v.acting = true;
    v.became = true;
    v.members = std::move(members);
    return v;
  }

  // The fence-run the service sent last, decoded.
  RunAgentEffect LastRun() {
    auto runs = port_.Sent(FenceRunMessage::kType);
    EXPECT_FALSE(runs.empty());
    auto m = Decode<FenceRunMessage>(runs.back());
    EXPECT_TRUE(m.has_value());
    return *FenceRunFromXml(*ParseXml(m->xml, "test"));
  }

  void Answer(const RunAgentEffect& run, int exit_code, std::string gen = "1") {
    AgentExit exit;
    exit.how = AgentExit::How::kExited;
    exit.exit_code = exit_code;
    FenceRunResultMessage m{
        "node1", gen, SerializeXml(FenceRunResultToXml(FenceRunResult{run.run_id, exit}), false)};
    service_.OnRunResult(m);
  }

  FenceActionStart Action() { return FenceActionStart{4, 2, "node2", "peer lost"}; }

  RecordingFencePort port_;
  FakeNetwork network_;
  NodeDirectory nodes_;
  FenceService service_;
};

TEST_F(FenceServiceTest, OnlyTheElectedDcHasAFencer) {
  EXPECT_EQ(service_.fencer(), nullptr);
  service_.Update(Dc());
  ASSERT_NE(service_.fencer(), nullptr);
  EXPECT_TRUE(port_.Logged("fencing: fencer ready (generation 1, 0 history record(s))"));
  FenceServiceView lost;
  service_.Update(lost);
  EXPECT_EQ(service_.fencer(), nullptr);
  EXPECT_TRUE(port_.Logged("fencing: no longer DC; dropping the fencer"));
}

TEST_F(FenceServiceTest, ASuccessMarksTheTargetDownThenCompletesTheAction) {
  service_.Update(Dc());
  service_.Start(Action());
  RunAgentEffect run = LastRun();
  EXPECT_EQ(run.node, "node1");  // the lowest member id runs it
  EXPECT_TRUE(port_.done.empty());
  Answer(run, 0);
  ASSERT_EQ(port_.done.size(), 1u);
  EXPECT_TRUE(port_.done[0].success);
  EXPECT_EQ(port_.done[0].fence.transition, 4);
  auto peer = port_.Sent("peer_state");
  ASSERT_EQ(peer.size(), 1u);
  EXPECT_NE(peer[0].find("uname=\"node2\""), std::string::npos);
  EXPECT_FALSE(port_.Sent("fence_history").empty());
  // Lost since: a new fence action for it completes at once, without a run.
  size_t runs = port_.Sent(FenceRunMessage::kType).size();
  service_.Start(Action());
  EXPECT_EQ(port_.Sent(FenceRunMessage::kType).size(), runs);
  ASSERT_EQ(port_.done.size(), 2u);
  EXPECT_TRUE(port_.done[1].success);
  EXPECT_TRUE(port_.Logged("fencing: node2 was already fenced since it was lost"));
}

TEST_F(FenceServiceTest, AFailureBacksOffBeforeTheNextAttempt) {
  service_.Update(Dc());
  service_.Start(Action());
  Answer(LastRun(), 1);
  ASSERT_EQ(port_.done.size(), 1u);
  EXPECT_FALSE(port_.done[0].success);
  EXPECT_TRUE(port_.Logged("fencing: retrying node2 in 5 s (failure 1); it stays unclean"));
  EXPECT_EQ(service_.NextDeadline(), port_.mono_ms + 5000);
  service_.Start(Action());
  ASSERT_EQ(port_.done.size(), 2u);
  EXPECT_EQ(port_.done[1].reason, "fencing it failed 1 time(s); next attempt in 5 s");
  EXPECT_TRUE(service_.TakeDueRetries(port_.mono_ms + 4999).empty());
  EXPECT_EQ(service_.TakeDueRetries(port_.mono_ms + 5000), std::vector<std::string>{"node2"});
}

TEST_F(FenceServiceTest, ResultsOfAnotherFencerAreIgnored) {
  service_.Update(Dc());
  service_.Start(Action());
  Answer(LastRun(), 0, "7");
  EXPECT_TRUE(port_.done.empty());
}

TEST_F(FenceServiceTest, AnUnsentRunFails) {
  service_.Update(Dc());
  port_.send_error = "CPG down";
  service_.Start(Action());
  // As on main, the failure the fencer records while its effects are drained comes out at the
  // next drain (here the fence timer).
  EXPECT_TRUE(port_.done.empty());
  service_.Tick(FenceClock{port_.now_ms, port_.mono_ms});
  ASSERT_EQ(port_.done.size(), 1u);
  EXPECT_FALSE(port_.done[0].success);
}

TEST_F(FenceServiceTest, AnInvalidConfigurationRefusesClientRequests) {
  port_.cib = *ParseXml(R"(<cib admin_epoch="0" epoch="1" num_updates="0"><configuration>
    <crm_config/><nodes/><resources>
      <primitive id="f" class="stonith" type="fence_fake">
        <instance_attributes id="f-ia"><nvpair id="f1" name="pcmk_host_check" value="bogus"/>
        </instance_attributes></primitive>
    </resources><constraints/></configuration><status/></cib>)",
                        "test");
  service_.Update(Dc());
  EXPECT_EQ(service_.fencer(), nullptr);
  service_.OnRequest(FenceRequestMessage{"node2", "crm@node3#5", std::nullopt});
  auto refused = port_.Sent(FenceOutcomeMessage::kType);
  ASSERT_EQ(refused.size(), 1u);
  auto m = Decode<FenceOutcomeMessage>(refused[0]);
  ASSERT_TRUE(m.has_value());
  EXPECT_FALSE(m->success);
  EXPECT_NE(m->reason.find("the fencing configuration is invalid"), std::string::npos);
  // The reason is one line (it ended with a newline, which ended the message's fields: the
  // requesters landed in the body and the client never got its answer).
  EXPECT_EQ(m->requesters, "crm@node3#5");
  EXPECT_EQ(m->reason.find('\n'), std::string::npos);
  EXPECT_TRUE(
      port_.Logged("fencing: crm@node3#5 asks to fence node2: refused: the fencing "
                   "configuration is invalid"));
  service_.Start(Action());
  ASSERT_EQ(port_.done.size(), 1u);
  EXPECT_FALSE(port_.done[0].success);
}

TEST_F(FenceServiceTest, AClientRequestIsAnsweredOnTheBus) {
  service_.Update(Dc());
  service_.OnRequest(FenceRequestMessage{"node2", "crm@node3#5", std::string("off")});
  Answer(LastRun(), 0);
  auto outcome = port_.Sent(FenceOutcomeMessage::kType);
  ASSERT_EQ(outcome.size(), 1u);
  auto m = Decode<FenceOutcomeMessage>(outcome[0]);
  ASSERT_TRUE(m.has_value());
  EXPECT_TRUE(m->success);
  EXPECT_EQ(m->target, "node2");
}

}  // namespace
}  // namespace keel
