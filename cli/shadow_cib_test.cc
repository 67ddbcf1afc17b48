// Shadow CIBs end to end on a CIB file standing for the live CIB.
#include "cli/shadow_cib.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/command.h"

namespace keel {
namespace {

namespace fs = std::filesystem;

const char* kCib = R"(<cib admin_epoch="0" epoch="4" num_updates="1">
  <configuration>
    <crm_config><cluster_property_set id="opts">
      <nvpair id="opts-nqp" name="no-quorum-policy" value="stop"/>
    </cluster_property_set></crm_config>
    <nodes><node id="1" uname="node1"/></nodes>
    <resources/>
    <constraints/>
  </configuration>
  <status/>
</cib>
)";

class ShadowCibTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("crm-shadow-" + std::to_string(getpid()));
    fs::create_directories(dir_);
    live_ = (dir_ / "live.xml").string();
    std::ofstream(live_) << kCib;
    setenv("CIB_file", live_.c_str(), 1);
    setenv("CIB_shadow_dir", (dir_ / "shadows").c_str(), 1);
  }
  void TearDown() override {
    unsetenv("CIB_file");
    unsetenv("CIB_shadow_dir");
    unsetenv("CIB_shadow");
    fs::remove_all(dir_);
  }
  int Cib(const CommandArgs& args) {
    out_.str("");
    err_.str("");
    return RunCibCommand(args, out_, err_);
  }
  int Configure(const CommandArgs& args) {
    out_.str("");
    err_.str("");
    return RunConfigureCommand(args, out_, err_);
  }
  std::string Live() const {
    std::ifstream in(live_);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }
  fs::path dir_;
  std::string live_;
  std::ostringstream out_, err_;
};

TEST_F(ShadowCibTest, ChangesGoToTheShadowUntilItIsCommitted) {
  ASSERT_EQ(Cib({"new", "test"}), 0) << err_.str();
  EXPECT_NE(out_.str().find("export CIB_shadow=test"), std::string::npos);
  EXPECT_NE(Cib({"new", "test"}), 0) << "exists already";
  setenv("CIB_shadow", "test", 1);
  ASSERT_EQ(Configure({"property", "no-quorum-policy=freeze"}), 0) << err_.str();
  // crm status (and every one-shot) sees the shadow, and says so.
  out_.str("");
  ASSERT_EQ(RunStatusCommand({}, out_, err_), 0) << err_.str();
  EXPECT_NE(out_.str().find("Cluster (seen from (shadow test)):"), std::string::npos) << out_.str();
  unsetenv("CIB_shadow");
  EXPECT_EQ(Live(), kCib) << "the live CIB is untouched";
  ASSERT_EQ(Cib({"diff", "test"}), 0) << err_.str();
  EXPECT_NE(out_.str().find("- \tno-quorum-policy=stop\n+ \tno-quorum-policy=freeze"),
            std::string::npos)
      << out_.str();
  ASSERT_EQ(Cib({"list"}), 0);
  EXPECT_EQ(out_.str(), "test\n");
  ASSERT_EQ(Cib({"commit", "test"}), 0) << err_.str();
  EXPECT_NE(Live().find("value=\"freeze\""), std::string::npos);
  ASSERT_EQ(Cib({"delete", "test"}), 0) << err_.str();
  ASSERT_EQ(Cib({"list"}), 0);
  EXPECT_EQ(out_.str(), "");
}

TEST_F(ShadowCibTest, CommitRefusesWhenTheLiveCibMovedOnSinceTheShadowWasMade) {
  ASSERT_EQ(Cib({"new", "test"}), 0) << err_.str();
  ASSERT_EQ(Configure({"property", "maintenance-mode=false"}), 0) << err_.str();
  const std::string live = Live();
  EXPECT_EQ(Cib({"commit", "test"}), 1);
  EXPECT_NE(err_.str().find("the live configuration changed since shadow test was created"),
            std::string::npos)
      << err_.str();
  EXPECT_EQ(Live(), live);
  EXPECT_EQ(Cib({"commit", "test", "--force"}), 0) << err_.str();
  EXPECT_EQ(Live().find("maintenance-mode"), std::string::npos) << "--force: the shadow wins";
}

// `property` without $id changes the cluster's option where it is, also in a set not called
// cib-bootstrap-options (it used to add a second set, leaving the first one's value in force).
TEST_F(ShadowCibTest, PropertyUpdatesTheOptionInItsExistingSet) {
  ASSERT_EQ(Configure({"property", "no-quorum-policy=freeze"}), 0) << err_.str();
  const std::string live = Live();
  EXPECT_NE(live.find(R"(<nvpair id="opts-nqp" name="no-quorum-policy" value="freeze"/>)"),
            std::string::npos)
      << live;
  EXPECT_EQ(live.find("cib-bootstrap-options"), std::string::npos) << live;
  ASSERT_EQ(Configure({"property", "$id=extra", "maintenance-mode=false"}), 0) << err_.str();
  EXPECT_NE(Live().find(R"(cluster_property_set id="extra")"), std::string::npos) << Live();
}

TEST_F(ShadowCibTest, BadNamesAndMissingShadowsAreErrors) {
  EXPECT_EQ(Cib({"new", "../etc"}), 2);
  EXPECT_EQ(Cib({"diff", "nosuch"}), 1);
  EXPECT_NE(err_.str().find("no such shadow CIB"), std::string::npos) << err_.str();
  EXPECT_EQ(Cib({"delete", "nosuch"}), 1);
}

TEST(LineDiffTest, ShowsChangesWithTwoLinesOfContext) {
  EXPECT_EQ(LineDiff("a\nb\n", "a\nb\n"), "");
  EXPECT_EQ(LineDiff("1\n2\n3\n4\n5\n6\n7\n", "1\n2\n3\n4\nX\n6\n7\n"),
            "...\n  3\n  4\n- 5\n+ X\n  6\n  7\n");
  EXPECT_EQ(LineDiff("a\n", "a\nb\n"), "  a\n+ b\n");
}

}  // namespace
}  // namespace keel
