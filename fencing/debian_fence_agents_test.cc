// Debian's fence-agents, unmodified, as Keel fence devices: fence_dummy (type=file) needs no
// hardware. Skipped (visibly) when the package is not installed.

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "fencing/fencer.h"
#include "fencing/local_agent.h"
#include "fencing/posix_agent_runner.h"
#include "xml/cib_parse.h"

namespace keel {
namespace {

namespace fs = std::filesystem;

class DebianFenceAgentsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (access("/usr/sbin/fence_dummy", X_OK) != 0) {
      GTEST_SKIP() << "fence-agents is not installed (/usr/sbin/fence_dummy)";
    }
    std::string templ = (fs::temp_directory_path() / "keel-fence-dummy-XXXXXX").string();
    ASSERT_NE(mkdtemp(templ.data()), nullptr);
    dir_ = templ;
    status_file_ = (dir_ / "power").string();
  }
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  FencerConfig Config(const std::string& host_attrs) {
    const std::string text =
        "<cib validate-with=\"pacemaker-3.0\" admin_epoch=\"0\" epoch=\"1\" num_updates=\"0\">"
        "<configuration><crm_config/><nodes/><resources>"
        "<primitive id=\"dummy\" class=\"stonith\" type=\"fence_dummy\">"
        "<instance_attributes id=\"dummy-ia\">"
        "<nvpair id=\"t\" name=\"type\" value=\"file\"/>"
        "<nvpair id=\"s\" name=\"status_file\" value=\"" +
        status_file_ + "\"/>" + host_attrs +
        "</instance_attributes></primitive></resources><constraints/></configuration>"
        "<status/></cib>";
    auto parsed = ParseCib(text, "cib.xml");
    EXPECT_TRUE(parsed) << (parsed ? "" : JoinErrors(parsed.error()));
    auto config = FencerConfigFromCib(parsed->cib.configuration, "cib.xml");
    EXPECT_TRUE(config) << (config ? "" : JoinErrors(config.error()));
    return *config;
  }

  // Performs the fencer's runs with the real runner until it reports an outcome (bounded).
  FenceOutcome Fence(Fencer& fencer, FenceAction action) {
    int64_t now = 1;
    EXPECT_TRUE(fencer.Request(FenceRequest{"n3", action, "test"}, FenceClock{now, now}));
    for (int round = 0; round < 20; ++round) {
      for (FencerEffect& effect : fencer.TakeEffects()) {
        if (auto* outcome = std::get_if<FenceOutcome>(&effect)) return *outcome;
        if (auto* run = std::get_if<RunAgentEffect>(&effect)) {
          const AgentExit exit = RunAgentLocally(runner_, kDefaultFenceAgentDir, *run);
          ++now;
          fencer.AgentDone(run->run_id, exit, FenceClock{now, now});
        }
      }
    }
    ADD_FAILURE() << "no outcome";
    return {};
  }

  std::string PowerFile() {
    std::ifstream in(status_file_);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

  AgentExit Status() {
    AgentInvocation run;
    run.path = "/usr/sbin/fence_dummy";
    run.stdin_text = "action=status\ntype=file\nstatus_file=" + status_file_ + "\n";
    run.timeout_ms = 20000;
    return runner_.Run(run);
  }

  fs::path dir_;
  std::string status_file_;
  PosixAgentRunner runner_;
};

TEST_F(DebianFenceAgentsTest, MetadataParses) {
  auto metadata = QueryFenceMetadata(runner_, kDefaultFenceAgentDir, "fence_dummy", 20000);
  ASSERT_TRUE(metadata) << metadata.error().ToString();
  EXPECT_EQ(metadata->name, "fence_dummy");
  for (const char* action : {"on", "off", "reboot", "status", "monitor", "metadata"}) {
    EXPECT_TRUE(metadata->HasAction(action)) << action;
  }
  ASSERT_NE(metadata->Parameter("status_file"), nullptr);
  EXPECT_EQ(metadata->Parameter("status_file")->default_value, "/tmp/fence_dummy.status");
  EXPECT_TRUE(metadata->Parameter("action")->required);
}

TEST_F(DebianFenceAgentsTest, OffThenOnThroughTheFencerAndStatusAgrees) {
  Fencer fencer(Config("<nvpair id=\"h\" name=\"pcmk_host_list\" value=\"n3\"/>"), "n1");
  fencer.SetMembers({{"n1", 1}, {"n2", 2}, {"n3", 3}}, FenceClock{});
  std::ofstream(status_file_) << "on";  // powered on; a missing file reads as off
  ASSERT_EQ(Status().exit_code, 0);
  const FenceOutcome off = Fence(fencer, FenceAction::kOff);
  EXPECT_TRUE(off.success) << off.reason;
  EXPECT_EQ(off.executor, "n1");
  EXPECT_EQ(PowerFile(), "off");
  AgentExit status = Status();
  EXPECT_EQ(status.exit_code, 2) << status.err;  // 2 = off
  EXPECT_EQ(JudgeAgentExit(FenceAction::kStatus, status).powered_on, false);

  const FenceOutcome on = Fence(fencer, FenceAction::kOn);
  EXPECT_TRUE(on.success) << on.reason;
  EXPECT_EQ(PowerFile(), "on");
  status = Status();
  EXPECT_EQ(status.exit_code, 0) << status.err;
  EXPECT_EQ(fencer.History().size(), 2u);
}

TEST_F(DebianFenceAgentsTest, DeviceMonitorAndMetadataCheck) {
  const FencerConfig config = Config("");
  ASSERT_EQ(config.devices.size(), 1u);
  auto invocation =
      DeviceInvocation(config.devices[0], FenceAction::kMonitor, "", kDefaultFenceAgentDir, 20000);
  ASSERT_TRUE(invocation) << invocation.error().ToString();
  EXPECT_EQ(invocation->path, "/usr/sbin/fence_dummy");
  EXPECT_EQ(invocation->stdin_text,
            "action=monitor\ntype=file\nstatus_file=" + status_file_ + "\n");
  const AgentExit exit = runner_.Run(*invocation);
  EXPECT_TRUE(JudgeAgentExit(FenceAction::kMonitor, exit).ok) << DescribeAgentExit(exit);

  auto metadata = QueryFenceMetadata(runner_, kDefaultFenceAgentDir, "fence_dummy", 20000);
  ASSERT_TRUE(metadata);
  EXPECT_TRUE(CheckDeviceAgainstMetadata(config.devices[0], *metadata).empty());
}

TEST_F(DebianFenceAgentsTest, AgentWithoutListCannotPassADynamicListCheck) {
  // fence_dummy has no `list` action: the dynamic-list check fails, so it fences nothing.
  Fencer fencer(Config(""), "n1");
  fencer.SetMembers({{"n1", 1}, {"n3", 3}}, FenceClock{});
  const FenceOutcome outcome = Fence(fencer, FenceAction::kOff);
  EXPECT_FALSE(outcome.success);
  EXPECT_EQ(outcome.reason, "no fence device can fence n3");
  const auto history = fencer.History();
  ASSERT_EQ(history[0].attempts.size(), 1u);
  EXPECT_EQ(history[0].attempts[0].action, "list");
  EXPECT_FALSE(history[0].attempts[0].ok);
  EXPECT_FALSE(fs::exists(status_file_));
}

}  // namespace
}  // namespace keel
