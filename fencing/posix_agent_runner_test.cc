#include "fencing/posix_agent_runner.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

namespace keel {
namespace {

namespace fs = std::filesystem;

class PosixAgentRunnerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string templ = (fs::temp_directory_path() / "keel-fence-runner-XXXXXX").string();
    ASSERT_NE(mkdtemp(templ.data()), nullptr);
    dir_ = templ;
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Script(const std::string& name, const std::string& body) {
    const fs::path path = dir_ / name;
    std::ofstream(path) << "#!/bin/sh\n" << body;
    chmod(path.c_str(), 0755);
    return path.string();
  }

  fs::path dir_;
  PosixAgentRunner runner_;
};

int64_t ElapsedMs(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               start)
      .count();
}

TEST_F(PosixAgentRunnerTest, FeedsStdinCapturesBothStreamsAndTheExitCode) {
  AgentInvocation run;
  run.path = Script("echo", "cat; echo \"args=$#\"; echo oops >&2; exit 3\n");
  run.stdin_text = "action=status\nplug=n3\n";
  const AgentExit exit = runner_.Run(run);
  EXPECT_EQ(exit.how, AgentExit::How::kExited);
  EXPECT_EQ(exit.exit_code, 3);
  EXPECT_EQ(exit.out, "action=status\nplug=n3\nargs=0\n");
  EXPECT_EQ(exit.err, "oops\n");
  EXPECT_FALSE(exit.truncated);
}

TEST_F(PosixAgentRunnerTest, MinimalEnvironmentAndNewSession) {
  AgentInvocation run;
  run.path = Script("env", "echo \"$PATH|$LC_ALL|$HOME\"; ps -o sid= -p $$ | tr -d ' '\n");
  const AgentExit exit = runner_.Run(run);
  ASSERT_EQ(exit.exit_code, 0) << exit.err;
  const std::string first = exit.out.substr(0, exit.out.find('\n'));
  EXPECT_EQ(first, "/usr/sbin:/usr/bin:/sbin:/bin|C|");
  EXPECT_NE(exit.out.substr(exit.out.find('\n') + 1), std::to_string(getsid(0)) + "\n");
}

TEST_F(PosixAgentRunnerTest, SignalsTheCallerIgnoresAreDefaultInTheAgent) {
  struct sigaction ignore {
  }, old_term{};
  ignore.sa_handler = SIG_IGN;
  sigaction(SIGTERM, &ignore, &old_term);
  AgentInvocation run;
  run.path = Script("term", "kill -TERM $$\nsleep 5\nexit 0\n");
  const AgentExit exit = runner_.Run(run);
  sigaction(SIGTERM, &old_term, nullptr);
  EXPECT_EQ(exit.how, AgentExit::How::kSignaled);
  EXPECT_EQ(exit.signal, SIGTERM);
}

TEST_F(PosixAgentRunnerTest, TermIgnoringAgentAndItsChildAreKilledAfterTheGrace) {
  const std::string pid_file = (dir_ / "child.pid").string();
  AgentInvocation run;
  run.path = Script(
      "stuck", "trap '' TERM\nsleep 30 &\necho $! > " + pid_file + "\necho started\nwait\nwait\n");
  // Generous: on a loaded machine the script must have started its child before the timeout.
  run.timeout_ms = 1000;
  run.kill_grace_ms = 300;
  const auto start = std::chrono::steady_clock::now();
  const AgentExit exit = runner_.Run(run);
  const int64_t elapsed = ElapsedMs(start);
  EXPECT_EQ(exit.how, AgentExit::How::kTimedOut);
  EXPECT_EQ(exit.out, "started\n");
  EXPECT_GE(elapsed, 1250);   // SIGTERM is ignored: only SIGKILL after the grace ends it
  EXPECT_LT(elapsed, 15000);  // and not the child's 30 s
  std::ifstream in(pid_file);
  pid_t child = 0;
  in >> child;
  ASSERT_GT(child, 0);
  bool gone = false;
  for (int i = 0; i < 100 && !gone; ++i) {  // the reaper (init) may need a moment
    gone = kill(child, 0) != 0;
    if (!gone) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_TRUE(gone) << "grandchild " << child << " survived";
}

// An agent that closed its outputs is seen exiting at once, not at the next poll timeout
// (20 ms): the median of 11 runs stays well under it even on a loaded machine.
TEST_F(PosixAgentRunnerTest, AnExitIsSeenAtOnceWhenTheOutputsAreClosed) {
  AgentInvocation run;
  run.path = Script("quiet", "exec >&- 2>&-\ni=0\nwhile [ $i -lt 2000 ]; do i=$((i + 1)); done\n");
  std::vector<int64_t> elapsed;
  for (int i = 0; i < 11; ++i) {
    const auto start = std::chrono::steady_clock::now();
    const AgentExit exit = runner_.Run(run);
    elapsed.push_back(ElapsedMs(start));
    ASSERT_EQ(exit.how, AgentExit::How::kExited);
    ASSERT_EQ(exit.exit_code, 0);
  }
  std::sort(elapsed.begin(), elapsed.end());
  EXPECT_LT(elapsed[5], 15);
}

TEST_F(PosixAgentRunnerTest, OutputBeyondTheCapIsDropped) {
  AgentInvocation run;
  run.path = Script("chatty", "head -c 300000 /dev/zero | tr '\\0' x\nexit 0\n");
  run.output_cap = 1000;
  const AgentExit exit = runner_.Run(run);
  EXPECT_EQ(exit.exit_code, 0);
  EXPECT_EQ(exit.out.size(), 1000u);
  EXPECT_TRUE(exit.truncated);
}

TEST_F(PosixAgentRunnerTest, AgentThatIgnoresALargeStdinDoesNotHurtTheCaller) {
  AgentInvocation run;
  run.path = Script("deaf", "exit 0\n");
  run.stdin_text = std::string(4 * 1024 * 1024, 'k');
  const AgentExit exit = runner_.Run(run);
  EXPECT_EQ(exit.how, AgentExit::How::kExited);
  EXPECT_EQ(exit.exit_code, 0);
}

TEST_F(PosixAgentRunnerTest, MissingOrNonExecutableAgentIsNotStarted) {
  AgentInvocation run;
  run.path = (dir_ / "fence_nothing").string();
  AgentExit exit = runner_.Run(run);
  EXPECT_EQ(exit.how, AgentExit::How::kNotStarted);
  EXPECT_EQ(exit.start_error, run.path + ": No such file or directory");
  std::ofstream(dir_ / "plain") << "x";
  run.path = (dir_ / "plain").string();
  exit = runner_.Run(run);
  EXPECT_EQ(exit.how, AgentExit::How::kNotStarted);
  EXPECT_NE(exit.start_error.find("Permission denied"), std::string::npos);
}

TEST_F(PosixAgentRunnerTest, KilledBySignalIsReported) {
  AgentInvocation run;
  run.path = Script("suicide", "kill -KILL $$\n");
  const AgentExit exit = runner_.Run(run);
  EXPECT_EQ(exit.how, AgentExit::How::kSignaled);
  EXPECT_EQ(exit.signal, SIGKILL);
}

}  // namespace
}  // namespace keel
