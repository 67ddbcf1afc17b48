#include <gtest/gtest.h>

#include "xml/cib.h"

namespace keel {
namespace {

TEST(LrmRscOpTest, TextsStartEmpty) {
  LrmRscOp op;
  EXPECT_EQ(op.id(), "");
  EXPECT_EQ(op.op_secure_params(), "");
  EXPECT_EQ(op, LrmRscOp{});
}

TEST(LrmRscOpTest, EachTextKeepsItsOwnValue) {
  LrmRscOp op;
  op.set_op_secure_params("passwd");
  op.set_id("d1_last_0");
  op.set_transition_key("3:7:0:uuid");
  op.set_operation("start");
  EXPECT_EQ(op.id(), "d1_last_0");
  EXPECT_EQ(op.operation(), "start");
  EXPECT_EQ(op.operation_key(), "");
  EXPECT_EQ(op.transition_key(), "3:7:0:uuid");
  EXPECT_EQ(op.transition_magic(), "");
  EXPECT_EQ(op.op_secure_params(), "passwd");
}

TEST(LrmRscOpTest, ReplacingATextMovesTheOnesAfterIt) {
  LrmRscOp op;
  op.set_id("d1_last_0");
  op.set_operation("monitor");
  op.set_on_node("n1");
  op.set_op_digest("abc");
  op.set_operation("stop");  // shorter
  EXPECT_EQ(op.operation(), "stop");
  EXPECT_EQ(op.on_node(), "n1");
  EXPECT_EQ(op.op_digest(), "abc");
  op.set_id("a_much_longer_identifier_last_failure_0");
  EXPECT_EQ(op.id(), "a_much_longer_identifier_last_failure_0");
  EXPECT_EQ(op.operation(), "stop");
  EXPECT_EQ(op.op_digest(), "abc");
  op.set_on_node("");
  EXPECT_EQ(op.on_node(), "");
  EXPECT_EQ(op.op_digest(), "abc");
}

TEST(LrmRscOpTest, ATextMayBeCopiedFromAnother) {
  LrmRscOp op;
  op.set_id("x");
  op.set_operation_key("d1_monitor_10000");
  op.set_id(op.operation_key());
  EXPECT_EQ(op.id(), "d1_monitor_10000");
  EXPECT_EQ(op.operation_key(), "d1_monitor_10000");
}

TEST(LrmRscOpTest, EqualWhenTheSameTextsWereSetInAnyOrder) {
  LrmRscOp a;
  a.set_id("d1_last_0");
  a.set_on_node("n2");
  LrmRscOp b;
  b.set_on_node("n1");
  b.set_id("d1_last_0");
  EXPECT_NE(a, b);
  b.set_on_node("n2");
  EXPECT_EQ(a, b);
  b.call_id = 4;
  EXPECT_NE(a, b);
}

}  // namespace
}  // namespace keel
