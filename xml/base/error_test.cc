#include "xml/base/error.h"

#include <gtest/gtest.h>

namespace keel {
namespace {

TEST(ErrorTest, NamesThePlaceWhenThereIsOne) {
  EXPECT_EQ((Error{ErrorCode::kInvalid, "bad score", "cib.xml:12 (vip)"}).ToString(),
            "cib.xml:12 (vip): bad score");
  EXPECT_EQ((Error{ErrorCode::kIo, "disk full", ""}).ToString(), "disk full");
}

TEST(ErrorTest, JoinsOnePerLine) {
  Errors errors{{ErrorCode::kParse, "a", "f:1"}, {ErrorCode::kParse, "b", ""}};
  EXPECT_EQ(JoinErrors(errors), "f:1: a\nb\n");
}

}  // namespace
}  // namespace keel
