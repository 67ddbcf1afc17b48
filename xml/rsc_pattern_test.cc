#include "xml/rsc_pattern.h"

#include <gtest/gtest.h>

namespace keel {
namespace {

TEST(RscPatternTest, MatchGivesTheWholeMatchAndEachSubmatch) {
  auto selected = SelectByRscPattern("^svc-(.*)$", "svc-web");
  ASSERT_TRUE(selected);
  EXPECT_EQ(*selected, (std::vector<std::string>{"svc-web", "web"}));
  EXPECT_FALSE(SelectByRscPattern("^svc-(.*)$", "other"));
}

TEST(RscPatternTest, UnanchoredPatternMatchesAnywhereInTheId) {
  EXPECT_TRUE(SelectByRscPattern("meta-", "my-meta-rsc"));
}

TEST(RscPatternTest, InvertedPatternSelectsTheIdsItDoesNotMatchWithoutSubmatches) {
  auto selected = SelectByRscPattern("!svc", "other");
  ASSERT_TRUE(selected);
  EXPECT_TRUE(selected->empty());
  EXPECT_FALSE(SelectByRscPattern("!svc", "svc-web"));
}

TEST(RscPatternTest, InvalidOrEmptyPatternIsAnErrorAndSelectsNothing) {
  EXPECT_TRUE(RscPatternError("rsc[0-"));
  EXPECT_TRUE(RscPatternError(""));
  EXPECT_TRUE(RscPatternError("!"));
  EXPECT_FALSE(RscPatternError("^rsc[0-9]$"));
  EXPECT_FALSE(SelectByRscPattern("rsc[0-", "rsc1"));
}

TEST(RscPatternTest, ExpandSubmatchesReplacesPercentDigitsAndLeavesOtherText) {
  std::vector<std::string> subs{"svc-web", "web"};
  EXPECT_EQ(ExpandSubmatches("s-%1", subs), "s-web");
  EXPECT_EQ(ExpandSubmatches("%0/%1/%2", subs), "svc-web/web/");
  EXPECT_EQ(ExpandSubmatches("100%", subs), "100%");
  EXPECT_EQ(ExpandSubmatches("s-%1", {}), "s-%1");
}

}  // namespace
}  // namespace keel
