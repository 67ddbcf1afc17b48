// The executor with real processes: posix_spawn, pidfds and libqb's loop, test agents written
// into a private temp dir, and Debian's ocf:heartbeat:Dummy with its state in that dir.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "crmd/executor/executor.h"
#include "crmd/executor/posix_process_runner.h"
#include "crmd/executor/qb_event_loop.h"
#include "crmd/executor/sync_runner.h"
#include "crmd/executor/testing/process_state.h"

namespace keel {
namespace {

namespace fs = std::filesystem;
using testing::DeadOrZombie;
using ::testing::HasSubstr;
using testing::ReadFile;

constexpr const char* kDummy = "/usr/lib/ocf/resource.d/heartbeat/Dummy";

class RealAgentsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "keel-exec-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    fs::create_directories(dir_ / "ocf/resource.d/keeltest");
    fs::create_directories(dir_ / "init.d");
    fs::create_directories(dir_ / "ha.d");
    fs::create_directories(dir_ / "rsctmp");
    config_.ocf_root = (dir_ / "ocf").string();
    config_.lsb_dir = (dir_ / "init.d").string();
    config_.heartbeat_dir = (dir_ / "ha.d").string();
    config_.rsctmp = (dir_ / "rsctmp").string();
    config_.kill_grace_ms = 200;
  }
  void TearDown() override {
    for (pid_t pid : leftovers_) kill(pid, SIGKILL);
    fs::remove_all(dir_);
  }

  void WriteScript(const fs::path& path, const std::string& body, bool executable = true) {
    std::ofstream(path) << "#!/bin/sh\n" << body;
    fs::permissions(path, executable ? fs::perms(0755) : fs::perms(0644));
  }

  ActionResult Run(const std::string& agent, const std::string& action,
                   std::map<std::string, std::string> params = {}, int64_t timeout_ms = 10000,
                   int64_t interval_ms = 0) {
    ActionRequest request;
    request.rsc_id = "rsc1";
    request.agent = *ParseAgentSpec(agent);
    request.action = action;
    request.params = std::move(params);
    request.timeout_ms = timeout_ms;
    request.interval_ms = interval_ms;
    auto result = RunActionSync(config_, request);
    EXPECT_TRUE(result.has_value()) << result.error().ToString();
    return result.value_or(ActionResult{});
  }

  // Dummy from Debian, run from the system OCF root with its state in the temp dir.
  ActionResult Dummy(const std::string& action, int64_t interval_ms = 0) {
    ExecutorConfig saved = config_;
    config_.ocf_root = "/usr/lib/ocf";
    ActionResult result = Run("ocf:heartbeat:Dummy", action,
                              {{"state", (dir_ / "dummy.state").string()}}, 20000, interval_ms);
    config_ = saved;
    return result;
  }

  fs::path dir_;
  ExecutorConfig config_;
  std::vector<pid_t> leftovers_;
};

TEST_F(RealAgentsTest, DebianDummyStartMonitorStop) {
  if (access(kDummy, X_OK) != 0) GTEST_SKIP() << "resource-agents not installed";
  EXPECT_EQ(Dummy("monitor").rc, ocf_rc::kNotRunning);  // probe
  ActionResult start = Dummy("start");
  EXPECT_TRUE(start.Succeeded()) << start.Summary() << start.stderr_excerpt;
  EXPECT_TRUE(fs::exists(dir_ / "dummy.state"));
  EXPECT_EQ(Dummy("monitor", 10000).rc, ocf_rc::kOk);
  EXPECT_TRUE(Dummy("stop").Succeeded());
  EXPECT_FALSE(fs::exists(dir_ / "dummy.state"));
  ActionResult monitor = Dummy("monitor", 10000);  // not a probe: the agent gives a reason
  EXPECT_EQ(monitor.rc, ocf_rc::kNotRunning);
  EXPECT_EQ(monitor.exit_reason, "No process state file found");
  EXPECT_GT(monitor.end_ms, 0);
  EXPECT_TRUE(fs::is_empty(dir_ / "rsctmp"));
}

TEST_F(RealAgentsTest, DebianDummyMetadataIsParsed) {
  if (access(kDummy, X_OK) != 0) GTEST_SKIP() << "resource-agents not installed";
  config_.ocf_root = "/usr/lib/ocf";
  auto meta = FetchMetadataSync(config_, *ParseAgentSpec("ocf:heartbeat:Dummy"));
  ASSERT_TRUE(meta.has_value()) << meta.error().ToString();
  EXPECT_EQ(meta->name, "Dummy");
  ASSERT_NE(meta->Parameter("state"), nullptr);
  EXPECT_THAT(*meta->Parameter("state")->default_value, HasSubstr(config_.rsctmp));
  EXPECT_EQ(meta->DefaultTimeoutMs("start"), 20000);
  EXPECT_EQ(meta->DefaultTimeoutMs("monitor"), 20000);
}

