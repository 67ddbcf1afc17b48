#include "cli/cluster_init.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/command.h"
#include "cli/verify_corosync.h"
#include "xml/cib_parse.h"
#include "xml/cluster_options.h"

namespace keel {
namespace {

namespace fs = std::filesystem;

ClusterInitOptions Three() {
  ClusterInitOptions options;
  options.cluster_name = "web";
  options.nodes = *ParseClusterNodes("n1=192.0.2.11,n2=192.0.2.12,n3=192.0.2.13");
  return options;
}

std::string Messages(const Errors& errors) { return JoinErrors(errors); }

TEST(ClusterNodes, ParsesNamesAddressesAndIdsInOrder) {
  auto nodes = ParseClusterNodes("alpha=192.0.2.1,beta=2001:db8::2,gamma=node-c.example.org");
  ASSERT_TRUE(nodes.has_value()) << Messages(nodes.error());
  ASSERT_EQ(nodes->size(), 3u);
  EXPECT_EQ((*nodes)[0].name, "alpha");
  EXPECT_EQ((*nodes)[0].addr, "192.0.2.1");
  EXPECT_EQ((*nodes)[0].nodeid, 1);
  EXPECT_EQ((*nodes)[1].addr, "2001:db8::2");
  EXPECT_EQ((*nodes)[1].nodeid, 2);
  EXPECT_EQ((*nodes)[2].addr, "node-c.example.org");
  EXPECT_EQ((*nodes)[2].nodeid, 3);
}

TEST(ClusterNodes, ReportsEveryBadEntryByPosition) {
  auto nodes = ParseClusterNodes(
      "n1=192.0.2.1,n1=192.0.2.2,n3,n4=192.0.2.1,-x=192.0.2.5,"
      "n6=192.0.2.300,n7=fe80::1::2,n8=bad_host,");
  ASSERT_FALSE(nodes.has_value());
  const std::string text = Messages(nodes.error());
  EXPECT_EQ(nodes.error().size(), 8u) << text;
  EXPECT_NE(text.find("entry 2 'n1=192.0.2.2': node name 'n1' is given twice"), std::string::npos)
      << text;
  EXPECT_NE(text.find("entry 3 'n3': expected NAME=ADDR"), std::string::npos) << text;
  EXPECT_NE(text.find("entry 4 'n4=192.0.2.1': address 192.0.2.1 is given twice"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("entry 5 '-x=192.0.2.5': node name '-x' must be"), std::string::npos) << text;
  EXPECT_NE(text.find("'192.0.2.300' is not a valid IPv4 address"), std::string::npos) << text;
  EXPECT_NE(text.find("'fe80::1::2' is not a valid IPv6 address"), std::string::npos) << text;
  EXPECT_NE(text.find("'bad_host' is neither an IP address nor a valid host name"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("entry 9 '': expected NAME=ADDR"), std::string::npos) << text;
  for (const Error& e : nodes.error()) EXPECT_EQ(e.where, "--nodes");
}

TEST(ClusterInit, ChecksTheCombination) {
  ClusterInitOptions one;
  one.cluster_name = "bad name";
  one.nodes = *ParseClusterNodes("n1=192.0.2.1");
  one.two_node = true;
  one.qdevice_host = "q_host";
  one.token_ms = 50;
  const std::string text = Messages(CheckClusterInit(one));
  EXPECT_NE(text.find("NAME: cluster name 'bad name' must be"), std::string::npos) << text;
  EXPECT_NE(text.find("a cluster needs at least 2 nodes, 1 given"), std::string::npos) << text;
  EXPECT_NE(text.find("--two-node needs exactly 2 nodes, 1 given"), std::string::npos) << text;
  EXPECT_NE(text.find("--two-node and --qdevice exclude each other"), std::string::npos) << text;
  EXPECT_NE(text.find("--qdevice: 'q_host' is neither"), std::string::npos) << text;
  EXPECT_NE(text.find("--token: token 50 ms is outside 100-60000 ms"), std::string::npos) << text;
  EXPECT_TRUE(CheckClusterInit(Three()).empty());
}

TEST(ClusterInit, CorosyncConfReadsBack) {
  ClusterInitOptions options = Three();
  options.token_ms = 1000;
  auto conf = ParseCorosyncConf(CorosyncConfText(options), "corosync.conf");
  ASSERT_TRUE(conf.has_value()) << conf.error().ToString();
  EXPECT_EQ(conf->Get("totem.cluster_name"), "web");
  EXPECT_EQ(conf->Get("totem.transport"), "knet");
  EXPECT_EQ(conf->Get("totem.crypto_cipher"), "aes256");
  EXPECT_EQ(conf->Get("totem.crypto_hash"), "sha256");
  EXPECT_EQ(conf->Get("totem.token"), "1000");
  for (int i = 0; i < 3; ++i) {
    const std::string node = "nodelist.node." + std::to_string(i) + ".";
    EXPECT_EQ(conf->Get(node + "name"), "n" + std::to_string(i + 1));
    EXPECT_EQ(conf->Get(node + "nodeid"), std::to_string(i + 1));
    EXPECT_EQ(conf->Get(node + "ring0_addr"), "192.0.2.1" + std::to_string(i + 1));
  }
  CorosyncQuorum quorum = QuorumFromCorosyncConf(*conf, "corosync.conf");
  EXPECT_TRUE(quorum.votequorum);
  EXPECT_FALSE(quorum.two_node);
  EXPECT_FALSE(quorum.qdevice);
  EXPECT_EQ(quorum.node_names, (std::vector<std::string>{"n1", "n2", "n3"}));
}

TEST(ClusterInit, TwoNodeAndQdeviceStanzas) {
  ClusterInitOptions pair;
  pair.cluster_name = "pair";
  pair.nodes = *ParseClusterNodes("a=192.0.2.21,b=192.0.2.22");
  pair.two_node = true;
  auto two = ParseCorosyncConf(CorosyncConfText(pair), "two");
  ASSERT_TRUE(two.has_value()) << two.error().ToString();
  EXPECT_TRUE(QuorumFromCorosyncConf(*two, "two").two_node);
  EXPECT_FALSE(two->Get("quorum.device.model").has_value());

  pair.two_node = false;
  pair.qdevice_host = "qnetd.example.org";
  auto even = ParseCorosyncConf(CorosyncConfText(pair), "even");
  ASSERT_TRUE(even.has_value()) << even.error().ToString();
  CorosyncQuorum quorum = QuorumFromCorosyncConf(*even, "even");
  EXPECT_FALSE(quorum.two_node);
  EXPECT_TRUE(quorum.qdevice);
  EXPECT_EQ(quorum.qdevice_model, "net");
  EXPECT_EQ(even->Get("quorum.device.net.host"), "qnetd.example.org");
  EXPECT_EQ(even->Get("quorum.device.net.algorithm"), "ffsplit");

  ClusterInitOptions three = Three();
  three.qdevice_host = "192.0.2.30";
  auto odd = ParseCorosyncConf(CorosyncConfText(three), "odd");
  ASSERT_TRUE(odd.has_value()) << odd.error().ToString();
  EXPECT_EQ(odd->Get("quorum.device.net.algorithm"), "lms");
}

// corosync's own parser (`corosync -t`, which also wants this host in the nodelist and the
// authkey readable): the loopback addresses stand in for the nodes.
TEST(ClusterInit, CorosyncAcceptsTheConfiguration) {
  if (access("/usr/sbin/corosync", X_OK) != 0) GTEST_SKIP() << "corosync is not installed";
  if (geteuid() != 0) GTEST_SKIP() << "corosync -t runs as root only";
  fs::path dir = fs::temp_directory_path() / ("keel-init-t-" + std::to_string(getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "authkey") << std::string(256, 'k');
  for (bool two_node : {false, true}) {
    ClusterInitOptions options;
    options.cluster_name = "loop";
    options.nodes = *ParseClusterNodes("n1=127.0.0.1,n2=127.0.0.2");
    options.two_node = two_node;
    std::string text = CorosyncConfText(options);
    // The test's authkey, not /etc/corosync/authkey.
    const std::string hash = "    crypto_hash: sha256\n";
    text.replace(text.find(hash), hash.size(),
                 hash + "    keyfile: " + (dir / "authkey").string() + "\n");
    std::ofstream(dir / "corosync.conf") << text;
    const std::string cmd =
        "/usr/sbin/corosync -t -c " + (dir / "corosync.conf").string() + " 2>&1";
    FILE* pipe = popen(cmd.c_str(), "r");
    ASSERT_NE(pipe, nullptr);
    std::string output;
    char buf[512];
    while (size_t n = fread(buf, 1, sizeof buf, pipe)) output.append(buf, n);
    EXPECT_EQ(pclose(pipe), 0) << "two_node=" << two_node << "\n" << output << "\n" << text;
  }
  fs::remove_all(dir);
}

TEST(ClusterInit, InitialCibEnablesFencingAndListsTheNodes) {
  auto parsed = ParseCib(InitialCibText(Three()), "cib.xml");
  ASSERT_TRUE(parsed.has_value()) << Messages(parsed.error());
  const Configuration& config = parsed->cib.configuration;
  EXPECT_EQ(ClusterOption(config, "fencing-enabled"), "true");
  ASSERT_EQ(config.nodes.size(), 3u);
  EXPECT_EQ(config.nodes[2].id, "3");
  EXPECT_EQ(config.nodes[2].uname, "n3");
  EXPECT_TRUE(config.resources.empty());
  EXPECT_EQ(parsed->cib.version.epoch, 1);
}

class ClusterInitCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("keel-init-" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  int Run(std::vector<std::string> args) {
    out_.str("");
    err_.str("");
    args.insert(args.begin(), "init");
    return RunClusterCommand(args, out_, err_);
  }
  std::vector<std::string> Files() const {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir_)) names.push_back(entry.path().filename());
    std::sort(names.begin(), names.end());
    return names;
  }
  unsigned Mode(const std::string& name) const {
    struct stat st {};
    EXPECT_EQ(stat((dir_ / name).c_str(), &st), 0) << name;
    return st.st_mode & 07777;
  }
  fs::path dir_;
  std::ostringstream out_, err_;
};

TEST_F(ClusterInitCommand, WritesTheThreeFilesWithTheirModes) {
  ASSERT_EQ(Run({"web", "--nodes", "n1=192.0.2.11,n2=192.0.2.12", "--two-node", "--token", "1500",
                 "--dir", dir_}),
            0)
      << err_.str();
  EXPECT_EQ(Files(), (std::vector<std::string>{"authkey", "cib.xml", "corosync.conf"}));
  EXPECT_EQ(Mode("authkey"), 0400u);
  EXPECT_EQ(Mode("corosync.conf"), 0644u);
  EXPECT_EQ(Mode("cib.xml"), 0600u);
  EXPECT_EQ(fs::file_size(dir_ / "authkey"), 256u);
  std::ifstream in(dir_ / "corosync.conf");
  std::stringstream text;
  text << in.rdbuf();
  auto conf = ParseCorosyncConf(text.str(), "corosync.conf");
  ASSERT_TRUE(conf.has_value());
  EXPECT_EQ(conf->Get("totem.token"), "1500");
  EXPECT_EQ(conf->Get("quorum.two_node"), "1");
  EXPECT_NE(out_.str().find("scp -p " + dir_.string() + "/corosync.conf " + dir_.string() +
                            "/authkey root@192.0.2.12:/etc/corosync/"),
            std::string::npos)
      << out_.str();
}

TEST_F(ClusterInitCommand, BadInputWritesNothingAndSaysWhy) {
  EXPECT_EQ(Run({"web", "--nodes", "n1=192.0.2.11,n2", "--dir", dir_}), 2);
  EXPECT_NE(err_.str().find("nothing written"), std::string::npos) << err_.str();
  EXPECT_NE(err_.str().find("--nodes: entry 2 'n2': expected NAME=ADDR"), std::string::npos)
      << err_.str();
  EXPECT_EQ(Run({"web", "--dir", dir_}), 2);
  EXPECT_NE(err_.str().find("--nodes: is required"), std::string::npos) << err_.str();
  EXPECT_EQ(
      Run({"web", "--nodes", "a=192.0.2.1,b=192.0.2.2,c=192.0.2.3", "--two-node", "--dir", dir_}),
      2);
  EXPECT_NE(err_.str().find("--two-node needs exactly 2 nodes, 3 given"), std::string::npos)
      << err_.str();
  EXPECT_EQ(Run({"web", "--nodes", "a=192.0.2.1,b=192.0.2.2", "--token", "fast", "--dir", dir_}),
            2);
  EXPECT_NE(err_.str().find("--token: 'fast' is not a number of ms"), std::string::npos)
      << err_.str();
  EXPECT_TRUE(Files().empty());
}

TEST_F(ClusterInitCommand, RefusesToOverwrite) {
  const std::vector<std::string> args = {"web", "--nodes", "n1=192.0.2.11,n2=192.0.2.12", "--dir",
                                         dir_};
  ASSERT_EQ(Run(args), 0) << err_.str();
  const auto key_before = fs::last_write_time(dir_ / "authkey");
  EXPECT_EQ(Run(args), 1);
  EXPECT_NE(err_.str().find("corosync.conf: exists (--force replaces it)"), std::string::npos)
      << err_.str();
  EXPECT_NE(err_.str().find("cib.xml: exists: this node already has a CIB"), std::string::npos)
      << err_.str();
  std::vector<std::string> forced = args;
  forced.push_back("--force");
  EXPECT_EQ(Run(forced), 1);  // --force never replaces a CIB
  EXPECT_EQ(fs::last_write_time(dir_ / "authkey"), key_before);
  fs::remove(dir_ / "cib.xml");
  EXPECT_EQ(Run(forced), 0) << err_.str();
  EXPECT_EQ(Mode("authkey"), 0400u);
}

}  // namespace
}  // namespace keel
