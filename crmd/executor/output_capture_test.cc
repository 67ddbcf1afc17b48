#include "crmd/executor/output_capture.h"

#include <gtest/gtest.h>

namespace keel {
namespace {

TEST(OutputCaptureTest, KeepsSmallOutputWhole) {
  OutputCapture capture(100);
  capture.Append("hello ");
  capture.Append("world\n");
  EXPECT_EQ(capture.Excerpt(), "hello world\n");
  EXPECT_EQ(capture.dropped(), 0u);
}

TEST(OutputCaptureTest, CapsAndMarksTheDroppedBytes) {
  OutputCapture capture(10);
  capture.Append("0123456");
  capture.Append("789abcdef");
  EXPECT_EQ(capture.dropped(), 6u);
  EXPECT_EQ(capture.Excerpt(), "0123456789\n[... 6 bytes dropped]");
}

TEST(OutputCaptureTest, DefaultCapIs64KiB) {
  OutputCapture capture;
  capture.Append(std::string(100000, 'x'));
  EXPECT_EQ(capture.dropped(), 100000u - 65536u);
}

TEST(OutputCaptureTest, ExitReasonIsTheLastOneAndTrimmed) {
  OutputCapture capture;
  capture.Append("ocf-exit-reason:first\nnoise\nocf-exit-reason:  second one \n");
  capture.Append("more noise\n");
  EXPECT_EQ(capture.ExitReason(), "second one");
}

TEST(OutputCaptureTest, ExitReasonSplitAcrossChunksAndWithoutNewline) {
  OutputCapture capture;
  capture.Append("ocf-exit-rea");
  capture.Append("son:No process state");
  capture.Append(" file found");
  EXPECT_EQ(capture.ExitReason(), "No process state file found");
}

TEST(OutputCaptureTest, ExitReasonOnlyAtLineStart) {
  OutputCapture capture;
  capture.Append("INFO: ocf-exit-reason:not really\n");
  EXPECT_EQ(capture.ExitReason(), "");
}

TEST(OutputCaptureTest, ExitReasonSurvivesTheCapAndIsBounded) {
  OutputCapture capture(8);
  capture.Append(std::string(1000, 'n') + "\n");
  capture.Append("ocf-exit-reason:" + std::string(2000, 'r') + "\n");
  EXPECT_EQ(capture.ExitReason(), std::string(kMaxExitReason, 'r'));
  EXPECT_EQ(capture.Excerpt().substr(0, 8), "nnnnnnnn");
}

}  // namespace
}  // namespace keel
