// Startup through CrmdCore (crmd/node/dc_controller.h): with fencing, the DC's first plan waits
// up to dc-deadtime for configured nodes it would otherwise fence; one that never comes is fenced
// and only then do resources start.

#include <gtest/gtest.h>

#include "crmd/crmd_core_fencing_fixture.h"

namespace keel {
namespace {

class StartupCoreTest : public FencingCoreTest {
 protected:
  // node3 is configured (in corosync's nodelist) but its crmd does not start.
  void StartTwoOfThree() {
    network_.AddNode(3);
    StartNode(1);
    StartNode(2);
    Settle();
  }

  void WithStatus(const std::string& node_states) {
    cib_text_.replace(cib_text_.find("<status/>"), 9, "<status>" + node_states + "</status>");
  }
};

TEST_F(StartupCoreTest, TheDcWaitsForALateNodeAndFencesNothingWhenItJoins) {
  StartTwoOfThree();
  EXPECT_TRUE(submitted_.empty()) << "planned before node3 joined or dc-deadtime passed";
  EXPECT_TRUE(Logged(1,
                     "not planning yet: waiting up to 20 s after start (dc-deadtime) for "
                     "node3 to join"));
  Advance(5000);
  cores_[1]->CheckProgress();
  StartNode(3);
  Settle();
  EXPECT_TRUE(agent_runs_.empty());
  EXPECT_TRUE(Started("d", 2));
}

TEST_F(StartupCoreTest, ANodeThatNeverJoinsIsFencedAfterDcDeadtimeAndOnlyThenResourcesStart) {
  StartTwoOfThree();
  Advance(19'999);  // on the monotonic clock, which CheckProgress reads
  cores_[1]->CheckProgress();
  Settle();
  EXPECT_TRUE(submitted_.empty());
  Advance(1);
  cores_[1]->CheckProgress();
  Settle();
  ASSERT_EQ(agent_runs_.size(), 1u);
  EXPECT_NE(agent_runs_[0].run.stdin_text.find("plug=node3\n"), std::string::npos);
  EXPECT_TRUE(Logged(1, "fencing node3: node never seen since the cluster started"));
  EXPECT_FALSE(Started("d", 2)) << "d may run on node3: it starts only after the fence";
  FinishAgent(0, 0);
  Settle();
  EXPECT_TRUE(Started("d", 2));
}

TEST_F(StartupCoreTest, AStoredStatusSayingANodeIsUpMayBeStaleSoTheDcWaitsForItToo) {
  WithStatus(
      R"(<node_state id="3" uname="node3" in_ccm="true" crmd="online" join="member" expected="member"/>)");
  StartTwoOfThree();
  EXPECT_TRUE(submitted_.empty());
  StartNode(3);
  Settle();
  EXPECT_TRUE(agent_runs_.empty()) << "node3 left after the others stopped; it was not lost";
  EXPECT_TRUE(Started("d", 2));
}

TEST_F(StartupCoreTest, ANodeKnownCleanlyDownIsNotWaitedForNorFenced) {
  WithStatus(
      R"(<node_state id="3" uname="node3" in_ccm="false" crmd="offline" join="down" expected="down"/>)");
  StartTwoOfThree();
  EXPECT_TRUE(agent_runs_.empty());
  EXPECT_TRUE(Started("d", 2));
}

TEST_F(StartupCoreTest, WithStartupFencingOffAnUnseenNodeIsOfflineAtOnce) {
  cib_text_.replace(cib_text_.find("</cluster_property_set>"), 0,
                    R"(<nvpair id="o2" name="startup-fencing" value="false"/>)");
  StartTwoOfThree();
  EXPECT_TRUE(agent_runs_.empty());
  EXPECT_TRUE(Started("d", 2));
}

}  // namespace
}  // namespace keel
