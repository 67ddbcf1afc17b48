// attrd_updater / crm_attribute / crm_master output and exit codes against a fake attribute
// service (transient attributes) and a CIB_file (permanent ones).

#include "cli/attr_tool.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace keel {
namespace {

namespace fs = std::filesystem;

// Holds attributes per node; "self" is n1.
class FakeAttrService : public AttrService {
 public:
  std::expected<std::string, Error> Call(const IpcAttribute& r) override {
    calls.push_back(r);
    if (down) return std::unexpected(Error{ErrorCode::kRefused, "crmd is not running", ""});
    std::string node = r.node.empty() ? "n1" : r.node;
    if (r.op == "whoami") return std::string("n1");
    if (r.op == "set") values[node][r.name] = r.value;
    if (r.op == "delete") values[node].erase(r.name);
    if (r.op != "query") return std::string();
    std::vector<std::pair<std::string, std::string>> rows;
    for (const auto& [n, attrs] : values) {
      if ((node == "*" || n == node) && attrs.contains(r.name))
        rows.emplace_back(n, attrs.at(r.name));
    }
    return EncodeAttributeAnswer(rows);
  }
  std::map<std::string, std::map<std::string, std::string>> values;
  std::vector<IpcAttribute> calls;
  bool down = false;
};

class AttrToolTest : public ::testing::Test {
 protected:
  int Run(const std::string& tool, const std::vector<std::string>& args,
          std::optional<std::string> instance = std::nullopt) {
    out_.str("");
    err_.str("");
    EnvLookup env = [instance](const std::string& name) -> std::optional<std::string> {
      return name == "OCF_RESOURCE_INSTANCE" ? instance : std::nullopt;
    };
    return RunAttrTool("/usr/lib/keel/bin/" + tool, args, service_, env, out_, err_);
  }
  FakeAttrService service_;
  std::ostringstream out_, err_;
};

TEST_F(AttrToolTest, AttrdUpdaterSetsQueriesAndDeletesAsPacemakerPrints) {
  EXPECT_EQ(Run("attrd_updater", {"-n", "pingd", "-v", "100", "-d", "5s"}), 0) << err_.str();
  ASSERT_EQ(service_.calls.size(), 1u);
  EXPECT_EQ(service_.calls[0], (IpcAttribute{"set", "", "pingd", "100", 5000, false}));
  EXPECT_EQ(Run("attrd_updater", {"-n", "pingd", "-Q"}), 0);
  EXPECT_EQ(out_.str(), "name=\"pingd\" host=\"n1\" value=\"100\"\n");
  service_.values["n2"]["pingd"] = "0";
  EXPECT_EQ(Run("attrd_updater", {"-n", "pingd", "-Q", "-A"}), 0);
  EXPECT_EQ(out_.str(),
            "name=\"pingd\" host=\"n1\" value=\"100\"\nname=\"pingd\" host=\"n2\" value=\"0\"\n");
  EXPECT_EQ(Run("attrd_updater", {"-n", "pingd", "-D"}), 0);
  EXPECT_EQ(Run("attrd_updater", {"-n", "pingd", "-Q"}), 105);
  EXPECT_EQ(out_.str(), "");
  EXPECT_EQ(err_.str(),
            "attrd_updater: Could not query value of pingd: attribute does not exist\n");
}

TEST_F(AttrToolTest, CrmAttributeQueryFormats) {
  service_.values["n2"]["x"] = "v 1";
  EXPECT_EQ(Run("crm_attribute", {"-N", "n2", "-l", "reboot", "-n", "x", "-G"}), 0);
  EXPECT_EQ(out_.str(), "scope=status  name=x value=v 1\n");
  EXPECT_EQ(Run("crm_attribute", {"-N", "n2", "-t", "status", "-n", "x", "-G", "-q"}), 0);
  EXPECT_EQ(out_.str(), "v 1\n");
  EXPECT_EQ(Run("crm_attribute", {"-N", "n2", "-l", "reboot", "-n", "y", "-G"}), 105);
  EXPECT_EQ(err_.str(), "crm_attribute: Error performing operation: No such device or address\n");
  EXPECT_EQ(Run("crm_attribute", {"-N", "n2", "-l", "reboot", "-n", "y", "-G", "-q", "-d", "7"}),
            0);
  EXPECT_EQ(out_.str(), "7\n");
}

TEST_F(AttrToolTest, CrmMasterSetsThePromotionScoreOfItsResource) {
  EXPECT_EQ(Run("crm_master", {"-l", "reboot", "-v", "100"}, "pgsql:0"), 0) << err_.str();
  EXPECT_EQ(service_.values["n1"]["master-pgsql"], "100");
  EXPECT_EQ(Run("crm_master", {"-l", "reboot", "-G", "-q"}, "pgsql:0"), 0);
  EXPECT_EQ(out_.str(), "100\n");
  EXPECT_EQ(Run("crm_master", {"-l", "reboot", "-D"}, "pgsql:0"), 0);
  EXPECT_FALSE(service_.values["n1"].contains("master-pgsql"));
  EXPECT_EQ(Run("crm_master", {"-v", "1"}), 64);
}

TEST_F(AttrToolTest, AwkwardValuesPassVerbatimAndNothingElseIsCalled) {
  const std::string value = "a'b\"c; $(reboot) `id` |&><\nline2";
  EXPECT_EQ(Run("attrd_updater", {"-n", "x; rm -rf /", "-U", value}), 0);
  EXPECT_EQ(service_.values["n1"]["x; rm -rf /"], value);
  EXPECT_EQ(service_.calls.size(), 1u);
}

TEST_F(AttrToolTest, RefusalsChangeNothing) {
  EXPECT_EQ(Run("attrd_updater", {"-n", "x", "-R"}), 3);
  EXPECT_EQ(err_.str(), "not supported: attrd_updater -R\n");
  EXPECT_EQ(Run("crm_attribute", {"-n", "x", "-v", "1"}), 3);
  EXPECT_EQ(Run("attrd_updater", {"-n", "x"}), 64);
  EXPECT_EQ(Run("keel_attr", {"-n", "x"}), 64);
  EXPECT_TRUE(service_.calls.empty());
  service_.down = true;
  EXPECT_EQ(Run("attrd_updater", {"-n", "x", "-Q"}), 102);
  EXPECT_NE(err_.str().find("crmd is not running"), std::string::npos);
}

TEST_F(AttrToolTest, StatusAttrOfCrmNode) {
  EXPECT_EQ(RunNodeStatusAttrCommand({"status-attr", "n2", "set", "x", "1"}, service_, out_, err_),
            0);
  EXPECT_EQ(service_.values["n2"]["x"], "1");
  EXPECT_EQ(RunNodeStatusAttrCommand({"status-attr", "n2", "show", "x"}, service_, out_, err_), 0);
  EXPECT_EQ(out_.str(), "scope=status  name=x value=1\n");
  EXPECT_EQ(RunNodeStatusAttrCommand({"status-attr", "n2", "delete", "x"}, service_, out_, err_),
            0);
  EXPECT_EQ(RunNodeStatusAttrCommand({"status-attr", "n2", "show", "x"}, service_, out_, err_), 1);
  EXPECT_EQ(RunNodeStatusAttrCommand({"status-attr", "n2", "set", "x"}, service_, out_, err_), 2);
}

constexpr std::string_view kCib = R"(<cib admin_epoch="0" epoch="1" num_updates="0">
  <configuration>
    <crm_config/>
    <nodes><node id="1" uname="n1"/><node id="2" uname="n2"/></nodes>
    <resources/>
    <constraints/>
  </configuration>
  <status/>
</cib>
)";

