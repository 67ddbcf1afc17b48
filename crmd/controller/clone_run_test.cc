// Clones run end to end in one process: the controller's action messages are run by fake
// nodes that record each result into their lrm history as a node does (crmd/node/
// local_resources.cc: under the message's resource id, through BuildRequest and
// RecordResult), and the next plan, by the same or a new DC, reads that history back.

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "crmd/controller/controller.h"
#include "crmd/controller/controller_messages.h"
#include "crmd/controller/lrm_history.h"
#include "crmd/protocol/bus_message.h"
#include "xml/cib_parse.h"

namespace keel {
namespace {

// 3 nodes, fencing off; RESOURCES goes into <resources>.
Cib ThreeNodes(const std::string& resources) {
  std::string text =
      R"(<cib admin_epoch="0" epoch="1" num_updates="1" validate-with="pacemaker-3.0">
  <configuration>
    <crm_config><cluster_property_set id="o">
      <nvpair id="o1" name="fencing-enabled" value="false"/>
    </cluster_property_set></crm_config>
    <nodes><node id="1" uname="n1"/><node id="2" uname="n2"/><node id="3" uname="n3"/></nodes>
    <resources>)" +
      resources + R"(</resources>
    <constraints/>
  </configuration>
  <status/>
</cib>)";
  auto parsed = ParseCib(text, "test.xml");
  EXPECT_TRUE(parsed.has_value()) << (parsed ? "" : JoinErrors(parsed.error()));
  return parsed ? parsed->cib : Cib{};
}

constexpr const char* kClonedGroup = R"(<clone id="cg"><group id="g">
  <primitive id="a" class="ocf" provider="heartbeat" type="Dummy">
    <operations><op id="a-mon" name="monitor" interval="10s"/></operations></primitive>
  <primitive id="b" class="ocf" provider="heartbeat" type="Dummy">
    <operations><op id="b-mon" name="monitor" interval="10s"/></operations></primitive>
</group></clone>)";

ClusterView Up(std::set<std::string> down = {}) {
  ClusterView view{true, {}};
  for (const char* n : {"n1", "n2", "n3"}) {
    view.nodes.push_back(
        {n, down.contains(n) ? NodeMembership::kOffline : NodeMembership::kOnline, ""});
  }
  return view;
}

NodeState& StateOf(Cib& cib, const std::string& node) {
  for (NodeState& s : cib.status.node_states) {
    if (s.uname == node) return s;
  }
  NodeState& s = cib.status.node_states.emplace_back();
  s.id = node.substr(1);
  s.uname = node;
  return s;
}

// What a fake node ran: the message and the request its executor got.
struct Ran {
  ActionMessage message;
  ActionRequest request;
};

// Runs plans until the controller is idle: every action succeeds (a probe finds nothing
// running, but for the "resource node" pairs in `running`) and is recorded into its node's
// history in `cib`.
std::vector<Ran> RunUntilIdle(Cib& cib, Controller& c, const ClusterView& view,
                              const std::set<std::string>& running = {}) {
  ControllerInput in{&cib, view, 100, ""};
  std::vector<std::string> pending = c.Trigger(in, "test").sends;
  std::vector<Ran> ran;
  int call = 0;
  while (!pending.empty()) {
    auto m = DecodeAction(pending.front());
    pending.erase(pending.begin());
    EXPECT_TRUE(m.has_value());
    if (!m) break;
    auto request = BuildRequest(cib, *m);
    EXPECT_TRUE(request.has_value()) << m->resource << ": " << request.error().message;
    if (!request) break;
    ran.push_back(Ran{*m, *request});
    const bool probe = m->task == "monitor" && m->interval_ms == 0;
    ActionResult result;
    result.rsc_id = m->resource;
    result.action = m->task;
    result.interval_ms = m->interval_ms;
    result.call_id = ++call;
    const bool runs = running.contains(m->resource + " " + m->node);
    result.rc = probe && !runs ? ocf_rc::kNotRunning : ocf_rc::kOk;
    result.op_status = OpStatus::kDone;
    auto key = ParseTransitionKey(m->key);
    RecordResult(StateOf(cib, m->node), result,
                 ResultContext{request->agent, m->node, m->key, key ? key->target_rc : 0, 100});
    ResultMessage r{
        m->key,         m->node,   m->resource, m->task,
        m->interval_ms, result.rc, 0,           IsFailure(result, key ? key->target_rc : 0)};
    std::vector<std::string> next = c.OnResult(in, r).sends;
    pending.insert(pending.end(), next.begin(), next.end());
  }
  EXPECT_FALSE(c.running());
  return ran;
}

