// AlertRunner with real processes on crmd's kind of loop (libqb, posix_spawn): the sample agent
// records a node event; a hanging alert's whole process group is gone after its timeout, and
// Submit returns without waiting for either.
#include <gtest/gtest.h>
#include <qb/qbloop.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "crmd/alerts/alert_events.h"
#include "crmd/alerts/alert_runner.h"
#include "crmd/executor/posix_process_runner.h"
#include "crmd/executor/qb_event_loop.h"
#include "crmd/executor/testing/process_state.h"
#include "xml/cib_parse.h"

namespace keel {
namespace {

namespace fs = std::filesystem;

using testing::DeadOrZombie;
using testing::ReadFile;

TEST(AlertRunnerRealTest, SampleAgentRecordsAndAHangingAlertIsKilled) {
  std::string pattern = (fs::temp_directory_path() / "keel-alerts-XXXXXX").string();
  ASSERT_NE(mkdtemp(pattern.data()), nullptr);
  const fs::path dir = pattern;
  const fs::path agent = fs::absolute("agents/alerts/alert_file.sh");  // tests run in the source
  ASSERT_TRUE(fs::exists(agent)) << agent;
  std::ofstream(dir / "hang.sh") << "#!/bin/sh\necho $$ > " << (dir / "hang.pid").string()
                                 << "\nsleep 1000 &\necho $! > " << (dir / "sleep.pid").string()
                                 << "\nwait\n";
  fs::permissions(dir / "hang.sh", fs::perms(0755));
  auto cib = ParseCib(
      "<cib admin_epoch=\"0\" epoch=\"1\" num_updates=\"0\"><configuration><nodes/><resources/>"
      "<alerts><alert id=\"file\" path=\"" +
          agent.string() + "\"><recipient id=\"r\" value=\"" + (dir / "alerts.log").string() +
          "\"/></alert><alert id=\"hang\" path=\"" + (dir / "hang.sh").string() +
          "\"><meta_attributes id=\"m\"><nvpair id=\"m-t\" name=\"timeout\" value=\"1s\"/>"
          "</meta_attributes></alert></alerts></configuration></cib>",
      "cib.xml");
  ASSERT_TRUE(cib.has_value()) << JoinErrors(cib.error());
  AlertEvent lost;
  lost.kind = AlertKind::kNode;
  lost.node = "node2";
  lost.node_id = "2";
  lost.desc = "lost";
  std::vector<AlertRun> runs =
      AlertRuns(cib->cib.configuration.alerts, lost, AlertContext{1796506215123456, 0, 1, "test"});
  ASSERT_EQ(runs.size(), 2u);

  qb_loop_t* qb = qb_loop_create();
  ASSERT_NE(qb, nullptr);
  std::vector<std::string> logs;
  size_t running_after_submit = 0;
  {
    QbEventLoop loop(qb);
    PosixProcessRunner runner(loop);
    AlertRunner alerts(loop, runner, [&](const std::string& l) { logs.push_back(l); });
    for (AlertRun& run : runs) alerts.Submit(std::move(run));
    running_after_submit = alerts.running();  // Submit returned without waiting for either
    std::function<void()> poll = [&] {
      if (alerts.running() == 0) {
        qb_loop_stop(qb);
        return;
      }
      loop.AddTimer(20, poll);
    };
    loop.AddTimer(20, poll);
    loop.AddTimer(10000, [&] { qb_loop_stop(qb); });
    qb_loop_run(qb);
    EXPECT_EQ(alerts.running(), 0u);
  }
  qb_loop_destroy(qb);
  EXPECT_EQ(running_after_submit, 2u);
  EXPECT_EQ(ReadFile(dir / "alerts.log"),
            "21:30:15.123456 kind=node node=node2 nodeid=2 desc=lost node_sequence=1 "
            "timestamp_epoch=1796506215 timestamp_usec=123456 version=test\n");
  EXPECT_EQ(logs, std::vector<std::string>{
                      "alert hang timed out after 1000 ms: its process group was killed"});
  const pid_t hang = std::stoi(ReadFile(dir / "hang.pid"));
  const pid_t sleeper = std::stoi(ReadFile(dir / "sleep.pid"));
  EXPECT_TRUE(testing::AllDieWithin(std::chrono::seconds(2), hang)) << hang;
  // the group, not only the agent
  EXPECT_TRUE(testing::AllDieWithin(std::chrono::seconds(2), sleeper)) << sleeper;
  if (!DeadOrZombie(sleeper)) kill(sleeper, SIGKILL);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace keel
