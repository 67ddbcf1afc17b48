// crm simulate end to end on small CIB files: JSON and text output, errors that leave
// stdout empty; and the JSON writer's escaping.

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/command.h"
#include "cli/json_writer.h"
#include "cli/simulate_options.h"

namespace keel {
namespace {

namespace fs = std::filesystem;

constexpr const char* kCib = R"(<cib admin_epoch="0" epoch="1" num_updates="1" have-quorum="1">
  <configuration>
    <crm_config><cluster_property_set id="o">
      <nvpair id="o1" name="fencing-enabled" value="false"/>
    </cluster_property_set></crm_config>
    <nodes><node id="n1" uname="node1"/><node id="n2" uname="node2"/></nodes>
    <resources>
      <primitive id="vip" class="ocf" provider="heartbeat" type="IPaddr2"/>
    </resources>
    <constraints><rsc_location id="vip-on-2" rsc="vip" node="node2" score="50"/></constraints>
  </configuration>
  <status>
    <node_state id="n1" uname="node1" in_ccm="true" crmd="online" join="member" expected="member"/>
    <node_state id="n2" uname="node2" in_ccm="true" crmd="online" join="member" expected="member"/>
  </status>
</cib>
)";

// The text output from "Revised Cluster Status:" on ("" when that is missing).
std::string RevisedStatus(const std::string& text) {
  size_t at = text.find("Revised Cluster Status:");
  return at == std::string::npos ? "" : text.substr(at);
}

class SimulateCommandTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("keel-simulate-test-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& text) {
    fs::path path = dir_ / name;
    std::ofstream(path) << text;
    return path.string();
  }

  int Run(const CommandArgs& args) {
    out_.str("");
    err_.str("");
    return RunSimulateCommand(args, out_, err_);
  }

  fs::path dir_;
  std::ostringstream out_, err_;
};

