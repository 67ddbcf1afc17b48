#include "agents/process.h"

#include <signal.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>

namespace keel {
namespace {

using std::chrono::milliseconds;

TEST(RunProcess, CapturesOutputAndExitCode) {
  auto result = RunProcess({"sh", "-c", "echo out; echo err >&2; exit 3"}, milliseconds(5000));
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result->exit_code, 3);
  EXPECT_EQ(result->out, "out\n");
  EXPECT_EQ(result->err, "err\n");
}

TEST(RunProcess, ArgumentsAreNotInterpreted) {
  std::string marker = testing::TempDir() + "keel_process_marker";
  std::filesystem::remove(marker);
  auto result = RunProcess({"echo", "x; touch " + marker}, milliseconds(5000));
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result->out, "x; touch " + marker + "\n");
  EXPECT_FALSE(std::filesystem::exists(marker));
}

TEST(RunProcess, FeedsStdin) {
  auto result = RunProcess({"cat"}, milliseconds(5000), "hello");
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result->out, "hello");
}

TEST(RunProcess, KillsOnTimeout) {
  auto start = std::chrono::steady_clock::now();
  auto result = RunProcess({"sleep", "10"}, milliseconds(100));
  ASSERT_TRUE(result.has_value());
  EXPECT_TRUE(result->timed_out);
  EXPECT_EQ(result->signal, SIGKILL);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

TEST(RunProcess, MissingProgramIsNotFound) {
  auto result = RunProcess({"keel-no-such-program"}, milliseconds(100));
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, ErrorCode::kNotFound);
}

TEST(PidFile, RoundTripAndLiveness) {
  std::string path = testing::TempDir() + "keel_process_test.pid";
  ASSERT_TRUE(WritePidFile(path, getpid()).has_value());
  EXPECT_EQ(ReadPidFile(path), getpid());
  EXPECT_TRUE(ProcessAlive(getpid()));
  std::filesystem::remove(path);
  EXPECT_FALSE(ReadPidFile(path).has_value());
}

TEST(SpawnDetached, StartsAndStops) {
  auto pid = SpawnDetached({"sleep", "30"}, "");
  ASSERT_TRUE(pid.has_value());
  EXPECT_TRUE(ProcessAlive(*pid));
  // The child may not have reached execv yet: wait for it, bounded.
  for (int i = 0; i < 200 && ProcessName(*pid) != "sleep"; ++i) usleep(5000);
  EXPECT_EQ(ProcessName(*pid), "sleep");
  EXPECT_TRUE(SignalAndWait(*pid, SIGTERM, milliseconds(3000)));
  EXPECT_FALSE(ProcessAlive(*pid));
}

}  // namespace
}  // namespace keel