std::vector<std::string> Starts(const std::vector<Ran>& ran) {
  std::vector<std::string> out;
  for (const Ran& r : ran) {
    if (r.message.task == "start") out.push_back(r.message.resource + " " + r.message.node);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Every member of every group instance runs, recorded under the member's own id, with the
// clone's meta variables; the members of one node share their instance number.
TEST(CloneRun, ClonedGroupMembersRunPerNodeWithTheClonesVariables) {
  Cib cib = ThreeNodes(kClonedGroup);
  Controller c("1", 50);
  std::vector<Ran> ran = RunUntilIdle(cib, c, Up());
  EXPECT_EQ(Starts(ran),
            (std::vector<std::string>{"a n1", "a n2", "a n3", "b n1", "b n2", "b n3"}));
  std::map<std::string, std::set<std::string>> instance_on;  // node -> clone numbers
  int probes = 0;
  for (const Ran& r : ran) {
    if (r.message.task == "monitor" && r.message.interval_ms == 0) ++probes;
    if (r.message.task != "start") continue;
    EXPECT_EQ(r.request.rsc_id, r.message.resource);
    EXPECT_EQ(r.request.meta.at("clone_max"), "3");
    EXPECT_EQ(r.request.meta.at("clone_node_max"), "1");
    EXPECT_EQ(r.request.meta.at("globally_unique"), "false");
    instance_on[r.message.node].insert(r.request.meta.at("clone"));
  }
  EXPECT_EQ(probes, 6) << "each member probed on each node";
  std::set<std::string> numbers;
  for (const auto& [node, n] : instance_on) {
    EXPECT_EQ(n.size(), 1u) << node << ": a and b of one group instance";
    numbers.insert(*n.begin());
  }
  EXPECT_EQ(numbers, (std::set<std::string>{"0", "1", "2"}));
  // The histories say what runs: nothing more to do, for this DC or a new one.
  EXPECT_TRUE(RunUntilIdle(cib, c, Up()).empty());
  Controller next_dc("2", 90);
  EXPECT_TRUE(RunUntilIdle(cib, next_dc, Up()).empty());
}

// A node's history lost (its crmd restarted, or a cleanup) while its group instance still
// runs: the probes of the members find them and nothing is started or stopped.
TEST(CloneRun, ProbesOfClonedGroupMembersFindTheRunningInstance) {
  Cib cib = ThreeNodes(kClonedGroup);
  Controller c("1", 50);
  RunUntilIdle(cib, c, Up());
  StateOf(cib, "n2").lrm_resources.clear();
  std::vector<Ran> ran = RunUntilIdle(cib, c, Up(), {"a n2", "b n2"});
  std::set<std::string> seen;
  for (const Ran& r : ran) {
    seen.insert(r.message.task + "_" + std::to_string(r.message.interval_ms) + " " +
                r.message.resource + " " + r.message.node);
  }
  EXPECT_EQ(seen, (std::set<std::string>{"monitor_0 a n2", "monitor_0 b n2", "monitor_10000 a n2",
                                         "monitor_10000 b n2"}));
  EXPECT_TRUE(RunUntilIdle(cib, c, Up()).empty());
}

// The instances of a globally-unique clone are resources of their own: each is probed on
// every node and recorded under its own id ("p:1"), which the next plan reads back as that
// instance, not as whichever instance is free.
TEST(CloneRun, GloballyUniqueInstancesAreRecordedAndReadBackUnderTheirOwnIds) {
  Cib cib = ThreeNodes(R"(<clone id="u"><meta_attributes id="um">
      <nvpair id="um1" name="globally-unique" value="true"/>
      <nvpair id="um2" name="clone-max" value="2"/></meta_attributes>
    <primitive id="p" class="ocf" provider="heartbeat" type="Dummy">
      <operations><op id="p-mon" name="monitor" interval="10s"/></operations></primitive>
  </clone>)");
  Controller c("1", 50);
  std::vector<Ran> ran = RunUntilIdle(cib, c, Up());
  std::set<std::string> probed, started;
  for (const Ran& r : ran) {
    if (r.message.task == "monitor" && r.message.interval_ms == 0) {
      probed.insert(r.message.resource + " " + r.message.node);
    }
    if (r.message.task != "start") continue;
    started.insert(r.message.resource + " " + r.message.node);
    EXPECT_EQ(r.request.rsc_id, r.message.resource);
    EXPECT_EQ("p:" + r.request.meta.at("clone"), r.message.resource);
    EXPECT_EQ(r.request.meta.at("globally_unique"), "true");
    EXPECT_EQ(r.request.meta.at("clone_max"), "2");
  }
  EXPECT_EQ(probed,
            (std::set<std::string>{"p:0 n1", "p:0 n2", "p:0 n3", "p:1 n1", "p:1 n2", "p:1 n3"}));
  EXPECT_EQ(started, (std::set<std::string>{"p:0 n1", "p:1 n2"}));
  EXPECT_TRUE(RunUntilIdle(cib, c, Up()).empty());
  // p:1's node is listed first now: a reading by "first free instance" would call it p:0.
  std::swap(cib.status.node_states[0], cib.status.node_states[1]);
  auto plan = Schedule(cib, Up(), TimePoint{100});
  ASSERT_TRUE(plan.has_value());
  for (const Placement& p : plan->placements) {
    const std::string node = p.resource == "p:0" ? "n1" : "n2";
    EXPECT_EQ(p.current_nodes, std::vector<std::string>{node}) << p.resource;
  }
  Controller next_dc("2", 90);
  std::vector<Ran> again = RunUntilIdle(cib, next_dc, Up());
  EXPECT_TRUE(again.empty()) << again.front().message.task << " " << again.front().message.resource
                             << " " << again.front().message.node;
}

// clone-node-max 2 on a unique clone: two instances on a node run side by side, each
// recorded under its own id, and are read back as two.
TEST(CloneRun, SeveralUniqueInstancesOnOneNodeAreKeptApart) {
  Cib cib = ThreeNodes(R"(<clone id="u"><meta_attributes id="um">
      <nvpair id="um1" name="globally-unique" value="true"/>
      <nvpair id="um2" name="clone-max" value="4"/>
      <nvpair id="um3" name="clone-node-max" value="2"/></meta_attributes>
    <primitive id="p" class="ocf" provider="heartbeat" type="Dummy"/>
  </clone>)");
  Controller c("1", 50);
  std::vector<Ran> ran = RunUntilIdle(cib, c, Up({"n3"}));
  std::map<std::string, std::set<std::string>> on;  // node -> lrm ids started there
  for (const Ran& r : ran) {
    if (r.message.task != "start") continue;
    on[r.message.node].insert(r.request.rsc_id);
    EXPECT_EQ(r.request.meta.at("clone_node_max"), "2");
  }
  ASSERT_EQ(on.size(), 2u);
  EXPECT_EQ(on["n1"].size(), 2u);
  EXPECT_EQ(on["n2"].size(), 2u);
  EXPECT_TRUE(RunUntilIdle(cib, c, Up({"n3"})).empty());
  Controller next_dc("2", 90);
  EXPECT_TRUE(RunUntilIdle(cib, next_dc, Up({"n3"})).empty());
}

// An anonymous clone's instances share one id per node: clone-node-max above 1 is ignored
// (Pacemaker's rule) and said so, rather than starting a second instance the history could
// never show.
TEST(CloneRun, AnAnonymousCloneRunsOneInstancePerNodeWhateverCloneNodeMaxSays) {
  Cib cib = ThreeNodes(R"(<clone id="a"><meta_attributes id="am">
      <nvpair id="am2" name="clone-max" value="6"/>
      <nvpair id="am3" name="clone-node-max" value="2"/></meta_attributes>
    <primitive id="p" class="ocf" provider="heartbeat" type="Dummy"/>
  </clone>)");
  auto plan = Schedule(cib, Up(), TimePoint{100});
  ASSERT_TRUE(plan.has_value());
  EXPECT_EQ(plan->notes, std::vector<std::string>{
                             "clone a: clone-node-max 2 ignored: an anonymous clone runs at most "
                             "one instance per node (globally-unique=true runs several)"});
  Controller c("1", 50);
  EXPECT_EQ(Starts(RunUntilIdle(cib, c, Up())), (std::vector<std::string>{"p n1", "p n2", "p n3"}));
  EXPECT_TRUE(RunUntilIdle(cib, c, Up()).empty());
}

// Lab finding (lab_clone_group): a cluster whose <nodes> is empty (nodes known from
// membership, as `crm cluster init` leaves it) gave every agent clone_max=0, where the DC's
// scheduler counted the nodes that joined (each has a node_state).
TEST(CloneRun, CloneMaxCountsTheNodesThatJoinedWhenNoneIsConfigured) {
  Cib cib = ThreeNodes(kClonedGroup);
  for (const Node& n : cib.configuration.nodes) StateOf(cib, n.uname);
  cib.configuration.nodes.clear();
  auto request = BuildRequest(cib, ActionMessage{"1:1:0:1", "n1", "start", "a", 0, 20000, 2});
  ASSERT_TRUE(request.has_value()) << request.error().message;
  EXPECT_EQ(request->meta.at("clone_max"), "3");
  EXPECT_EQ(request->meta.at("clone"), "2");
}

// A node lost (fencing off: its resources count as stopped) stops nothing elsewhere and
// starts its instance nowhere else (clone-node-max 1); back with an empty history, its
// instance is probed and started there again, the others untouched.
TEST(CloneRun, ClonedGroupInstanceOfALostNodeStaysStoppedAndReturnsWithIt) {
  Cib cib = ThreeNodes(kClonedGroup);
  Controller c("1", 50);
  RunUntilIdle(cib, c, Up());
  std::vector<Ran> lost = RunUntilIdle(cib, c, Up({"n3"}));
  EXPECT_TRUE(lost.empty()) << lost.front().message.task << " " << lost.front().message.resource;
  StateOf(cib, "n3").lrm_resources.clear();
  std::vector<Ran> back = RunUntilIdle(cib, c, Up());
  EXPECT_EQ(Starts(back), (std::vector<std::string>{"a n3", "b n3"}));
  for (const Ran& r : back) EXPECT_EQ(r.message.node, "n3") << r.message.task;
}

}  // namespace
}  // namespace keel
