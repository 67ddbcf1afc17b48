#include "cli/verify.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "cli/verify_corosync.h"
#include "xml/cib_parse.h"

namespace keel {
namespace {

// Tests run from the source tree (gtest_discover_tests WORKING_DIRECTORY).
const std::string kData = "cli/testdata/verify/";

Configuration LoadConfig(const std::string& name) {
  std::ifstream in(kData + name);
  std::ostringstream text;
  text << in.rdbuf();
  auto parsed = ParseCib(text.str(), name);
  EXPECT_TRUE(parsed.has_value()) << (parsed ? "" : JoinErrors(parsed.error()));
  return parsed ? parsed->cib.configuration : Configuration{};
}

CorosyncQuorum LoadCorosync(const std::string& name) {
  auto q = ReadCorosyncQuorum(kData + name);
  EXPECT_TRUE(q.has_value()) << (q ? "" : q.error().ToString());
  return q ? *q : CorosyncQuorum{};
}

std::string All(const Errors& errors) {
  std::string text;
  for (const Error& e : errors) text += e.ToString() + "\n";
  return text;
}

TEST(CorosyncConf, ReadsQuorumAndNodelist) {
  CorosyncQuorum two = LoadCorosync("two_node.conf");
  EXPECT_TRUE(two.votequorum);
  EXPECT_TRUE(two.two_node);
  EXPECT_FALSE(two.qdevice);
  EXPECT_EQ(two.node_names, (std::vector<std::string>{"n1", "n2"}));
  CorosyncQuorum qd = LoadCorosync("qdevice.conf");
  EXPECT_FALSE(qd.two_node);
  EXPECT_TRUE(qd.qdevice);
  EXPECT_EQ(qd.qdevice_model, "net");
  // A node without a name is known by its ring0 address.
  EXPECT_EQ(qd.node_names, (std::vector<std::string>{"n1", "198.18.0.2"}));
}

TEST(CorosyncConf, FlatKeysNumberNodes) {
  auto conf = ParseCorosyncConf("totem {\n token: 1000\n}\nnodelist {\n node {\n  name: a\n }\n"
                                " node {\n  name: b\n }\n}\n",
                                "x.conf");
  ASSERT_TRUE(conf.has_value()) << conf.error().ToString();
  EXPECT_EQ(conf->Get("totem.token"), "1000");
  EXPECT_EQ(conf->Get("nodelist.node.0.name"), "a");
  EXPECT_EQ(conf->Get("nodelist.node.1.name"), "b");
  EXPECT_EQ(conf->Get("nodelist.node.2.name"), std::nullopt);
}

TEST(CorosyncConf, BadInputNamesTheLine) {
  auto one_line = ParseCorosyncConf("nodelist {\n  node { ring0_addr: 1.2.3.4 }\n}\n", "c.conf");
  ASSERT_FALSE(one_line.has_value());
  EXPECT_EQ(one_line.error().where, "c.conf:2");
  EXPECT_NE(one_line.error().message.find("one key per line"), std::string::npos);
  auto unclosed = ParseCorosyncConf("quorum {\n provider: corosync_votequorum\n", "c.conf");
  ASSERT_FALSE(unclosed.has_value());
  EXPECT_NE(unclosed.error().message.find("not closed"), std::string::npos);
  auto stray = ParseCorosyncConf("}\n", "c.conf");
  ASSERT_FALSE(stray.has_value());
  EXPECT_EQ(stray.error().where, "c.conf:1");
  auto garbage = ParseCorosyncConf("totem {\n just words\n}\n", "c.conf");
  ASSERT_FALSE(garbage.has_value());
  EXPECT_EQ(garbage.error().where, "c.conf:2");
  EXPECT_FALSE(ReadCorosyncQuorum(kData + "missing.conf").has_value());
}

TEST(CorosyncConf, PathFollowsTheEnvironment) {
  unsetenv("COROSYNC_MAIN_CONFIG_FILE");
  EXPECT_EQ(CorosyncConfPath(), "/etc/corosync/corosync.conf");
  setenv("COROSYNC_MAIN_CONFIG_FILE", "/tmp/x.conf", 1);
  EXPECT_EQ(CorosyncConfPath(), "/tmp/x.conf");
  unsetenv("COROSYNC_MAIN_CONFIG_FILE");
}

TEST(Verify, CleanConfigurationHasNoWarnings) {
  Errors w = SplitBrainWarnings(LoadConfig("clean.xml"), std::nullopt);
  EXPECT_TRUE(w.empty()) << All(w);
  VerifyReport report{{}, w, {}};
  EXPECT_EQ(VerifyExitCode(report), 0);
}

TEST(Verify, RiskyConfigurationWarnsNamingIds) {
  Errors w = SplitBrainWarnings(LoadConfig("risky.xml"), std::nullopt);
  std::string text = All(w);
  ASSERT_EQ(w.size(), 4u) << text;
  EXPECT_EQ(w[0].where, "opts-fencing");
  EXPECT_NE(w[0].message.find("fencing-enabled=false"), std::string::npos);
  EXPECT_EQ(w[1].where, "opts-nqp");
  EXPECT_NE(w[1].message.find("no-quorum-policy=ignore without a quorum device"), std::string::npos);
  EXPECT_NE(w[2].message.find("fence device fence-old can fence no cluster node"), std::string::npos);
  EXPECT_EQ(w[3].where, "vip");
  EXPECT_NE(w[3].message.find("may run on the arbiter arb"), std::string::npos);
  // web is banned from the arbiter by web-not-on-arb: no warning about it.
  EXPECT_EQ(text.find("resource web"), std::string::npos);
  EXPECT_EQ(ArbiterNodes(LoadConfig("risky.xml")), (std::vector<std::string>{"arb"}));
}

TEST(Verify, IgnoreWithAQuorumDeviceIsAccepted) {
  Configuration config = LoadConfig("risky.xml");
  Errors w = SplitBrainWarnings(config, LoadCorosync("qdevice.conf"));
  EXPECT_EQ(All(w).find("no-quorum-policy=ignore"), std::string::npos) << All(w);
}

TEST(Verify, TwoNodesNeedTwoNodeOrAQuorumDevice) {
  Configuration config = LoadConfig("clean.xml");
  config.nodes.pop_back();  // n1, n2 (fence-all still fences both)
  Errors plain = SplitBrainWarnings(config, LoadCorosync("plain_two.conf"));
  ASSERT_EQ(plain.size(), 1u) << All(plain);
  EXPECT_NE(plain[0].message.find("two-node cluster without two_node or a quorum device"),
            std::string::npos);
  EXPECT_EQ(plain[0].where, kData + "plain_two.conf");
  EXPECT_TRUE(SplitBrainWarnings(config, LoadCorosync("two_node.conf")).empty());
  EXPECT_TRUE(SplitBrainWarnings(config, LoadCorosync("qdevice.conf")).empty());
  // Without corosync.conf the check says it could not look.
  Errors unknown = SplitBrainWarnings(config, std::nullopt);
  ASSERT_EQ(unknown.size(), 1u) << All(unknown);
  EXPECT_NE(unknown[0].message.find("corosync.conf not read"), std::string::npos);
}

TEST(Verify, TwoNodeWithoutFencingIsCalledOut) {
  Configuration config = LoadConfig("risky.xml");
  Errors w = SplitBrainWarnings(config, LoadCorosync("two_node.conf"));
  EXPECT_NE(All(w).find("two_node without fencing"), std::string::npos) << All(w);
}

TEST(Verify, FencingWithoutADevice) {
  Configuration config = LoadConfig("clean.xml");
  config.resources.erase(config.resources.begin());  // drop fence-all
  Errors w = SplitBrainWarnings(config, std::nullopt);
  ASSERT_EQ(w.size(), 1u) << All(w);
  EXPECT_EQ(w[0].where, "opts-fencing");
  EXPECT_NE(w[0].message.find("no fence device"), std::string::npos);
}

TEST(Verify, OptInClusterKeepsResourcesOffTheArbiter) {
  Configuration config = LoadConfig("risky.xml");
  config.crm_config.front().pairs.push_back(NvPair{"opts-sym", "symmetric-cluster", "false", 0});
  Errors w = SplitBrainWarnings(config, std::nullopt);
  EXPECT_EQ(All(w).find("arbiter"), std::string::npos) << All(w);
}

TEST(Verify, ReportExitCodesAndNotes) {
  Configuration config = LoadConfig("risky.xml");
  VerifyReport warned = BuildVerifyReport(config, {}, std::unexpected(Error{ErrorCode::kNotFound,
                                                                           "cannot read", "/x"}));
  EXPECT_EQ(VerifyExitCode(warned), 1);
  ASSERT_EQ(warned.notes.size(), 1u);
  EXPECT_NE(warned.notes[0].find("corosync.conf not checked"), std::string::npos);
  VerifyReport broken =
      BuildVerifyReport(config, {Error{ErrorCode::kInvalid, "bad", "x"}}, LoadCorosync("qdevice.conf"));
  EXPECT_EQ(VerifyExitCode(broken), 2);
  EXPECT_TRUE(broken.notes.empty());
  std::ostringstream out, err;
  PrintVerifyReport(broken, out, err);
  EXPECT_NE(err.str().find("ERROR: x: bad\n"), std::string::npos);
  EXPECT_NE(err.str().find("WARNING: opts-fencing: fencing-enabled=false"), std::string::npos);
  EXPECT_EQ(out.str(), "1 error(s), " + std::to_string(broken.warnings.size()) + " warning(s)\n");
}

TEST(Verify, WarnsThatARunningClusterRefusesClonedFenceDevices) {
  Configuration config = LoadConfig("clean.xml");
  VerifyReport plain = BuildVerifyReport(config, {}, LoadCorosync("qdevice.conf"));
  Clone clone;
  clone.id = "proxy-clone";
  Primitive proxy;
  proxy.id = "proxy";
  proxy.resource_class = "ocf";
  proxy.provider = "keel";
  proxy.type = "Proxy";
  clone.child = proxy;
  config.resources.push_back(clone);
  VerifyReport report = BuildVerifyReport(config, {}, LoadCorosync("qdevice.conf"));
  EXPECT_EQ(report.warnings.size(), plain.warnings.size());  // anonymous clones run
  std::get<Clone>(config.resources.back()).promotable_element = true;
  report = BuildVerifyReport(config, {}, LoadCorosync("qdevice.conf"));
  EXPECT_EQ(report.warnings.size(), plain.warnings.size());  // and promotable ones
  Primitive& device = std::get<Primitive>(std::get<Clone>(config.resources.back()).child);
  device.resource_class = "stonith";
  device.provider.clear();
  device.type = "fence_keel_lab";
  std::get<Clone>(config.resources.back()).promotable_element = false;
  report = BuildVerifyReport(config, {}, LoadCorosync("qdevice.conf"));
  EXPECT_GE(VerifyExitCode(report), 1);  // the device's own parameters may be errors too
  ASSERT_GE(report.warnings.size(), plain.warnings.size() + 1);
  bool warned = false;
  for (const Error& e : report.warnings) {
    warned |= e.message ==
              "not supported: cloned fence device in a running cluster (id proxy-clone): crm "
              "simulate only";
  }
  EXPECT_TRUE(warned);
}

TEST(Verify, WarnsAboutWhatTheSchedulerRefuses) {
  Configuration config = LoadConfig("clean.xml");
  VerifyReport plain = BuildVerifyReport(config, {}, LoadCorosync("qdevice.conf"));
  Primitive contained;
  contained.id = "member";
  contained.resource_class = "ocf";
  contained.provider = "heartbeat";
  contained.type = "Dummy";
  contained.meta_attributes.push_back(
      NvSet{"member-meta", {}, {}, {NvPair{"member-container", "container", "vm", 0}}, 0});
  config.resources.push_back(contained);
  VerifyReport report = BuildVerifyReport(config, {}, LoadCorosync("qdevice.conf"));
  EXPECT_EQ(VerifyExitCode(report), 1);
  ASSERT_EQ(report.warnings.size(), plain.warnings.size() + 1) << All(report.warnings);
  EXPECT_EQ(report.warnings.back().message,
            "not supported: meta container on a primitive (id member)");
}

TEST(Verify, InvalidFenceDeviceIsAnError) {
  Configuration config = LoadConfig("clean.xml");
  auto& device = std::get<Primitive>(config.resources.front());
  device.instance_attributes.front().pairs.push_back(
      NvPair{"fa-retries", "pcmk_reboot_retries", "3", 0});
  VerifyReport report = BuildVerifyReport(config, {}, LoadCorosync("qdevice.conf"));
  EXPECT_EQ(VerifyExitCode(report), 2);
  EXPECT_NE(All(report.errors).find("pcmk_reboot_retries"), std::string::npos) << All(report.errors);
}

}  // namespace
}  // namespace keel
