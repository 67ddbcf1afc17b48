// Alert runs as pure logic: select filters, recipients, overrides, the CRM_alert_* environment.
#include "crmd/alerts/alert_events.h"

#include <gtest/gtest.h>

#include <map>

#include "xml/cib_parse.h"

namespace keel {
namespace {

std::vector<Alert> Alerts(std::string_view alerts) {
  std::string text =
      "<cib admin_epoch=\"0\" epoch=\"1\" num_updates=\"0\" validate-with=\"pacemaker-3.0\">"
      "<configuration><nodes/><resources/><alerts>" +
      std::string(alerts) + "</alerts></configuration></cib>";
  auto parsed = ParseCib(text, "cib.xml");
  EXPECT_TRUE(parsed.has_value()) << (parsed ? "" : JoinErrors(parsed.error()));
  return parsed ? parsed->cib.configuration.alerts : std::vector<Alert>{};
}

std::map<std::string, std::string> Env(const AlertRun& run) {
  return {run.env.begin(), run.env.end()};
}

// 2026-12-05 21:30:15.123456 UTC.
constexpr int64_t kWhen = 1796506215123456;

AlertContext Context(int64_t sequence = 7) { return AlertContext{kWhen, 0, sequence, "2.1.0"}; }

AlertEvent NodeLost() {
  AlertEvent e;
  e.kind = AlertKind::kNode;
  e.node = "node2";
  e.node_id = "2";
  e.desc = "lost";
  return e;
}

AlertEvent Attribute(std::string name) {
  AlertEvent e;
  e.kind = AlertKind::kAttribute;
  e.node = "node1";
  e.attribute_name = std::move(name);
  e.attribute_value = "100";
  return e;
}

TEST(AlertEventsTest, NodeEventEnvironment) {
  auto runs =
      AlertRuns(Alerts(R"(<alert id="a" path="/bin/a"><recipient id="r" value="/tmp/x"/></alert>)"),
                NodeLost(), Context());
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].argv, std::vector<std::string>{"/bin/a"});
  EXPECT_EQ(runs[0].timeout_ms, kDefaultAlertTimeoutMs);
  EXPECT_EQ(Env(runs[0]),
            (std::map<std::string, std::string>{{"CRM_alert_kind", "node"},
                                                {"CRM_alert_node", "node2"},
                                                {"CRM_alert_nodeid", "2"},
                                                {"CRM_alert_desc", "lost"},
                                                {"CRM_alert_version", "2.1.0"},
                                                {"CRM_alert_recipient", "/tmp/x"},
                                                {"CRM_alert_node_sequence", "7"},
                                                {"CRM_alert_timestamp", "21:30:15.123456"},
                                                {"CRM_alert_timestamp_epoch", "1796506215"},
                                                {"CRM_alert_timestamp_usec", "123456"}}));
}

TEST(AlertEventsTest, ResourceAndFencingEnvironment) {
  std::vector<Alert> alerts = Alerts(R"(<alert id="a" path="/bin/a"/>)");
  AlertEvent start;
  start.kind = AlertKind::kResource;
  start.node = "node3";
  start.rsc = "vip";
  start.task = "monitor";
  start.interval_ms = 10000;
  start.rc = 7;
  start.target_rc = 0;
  start.status = 0;
  start.exec_time_ms = 42;
  start.desc = "not running";
  auto env = Env(AlertRuns(alerts, start, Context()).at(0));
  EXPECT_EQ(env.at("CRM_alert_kind"), "resource");
  EXPECT_EQ(env.at("CRM_alert_rsc"), "vip");
  EXPECT_EQ(env.at("CRM_alert_task"), "monitor");
  EXPECT_EQ(env.at("CRM_alert_interval"), "10000");
  EXPECT_EQ(env.at("CRM_alert_rc"), "7");
  EXPECT_EQ(env.at("CRM_alert_target_rc"), "0");
  EXPECT_EQ(env.at("CRM_alert_status"), "0");
  EXPECT_EQ(env.at("CRM_alert_exec_time"), "42");
  EXPECT_EQ(env.at("CRM_alert_node"), "node3");
  EXPECT_EQ(env.at("CRM_alert_recipient"), "");  // no recipients: one run without one
  EXPECT_FALSE(env.contains("CRM_alert_nodeid"));
  EXPECT_FALSE(env.contains("CRM_alert_attribute_name"));

  AlertEvent fence;
  fence.kind = AlertKind::kFencing;
  fence.node = "node2";
  fence.task = "reboot";
  fence.rc = 0;
  fence.desc = "reboot of node2 by node1: OK";
  env = Env(AlertRuns(alerts, fence, Context()).at(0));
  EXPECT_EQ(env.at("CRM_alert_kind"), "fencing");
  EXPECT_EQ(env.at("CRM_alert_node"), "node2");
  EXPECT_EQ(env.at("CRM_alert_task"), "reboot");
  EXPECT_EQ(env.at("CRM_alert_rc"), "0");
  EXPECT_FALSE(env.contains("CRM_alert_rsc"));
}

