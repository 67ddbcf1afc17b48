// Resource sets in locations, colocations and orders: parsed, written back, validated.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "xml/cib_parse.h"
#include "xml/cib_write.h"

namespace keel {
namespace {

// Line 1 <cib>, 2 <configuration>, 3 nodes, 4 resources, 5 <constraints>, `constraints`
// from line 6.
std::string Doc(std::string_view constraints) {
  return "<cib admin_epoch=\"0\" epoch=\"1\" num_updates=\"0\" validate-with=\"pacemaker-3.0\">\n"
         "<configuration>\n"
         "<nodes><node id=\"1\" uname=\"n1\"/><node id=\"2\" uname=\"n2\"/></nodes>\n"
         "<resources><primitive id=\"a\" class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\"/>"
         "<primitive id=\"b\" class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\"/>"
         "<primitive id=\"c\" class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\"/></resources>\n"
         "<constraints>\n" +
         std::string(constraints) + "\n</constraints>\n</configuration>\n</cib>\n";
}

constexpr std::string_view kSets =
    R"(<rsc_colocation id="col" score="INFINITY">
<resource_set id="col-1" sequential="false" role="Started"><resource_ref id="a"/><resource_ref id="b"/></resource_set>
<resource_set id="col-2" score="-5"><resource_ref id="c"/></resource_set></rsc_colocation>
<rsc_order id="ord" kind="Optional">
<resource_set id="ord-1" require-all="false" action="promote" ordered="true"><resource_ref id="a"/></resource_set>
<resource_set id="ord-2"><resource_ref id="b"/><resource_ref id="c"/></resource_set></rsc_order>
<rsc_location id="loc" node="n1" score="10"><resource_set id="loc-1"><resource_ref id="b"/></resource_set></rsc_location>)";

std::vector<std::string> Messages(const Errors& errors) {
  std::vector<std::string> out;
  for (const Error& e : errors) out.push_back(e.ToString());
  return out;
}

TEST(ResourceSetTest, ParsesEveryAttributeAndMember) {
  auto parsed = ParseCib(Doc(kSets), "cib.xml");
  ASSERT_TRUE(parsed.has_value()) << JoinErrors(parsed.error());
  const Configuration& config = parsed->cib.configuration;
  ASSERT_EQ(config.colocations.size(), 1u);
  const ColocationConstraint& col = config.colocations[0];
  EXPECT_TRUE(col.rsc.empty());
  ASSERT_EQ(col.sets.size(), 2u);
  EXPECT_EQ(col.sets[0].resources, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(col.sets[0].sequential, std::optional<bool>(false));
  EXPECT_EQ(col.sets[0].role, "Started");
  EXPECT_EQ(col.sets[0].line, 7);
  EXPECT_EQ(col.sets[1].score, Score(-5));
  EXPECT_EQ(col.sets[1].sequential, std::nullopt);
  const OrderConstraint& ord = config.orders.at(0);
  ASSERT_EQ(ord.sets.size(), 2u);
  EXPECT_EQ(ord.sets[0].require_all, std::optional<bool>(false));
  EXPECT_EQ(ord.sets[0].ordered, std::optional<bool>(true));
  EXPECT_EQ(ord.sets[0].action, "promote");
  EXPECT_EQ(config.locations.at(0).sets.at(0).resources, std::vector<std::string>{"b"});
}

TEST(ResourceSetTest, RoundTripIsExact) {
  auto parsed = ParseCib(Doc(kSets), "cib.xml");
  ASSERT_TRUE(parsed.has_value()) << JoinErrors(parsed.error());
  std::string text = SerializeCib(parsed->cib);
  auto again = ParseCib(text, "again.xml");
  ASSERT_TRUE(again.has_value()) << JoinErrors(again.error()) << text;
  EXPECT_TRUE(WithoutSourceLines(again->cib) == WithoutSourceLines(parsed->cib)) << text;
  EXPECT_EQ(SerializeCib(again->cib), text);
  EXPECT_NE(text.find("<resource_ref id=\"c\"/>"), std::string::npos) << text;
}

TEST(ResourceSetTest, BadSetsAreReportedWithTheirPlace) {
  auto parsed = ParseCib(Doc(R"(<rsc_order id="o" first="a" then="b">
<resource_set id="s1"><resource_ref id="a"/><resource_ref id="ghost"/></resource_set>
<resource_set id="s2" action="begin"/></rsc_order>)"),
                         "cib.xml");
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(Messages(parsed.error()),
            (std::vector<std::string>{
                "cib.xml:6 (o): attribute 'first' together with resource sets",
                "cib.xml:6 (o): attribute 'then' together with resource sets",
                "cib.xml:7 (s1): resource_ref names unknown resource 'ghost'",
                "cib.xml:8 (s2): <resource_set> has no resource_ref",
                "cib.xml:8 (s2): attribute 'action': unknown value 'begin' (expected start, "
                "stop, promote or demote)"}));
}

TEST(ResourceSetTest, SetIdsTakePartInTheDuplicateCheck) {
  auto parsed = ParseCib(Doc(R"(<rsc_colocation id="c1" score="1">
<resource_set id="a"><resource_ref id="b"/></resource_set></rsc_colocation>)"),
                         "cib.xml");
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(Messages(parsed.error()),
            std::vector<std::string>{"cib.xml:7 (a): duplicate id 'a' (first used at cib.xml:4)"});
}

TEST(ResourceSetTest, TagsAreReadWrittenAndNamedByConstraints) {
  std::string doc = Doc(R"(<rsc_location id="l" rsc="both" node="n1" score="5"/>
<rsc_order id="o"><resource_set id="o-0"><resource_ref id="both"/><resource_ref id="c"/></resource_set></rsc_order>)");
  doc.replace(doc.find("</configuration>"), 0,
              "<tags><tag id=\"both\"><obj_ref id=\"a\"/><obj_ref id=\"b\"/></tag></tags>\n");
  auto parsed = ParseCib(doc, "cib.xml");
  ASSERT_TRUE(parsed.has_value()) << JoinErrors(parsed.error());
  ASSERT_EQ(parsed->cib.configuration.tags.size(), 1u);
  EXPECT_EQ(parsed->cib.configuration.tags[0].refs, (std::vector<std::string>{"a", "b"}));
  std::string text = SerializeCib(parsed->cib);
  auto again = ParseCib(text, "again.xml");
  ASSERT_TRUE(again.has_value()) << JoinErrors(again.error()) << text;
  EXPECT_TRUE(WithoutSourceLines(again->cib) == WithoutSourceLines(parsed->cib)) << text;
}

}  // namespace
}  // namespace keel
