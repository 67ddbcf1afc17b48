// Notifications of clones with notify=true: which instances get pre and post notify actions
// around a transition's starts, stops, promotes and demotes, the variables they carry, and
// their order. Expectations are worked out by hand from the rules in clone_notify.h.

#include "crmd/scheduler/clone_notify.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "crmd/scheduler/scheduler.h"
#include "crmd/scheduler/transition_format.h"
#include "xml/cib_parse.h"

namespace keel {
namespace {

struct NodeSetup {
  std::string name;
  std::string db_state = "";  // "", "unpromoted", "promoted"
  std::string score = "";     // master-db; "" = none
  bool lost = false;          // left the membership while expected up: unclean, fenced
  bool standby = false;
};

std::string LrmDb(const std::string& state) {
  if (state.empty()) return "";
  std::string out =
      "<lrm_resource id=\"db\" class=\"ocf\" provider=\"pacemaker\" type=\"Stateful\">"
      "<lrm_rsc_op id=\"db_start_0\" operation=\"start\" interval=\"0\" call-id=\"2\" "
      "rc-code=\"0\" op-status=\"0\" transition-key=\"1:1:0:x\"/>";
  if (state == "promoted") {
    out +=
        "<lrm_rsc_op id=\"db_promote_0\" operation=\"promote\" interval=\"0\" call-id=\"3\" "
        "rc-code=\"0\" op-status=\"0\" transition-key=\"2:1:0:x\"/>";
  }
  return out + "</lrm_resource>";
}

// A clone db-clone of db (promotable unless `plain`) with notify=true (unless `notify` is
// false) on the given nodes; fencing on with a device.
std::string CibXml(const std::vector<NodeSetup>& nodes, bool notify = true, bool plain = false,
                   const std::string& clone_meta = "") {
  std::string xml =
      "<cib have-quorum=\"1\" validate-with=\"pacemaker-3.0\"><configuration><crm_config>"
      "<cluster_property_set id=\"o\"><nvpair id=\"o1\" name=\"stonith-enabled\" "
      "value=\"true\"/></cluster_property_set></crm_config><nodes>";
  for (const NodeSetup& n : nodes) {
    xml += "<node id=\"" + n.name + "\" uname=\"" + n.name + "\">";
    if (n.standby) {
      xml += "<instance_attributes id=\"" + n.name + "-a\"><nvpair id=\"" + n.name +
             "-s\" name=\"standby\" value=\"on\"/></instance_attributes>";
    }
    xml += "</node>";
  }
  xml +=
      "</nodes><resources><primitive id=\"fence\" class=\"stonith\" type=\"fence_dummy\"/>"
      "<clone id=\"db-clone\"><meta_attributes id=\"db-clone-m\">";
  if (!plain) xml += "<nvpair id=\"db-clone-p\" name=\"promotable\" value=\"true\"/>";
  if (notify) xml += "<nvpair id=\"db-clone-n\" name=\"notify\" value=\"true\"/>";
  xml += clone_meta;
  xml +=
      "</meta_attributes><primitive id=\"db\" class=\"ocf\" provider=\"pacemaker\" "
      "type=\"Stateful\"><operations><op id=\"db-n\" name=\"notify\" interval=\"0\" "
      "timeout=\"7s\"/></operations></primitive></clone></resources><constraints>"
      "<rsc_location id=\"fence-off-db\" rsc=\"fence\" node=\"" +
      nodes.back().name + "\" score=\"100\"/></constraints></configuration><status>";
  for (const NodeSetup& n : nodes) {
    xml += "<node_state id=\"" + n.name + "\" uname=\"" + n.name + "\" in_ccm=\"" +
           (n.lost ? "false" : "true") + "\" crmd=\"" + (n.lost ? "offline" : "online") +
           "\" join=\"member\" expected=\"member\">";
    if (!n.score.empty()) {
      xml += "<transient_attributes id=\"" + n.name + "-t\"><instance_attributes id=\"" + n.name +
             "-ta\"><nvpair id=\"" + n.name + "-md\" name=\"master-db\" value=\"" + n.score +
             "\"/></instance_attributes></transient_attributes>";
    }
    std::string fence_history =
        n.name == nodes.back().name
            ? "<lrm_resource id=\"fence\" class=\"stonith\" type=\"fence_dummy\"><lrm_rsc_op "
              "id=\"fence_start_0\" operation=\"start\" interval=\"0\" call-id=\"1\" "
              "rc-code=\"0\" op-status=\"0\" transition-key=\"0:1:0:x\"/></lrm_resource>"
            : "<lrm_resource id=\"fence\" class=\"stonith\" type=\"fence_dummy\"><lrm_rsc_op "
              "id=\"fence_monitor_0\" operation=\"monitor\" interval=\"0\" call-id=\"1\" "
              "rc-code=\"7\" op-status=\"0\" transition-key=\"0:1:7:x\"/></lrm_resource>";
    xml += "<lrm id=\"" + n.name + "\"><lrm_resources>" + fence_history + LrmDb(n.db_state) +
           "</lrm_resources></lrm></node_state>";
  }
  return xml + "</status></cib>";
}

Transition MustRun(const std::string& xml) {
  auto parsed = ParseCib(xml, "<test>");
  EXPECT_TRUE(parsed.has_value());
  if (!parsed) return {};
  auto t = Schedule(parsed->cib, DeriveClusterView(parsed->cib), TimePoint{0});
  EXPECT_TRUE(t.has_value()) << (t.has_value() ? "" : JoinErrors(t.error()));
  return t.value_or(Transition{});
}

std::string Meta(const Action& a, const std::string& name) {
  for (const auto& [key, value] : a.meta) {
    if (key == name) return value;
  }
  return "(unset)";
}

// The notify actions of one kind ("pre start"), by node.
std::map<std::string, int> Notifies(const Transition& t, const std::string& type,
                                    const std::string& operation) {
  std::map<std::string, int> out;
  for (size_t i = 0; i < t.actions.size(); ++i) {
    const Action& a = t.actions[i];
    if (a.task == "notify" && Meta(a, "notify_type") == type &&
        Meta(a, "notify_operation") == operation) {
      out[a.node] = static_cast<int>(i);
    }
  }
  return out;
}

int IndexOf(const Transition& t, const std::string& task, const std::string& node) {
  for (size_t i = 0; i < t.actions.size(); ++i) {
    if (t.actions[i].task == task && t.actions[i].node == node) return static_cast<int>(i);
  }
  return -1;
}

// `first` must finish before `then`, directly or through other actions.
bool Before(const Transition& t, int first, int then) {
  std::vector<int> todo{first};
  std::vector<bool> seen(t.actions.size(), false);
  while (!todo.empty()) {
    int at = todo.back();
    todo.pop_back();
    for (const Edge& e : t.edges) {
      if (e.first != at || seen[e.then]) continue;
      if (e.then == then) return true;
      seen[e.then] = true;
      todo.push_back(e.then);
    }
  }
  return false;
}

std::vector<std::string> NodesOf(const std::map<std::string, int>& notifies) {
  std::vector<std::string> nodes;
  for (const auto& [node, index] : notifies) nodes.push_back(node);
  return nodes;
}

using V = std::vector<std::string>;

TEST(CloneNotifyTest, FirstStartNotifiesEveryInstanceAfterTheStartsOnly) {
  Transition t = MustRun(CibXml({{"node1"}, {"node2"}, {"node3"}}, true, true));
  SCOPED_TRACE(FormatTransition(t));
  EXPECT_TRUE(Notifies(t, "pre", "start").empty());  // nothing runs before
  auto post = Notifies(t, "post", "start");
  ASSERT_EQ(NodesOf(post), (V{"node1", "node2", "node3"}));
  const Action& a = t.actions[post["node2"]];
  EXPECT_EQ(a.Key(), a.resource + "_post_notify_start_0 on node2");
  EXPECT_EQ(a.timeout_ms, 7000);
  EXPECT_EQ(Meta(a, "notify_start_resource"), "db:0 db:1 db:2");
  EXPECT_EQ(Meta(a, "notify_start_uname"), "node1 node2 node3");
  EXPECT_EQ(Meta(a, "notify_active_resource"), " ");
  EXPECT_EQ(Meta(a, "notify_inactive_resource"), "db:0 db:1 db:2");
  EXPECT_EQ(Meta(a, "notify_stop_uname"), " ");
  EXPECT_EQ(Meta(a, "notify_all_uname"), "node1 node2 node3");
  for (std::string node : {"node1", "node2", "node3"}) {
    for (const auto& [to, index] : post) {
      EXPECT_TRUE(Before(t, IndexOf(t, "start", node), index)) << node << " -> " << to;
    }
  }
  for (const std::string& note : t.notes) EXPECT_EQ(note.find("not planned"), std::string::npos);
}

TEST(CloneNotifyTest, WithoutNotifyThereAreNoNotifyActions) {
  Transition t = MustRun(CibXml({{"node1"}, {"node2"}}, false));
  EXPECT_EQ(std::count_if(t.actions.begin(), t.actions.end(),
                          [](const Action& a) { return a.task == "notify"; }),
            0);
}

TEST(CloneNotifyTest, NothingChangingMeansNoNotifications) {
  Transition t = MustRun(CibXml({{"node1", "promoted", "10"}, {"node2", "unpromoted", "5"}}));
  SCOPED_TRACE(FormatTransition(t));
  EXPECT_EQ(std::count_if(t.actions.begin(), t.actions.end(),
                          [](const Action& a) { return a.task == "notify"; }),
            0);
}

TEST(CloneNotifyTest, PromotionAfterStartsIsNotifiedAroundThePromote) {
  Transition t = MustRun(CibXml({{"node1", "", "5"}, {"node2", "", "20"}, {"node3", "", "1"}}));
  SCOPED_TRACE(FormatTransition(t));
  int promote = IndexOf(t, "promote", "node2");
  ASSERT_GE(promote, 0);
  auto pre = Notifies(t, "pre", "promote"), post = Notifies(t, "post", "promote");
  ASSERT_EQ(NodesOf(pre), (V{"node1", "node2", "node3"}));
  ASSERT_EQ(NodesOf(post), (V{"node1", "node2", "node3"}));
  for (const auto& [node, index] : pre) {
    EXPECT_TRUE(Before(t, index, promote)) << node;
    EXPECT_TRUE(Before(t, Notifies(t, "post", "start")[node], index)) << node;
    EXPECT_EQ(Meta(t.actions[index], "notify_promote_uname"), "node2");
    EXPECT_EQ(Meta(t.actions[index], "notify_master_uname"), " ");
  }
  for (const auto& [node, index] : post) EXPECT_TRUE(Before(t, promote, index)) << node;
}

TEST(CloneNotifyTest, LostPromotedNodeNotifiesTheSurvivorsOfStopAndPromote) {
  Transition t = MustRun(CibXml({{"node1", "promoted", "20", true},
                                 {"node2", "unpromoted", "10"},
                                 {"node3", "unpromoted", "5"}}));
  SCOPED_TRACE(FormatTransition(t));
  int fence = IndexOf(t, "fence", "node1");
  int promote = IndexOf(t, "promote", "node2");
  ASSERT_GE(fence, 0);
  ASSERT_GE(promote, 0);
  auto pre_stop = Notifies(t, "pre", "stop"), post_stop = Notifies(t, "post", "stop");
  ASSERT_EQ(NodesOf(pre_stop), (V{"node2", "node3"}));  // node1 is gone
  ASSERT_EQ(NodesOf(post_stop), (V{"node2", "node3"}));
  auto pre = Notifies(t, "pre", "promote"), post = Notifies(t, "post", "promote");
  ASSERT_EQ(NodesOf(pre), (V{"node2", "node3"}));
  ASSERT_EQ(NodesOf(post), (V{"node2", "node3"}));
  const Action& a = t.actions[pre["node3"]];
  EXPECT_EQ(Meta(a, "notify_promote_uname"), "node2");
  EXPECT_EQ(Meta(a, "notify_stop_uname"), "node1");
  EXPECT_EQ(Meta(a, "notify_demote_uname"), "node1");
  EXPECT_EQ(Meta(a, "notify_master_uname"), "node1");
  EXPECT_EQ(Meta(a, "notify_promoted_uname"), "node1");
  EXPECT_EQ(Meta(a, "notify_slave_uname"), "node2 node3");
  EXPECT_EQ(Meta(a, "notify_unpromoted_uname"), "node2 node3");
  EXPECT_EQ(Meta(a, "notify_active_uname"), "node1 node2 node3");
  for (const auto& [node, index] : post_stop) {
    EXPECT_TRUE(Before(t, fence, index)) << node;
    EXPECT_TRUE(Before(t, index, pre["node2"])) << node;
  }
  for (const auto& [node, index] : pre) EXPECT_TRUE(Before(t, index, promote)) << node;
  for (const auto& [node, index] : post) EXPECT_TRUE(Before(t, promote, index)) << node;
}

TEST(CloneNotifyTest, MoveNotifiesStopThenStartAndPostStopComesBeforePreStart) {
  Transition t = MustRun(CibXml({{"node1", "unpromoted", "", false, true}, {"node2"}}, true, true,
                                "<nvpair id=\"db-clone-max\" name=\"clone-max\" value=\"1\"/>"));
  SCOPED_TRACE(FormatTransition(t));
  int stop = IndexOf(t, "stop", "node1"), start = IndexOf(t, "start", "node2");
  ASSERT_GE(stop, 0);
  ASSERT_GE(start, 0);
  auto pre_stop = Notifies(t, "pre", "stop"), post_stop = Notifies(t, "post", "stop");
  auto pre_start = Notifies(t, "pre", "start"), post_start = Notifies(t, "post", "start");
  ASSERT_EQ(NodesOf(pre_stop), (V{"node1"}));  // active before the stop
  EXPECT_TRUE(post_stop.empty());              // nothing active after it
  EXPECT_TRUE(pre_start.empty());
  ASSERT_EQ(NodesOf(post_start), (V{"node2"}));
  EXPECT_TRUE(Before(t, pre_stop["node1"], stop));
  EXPECT_TRUE(Before(t, pre_stop["node1"], start));
  EXPECT_TRUE(Before(t, start, post_start["node2"]));
  const Action& a = t.actions[post_start["node2"]];
  EXPECT_EQ(Meta(a, "notify_stop_uname"), "node1");
  EXPECT_EQ(Meta(a, "notify_start_uname"), "node2");
  EXPECT_EQ(Meta(a, "notify_stop_resource"), Meta(a, "notify_start_resource"));
  EXPECT_EQ(Meta(a, "notify_slave_uname"), " ");  // not promotable: no roles
}

TEST(CloneNotifyTest, MetaListsEveryVariableWithASpaceForAnEmptyList) {
  NotifyData d;
  d.active = {{"db:0", "node1"}};
  d.inactive = {"db:1"};
  d.start = {{"db:1", "node2"}};
  d.all_nodes = {"node1", "node2"};
  auto meta = NotifyMeta(d, "pre", "start");
  EXPECT_TRUE(std::is_sorted(meta.begin(), meta.end()));
  std::map<std::string, std::string> m(meta.begin(), meta.end());
  EXPECT_EQ(m["notify_type"], "pre");
  EXPECT_EQ(m["notify_operation"], "start");
  EXPECT_EQ(m["notify_active_resource"], "db:0");
  EXPECT_EQ(m["notify_active_uname"], "node1");
  EXPECT_EQ(m["notify_inactive_resource"], "db:1");
  EXPECT_EQ(m["notify_start_resource"], "db:1");
  EXPECT_EQ(m["notify_start_uname"], "node2");
  EXPECT_EQ(m["notify_promote_resource"], " ");
  EXPECT_EQ(m["notify_all_uname"], "node1 node2");
  EXPECT_EQ(m.size(), 22u);
}

}  // namespace
}  // namespace keel
