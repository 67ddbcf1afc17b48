// crm_node -n/-l/-p/-q output and exit codes against a fake crmd status report.

#include "cli/attr_crm_node.h"

#include <gtest/gtest.h>

#include <sstream>

namespace keel {
namespace {

constexpr const char* kReport = R"(<crmd_status local_id="2" local_name="node2" dc_id="1"
    dc_name="node1" quorate="true" synced="true" cib_version="0.5.3">
  <node id="10" name="node10" online="true"/>
  <node id="1" name="node1" online="true"/>
  <node id="2" name="node2" online="true"/>
  <node id="3" name="Node3" online="false"/>
</crmd_status>)";

class FakeStatusSource : public NodeStatusSource {
 public:
  std::expected<std::string, Error> Report() override {
    ++calls;
    if (down) return std::unexpected(Error{ErrorCode::kRefused, "Connection refused", ""});
    return report;
  }
  std::string report = kReport;
  bool down = false;
  int calls = 0;
};

class CrmNodeTest : public ::testing::Test {
 protected:
  int Run(const std::vector<std::string>& args) {
    out_.str("");
    err_.str("");
    EnvLookup env = [this](const std::string& name) -> std::optional<std::string> {
      return name == "OCF_RESKEY_CRM_meta_on_node" ? on_node_ : std::nullopt;
    };
    return RunCrmNode(args, source_, env, out_, err_);
  }
  FakeStatusSource source_;
  std::optional<std::string> on_node_;
  std::ostringstream out_, err_;
};

TEST_F(CrmNodeTest, NameIsTheLocalNode) {
  EXPECT_EQ(Run({"-n"}), 0) << err_.str();
  EXPECT_EQ(out_.str(), "node2\n");
  EXPECT_EQ(Run({"--name"}), 0);
  EXPECT_EQ(out_.str(), "node2\n");
}

TEST_F(CrmNodeTest, NameComesFromTheAgentEnvironmentFirst) {
  on_node_ = "node7";
  EXPECT_EQ(Run({"-n"}), 0);
  EXPECT_EQ(out_.str(), "node7\n");
  EXPECT_EQ(source_.calls, 0);
}

TEST_F(CrmNodeTest, ListIsIdNameStateSortedByNameNumerically) {
  EXPECT_EQ(Run({"-l"}), 0) << err_.str();
  EXPECT_EQ(out_.str(), "1 node1 member\n2 node2 member\n3 Node3 lost\n10 node10 member\n");
}

TEST_F(CrmNodeTest, PartitionIsTheMembersOnOneLine) {
  EXPECT_EQ(Run({"-p"}), 0) << err_.str();
  EXPECT_EQ(out_.str(), "node1 node2 node10\n");
}

TEST_F(CrmNodeTest, PartitionWithoutMembersPrintsNothing) {
  source_.report = R"(<crmd_status local_name="n1" quorate="false"><node id="1" name="n1"
      online="false"/></crmd_status>)";
  EXPECT_EQ(Run({"-p"}), 0);
  EXPECT_EQ(out_.str(), "");
}

TEST_F(CrmNodeTest, QuorumIsOneOrZeroWithExitZero) {
  EXPECT_EQ(Run({"-q"}), 0);
  EXPECT_EQ(out_.str(), "1\n");
  source_.report = R"(<crmd_status local_name="n1" quorate="false"/>)";
  EXPECT_EQ(Run({"--quorum"}), 0);
  EXPECT_EQ(out_.str(), "0\n");
}

TEST_F(CrmNodeTest, TheLastCommandWins) {
  EXPECT_EQ(Run({"-n", "-q"}), 0);
  EXPECT_EQ(out_.str(), "1\n");
}

TEST_F(CrmNodeTest, CrmdDownIsNotConnected) {
  source_.down = true;
  EXPECT_EQ(Run({"-l"}), 102);
  EXPECT_EQ(out_.str(), "");
  EXPECT_NE(err_.str().find("could not connect to crmd: Connection refused"), std::string::npos);
}

TEST_F(CrmNodeTest, ABadReportIsAnError) {
  source_.report = "<cib/>";
  EXPECT_EQ(Run({"-l"}), 1);
  EXPECT_NE(err_.str().find("expected <crmd_status>"), std::string::npos) << err_.str();
}

TEST_F(CrmNodeTest, PacemakerOptionsKeelLacksAreNotSupported) {
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{{"-i"},
                                             {"-N", "1"},
                                             {"--remove=node3"},
                                             {"-R", "n", "-f"},
                                             {"--output-as=xml", "-l"},
                                             {"-Q", "-n"}}) {
    EXPECT_EQ(Run(args), 3) << args[0];
    EXPECT_NE(err_.str().find("not supported: crm_node -"), std::string::npos) << err_.str();
    EXPECT_EQ(out_.str(), "");
  }
  EXPECT_EQ(source_.calls, 0);
}

TEST_F(CrmNodeTest, UsageErrors) {
  EXPECT_EQ(Run({}), 64);
  EXPECT_NE(err_.str().find("usage: crm_node"), std::string::npos);
  EXPECT_EQ(Run({"-x"}), 64);
  EXPECT_NE(err_.str().find("unknown option '-x'"), std::string::npos);
  EXPECT_EQ(Run({"-l", "node1"}), 64);
  EXPECT_EQ(Run({"--list=yes"}), 64);
  EXPECT_EQ(source_.calls, 0);
}

}  // namespace
}  // namespace keel