TEST(AlertEventsTest, SelectFilters) {
  std::vector<Alert> alerts =
      Alerts(R"(<alert id="nodes" path="/bin/n"><select><select_nodes/></select></alert>)"
             R"(<alert id="pingd" path="/bin/p"><select><select_attributes>)"
             R"(<attribute id="p1" name="pingd"/></select_attributes></select></alert>)"
             R"(<alert id="attrs" path="/bin/t"><select><select_attributes/></select></alert>)"
             R"(<alert id="all" path="/bin/all"/>)");
  auto ids = [&](const AlertEvent& e) {
    std::vector<std::string> out;
    for (const AlertRun& run : AlertRuns(alerts, e, Context())) out.push_back(run.alert_id);
    return out;
  };
  EXPECT_EQ(ids(NodeLost()), (std::vector<std::string>{"nodes", "all"}));
  EXPECT_EQ(ids(Attribute("pingd")), (std::vector<std::string>{"pingd", "attrs", "all"}));
  EXPECT_EQ(ids(Attribute("standby")), (std::vector<std::string>{"attrs", "all"}));
  AlertEvent rsc;
  rsc.kind = AlertKind::kResource;
  EXPECT_EQ(ids(rsc), (std::vector<std::string>{"all"}));
}

TEST(AlertEventsTest, EachRecipientRunsWithItsOverrides) {
  std::vector<Alert> alerts = Alerts(
      R"(<alert id="a" path="/bin/a">)"
      R"(<meta_attributes id="m"><nvpair id="m1" name="timeout" value="10s"/>)"
      R"(<nvpair id="m2" name="timestamp-format" value="%Y-%m-%d %H:%M:%3N"/></meta_attributes>)"
      R"(<instance_attributes id="i"><nvpair id="i1" name="level" value="1"/>)"
      R"(<nvpair id="i2" name="mode" value="short"/></instance_attributes>)"
      R"(<recipient id="r1" value="first"/>)"
      R"(<recipient id="r2" value="second">)"
      R"(<meta_attributes id="rm"><nvpair id="rm1" name="timeout" value="2s"/></meta_attributes>)"
      R"(<instance_attributes id="ri"><nvpair id="ri1" name="level" value="9"/></instance_attributes>)"
      R"(</recipient></alert>)");
  auto runs = AlertRuns(alerts, Attribute("pingd"), Context());
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0].recipient, "first");
  EXPECT_EQ(runs[0].timeout_ms, 10000);
  EXPECT_EQ(Env(runs[0]).at("level"), "1");
  EXPECT_EQ(Env(runs[0]).at("CRM_alert_timestamp"), "2026-12-05 21:30:123");
  EXPECT_EQ(runs[1].recipient, "second");
  EXPECT_EQ(runs[1].timeout_ms, 2000);
  EXPECT_EQ(Env(runs[1]).at("level"), "9");
  EXPECT_EQ(Env(runs[1]).at("mode"), "short");
  EXPECT_EQ(Env(runs[1]).at("CRM_alert_recipient"), "second");
  EXPECT_EQ(Env(runs[1]).at("CRM_alert_attribute_name"), "pingd");
  EXPECT_EQ(Env(runs[1]).at("CRM_alert_attribute_value"), "100");
}

TEST(AlertEventsTest, InstanceAttributesCannotHideTheEvent) {
  auto runs = AlertRuns(
      Alerts(
          R"(<alert id="a" path="/bin/a"><instance_attributes id="i">)"
          R"(<nvpair id="i1" name="CRM_alert_kind" value="fake"/></instance_attributes></alert>)"),
      NodeLost(), Context());
  EXPECT_EQ(Env(runs.at(0)).at("CRM_alert_kind"), "node");
}

TEST(AlertEventsTest, SequenceIsTheCallersCounter) {
  std::vector<Alert> alerts = Alerts(R"(<alert id="a" path="/bin/a"/>)");
  EXPECT_EQ(Env(AlertRuns(alerts, NodeLost(), Context(8)).at(0)).at("CRM_alert_node_sequence"),
            "8");
}

TEST(AlertEventsTest, TimestampFormats) {
  EXPECT_EQ(FormatAlertTimestamp("%H:%M:%S.%06N", kWhen, 0), "21:30:15.123456");
  EXPECT_EQ(FormatAlertTimestamp("%H:%M:%S.%06N", kWhen, 3600), "22:30:15.123456");
  EXPECT_EQ(FormatAlertTimestamp("%N", kWhen, 0), "123456000");
  EXPECT_EQ(FormatAlertTimestamp("%1N|%%N|%12N", kWhen, 0), "1|%N|123456000");
}

}  // namespace
}  // namespace keel