TEST_F(SimulateCommandTest, JsonDescribesTheClusterAfterTheTransition) {
  std::string file = Write("cib.xml", kCib);
  ASSERT_EQ(Run({"--xml-file", file, "--json"}), 0) << err_.str();
  const std::string json = out_.str();
  EXPECT_NE(json.find(R"("vip":{"state":"started","node":"node2")"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("fenced":[])"), std::string::npos);
  EXPECT_NE(json.find(R"("key":"vip_start_0 on node2")"), std::string::npos);
  EXPECT_EQ(json.back(), '\n');
  EXPECT_EQ(json.find('\n'), json.size() - 1) << "one object on one line";
}

// kCib with the VIP active on both nodes and multiple-active=block: it stays on both.
std::string BlockedOnTwoNodesCib() {
  std::string cib = kCib;
  cib.replace(cib.find("type=\"IPaddr2\"/>"), std::string("type=\"IPaddr2\"/>").size(),
              "type=\"IPaddr2\"><meta_attributes id=\"vm\"><nvpair id=\"vm1\" "
              "name=\"multiple-active\" value=\"block\"/></meta_attributes></primitive>");
  for (const char* node : {"n1", "n2"}) {
    std::string state = std::string("<node_state id=\"") + node + "\"";
    size_t end = cib.find("/>", cib.find(state));
    cib.replace(end, 2,
                std::string("><lrm id=\"l") + node +
                    "\"><lrm_resources><lrm_resource id=\"vip\" class=\"ocf\" "
                    "provider=\"heartbeat\" type=\"IPaddr2\"><lrm_rsc_op id=\"vip_start_0\" "
                    "operation_key=\"vip_start_0\" operation=\"start\" interval=\"0\" "
                    "call-id=\"3\" rc-code=\"0\" op-status=\"0\"/></lrm_resource>"
                    "</lrm_resources></lrm></node_state>");
  }
  return cib;
}

TEST_F(SimulateCommandTest, ResourceLeftActiveOnSeveralNodesListsThemAll) {
  std::string file = Write("blocked.xml", BlockedOnTwoNodesCib());
  ASSERT_EQ(Run({"--xml-file", file, "--json"}), 0) << err_.str();
  EXPECT_NE(out_.str().find(R"("vip":{"state":"started","node":null,"nodes":["node1","node2"])"),
            std::string::npos)
      << out_.str();
  ASSERT_EQ(Run({"--xml-file", file}), 0) << err_.str();
  const std::string text = out_.str();
  const std::string revised = RevisedStatus(text);
  EXPECT_NE(revised.find("Started [ node1 node2 ] (blocked)"), std::string::npos) << text;
}

TEST_F(SimulateCommandTest, TextHasCrmSimulateSections) {
  std::string file = Write("cib.xml", kCib);
  ASSERT_EQ(Run({"--xml-file", file}), 0) << err_.str();
  const std::string text = out_.str();
  for (const char* part : {"Current cluster status:", "Transition Summary:",
                           "  * Start      vip ( node2 )", "Executing Cluster Transition:",
                           "Revised Cluster Status:", "Started node2"}) {
    EXPECT_NE(text.find(part), std::string::npos) << part << "\n" << text;
  }
}

// kCib plus an anonymous clone of "proxy" kept off node1, the VIP colocated with it.
std::string CloneCib() {
  std::string cib = kCib;
  cib.replace(cib.find("<primitive id=\"vip\""), 0,
              "<clone id=\"proxy-clone\"><primitive id=\"proxy\" class=\"ocf\" "
              "provider=\"keel\" type=\"Proxy\"/></clone>");
  cib.replace(cib.find("</constraints>"), 0,
              "<rsc_location id=\"no-proxy-1\" rsc=\"proxy-clone\" node=\"node1\" "
              "score=\"-INFINITY\"/><rsc_colocation id=\"vip-with-proxy\" rsc=\"vip\" "
              "with-rsc=\"proxy-clone\" score=\"INFINITY\"/>");
  return cib;
}

TEST_F(SimulateCommandTest, JsonSumsCloneInstancesUpPerClone) {
  std::string file = Write("clone.xml", CloneCib());
  ASSERT_EQ(Run({"--xml-file", file, "--json"}), 0) << err_.str();
  const std::string json = out_.str();
  EXPECT_NE(json.find(R"("started":["node2"],"promoted":[],"unpromoted":[],"failed":[])"),
            std::string::npos)
      << json;
  EXPECT_NE(json.find(R"("proxy-clone":{"primitive":"proxy")"), std::string::npos) << json;
  EXPECT_EQ(json.find(R"("proxy:0":{"state":"started","node":"node2","group")"), std::string::npos)
      << "instances are not listed under resources: " << json;
  EXPECT_NE(json.find(R"("vip":{"state":"started","node":"node2")"), std::string::npos) << json;
}

TEST_F(SimulateCommandTest, TextListsCloneSetsAsCrmMonDoes) {
  std::string file = Write("clone.xml", CloneCib());
  ASSERT_EQ(Run({"--xml-file", file}), 0) << err_.str();
  const std::string text = out_.str();
  const std::string revised = RevisedStatus(text);
  for (const char* part : {"    * Clone Set: proxy-clone [proxy]:\n      * Started: [ node2 ]\n"
                           "      * Stopped: [ node1 ]\n"}) {
    EXPECT_NE(revised.find(part), std::string::npos) << part << "\n" << text;
  }
  EXPECT_NE(text.find("Start      proxy:0"), std::string::npos) << text;
}

TEST_F(SimulateCommandTest, UniqueClonesListEveryInstanceAsCrmMonDoes) {
  std::string cib = CloneCib();
  cib.replace(cib.find("<primitive id=\"proxy\""), 0,
              "<meta_attributes id=\"pm\"><nvpair id=\"pm1\" name=\"globally-unique\" "
              "value=\"true\"/><nvpair id=\"pm2\" name=\"clone-max\" "
              "value=\"3\"/></meta_attributes>");
  std::string file = Write("unique.xml", cib);
  ASSERT_EQ(Run({"--xml-file", file}), 0) << err_.str();
  const std::string text = out_.str();
  EXPECT_NE(RevisedStatus(text).find("    * Clone Set: proxy-clone [proxy] (unique):\n"
                                     "      * proxy:0\t(ocf:keel:Proxy):\t Started node2\n"
                                     "      * proxy:1\t(ocf:keel:Proxy):\t Stopped\n"
                                     "      * proxy:2\t(ocf:keel:Proxy):\t Stopped\n"),
            std::string::npos)
      << text;
}

// A clone of a group shows as one clone set named after its group; its members' instances
// count once per node.
TEST_F(SimulateCommandTest, ClonesOfGroupsShowAsOneCloneSet) {
  std::string cib = kCib;
  cib.replace(cib.find("<primitive id=\"vip\""), 0,
              "<clone id=\"gc\"><group id=\"g\"><primitive id=\"m1\" class=\"ocf\" "
              "provider=\"keel\" type=\"Dummy\"/><primitive id=\"m2\" class=\"ocf\" "
              "provider=\"keel\" type=\"Dummy\"/></group></clone>");
  std::string file = Write("cloned-group.xml", cib);
  ASSERT_EQ(Run({"--xml-file", file}), 0) << err_.str();
  const std::string revised = RevisedStatus(out_.str());
  EXPECT_NE(revised.find("    * Clone Set: gc [g]:\n      * Started: [ node1 node2 ]\n"),
            std::string::npos)
      << out_.str();
  ASSERT_EQ(Run({"--xml-file", file, "--json"}), 0) << err_.str();
  EXPECT_NE(out_.str().find(R"("gc":{"primitive":"g","agent":"","group":true)"), std::string::npos)
      << out_.str();
  EXPECT_NE(out_.str().find(R"("started":["node1","node2"],"promoted":[],"unpromoted":[])"),
            std::string::npos)
      << out_.str();

  // m1 failed on node2: that group instance is listed member by member until it recovers.
  const std::string n2 =
      R"(<node_state id="n2" uname="node2" in_ccm="true" crmd="online" join="member" expected="member")";
  auto op = [](const char* rsc, const char* name, int interval, int rc, int call) {
    std::string key = std::string(rsc) + "_" + name + "_" + std::to_string(interval);
    return "<lrm_rsc_op id=\"" + key + "\" operation=\"" + name + "\" interval=\"" +
           std::to_string(interval) + "\" rc-code=\"" + std::to_string(rc) +
           "\" op-status=\"0\" call-id=\"" + std::to_string(call) +
           "\" transition-key=\"1:1:0:x\" transition-magic=\"0:" + std::to_string(rc) +
           ";1:1:0:x\" on_node=\"node2\"/>";
  };
  auto lrm = [&](const char* id, bool failed) {
    return std::string("<lrm_resource id=\"") + id +
           "\" class=\"ocf\" provider=\"keel\" type=\"Dummy\">" + op(id, "start", 0, 0, 2) +
           op(id, "monitor", 10000, failed ? 1 : 0, 3) + "</lrm_resource>";
  };
  cib.replace(cib.find(n2), n2.size() + 2,
              n2 + "><lrm id=\"n2\"><lrm_resources>" + lrm("m1", true) + lrm("m2", false) +
                  "</lrm_resources></lrm></node_state>");
  file = Write("cloned-group-failed.xml", cib);
  ASSERT_EQ(Run({"--xml-file", file}), 0) << err_.str();
  const std::string text = out_.str();
  const std::string current = text.substr(0, text.find("Transition Summary"));
  EXPECT_NE(current.find("    * Clone Set: gc [g]:\n      * Resource Group: g:0:\n        * "
                         "m1:0\t(ocf:keel:Dummy):\t FAILED node2\n        * "
                         "m2:0\t(ocf:keel:Dummy):\t Started node2\n"),
            std::string::npos)
      << text;
  EXPECT_NE(
      RevisedStatus(text).find("    * Clone Set: gc [g]:\n      * Started: [ node1 node2 ]\n"),
      std::string::npos)
      << text;
}

// Two nodes, a promotable clone of p with promotion scores 5 (node1) and 10 (node2).
std::string PromotableCib() {
  std::string cib = kCib;
  cib.replace(cib.find("<primitive id=\"vip\""), 0,
              "<clone id=\"pc\"><meta_attributes id=\"pcm\"><nvpair id=\"pcm1\" "
              "name=\"promotable\" value=\"true\"/></meta_attributes><primitive id=\"p\" "
              "class=\"ocf\" provider=\"pacemaker\" type=\"Stateful\"/></clone>");
  for (auto [node, score] : {std::pair{"n1", "5"}, std::pair{"n2", "10"}}) {
    std::string state = std::string("<node_state id=\"") + node + "\"";
    size_t end = cib.find("/>", cib.find(state));
    cib.replace(end, 2,
                std::string("><transient_attributes id=\"t") + node +
                    "\"><instance_attributes id=\"a" + node + "\"><nvpair id=\"m" + node +
                    "\" name=\"master-p\" value=\"" + score +
                    "\"/></instance_attributes></transient_attributes></node_state>");
  }
  return cib;
}

TEST_F(SimulateCommandTest, PromotableClonesShowTheirRoles) {
  std::string file = Write("promotable.xml", PromotableCib());
  ASSERT_EQ(Run({"--xml-file", file, "--json"}), 0) << err_.str();
  EXPECT_NE(out_.str().find(R"("started":[],"promoted":["node2"],"unpromoted":["node1"])"),
            std::string::npos)
      << out_.str();
  ASSERT_EQ(Run({"--xml-file", file}), 0) << err_.str();
  const std::string text = out_.str();
  const std::string revised = RevisedStatus(text);
  EXPECT_NE(revised.find("    * Clone Set: pc [p] (promotable):\n      * Promoted: [ node2 ]\n"
                         "      * Unpromoted: [ node1 ]\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("Promote    p:1 ( Stopped -> Promoted node2 )"), std::string::npos) << text;
  EXPECT_NE(text.find("p:1             promote on node2"), std::string::npos) << text;
}

TEST_F(SimulateCommandTest, ExplainNamesTheConstraint) {
  std::string file = Write("cib.xml", kCib);
  ASSERT_EQ(Run({"--xml-file", file, "--explain", "vip"}), 0) << err_.str();
  EXPECT_NE(out_.str().find("50  location vip-on-2"), std::string::npos) << out_.str();
  EXPECT_NE(out_.str().find("=> runs on node2"), std::string::npos);
}

TEST_F(SimulateCommandTest, ErrorsLeaveStdoutEmpty) {
  EXPECT_EQ(Run({"--xml-file", (dir_ / "missing.xml").string(), "--json"}), 1);
  EXPECT_TRUE(out_.str().empty());
  EXPECT_NE(err_.str().find("cannot open"), std::string::npos);

  std::string bad = Write("bad.xml", "<cib><configuration>");
  EXPECT_EQ(Run({"--xml-file", bad, "--json"}), 1);
  EXPECT_TRUE(out_.str().empty());
  EXPECT_NE(err_.str().find("bad.xml:1"), std::string::npos) << err_.str();

  std::string clone = kCib;
  clone.replace(clone.find("<primitive id=\"vip\""), 0,
                "<clone id=\"cl\"><meta_attributes id=\"m\">"
                "<nvpair id=\"m1\" name=\"clone-node-max\" value=\"2\"/></meta_attributes>"
                "<group id=\"g\">");
  clone.replace(clone.find("</resources>"), 0, "</group></clone>");
  std::string unsupported = Write("clone.xml", clone);
  EXPECT_EQ(Run({"--xml-file", unsupported, "--json"}), 1);
  EXPECT_TRUE(out_.str().empty());
  EXPECT_NE(
      err_.str().find("not supported: clone-node-max other than 1 on a clone of a group (id cl)"),
      std::string::npos)
      << err_.str();

  EXPECT_EQ(Run({"--json"}), 2);
  EXPECT_TRUE(out_.str().empty());
  std::string good = Write("cib.xml", kCib);
  EXPECT_EQ(Run({"--xml-file", good, "--explain", "nothing"}), 1);
  EXPECT_TRUE(out_.str().empty());
  EXPECT_EQ(Run({"--xml-file", good, "--now", "soon"}), 2);
}

// Fencing enabled with a device; the VIP (preferring node2, migration-threshold 1, a 10 s
// monitor) runs on node2.
constexpr const char* kRunningCib =
    R"(<cib admin_epoch="0" epoch="1" num_updates="1" have-quorum="1">
  <configuration>
    <crm_config><cluster_property_set id="o">
      <nvpair id="o1" name="fencing-enabled" value="true"/>
    </cluster_property_set></crm_config>
    <nodes><node id="n1" uname="node1"/><node id="n2" uname="node2"/></nodes>
    <resources>
      <primitive id="fence" class="stonith" type="fence_dummy"/>
      <primitive id="vip" class="ocf" provider="heartbeat" type="IPaddr2">
        <meta_attributes id="vm"><nvpair id="vm1" name="migration-threshold" value="1"/></meta_attributes>
        <operations><op id="vip-mon" name="monitor" interval="10s"/></operations>
      </primitive>
    </resources>
    <constraints><rsc_location id="vip-on-2" rsc="vip" node="node2" score="50"/></constraints>
  </configuration>
  <status>
    <node_state id="n1" uname="node1" in_ccm="true" crmd="online" join="member" expected="member">
      <lrm id="n1"><lrm_resources><lrm_resource id="fence" class="stonith" type="fence_dummy">
        <lrm_rsc_op id="fence_last_0" operation_key="fence_start_0" operation="start" interval="0" call-id="2" rc-code="0" op-status="0"/>
      </lrm_resource></lrm_resources></lrm>
    </node_state>
    <node_state id="n2" uname="node2" in_ccm="true" crmd="online" join="member" expected="member">
      <lrm id="n2"><lrm_resources><lrm_resource id="vip" class="ocf" provider="heartbeat" type="IPaddr2">
        <lrm_rsc_op id="vip_last_0" operation_key="vip_start_0" operation="start" interval="0" call-id="3" rc-code="0" op-status="0"/>
        <lrm_rsc_op id="vip_monitor_10000" operation_key="vip_monitor_10000" operation="monitor" interval="10000" call-id="4" rc-code="0" op-status="0"/>
      </lrm_resource></lrm_resources></lrm>
    </node_state>
  </status>
</cib>
)";

TEST_F(SimulateCommandTest, NodeFailFencesTheNodeAndRecoversWhatRanThere) {
  std::string file = Write("running.xml", kRunningCib);
  ASSERT_EQ(Run({"--xml-file", file, "--json"}), 0) << err_.str();
  EXPECT_NE(out_.str().find(R"("fenced":[])"), std::string::npos) << "nothing to do as it is";
  ASSERT_EQ(Run({"--xml-file", file, "--json", "--node-fail", "node2"}), 0) << err_.str();
  EXPECT_NE(out_.str().find(R"("fenced":["node2"])"), std::string::npos) << out_.str();
  EXPECT_NE(out_.str().find(R"("vip":{"state":"started","node":"node1")"), std::string::npos)
      << out_.str();
  ASSERT_EQ(Run({"--xml-file", file, "--node-fail", "node2", "--op-fail", "vip:node1:start:1"}), 0)
      << err_.str();
  EXPECT_EQ(out_.str().find("Performed Requested Modifications:\n  * Failing node node2\n"
                            "  * Recording vip start on node1 with exit code 1\n\n"
                            "Current cluster status:"),
            0u)
      << out_.str();
}

TEST_F(SimulateCommandTest, NodeDownMovesWithoutFencing) {
  std::string file = Write("running.xml", kRunningCib);
  ASSERT_EQ(Run({"--xml-file", file, "--json", "--node-down", "node2"}), 0) << err_.str();
  EXPECT_NE(out_.str().find(R"("fenced":[])"), std::string::npos) << out_.str();
  EXPECT_NE(out_.str().find(R"("vip":{"state":"started","node":"node1")"), std::string::npos)
      << out_.str();
}

TEST_F(SimulateCommandTest, NodeUpBringsBackThePreferredNode) {
  std::string cib = kCib;
  cib.replace(
      cib.find(R"(uname="node2" in_ccm="true" crmd="online" join="member" expected="member")"),
      std::string(R"(uname="node2" in_ccm="true" crmd="online" join="member" expected="member")")
          .size(),
      R"(uname="node2" in_ccm="false" crmd="offline" join="down" expected="down")");
  std::string file = Write("down.xml", cib);
  ASSERT_EQ(Run({"--xml-file", file, "--json"}), 0) << err_.str();
  EXPECT_NE(out_.str().find(R"("vip":{"state":"started","node":"node1")"), std::string::npos)
      << out_.str();
  ASSERT_EQ(Run({"--xml-file", file, "--json", "--node-up", "node2"}), 0) << err_.str();
  EXPECT_NE(out_.str().find(R"("vip":{"state":"started","node":"node2")"), std::string::npos)
      << out_.str();
}

TEST_F(SimulateCommandTest, OpFailInjectsAFailureAndItsFailCount) {
  std::string file = Write("running.xml", kRunningCib);
  ASSERT_EQ(Run({"--xml-file", file, "--json", "--op-fail", "vip:node2:monitor:7"}), 0)
      << err_.str();
  EXPECT_NE(out_.str().find(R"("vip":{"state":"started","node":"node1")"), std::string::npos)
      << "migration-threshold=1 moves it away: " << out_.str();
  EXPECT_NE(out_.str().find(R"("key":"vip_stop_0 on node2")"), std::string::npos) << out_.str();
  ASSERT_EQ(Run({"--xml-file", file, "--json", "--op-fail", "vip:node1:monitor_0:7"}), 0)
      << err_.str();
  EXPECT_NE(out_.str().find(R"("vip":{"state":"started","node":"node2")"), std::string::npos)
      << "a probe finding it stopped is no failure: " << out_.str();
}

TEST_F(SimulateCommandTest, SaveWritesTheCibAfterTheTransition) {
  std::string file = Write("running.xml", kRunningCib);
  const std::string saved = (dir_ / "after.xml").string();
  ASSERT_EQ(Run({"--xml-file", file, "--node-fail", "node2", "--save", saved}), 0) << err_.str();
  ASSERT_EQ(Run({"--xml-file", saved, "--json"}), 0) << err_.str();
  const std::string json = out_.str();
  EXPECT_NE(json.find(R"("vip":{"state":"started","node":"node1")"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("fenced":[])"), std::string::npos) << "node2 is down now: " << json;
  EXPECT_NE(json.find(R"("actions":[])"), std::string::npos) << "nothing left to do: " << json;
}

// failure-timeout: once the failure is older, the plan clears its fail count (Pacemaker's
// clear_failcount cluster action) and vip comes back to node2.
TEST_F(SimulateCommandTest, AnExpiredFailCountIsClearedByAClusterAction) {
  std::string cib = kRunningCib;
  cib.replace(cib.find("</meta_attributes>"), 0,
              R"(<nvpair id="vm2" name="failure-timeout" value="60s"/>)");
  std::string file = Write("running.xml", cib);
  const std::string failed = (dir_ / "failed.xml").string();
  ASSERT_EQ(Run({"--xml-file", file, "--now", "1700000000", "--op-fail", "vip:node2:monitor:7",
                 "--save", failed}),
            0)
      << err_.str();
  ASSERT_EQ(Run({"--xml-file", failed, "--now", "1700000030"}), 0) << err_.str();
  EXPECT_EQ(out_.str().find("clear_failcount"), std::string::npos) << out_.str();
  const std::string after = (dir_ / "after.xml").string();
  ASSERT_EQ(Run({"--xml-file", failed, "--now", "1700000060", "--save", after}), 0) << err_.str();
  EXPECT_NE(out_.str().find("  * Cluster action:  clear_failcount for vip on node2\n"),
            std::string::npos)
      << out_.str();
  std::ifstream in(after);
  std::string saved((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(saved.find("fail-count-vip"), std::string::npos) << saved;
  EXPECT_EQ(saved.find("vip_last_failure_0"), std::string::npos) << saved;
}

// on-fail=ignore: the failed monitor leaves vip running where it is, shown as crm_mon does.
TEST_F(SimulateCommandTest, AnIgnoredFailureShowsAsIgnored) {
  std::string cib = kRunningCib;
  cib.replace(cib.find(R"(interval="10s"/>)"), 16, R"(interval="10s" on-fail="ignore"/>)");
  cib.replace(cib.find(R"(call-id="4" rc-code="0")"), 23, R"(call-id="4" rc-code="1")");
  ASSERT_EQ(Run({"--xml-file", Write("ignored.xml", cib)}), 0) << err_.str();
  EXPECT_NE(RevisedStatus(out_.str()).find("Started node2 (failure ignored)"), std::string::npos)
      << out_.str();
}

TEST_F(SimulateCommandTest, WhatIfErrorsNameTheOption) {
  std::string file = Write("running.xml", kRunningCib);
  EXPECT_EQ(Run({"--xml-file", file, "--node-fail", "node9"}), 1);
  EXPECT_NE(err_.str().find("--node-fail: no node 'node9' in the configuration"), std::string::npos)
      << err_.str();
  EXPECT_TRUE(out_.str().empty());
  EXPECT_EQ(Run({"--xml-file", file, "--op-fail", "ghost:node1:start:1"}), 1);
  EXPECT_NE(err_.str().find("no primitive 'ghost'"), std::string::npos) << err_.str();
  EXPECT_EQ(Run({"--xml-file", file, "--op-fail", "vip:node1:start"}), 2);
  EXPECT_NE(err_.str().find("expected RSC:NODE:OP:RC"), std::string::npos) << err_.str();
  EXPECT_EQ(Run({"--xml-file", file, "--save", (dir_ / "no" / "such" / "dir.xml").string()}), 1);
  EXPECT_NE(err_.str().find("cannot write"), std::string::npos) << err_.str();
  EXPECT_TRUE(out_.str().empty());
}

TEST(SimulateOptionsTest, TimeIsEpochSecondsOrIso8601) {
  EXPECT_EQ(ParseSimulateTime("86400"), 86400);
  EXPECT_EQ(ParseSimulateTime("1970-01-02"), 86400);
  EXPECT_EQ(ParseSimulateTime("2026-12-05T06:30:15Z"), 1796452215);
  EXPECT_EQ(ParseSimulateTime("2026-12-05 06:30"), 1796452200);
  for (const char* bad : {"soon", "2026-02-30", "2026-12-05T25:00", "2026-12-05T06:30:1", ""}) {
    EXPECT_FALSE(ParseSimulateTime(bad).has_value()) << bad;
  }
}

TEST(SimulateOptionsTest, OpInjectionReadsFromTheRight) {
  auto op = ParseOpInjection("web:0:node1:monitor_10s:7");
  ASSERT_TRUE(op.has_value()) << op.error();
  EXPECT_EQ(op->resource, "web:0");
  EXPECT_EQ(op->node, "node1");
  EXPECT_EQ(op->operation, "monitor");
  EXPECT_EQ(op->interval_ms, 10000);
  EXPECT_EQ(op->rc, 7);
  op = ParseOpInjection("vip:node2:start:1");
  ASSERT_TRUE(op.has_value()) << op.error();
  EXPECT_FALSE(op->interval_ms.has_value());
  for (const char* bad : {"vip:node1:start", "vip:node1:start:x", ":node1:start:1", "vip::start:1",
                          "vip:node1:monitor_x:1", "vip:node1:start:300"}) {
    EXPECT_FALSE(ParseOpInjection(bad).has_value()) << bad;
  }
}

TEST(JsonWriterTest, EscapesAndSeparates) {
  std::ostringstream out;
  JsonWriter json(out);
  json.BeginObject().Key("a\"b").String("x\n\x01y").Key("n").Int(-3).Key("l").BeginArray();
  json.Bool(true).Null().EndArray().EndObject();
  EXPECT_EQ(out.str(), R"({"a\"b":"x\n\u0001y","n":-3,"l":[true,null]})");
}

}  // namespace
}  // namespace keel