TEST_F(RealAgentsTest, MissingOrNonExecutableAgentIsNotInstalled) {
  ActionResult missing = Run("ocf:heartbeat:Nope", "start");
  EXPECT_EQ(missing.rc, ocf_rc::kErrInstalled);
  EXPECT_EQ(missing.op_status, OpStatus::kNotInstalled);
  EXPECT_EQ(missing.exit_reason, "not installed: ocf:heartbeat:Nope");
  WriteScript(dir_ / "ocf/resource.d/keeltest/Plain", "exit 0\n", /*executable=*/false);
  EXPECT_EQ(Run("ocf:keeltest:Plain", "start").op_status, OpStatus::kNotInstalled);
  auto meta = FetchMetadataSync(config_, *ParseAgentSpec("ocf:heartbeat:Nope"));
  EXPECT_EQ(meta.error().message, "not installed: ocf:heartbeat:Nope");
}

TEST_F(RealAgentsTest, InjectionInAParameterRunsNothing) {
  const fs::path seen = dir_ / "seen";
  WriteScript(dir_ / "ocf/resource.d/keeltest/Echo",
              "printf '%s' \"$OCF_RESKEY_ip\" > \"$OCF_RESKEY_out\"\nexit 0\n");
  for (std::string trap : {"; touch ", "$(touch ", "`touch ", "\ntouch "}) {
    const fs::path victim = dir_ / "x";
    std::string value = "1.2.3.4" + trap + victim.string() +
                        (trap[0] == '$'   ? ")"
                         : trap[0] == '`' ? "`"
                                          : "");
    ActionResult result =
        Run("ocf:keeltest:Echo", "start", {{"ip", value}, {"out", seen.string()}});
    EXPECT_TRUE(result.Succeeded()) << result.Summary();
    EXPECT_EQ(ReadFile(seen), value);
    EXPECT_FALSE(fs::exists(victim)) << "ran: " << value;
  }
}

TEST_F(RealAgentsTest, SlowAgentIgnoringTermIsKilledWithItsGrandchildren) {
  const fs::path pids = dir_ / "pids";
  WriteScript(dir_ / "ocf/resource.d/keeltest/Slow",
              "trap '' TERM\nsleep 300 &\necho $! > " + pids.string() + ".tmp\necho $$ >> " +
                  pids.string() + ".tmp\nmv " + pids.string() + ".tmp " + pids.string() +
                  "\nwhile :; do sleep 1; done\n");
  const auto begin = std::chrono::steady_clock::now();
  ActionResult result = Run("ocf:keeltest:Slow", "start", {}, /*timeout_ms=*/300);
  const auto took = std::chrono::steady_clock::now() - begin;
  EXPECT_EQ(result.op_status, OpStatus::kTimedOut);
  EXPECT_EQ(result.rc, ocf_rc::kErrGeneric);
  EXPECT_GE(result.exec_ms, 480);  // SIGTERM ignored: SIGKILL after the 200 ms grace
  EXPECT_LT(took, std::chrono::seconds(5));
  std::istringstream in(ReadFile(pids));
  pid_t grandchild = 0, agent = 0;
  in >> grandchild >> agent;
  ASSERT_GT(grandchild, 0);
  ASSERT_GT(agent, 0);
  leftovers_ = {grandchild};
  EXPECT_TRUE(testing::AllDieWithin(std::chrono::seconds(1), grandchild, agent))
      << "grandchild " << grandchild << " survived";
}

TEST_F(RealAgentsTest, AgentLeavingADaemonBehindStillReturnsPromptly) {
  const fs::path pid_file = dir_ / "daemon.pid";
  WriteScript(dir_ / "ocf/resource.d/keeltest/Daemon",
              "sleep 30 &\necho $! > " + pid_file.string() + "\necho started\nexit 0\n");
  ActionResult result = Run("ocf:keeltest:Daemon", "start");
  pid_t daemon = std::atoi(ReadFile(pid_file).c_str());
  if (daemon > 0) leftovers_.push_back(daemon);
  EXPECT_TRUE(result.Succeeded());
  EXPECT_LT(result.exec_ms, 2000);  // the daemon keeps the pipes open; we do not wait for EOF
  EXPECT_EQ(result.stdout_excerpt, "started\n");
  EXPECT_FALSE(DeadOrZombie(daemon));  // a normal exit does not kill the group
}

TEST_F(RealAgentsTest, ExitReasonAndCappedOutputFromARealAgent) {
  WriteScript(dir_ / "ocf/resource.d/keeltest/Loud",
              "head -c 200000 /dev/zero | tr '\\0' a\n"
              "echo 'ocf-exit-reason:disk on fire' >&2\nexit 6\n");
  ActionResult result = Run("ocf:keeltest:Loud", "start");
  EXPECT_EQ(result.rc, ocf_rc::kErrConfigured);
  EXPECT_EQ(result.exit_reason, "disk on fire");
  EXPECT_EQ(result.stdout_excerpt.substr(0, 65536), std::string(65536, 'a'));
  EXPECT_THAT(result.stdout_excerpt, HasSubstr("[... 134464 bytes dropped]"));
}

