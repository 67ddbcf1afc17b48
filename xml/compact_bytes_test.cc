#include "xml/compact_bytes.h"

#include <gtest/gtest.h>

#include <string>

namespace keel {
namespace {

TEST(CompactBytesTest, IsOnePointer) { EXPECT_EQ(sizeof(CompactBytes), sizeof(void*)); }

TEST(CompactBytesTest, StartsEmptyWithoutABlock) {
  CompactBytes b;
  EXPECT_TRUE(b.empty());
  EXPECT_EQ(b.view(), "");
  EXPECT_EQ(b.capacity(), 0u);
}

TEST(CompactBytesTest, AppendsReplacesAndErases) {
  CompactBytes b;
  b.append("hello");
  b.push_back(' ');
  b.append("world");
  EXPECT_EQ(b.view(), "hello world");
  b.replace(0, 5, "goodbye");  // longer
  EXPECT_EQ(b.view(), "goodbye world");
  b.replace(8, 5, "all");  // shorter, at the end
  EXPECT_EQ(b.view(), "goodbye all");
  b.erase(4, 4);
  EXPECT_EQ(b.view(), "goodall");
  b.replace(0, 7, "");
  EXPECT_TRUE(b.empty());
  b.append("again");
  EXPECT_EQ(b.view(), "again");
  b.clear();
  EXPECT_TRUE(b.empty());
  EXPECT_EQ(b.capacity(), 0u);
}

TEST(CompactBytesTest, ReserveIsExactAndGrowthKeepsTheBytes) {
  CompactBytes b;
  b.reserve(10);
  EXPECT_EQ(b.capacity(), 10u);
  b.append("0123456789");
  EXPECT_EQ(b.capacity(), 10u);
  b.append("x");  // grows by half at least
  EXPECT_EQ(b.capacity(), 15u);
  EXPECT_EQ(b.view(), "0123456789x");
  b.shrink_to_fit();
  EXPECT_EQ(b.capacity(), 11u);
  EXPECT_EQ(b.view(), "0123456789x");
}

TEST(CompactBytesTest, CopiesHoldTheirOwnBytesAtTheirSize) {
  CompactBytes a;
  a.reserve(100);
  a.append("abc");
  CompactBytes b = a;
  EXPECT_EQ(b, a);
  EXPECT_EQ(b.capacity(), 3u);
  b.append("d");
  EXPECT_EQ(a.view(), "abc");
  EXPECT_NE(b, a);
  a = b;
  EXPECT_EQ(a.view(), "abcd");
  CompactBytes empty;
  a = empty;
  EXPECT_TRUE(a.empty());
  CompactBytes moved = std::move(b);
  EXPECT_EQ(moved.view(), "abcd");
}

TEST(CompactBytesTest, ReplaceMayUseItsOwnBytes) {
  CompactBytes b;
  b.append("abcdef");
  b.replace(0, 2, b.view().substr(3, 3));  // "def" + "cdef"
  EXPECT_EQ(b.view(), "defcdef");
  b.append(b.view());  // grows while reading itself
  EXPECT_EQ(b.view(), "defcdefdefcdef");
}

TEST(CompactBytesTest, LargeBuffers) {
  CompactBytes b;
  std::string big(100000, 'x');
  b.append(big);
  b.append(big);
  EXPECT_EQ(b.size(), 200000u);
  EXPECT_EQ(b.view(), big + big);
}

}  // namespace
}  // namespace keel
