// `crm configure verify` and alert paths: missing or not executable is an error naming the alert.
#include "cli/alert_paths.h"

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

class AlertPathsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("alert-paths-" + std::to_string(getpid()));
    fs::create_directories(dir_);
    std::ofstream(dir_ / "run.sh") << "#!/bin/sh\nexit 0\n";
    fs::permissions(dir_ / "run.sh", fs::perms::owner_all);
    std::ofstream(dir_ / "plain.sh") << "#!/bin/sh\nexit 0\n";
    fs::permissions(dir_ / "plain.sh", fs::perms::owner_read | fs::perms::owner_write);
  }
  void TearDown() override { fs::remove_all(dir_); }

  Alert Named(std::string id, const fs::path& path) {
    Alert alert;
    alert.id = std::move(id);
    alert.path = path.string();
    return alert;
  }

  fs::path dir_;
};

TEST_F(AlertPathsTest, EachBadPathIsAnErrorNamingTheAlert) {
  Configuration config;
  config.alerts = {Named("ok", dir_ / "run.sh"), Named("gone", dir_ / "missing.sh"),
                   Named("plain", dir_ / "plain.sh"), Named("dir", dir_)};
  Errors errors = CheckAlertPaths(config);
  std::vector<std::string> got;
  for (const Error& e : errors) got.push_back(e.ToString());
  const std::string d = dir_.string();
  EXPECT_EQ(got,
            (std::vector<std::string>{"gone: alert path '" + d + "/missing.sh' does not exist",
                                      "plain: alert path '" + d + "/plain.sh' is not executable",
                                      "dir: alert path '" + d + "' is not a regular file"}));
}

TEST_F(AlertPathsTest, VerifyExitsTwoOnAMissingAlertPath) {
  auto cib = [&](const std::string& path) {
    return "<cib admin_epoch=\"0\" epoch=\"1\" num_updates=\"0\" validate-with=\"pacemaker-3.0\">"
           "<configuration><crm_config/><nodes><node id=\"1\" uname=\"node1\"/></nodes>"
           "<resources/><constraints/><alerts><alert id=\"notify\" path=\"" +
           path + "\"/></alerts></configuration><status/></cib>";
  };
  const std::string file = (dir_ / "cib.xml").string();
  setenv("CIB_file", file.c_str(), 1);
  std::ostringstream out, err;
  std::ofstream(file) << cib((dir_ / "missing.sh").string());
  EXPECT_EQ(RunConfigureCommand({"verify"}, out, err), 2) << err.str();
  EXPECT_NE(err.str().find("ERROR: notify: alert path '"), std::string::npos) << err.str();

  std::ofstream(file) << cib((dir_ / "run.sh").string());
  err.str("");
  EXPECT_EQ(RunConfigureCommand({"verify"}, out, err), 1) << err.str();  // no fence device
  EXPECT_EQ(err.str().find("alert path"), std::string::npos) << err.str();
  EXPECT_EQ(err.str().find("not supported"), std::string::npos) << err.str();
  unsetenv("CIB_file");
}

}  // namespace
}  // namespace keel