TEST_F(RealAgentsTest, LsbInitScript) {
  const fs::path state = dir_ / "lsb.state";
  WriteScript(dir_ / "init.d/keeltest",
              "case \"$1\" in\n"
              "start) touch " +
                  state.string() +
                  " ;;\n"
                  "stop) rm -f " +
                  state.string() +
                  " ;;\n"
                  "status) [ -f " +
                  state.string() +
                  " ] && exit 0; exit 3 ;;\n"
                  "*) exit 3 ;;\nesac\nexit 0\n");
  EXPECT_EQ(Run("lsb:keeltest", "monitor").rc, ocf_rc::kNotRunning);
  EXPECT_TRUE(Run("lsb:keeltest", "start").Succeeded());
  EXPECT_EQ(Run("lsb:keeltest", "monitor").rc, ocf_rc::kOk);
  EXPECT_TRUE(Run("lsb:keeltest", "stop").Succeeded());
  EXPECT_EQ(Run("lsb:keeltest", "status").rc, ocf_rc::kNotRunning);
  EXPECT_TRUE(FetchMetadataSync(config_, *ParseAgentSpec("lsb:keeltest")).has_value());
  EXPECT_EQ(FetchMetadataSync(config_, *ParseAgentSpec("lsb:nope")).error().code,
            ErrorCode::kNotFound);
}

TEST_F(RealAgentsTest, HeartbeatClassScript) {
  WriteScript(dir_ / "ha.d/Thing",
              "state=\"$1\"\ncase \"$2\" in\n"
              "start) touch \"$state\" ;;\n"
              "stop) rm -f \"$state\" ;;\n"
              "status) if [ -f \"$state\" ]; then echo running; else echo stopped; fi ;;\n"
              "esac\nexit 0\n");
  const std::string state = (dir_ / "hb.state").string();
  EXPECT_EQ(Run("heartbeat:Thing", "monitor", {{"1", state}}).rc, ocf_rc::kNotRunning);
  EXPECT_TRUE(Run("heartbeat:Thing", "start", {{"1", state}}).Succeeded());
  EXPECT_TRUE(fs::exists(state));
  EXPECT_EQ(Run("heartbeat:Thing", "monitor", {{"1", state}}).rc, ocf_rc::kOk);
  EXPECT_TRUE(Run("heartbeat:Thing", "stop", {{"1", state}}).Succeeded());
  EXPECT_FALSE(fs::exists(state));
}

// The executor on crmd's kind of loop: a recurring Dummy monitor notices the state file going
// away, and the stop cancels it.
TEST_F(RealAgentsTest, RecurringMonitorOnQbLoopDetectsAFailure) {
  if (access(kDummy, X_OK) != 0) GTEST_SKIP() << "resource-agents not installed";
  config_.ocf_root = "/usr/lib/ocf";
  qb_loop_t* qb = qb_loop_create();
  ASSERT_NE(qb, nullptr);
  std::vector<ActionResult> results;
  {
    QbEventLoop loop(qb);
    PosixProcessRunner runner(loop);
    Executor executor(config_, loop, runner, [&](const ActionResult& r) {
      results.push_back(r);
      if (results.size() == 1) fs::remove(dir_ / "dummy.state");  // fail behind its back
      if (r.action == "stop") qb_loop_stop(qb);
    });
    auto request = [&](std::string action, int64_t interval_ms) {
      ActionRequest r;
      r.rsc_id = "d";
      r.agent = *ParseAgentSpec("ocf:heartbeat:Dummy");
      r.action = std::move(action);
      r.interval_ms = interval_ms;
      r.params = {{"state", (dir_ / "dummy.state").string()}};
      return r;
    };
    std::ofstream(dir_ / "dummy.state") << "";
    ASSERT_TRUE(executor.Submit(request("monitor", 50)).has_value());
    // Once the failure has been seen, stop; the loop ends at the stop's result (or 10 s).
    std::function<void()> poll = [&] {
      if (results.size() >= 2) {
        ASSERT_TRUE(executor.Submit(request("stop", 0)).has_value());
        return;
      }
      loop.AddTimer(20, poll);
    };
    loop.AddTimer(20, poll);
    loop.AddTimer(10000, [&] { qb_loop_stop(qb); });
    qb_loop_run(qb);
    EXPECT_EQ(executor.RecurringCount("d"), 0u);
  }
  qb_loop_destroy(qb);
  ASSERT_EQ(results.size(), 4u);
  EXPECT_EQ(results[0].rc, ocf_rc::kOk);
  EXPECT_EQ(results[1].rc, ocf_rc::kNotRunning);
  EXPECT_EQ(results[1].exit_reason, "No process state file found");
  EXPECT_EQ(results[2].op_status, OpStatus::kCancelled);
  EXPECT_EQ(results[3].action, "stop");
  EXPECT_TRUE(results[3].Succeeded());
}

}  // namespace
}  // namespace keel