class PermanentAttrTest : public AttrToolTest {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("attr-tool-test-" + std::to_string(getpid()));
    fs::create_directories(dir_);
    cib_ = (dir_ / "cib.xml").string();
    std::ofstream(cib_) << kCib;
    setenv("CIB_file", cib_.c_str(), 1);
  }
  void TearDown() override {
    unsetenv("CIB_file");
    fs::remove_all(dir_);
  }
  fs::path dir_;
  std::string cib_;
};

TEST_F(PermanentAttrTest, ForeverAttributesLiveInTheNodesEntry) {
  EXPECT_EQ(Run("crm_attribute", {"-N", "n2", "-n", "rack", "-v", "r1"}), 0) << err_.str();
  EXPECT_EQ(Run("crm_attribute", {"-N", "n2", "-n", "rack", "-G"}), 0) << err_.str();
  EXPECT_EQ(out_.str(), "scope=nodes  name=rack value=r1\n");
  EXPECT_EQ(Run("crm_attribute", {"-l", "forever", "-n", "rack", "-v", "r2"}), 0) << err_.str();
  EXPECT_EQ(Run("crm_attribute", {"-N", "n1", "-t", "nodes", "-n", "rack", "-G", "-q"}), 0);
  EXPECT_EQ(out_.str(), "r2\n");
  EXPECT_EQ(Run("crm_attribute", {"-N", "n2", "-n", "rack", "-D"}), 0) << err_.str();
  EXPECT_EQ(Run("crm_attribute", {"-N", "n2", "-n", "rack", "-G"}), 105);
  EXPECT_EQ(Run("crm_attribute", {"-N", "n9", "-n", "rack", "-v", "1"}), 105);
  EXPECT_NE(err_.str().find("n9"), std::string::npos);
}

}  // namespace
}  // namespace keel
