// crm configure `alert`: crmsh's syntax in, the model, `show` back out.
#include <gtest/gtest.h>

#include "cli/crm_apply.h"
#include "cli/crm_syntax.h"
#include "cli/crm_writer.h"
#include "cli/model_compare.h"
#include "xml/cib_parse.h"
#include "xml/cib_write.h"

namespace keel {
namespace {

Configuration Apply(std::string_view text, const Configuration& base = {}) {
  auto result = ApplyCrmText(base, text, ApplyMode::kCreate);
  EXPECT_TRUE(result.has_value()) << (result ? "" : JoinErrors(result.error()));
  return result ? result->config : Configuration{};
}

std::string FirstError(std::string_view text, const Configuration& base = {}) {
  auto result = ApplyCrmText(base, text, ApplyMode::kCreate);
  if (result) return "(no error)";
  return result.error().front().ToString();
}

TEST(CrmAlert, EveryPart) {
  Configuration c = Apply(R"(alert file /usr/lib/keel/alerts/alert_file.sh \
    meta timeout=10s timestamp-format="%Y-%m-%d %H:%M:%S" \
    attributes debug=1 \
    select nodes fencing attributes { pingd standby } \
    to /var/log/a.log \
    to { /var/log/b.log meta timeout=5s attributes x=y }
)");
  ASSERT_EQ(c.alerts.size(), 1u);
  const Alert& a = c.alerts[0];
  EXPECT_EQ(a.id, "file");
  EXPECT_EQ(a.path, "/usr/lib/keel/alerts/alert_file.sh");
  EXPECT_EQ(FindNvValue(a.meta_attributes, "timestamp-format"), "%Y-%m-%d %H:%M:%S");
  EXPECT_EQ(a.meta_attributes[0].id, "file-meta_attributes");
  EXPECT_EQ(FindNvValue(a.instance_attributes, "debug"), "1");
  ASSERT_TRUE(a.select.has_value());
  EXPECT_TRUE(a.select->nodes && a.select->fencing && a.select->attributes);
  EXPECT_FALSE(a.select->resources);
  ASSERT_EQ(a.select->attribute_names.size(), 2u);
  EXPECT_EQ(a.select->attribute_names[1].name, "standby");
  ASSERT_EQ(a.recipients.size(), 2u);
  EXPECT_EQ(a.recipients[0].id, "file-recipient-1");
  EXPECT_EQ(a.recipients[0].value, "/var/log/a.log");
  EXPECT_EQ(a.recipients[1].value, "/var/log/b.log");
  EXPECT_EQ(FindNvValue(a.recipients[1].meta_attributes, "timeout"), "5s");
  EXPECT_EQ(FindNvValue(a.recipients[1].instance_attributes, "x"), "y");
}

TEST(CrmAlert, UnbracedRecipientTakesTheSetsAfterIt) {
  Configuration c = Apply("alert a /bin/true to /tmp/x meta timeout=2s to /tmp/y");
  ASSERT_EQ(c.alerts[0].recipients.size(), 2u);
  EXPECT_EQ(FindNvValue(c.alerts[0].recipients[0].meta_attributes, "timeout"), "2s");
  EXPECT_TRUE(c.alerts[0].meta_attributes.empty());
}

TEST(CrmAlert, ShowRoundTripsThroughCrmAndXml) {
  Configuration c = Apply(R"(alert file /opt/alert.sh description="to a file" meta timeout=10s \
    attributes debug=1 select resources attributes { pingd } \
    to { /var/log/a.log $id=custom-r meta timeout=5s } to "meta" to "a=b"
alert plain /bin/true
)");
  auto text = WriteCrm(c);
  ASSERT_TRUE(text.has_value()) << JoinErrors(text.error());
  Configuration again = Apply(*text);
  EXPECT_TRUE(WithoutLines(again) == WithoutLines(c)) << *text;
  EXPECT_EQ(again.alerts[0].recipients[0].id, "custom-r") << *text;
  EXPECT_EQ(again.alerts[0].recipients[1].value, "meta") << *text;
  EXPECT_EQ(again.alerts[0].recipients[2].value, "a=b") << *text;

  Cib cib;
  cib.configuration = c;
  auto parsed = ParseCib(SerializeCib(cib), "cib.xml");
  ASSERT_TRUE(parsed.has_value()) << JoinErrors(parsed.error());
  auto from_xml = WriteCrm(parsed->cib.configuration);
  ASSERT_TRUE(from_xml.has_value());
  EXPECT_EQ(*from_xml, *text);
  auto one = WriteCrmObject(c, "plain");
  ASSERT_TRUE(one.has_value());
  EXPECT_EQ(*one, "alert plain /bin/true\n");
}

TEST(CrmAlert, DeleteAndRedefine) {
  Configuration c = Apply("alert a /bin/true");
  EXPECT_EQ(FirstError("alert a /bin/false", c),
            "line 1:1: duplicate id 'a': already defined as an alert");
  auto update = ApplyCrmText(c, "alert a /bin/false", ApplyMode::kUpdate);
  ASSERT_TRUE(update.has_value());
  EXPECT_EQ(update->config.alerts[0].path, "/bin/false");
  auto deleted = ApplyCrmText(c, "delete a", ApplyMode::kCreate);
  ASSERT_TRUE(deleted.has_value());
  EXPECT_TRUE(deleted->config.alerts.empty());
}

TEST(CrmAlert, Errors) {
  EXPECT_EQ(FirstError("alert"), "line 1:6: expected an alert id after 'alert'");
  EXPECT_EQ(FirstError("alert a"), "line 1:8: expected the alert agent's path after 'a'");
  EXPECT_EQ(FirstError("alert a alert.sh"),
            "line 1:9: the alert path must be absolute, not 'alert.sh'");
  EXPECT_EQ(FirstError("alert a /x select"), "line 1:18: expected an event kind after 'select'");
  EXPECT_EQ(FirstError("alert a /x select tickets"), "line 1:19: unknown event kind 'tickets'");
  EXPECT_EQ(FirstError("alert a /x to { /tmp/y"),
            "line 1:23: expected '}' after recipient '/tmp/y'");
  EXPECT_EQ(FirstError("alert a /x to meta"), "line 1:15: expected a recipient, not 'meta'");
  EXPECT_EQ(FirstError("alert a /x select attributes {"),
            "line 1:31: expected an attribute name or '}'");
  EXPECT_EQ(FirstError("alert a /x params x=1"), "line 1:12: unknown keyword 'params'");
}

}  // namespace
}  // namespace keel
