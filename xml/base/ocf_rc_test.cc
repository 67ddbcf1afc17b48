#include "xml/base/ocf_rc.h"

#include <gtest/gtest.h>

namespace keel {
namespace {

TEST(OcfRcTest, IntsAndEnumAreTheSameCodes) {
  EXPECT_EQ(ocf_rc::kOk, 0);
  EXPECT_EQ(ocf_rc::kNotRunning, static_cast<int>(OcfRc::kNotRunning));
  EXPECT_EQ(ocf_rc::kFailedPromoted, 9);
}

TEST(OcfRcTest, NamesEveryCodeAndSaysWhenUnknown) {
  EXPECT_EQ(RcName(ocf_rc::kOk), "ok");
  EXPECT_EQ(RcName(ocf_rc::kNotRunning), "not running");
  EXPECT_EQ(RcName(ocf_rc::kFailedPromoted), "failed promoted");
  EXPECT_EQ(RcName(10), "unknown (10)");
  EXPECT_EQ(RcName(-1), "unknown (-1)");
}

}  // namespace
}  // namespace keel
