#include "crmd/controller/action_table.h"

#include <gtest/gtest.h>

namespace keel {
namespace {

Action Make(std::string task, std::string resource, std::string node, int64_t interval,
            std::string reason) {
  Action a;
  a.task = std::move(task);
  a.resource = std::move(resource);
  a.node = std::move(node);
  a.interval_ms = interval;
  a.timeout_ms = 20'000 + interval;
  a.reason = std::move(reason);
  return a;
}

TEST(ActionTableTest, GivesBackEveryActionAsMade) {
  std::vector<Action> actions = {
      Make("monitor", "vip", "n1", 0, "probe"),
      Make("monitor", "vip", "n2", 0, "probe"),
      Make("start", "vip", "n1", 0, "placed on n1 (a reason longer than a short string)"),
      Make("monitor", "vip", "n1", 10'000, ""),
      Make("fence", "", "n3", 0, "peer is no longer part of the cluster"),
  };
  actions[3].role = "Promoted";
  Action notify = Make("notify", "p:0", "n2", 0, "post-start notification");
  notify.meta = {{"notify_operation", "start"}, {"notify_type", "post"}};
  actions.push_back(notify);
  // The same task, node and interval as action 0, differing in timeout or role only.
  actions.push_back(Make("monitor", "web", "n1", 0, "probe"));
  actions.back().timeout_ms = 60'000;
  actions.push_back(Make("monitor", "web", "n1", 10'000, ""));
  actions.push_back(Make("monitor", "db", "n1", 10'000, ""));
  actions.back().role = "Unpromoted";
  const std::vector<Action> copy = actions;

  ActionTable table(std::move(actions));
  ASSERT_EQ(table.size(), copy.size());
  for (size_t i = 0; i < copy.size(); ++i) {
    SCOPED_TRACE(copy[i].Key());
    Action got = table.Get(i);
    EXPECT_EQ(got.task, copy[i].task);
    EXPECT_EQ(got.resource, copy[i].resource);
    EXPECT_EQ(got.node, copy[i].node);
    EXPECT_EQ(got.interval_ms, copy[i].interval_ms);
    EXPECT_EQ(got.timeout_ms, copy[i].timeout_ms);
    EXPECT_EQ(got.reason, copy[i].reason);
    EXPECT_EQ(got.role, copy[i].role);
    EXPECT_EQ(got.meta, copy[i].meta);
    EXPECT_EQ(got.Key(), copy[i].Key());
    EXPECT_EQ(table.task(i), copy[i].task);
    EXPECT_EQ(table.resource(i), copy[i].resource);
    EXPECT_EQ(table.node(i), copy[i].node);
    EXPECT_EQ(table.reason(i), copy[i].reason);
  }
  // Node numbers: one per distinct node, the same for the same node.
  EXPECT_EQ(table.node_count(), 3u);  // n1, n2, n3
  for (size_t i = 0; i < copy.size(); ++i) {
    EXPECT_LT(table.node_index(i), table.node_count());
    for (size_t j = 0; j < copy.size(); ++j) {
      EXPECT_EQ(table.node_index(i) == table.node_index(j), copy[i].node == copy[j].node);
    }
  }
  EXPECT_EQ(table.meta(5, "notify_type"), "post");
  EXPECT_EQ(table.meta(5, "notify_uname"), "");
  EXPECT_EQ(table.meta(0, "notify_type"), "");
}

TEST(ActionTableTest, EmptyTable) {
  ActionTable table(std::vector<Action>{});
  EXPECT_EQ(table.size(), 0u);
}

}  // namespace
}  // namespace keel
