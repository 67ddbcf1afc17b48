// id-ref on name/value sets and rules: kept in the model, written back as the reference,
// resolved for readers; a reference to nothing is an error naming the place.

#include <gtest/gtest.h>

#include "xml/cib_parse.h"
#include "xml/cib_write.h"

namespace keel {
namespace {

constexpr std::string_view kRefCib = R"(<cib admin_epoch="0" epoch="1" num_updates="0">
<configuration><crm_config/><nodes><node id="1" uname="n1"/></nodes>
<resources>
<primitive id="a" class="ocf" provider="heartbeat" type="Dummy">
<meta_attributes id="shared" score="3"><nvpair id="shared-p" name="priority" value="7"/></meta_attributes>
</primitive>
<primitive id="b" class="ocf" provider="heartbeat" type="Dummy">
<meta_attributes id-ref="shared"/>
</primitive>
</resources>
<constraints>
<rsc_location id="l1" rsc="a"><rule id="r1" score="10"><expression id="e1" attribute="#uname" operation="eq" value="n1"/></rule></rsc_location>
<rsc_location id="l2" rsc="b"><rule id-ref="r1"/></rsc_location>
</constraints></configuration>
<status/></cib>
)";

TEST(CibRefsTest, ReferencesAreResolvedForReadersAndWrittenBackAsReferences) {
  auto parsed = ParseCib(kRefCib, "cib.xml");
  ASSERT_TRUE(parsed.has_value()) << JoinErrors(parsed.error());
  const Configuration& config = parsed->cib.configuration;
  const auto& b = std::get<Primitive>(config.resources[1]);
  ASSERT_EQ(b.meta_attributes.size(), 1u);
  EXPECT_EQ(b.meta_attributes[0].id_ref, "shared");
  EXPECT_EQ(FindNvValue(b.meta_attributes, "priority"), "7");
  EXPECT_EQ(b.meta_attributes[0].score, Score(3));
  const Rule& r = config.locations[1].rules.at(0);
  EXPECT_EQ(r.id_ref, "r1");
  EXPECT_EQ(r.score, Score(10));
  ASSERT_EQ(r.expressions.size(), 1u);
  EXPECT_EQ(r.expressions[0].attribute, "#uname");

  const std::string text = SerializeCib(parsed->cib);
  EXPECT_NE(text.find("<meta_attributes id-ref=\"shared\"/>"), std::string::npos) << text;
  EXPECT_NE(text.find("<rule id-ref=\"r1\"/>"), std::string::npos) << text;
  auto again = ParseCib(text, "again.xml");
  ASSERT_TRUE(again.has_value()) << JoinErrors(again.error());
  EXPECT_TRUE(WithoutSourceLines(again->cib) == WithoutSourceLines(parsed->cib));
}

TEST(CibRefsTest, AReferenceToNothingNamesThePlace) {
  std::string text(kRefCib);
  text.replace(text.find("id-ref=\"shared\""), 15, "id-ref=\"ghost\"");
  text.replace(text.find("id-ref=\"r1\""), 11, "id-ref=\"r9\"");
  auto parsed = ParseCib(text, "cib.xml");
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(JoinErrors(parsed.error()),
            "cib.xml:13 (r9): <rule id-ref=\"r9\">: no <rule> has id 'r9'\n"
            "cib.xml:8 (ghost): id-ref=\"ghost\": no name/value set has id 'ghost'\n");
}

TEST(CibRefsTest, AReferenceHoldsNothingElse) {
  std::string text(kRefCib);
  text.replace(text.find("<meta_attributes id-ref=\"shared\"/>"), 34,
               "<meta_attributes id-ref=\"shared\" score=\"1\"/>");
  auto parsed = ParseCib(text, "cib.xml");
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(JoinErrors(parsed.error()),
            "cib.xml:8: <meta_attributes id-ref> takes no other attribute (has 'score')\n");
}

}  // namespace
}  // namespace keel

namespace keel {
namespace {

// Pacemaker CIBs share one <operations> block: <operations id-ref=> in another primitive.
TEST(CibRefsTest, OperationsReferenceCopiesTheBlockAndIsWrittenBackAsAReference) {
  const std::string text = R"(<cib admin_epoch="0" epoch="1" num_updates="0">
<configuration><crm_config/><nodes><node id="1" uname="n1"/></nodes>
<resources>
<primitive id="b" class="ocf" provider="heartbeat" type="Dummy"><operations id-ref="dummy-ops"/></primitive>
<primitive id="a" class="ocf" provider="heartbeat" type="Dummy">
<operations id="dummy-ops"><op id="a-mon" name="monitor" interval="10s" timeout="20s"/></operations>
</primitive>
</resources><constraints/></configuration><status/></cib>
)";
  auto parsed = ParseCib(text, "cib.xml");
  ASSERT_TRUE(parsed.has_value()) << JoinErrors(parsed.error());
  const auto& b = std::get<Primitive>(parsed->cib.configuration.resources[0]);
  EXPECT_EQ(b.operations_ref, "dummy-ops");
  ASSERT_EQ(b.operations.size(), 1u);
  EXPECT_EQ(b.operations[0].interval_ms, 10000);
  const std::string written = SerializeCib(parsed->cib);
  EXPECT_NE(written.find("<operations id-ref=\"dummy-ops\"/>"), std::string::npos) << written;
  EXPECT_NE(written.find("<operations id=\"dummy-ops\">"), std::string::npos) << written;
  auto again = ParseCib(written, "again.xml");
  ASSERT_TRUE(again.has_value()) << JoinErrors(again.error());
  EXPECT_TRUE(WithoutSourceLines(again->cib) == WithoutSourceLines(parsed->cib));
}

}  // namespace
}  // namespace keel
