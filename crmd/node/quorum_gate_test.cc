// The quorum gate alone: the wait for corosync's quorum report, the commit wait, the
// no-quorum-policy steps.

#include "crmd/node/quorum_gate.h"

#include <gtest/gtest.h>

namespace keel {
namespace {

TEST(QuorumGate, AMembershipChangeHoldsPlansUntilTheReport) {
  QuorumGate gate;
  EXPECT_TRUE(gate.report_confirmed());
  EXPECT_EQ(gate.HoldReason(), "");
  gate.OnMembership(1000);
  EXPECT_FALSE(gate.report_confirmed());
  EXPECT_EQ(gate.HoldReason(), "waiting for corosync's quorum report after the membership change");
  EXPECT_EQ(gate.ReportDeadline(false), std::nullopt);  // nothing held: no timer
  EXPECT_EQ(gate.ReportDeadline(true), 2000);
  gate.OnReport();
  EXPECT_TRUE(gate.report_confirmed());
  EXPECT_EQ(gate.ReportDeadline(true), std::nullopt);
}

TEST(QuorumGate, WithoutAReportTheWaitEndsAfterOneSecond) {
  QuorumGate gate;
  gate.OnMembership(1000);
  EXPECT_EQ(gate.ExpireReportWait(1999, true, false), std::nullopt);
  EXPECT_EQ(gate.ExpireReportWait(2000, false, false), std::nullopt);  // no plan held
  auto over = gate.ExpireReportWait(2000, true, false);
  ASSERT_TRUE(over.has_value());
  EXPECT_EQ(*over,
            "quorum: no quorum report after the membership change within 1 s; going on as not "
            "quorate");
  EXPECT_TRUE(gate.report_confirmed());
  EXPECT_EQ(gate.ExpireReportWait(3000, true, true), std::nullopt);  // once
}

TEST(QuorumGate, HeldCommitsGoOnAfterOneSecond) {
  QuorumGate gate;
  EXPECT_FALSE(gate.CommitWaitOver(true, 100));  // the wait starts
  EXPECT_FALSE(gate.CommitWaitOver(true, 1099));
  EXPECT_TRUE(gate.CommitWaitOver(true, 1100));
  EXPECT_FALSE(gate.CommitWaitOver(false, 1200));  // released: the next wait starts afresh
  EXPECT_FALSE(gate.CommitWaitOver(true, 5000));
  EXPECT_FALSE(gate.CommitWaitOver(true, 5999));
  EXPECT_TRUE(gate.CommitWaitOver(true, 6000));
}

TEST(QuorumGate, TheNoQuorumPolicyDecidesWhatThisNodeDoes) {
  std::vector<std::string> active{"a", "b"};
  NoQuorumSteps stop = QuorumGate::OnQuorumLost("stop", active);
  EXPECT_EQ(stop.log, "controller: quorum lost; no-quorum-policy=stop, 2 resource(s) active here");
  EXPECT_EQ(stop.stops, active);
  EXPECT_FALSE(stop.self_fence);
  for (const char* policy : {"fence", "suicide"}) {
    NoQuorumSteps fence = QuorumGate::OnQuorumLost(policy, active);
    EXPECT_TRUE(fence.self_fence) << policy;
    EXPECT_TRUE(fence.stops.empty()) << policy;
  }
  for (const char* policy : {"freeze", "ignore"}) {
    NoQuorumSteps keep = QuorumGate::OnQuorumLost(policy, active);
    EXPECT_FALSE(keep.self_fence) << policy;
    EXPECT_TRUE(keep.stops.empty()) << policy;
  }
  EXPECT_TRUE(QuorumGate::StopAfterStart(false, "stop"));
  EXPECT_FALSE(QuorumGate::StopAfterStart(true, "stop"));
  EXPECT_FALSE(QuorumGate::StopAfterStart(false, "freeze"));
}

}  // namespace
}  // namespace keel
