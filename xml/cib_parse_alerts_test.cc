// <alerts>: parse, write back, and the errors of bad alerts (file:line and id).

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "xml/cib_parse.h"
#include "xml/cib_write.h"

namespace keel {
namespace {

// Line 1 <cib>, 2 <configuration>, 3 <nodes>, 4 <resources/>, `alerts` from line 5.
std::string Doc(std::string_view alerts) {
  return "<cib admin_epoch=\"0\" epoch=\"1\" num_updates=\"0\" validate-with=\"pacemaker-3.0\">\n"
         "<configuration>\n"
         "<nodes><node id=\"1\" uname=\"n1\"/></nodes>\n"
         "<resources/>\n" +
         std::string(alerts) + "\n</configuration>\n</cib>\n";
}

std::vector<std::string> Messages(const Errors& errors) {
  std::vector<std::string> out;
  for (const Error& e : errors) out.push_back(e.ToString());
  return out;
}

constexpr std::string_view kFull = R"(<alerts>
<alert id="file" path="/usr/lib/keel/alerts/alert_file.sh" description="to a file">
<select>
<select_nodes/>
<select_fencing/>
<select_attributes><attribute id="file-a1" name="pingd"/></select_attributes>
</select>
<meta_attributes id="file-meta"><nvpair id="file-meta-t" name="timeout" value="10s"/><nvpair id="file-meta-f" name="timestamp-format" value="%Y-%m-%d %H:%M:%S"/></meta_attributes>
<instance_attributes id="file-inst"><nvpair id="file-inst-x" name="debug" value="1"/></instance_attributes>
<recipient id="file-r1" value="/var/log/a.log"/>
<recipient id="file-r2" value="/var/log/b.log">
<meta_attributes id="file-r2-meta"><nvpair id="file-r2-meta-t" name="timeout" value="5s"/></meta_attributes>
</recipient>
</alert>
<alert id="all" path="/bin/true"/>
</alerts>)";

TEST(CibAlertsTest, ParsesEveryPart) {
  auto parsed = ParseCib(Doc(kFull), "cib.xml");
  ASSERT_TRUE(parsed.has_value()) << JoinErrors(parsed.error());
  const std::vector<Alert>& alerts = parsed->cib.configuration.alerts;
  ASSERT_EQ(alerts.size(), 2u);
  const Alert& file = alerts[0];
  EXPECT_EQ(file.id, "file");
  EXPECT_EQ(file.path, "/usr/lib/keel/alerts/alert_file.sh");
  EXPECT_EQ(file.description, "to a file");
  EXPECT_EQ(file.line, 6);
  ASSERT_TRUE(file.select.has_value());
  EXPECT_TRUE(file.select->nodes);
  EXPECT_TRUE(file.select->fencing);
  EXPECT_FALSE(file.select->resources);
  EXPECT_TRUE(file.select->attributes);
  ASSERT_EQ(file.select->attribute_names.size(), 1u);
  EXPECT_EQ(file.select->attribute_names[0].name, "pingd");
  EXPECT_EQ(FindNvValue(file.meta_attributes, "timeout"), "10s");
  EXPECT_EQ(FindNvValue(file.instance_attributes, "debug"), "1");
  ASSERT_EQ(file.recipients.size(), 2u);
  EXPECT_EQ(file.recipients[1].value, "/var/log/b.log");
  EXPECT_EQ(FindNvValue(file.recipients[1].meta_attributes, "timeout"), "5s");
  EXPECT_FALSE(alerts[1].select.has_value());  // no <select>: every kind
}

TEST(CibAlertsTest, RoundTrip) {
  auto parsed = ParseCib(Doc(kFull), "cib.xml");
  ASSERT_TRUE(parsed.has_value()) << JoinErrors(parsed.error());
  std::string text = SerializeCib(parsed->cib);
  auto again = ParseCib(text, "again.xml");
  ASSERT_TRUE(again.has_value()) << JoinErrors(again.error()) << text;
  EXPECT_TRUE(WithoutSourceLines(again->cib) == WithoutSourceLines(parsed->cib)) << text;
  EXPECT_EQ(SerializeCib(again->cib), text);
  EXPECT_NE(text.find("<select_nodes/>"), std::string::npos) << text;
}

TEST(CibAlertsTest, NoAlertsWritesNoElement) {
  auto parsed = ParseCib(Doc(""), "cib.xml");
  ASSERT_TRUE(parsed.has_value()) << JoinErrors(parsed.error());
  EXPECT_EQ(SerializeCib(parsed->cib).find("<alerts"), std::string::npos);
}

struct BadAlert {
  std::string name;
  std::string alerts;
  std::vector<std::string> errors;
};

class CibBadAlertTest : public testing::TestWithParam<BadAlert> {};

TEST_P(CibBadAlertTest, ReportsExactly) {
  auto parsed = ParseCib(Doc(GetParam().alerts), "cib.xml");
  ASSERT_FALSE(parsed.has_value()) << GetParam().alerts;
  EXPECT_EQ(Messages(parsed.error()), GetParam().errors);
}

INSTANTIATE_TEST_SUITE_P(
    All, CibBadAlertTest,
    testing::Values(
        BadAlert{"NoPath",
                 "<alerts>\n<alert id=\"a\"/>\n</alerts>",
                 {"cib.xml:6 (a): <alert> is missing required attribute 'path'"}},
        BadAlert{"DuplicateId",
                 "<alerts>\n<alert id=\"a\" path=\"/bin/true\"/>\n"
                 "<alert id=\"a\" path=\"/bin/false\"/>\n</alerts>",
                 {"cib.xml:7 (a): duplicate id 'a' (first used at cib.xml:6)"}},
        BadAlert{"RecipientWithoutValue",
                 "<alerts>\n<alert id=\"a\" path=\"/bin/true\">\n<recipient id=\"r\"/>\n"
                 "</alert>\n</alerts>",
                 {"cib.xml:7 (r): <recipient> is missing required attribute 'value'"}},
        BadAlert{"BadTimeout",
                 "<alerts>\n<alert id=\"a\" path=\"/bin/true\">\n<meta_attributes id=\"m\">"
                 "<nvpair id=\"m-t\" name=\"timeout\" value=\"soon\"/></meta_attributes>\n"
                 "</alert>\n</alerts>",
                 {"cib.xml:7 (m-t): alert meta 'timeout': not a positive duration: 'soon'"}},
        BadAlert{"UnknownSelectKind",
                 "<alerts>\n<alert id=\"a\" path=\"/bin/true\">\n<select><select_tickets/>"
                 "</select>\n</alert>\n</alerts>",
                 {"cib.xml:7: unknown element <select_tickets> in <select>"}},
        BadAlert{"AttributeWithoutName",
                 "<alerts>\n<alert id=\"a\" path=\"/bin/true\">\n<select><select_attributes>"
                 "<attribute id=\"x\"/></select_attributes></select>\n</alert>\n</alerts>",
                 {"cib.xml:7 (x): <attribute> is missing required attribute 'name'"}},
        BadAlert{"UnknownChild",
                 "<alerts>\n<alert id=\"a\" path=\"/bin/true\">\n<utilization id=\"u\"/>\n"
                 "</alert>\n</alerts>",
                 {"cib.xml:7 (u): unknown element <utilization> in <alert>"}}),
    [](const testing::TestParamInfo<BadAlert>& info) { return info.param.name; });

}  // namespace
}  // namespace keel
