// `crm status` and `crm cib query` offline, with CIB_file: the file alone is the view.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/command.h"
#include "cli/status_view.h"

namespace keel {
namespace {

namespace fs = std::filesystem;

const char* kCib = R"(<cib admin_epoch="0" epoch="7" num_updates="3" have-quorum="1" dc-uuid="2">
  <configuration>
    <crm_config/>
    <nodes><node id="1" uname="node1"/><node id="2" uname="node2"><instance_attributes id="n2-a">
      <nvpair id="n2-a-standby" name="standby" value="on"/></instance_attributes></node><node id="3" uname="node3"/></nodes>
    <resources><primitive id="d" class="ocf" provider="heartbeat" type="Dummy"/></resources>
    <constraints/>
  </configuration>
  <status>
    <node_state id="1" uname="node1" in_ccm="true" crmd="online" join="member" expected="member">
      <lrm id="1"><lrm_resources><lrm_resource id="d" class="ocf" provider="heartbeat" type="Dummy">
        <lrm_rsc_op id="d_last_0" operation_key="d_start_0" operation="start" call-id="3" rc-code="0" op-status="0" interval="0"/>
      </lrm_resource></lrm_resources></lrm>
    </node_state>
    <node_state id="2" uname="node2" in_ccm="true" crmd="online" join="member" expected="member"/>
    <node_state id="3" uname="node3" in_ccm="false" crmd="offline" join="down" expected="down"/>
  </status>
</cib>
)";

class OfflineStatusTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = fs::temp_directory_path() / ("crm-status-" + std::to_string(getpid()) + ".xml");
    std::ofstream(path_) << kCib;
    setenv("CIB_file", path_.c_str(), 1);
    setenv("KEEL_IPC_NAME", "keel-no-such-crmd-for-tests", 1);
  }
  void TearDown() override {
    unsetenv("CIB_file");
    unsetenv("KEEL_IPC_NAME");
    fs::remove(path_);
  }
  fs::path path_;
  std::ostringstream out_, err_;
};

TEST_F(OfflineStatusTest, StatusReadsTheFileAloneAsCrmMonDoes) {
  ASSERT_EQ(RunStatusCommand({}, out_, err_), 0) << err_.str();
  const std::string text = out_.str();
  EXPECT_NE(text.find("DC: node2"), std::string::npos) << text;
  EXPECT_NE(text.find("partition with quorum"), std::string::npos) << text;
  EXPECT_NE(text.find("CIB: version 0.7.3"), std::string::npos) << text;
  EXPECT_NE(text.find("Online: [ node1 node2 ]"), std::string::npos) << text;
  EXPECT_NE(text.find("Offline: [ node3 ]"), std::string::npos) << text;
  EXPECT_NE(text.find("d (ocf:heartbeat:Dummy): Started [ node1 ]"), std::string::npos) << text;
  out_.str("");
  ASSERT_EQ(RunStatusCommand({"--json"}, out_, err_), 0) << err_.str();
  EXPECT_NE(out_.str().find(R"("dc":"node2","quorate":true)"), std::string::npos) << out_.str();
}

// #19 point 3: --json for resource status and node list/show (with CIB_file, offline).
TEST_F(OfflineStatusTest, ResourceStatusJson) {
  ASSERT_EQ(RunResourceCommand({"status", "d", "--json"}, out_, err_), 0) << err_.str();
  EXPECT_EQ(out_.str(), R"({"resource":"d","agent":"ocf:heartbeat:Dummy","running_on":["node1"],)"
                        R"("failed_on":[],"last_seen_on":[],"fail_counts":[]})"
                        "\n");
  out_.str("");
  EXPECT_EQ(RunResourceCommand({"status", "nosuch", "--json"}, out_, err_), 1);
  EXPECT_EQ(out_.str(), "");
}

TEST_F(OfflineStatusTest, NodeListAndShowAsTextAndJson) {
  ASSERT_EQ(RunNodeCommand({"list"}, out_, err_), 0) << err_.str();
  EXPECT_EQ(out_.str(), "node1: online\nnode2: online\nnode3: offline\n");
  out_.str("");
  ASSERT_EQ(RunNodeCommand({"show", "node2"}, out_, err_), 0) << err_.str();
  EXPECT_EQ(out_.str(), "node2: online\n  standby=on\n");
  out_.str("");
  ASSERT_EQ(RunNodeCommand({"list", "--json"}, out_, err_), 0) << err_.str();
  EXPECT_EQ(out_.str(), R"({"nodes":[{"name":"node1","id":"1","online":true,"attributes":{}},)"
                        R"({"name":"node2","id":"2","online":true,"attributes":{"standby":"on"}},)"
                        R"({"name":"node3","id":"3","online":false,"attributes":{}}]})"
                        "\n");
  out_.str("");
  err_.str("");
  EXPECT_EQ(RunNodeCommand({"show", "node9", "--json"}, out_, err_), 1);
  EXPECT_NE(err_.str().find("not a node of this cluster"), std::string::npos) << err_.str();
  EXPECT_EQ(RunNodeCommand({"list", "extra"}, out_, err_), 2);
}

// --watch (its redraws: cli/shell_tmux_test.sh) refuses what it cannot do, before starting.
TEST_F(OfflineStatusTest, WatchRefusesJsonAndBadIntervals) {
  for (const CommandArgs& args : std::vector<CommandArgs>{{"--watch", "--json"},
                                                          {"--watch", "--interval", "0"},
                                                          {"--watch", "--interval", "2s"},
                                                          {"--interval", "5"}}) {
    err_.str("");
    EXPECT_EQ(RunStatusCommand(args, out_, err_), 2) << args.back();
    EXPECT_NE(err_.str().find("usage: crm status"), std::string::npos) << err_.str();
  }
  EXPECT_TRUE(out_.str().empty());
}

TEST_F(OfflineStatusTest, CibQueryPrintsTheFile) {
  ASSERT_EQ(RunCibCommand({"query"}, out_, err_), 0) << err_.str();
  EXPECT_EQ(out_.str(), kCib);
}

TEST(OfflineStatusReportTest, ABadFileIsAnErrorNamingIt) {
  auto report = OfflineStatusReport("<cib><configuration>", "f.xml");
  ASSERT_FALSE(report.has_value());
  EXPECT_NE(report.error().ToString().find("f.xml"), std::string::npos)
      << report.error().ToString();
}

}  // namespace
}  // namespace keel
