#include "crmd/node/sync_watch.h"

#include <gtest/gtest.h>

namespace keel {
namespace {

TEST(SyncWatch, ReportsEveryFiveSecondsOfAWaitUntilItEnds) {
  SyncWatch watch;
  EXPECT_EQ(watch.Check(false, 0), std::nullopt);
  EXPECT_EQ(watch.Check(true, 1000), std::nullopt);  // the wait begins
  EXPECT_EQ(watch.Check(true, 5999), std::nullopt);
  EXPECT_EQ(watch.Check(true, 6000), 5000);
  EXPECT_EQ(watch.Check(true, 10999), std::nullopt);
  EXPECT_EQ(watch.Check(true, 11000), 10000);
  EXPECT_EQ(watch.Check(false, 12000), std::nullopt);  // synced
  EXPECT_EQ(watch.Check(true, 13000), std::nullopt);   // a new wait
  EXPECT_EQ(watch.Check(true, 18000), 5000);
  watch.Reset();
  EXPECT_EQ(watch.Check(true, 19000), std::nullopt);
  EXPECT_EQ(watch.Check(true, 24000), 5000);
}

TEST(SyncWatch, TheReportNamesWhatIsAwaitedAndIsLoudOnTheElectedDc) {
  EXPECT_EQ(SyncWaitReport(false, 5000, {"node2", "node3"}),
            "sync: not synced for 5.0 s: waiting for the CIB version of node2, node3");
  EXPECT_EQ(SyncWaitReport(true, 10500, {}),
            "dc: ELECTED BUT NOT ACTING for 10.5 s: the sync waits for the newest member's CIB");
}

}  // namespace
}  // namespace keel
