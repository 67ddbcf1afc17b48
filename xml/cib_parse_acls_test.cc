// <acls>: parse, write back unchanged (errors are in cib_parse_errors_test.cc).

#include <gtest/gtest.h>

#include <string>

#include "xml/cib_parse.h"
#include "xml/cib_write.h"

namespace keel {
namespace {

std::string Doc(std::string_view acls) {
  return "<cib admin_epoch=\"0\" epoch=\"1\" num_updates=\"0\" validate-with=\"pacemaker-3.0\">\n"
         "<configuration>\n<nodes><node id=\"1\" uname=\"n1\"/></nodes>\n<resources/>\n" +
         std::string(acls) + "\n</configuration>\n</cib>\n";
}

TEST(CibAcls, ParsesTargetsGroupsAndRolesAndWritesThemBack) {
  auto parsed = ParseCib(Doc(R"(<acls>
<acl_target id="alice"><role id="ro"/><role id="rw"/></acl_target>
<acl_group id="ops" name="operators"><role id="rw"/></acl_group>
<acl_role id="ro" description="read all"><acl_permission id="ro-1" kind="read" xpath="/cib"/></acl_role>
<acl_role id="rw"><acl_permission id="rw-1" kind="write" reference="d"/>
<acl_permission id="rw-2" kind="deny" object-type="status" attribute="x"/></acl_role>
</acls>)"),
                         "cib.xml");
  ASSERT_TRUE(parsed) << parsed.error()[0].ToString();
  const auto& acls = parsed->cib.configuration.acls;
  ASSERT_TRUE(acls);
  ASSERT_EQ(acls->subjects.size(), 2u);
  EXPECT_FALSE(acls->subjects[0].group);
  EXPECT_EQ(acls->subjects[0].roles, (std::vector<std::string>{"ro", "rw"}));
  EXPECT_TRUE(acls->subjects[1].group);
  EXPECT_EQ(acls->subjects[1].name, "operators");
  ASSERT_EQ(acls->roles.size(), 2u);
  EXPECT_EQ(acls->roles[1].permissions[1].object_type, "status");
  EXPECT_EQ(acls->roles[1].permissions[1].attribute, "x");
  std::string text = SerializeCib(parsed->cib);
  auto again = ParseCib(text, "again.xml");
  ASSERT_TRUE(again);
  EXPECT_EQ(WithoutSourceLines(again->cib), WithoutSourceLines(parsed->cib));
}

TEST(CibAcls, EmptySectionSurvivesAndAbsentStaysAbsent) {
  auto empty = ParseCib(Doc("<acls/>"), "cib.xml");
  ASSERT_TRUE(empty);
  ASSERT_TRUE(empty->cib.configuration.acls);
  EXPECT_TRUE(empty->cib.configuration.acls->empty());
  EXPECT_NE(SerializeCib(empty->cib).find("<acls/>"), std::string::npos);
  auto none = ParseCib(Doc(""), "cib.xml");
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->cib.configuration.acls);
  EXPECT_EQ(SerializeCib(none->cib).find("<acls"), std::string::npos);
}

}  // namespace
}  // namespace keel
