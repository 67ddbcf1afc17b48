#include "xml/score.h"

#include <gtest/gtest.h>

namespace keel {
namespace {

TEST(ScoreTest, ParsesIntegersAndInfinities) {
  EXPECT_EQ(Score::Parse("100")->value(), 100);
  EXPECT_EQ(Score::Parse("-5")->value(), -5);
  EXPECT_EQ(Score::Parse("+7")->value(), 7);
  EXPECT_EQ(*Score::Parse("INFINITY"), Score::Infinity());
  EXPECT_EQ(*Score::Parse("+INFINITY"), Score::Infinity());
  EXPECT_EQ(*Score::Parse("-INFINITY"), Score::MinusInfinity());
  EXPECT_EQ(*Score::Parse("-inf"), Score::MinusInfinity());
  EXPECT_EQ(*Score::Parse("2000000"), Score::Infinity());
  EXPECT_EQ(*Score::Parse("-99999999999999999999999"), Score::MinusInfinity());
}

TEST(ScoreTest, RejectsGarbage) {
  EXPECT_EQ(Score::Parse("").error(), "bad score '': empty");
  EXPECT_EQ(Score::Parse("12abc").error(), "bad score '12abc': expected an integer or [+-]INFINITY");
  EXPECT_FALSE(Score::Parse("-").has_value());
  EXPECT_FALSE(Score::Parse("--1").has_value());
  EXPECT_FALSE(Score::Parse("1.5").has_value());
}

TEST(ScoreTest, SaturatingArithmetic) {
  EXPECT_EQ((Score(10) + Score(5)).value(), 15);
  EXPECT_EQ(Score(999'999) + Score(5), Score::Infinity());
  EXPECT_EQ(Score::Infinity() + Score::MinusInfinity(), Score::MinusInfinity());
  EXPECT_EQ(Score::MinusInfinity() + Score::Infinity(), Score::MinusInfinity());
  EXPECT_EQ(Score::Infinity() + Score(-500), Score::Infinity());
  EXPECT_EQ(Score::Infinity().ToString(), "INFINITY");
  EXPECT_EQ(Score::MinusInfinity().ToString(), "-INFINITY");
  EXPECT_EQ(Score(-3).ToString(), "-3");
}

}  // namespace
}  // namespace keel
