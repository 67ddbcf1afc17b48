#include "xml/fencing_target.h"

#include <gtest/gtest.h>

#include "xml/cib_parse.h"
#include "xml/cib_write.h"

namespace keel {
namespace {

constexpr std::string_view kCib = R"(<cib admin_epoch="0" epoch="1" num_updates="0">
<configuration>
<nodes><node id="1" uname="web-1"><instance_attributes id="n1-ia">
<nvpair id="n1-rack" name="rack" value="1"/></instance_attributes></node>
<node id="2" uname="web-2"/><node id="3" uname="db-1"/></nodes>
<resources><primitive id="f" class="stonith" type="fence_xvm"/>
<primitive id="g" class="stonith" type="fence_xvm"/></resources>
<fencing-topology>
<fencing-level id="l-db" target="db-1" index="1" devices="f"/>
<fencing-level id="l-web" target-pattern="^web-" index="2" devices="g"/>
<fencing-level id="l-web1" target-pattern="^web-" index="1" devices="f"/>
<fencing-level id="l-rack" target-attribute="rack" target-value="1" index="1" devices="f,g"/>
</fencing-topology>
</configuration>
</cib>
)";

Configuration Load() {
  auto parsed = ParseCib(kCib, "cib.xml");
  EXPECT_TRUE(parsed) << (parsed ? "" : parsed.error()[0].ToString());
  return parsed ? parsed->cib.configuration : Configuration{};
}

std::vector<std::string> Ids(const std::vector<FencingLevel>& levels) {
  std::vector<std::string> ids;
  for (const FencingLevel& level : levels) ids.push_back(level.id);
  return ids;
}

TEST(FencingTargetTest, ParsesAndWritesEveryKindOfTarget) {
  const Configuration config = Load();
  ASSERT_EQ(config.fencing_levels.size(), 4u);
  EXPECT_EQ(config.fencing_levels[1].target_pattern, "^web-");
  EXPECT_EQ(config.fencing_levels[3].target_attribute, "rack");
  EXPECT_EQ(config.fencing_levels[3].target_value, "1");
  Cib cib;
  cib.configuration = config;
  auto again = ParseCib(SerializeCib(cib), "again.xml");
  ASSERT_TRUE(again);
  Configuration back = again->cib.configuration;
  for (FencingLevel& l : back.fencing_levels) l.line = 0;
  Configuration original = config;
  for (FencingLevel& l : original.fencing_levels) l.line = 0;
  EXPECT_EQ(back.fencing_levels, original.fencing_levels);
}

TEST(FencingTargetTest, TextIsCrmSyntax) {
  const Configuration config = Load();
  EXPECT_EQ(FencingTargetText(config.fencing_levels[0]), "db-1");
  EXPECT_EQ(FencingTargetText(config.fencing_levels[1]), "pattern:^web-");
  EXPECT_EQ(FencingTargetText(config.fencing_levels[3]), "attr:rack=1");
}

TEST(FencingTargetTest, PatternIsSearchedNotAnchored) {
  FencingLevel level;
  level.target_pattern = "eb-";
  EXPECT_TRUE(FencingLevelMatches(level, "web-2", {}));
  EXPECT_FALSE(FencingLevelMatches(level, "db-1", {}));
}

TEST(FencingTargetTest, NameWinsThenTheOneMatchingPatternOrAttribute) {
  const Configuration config = Load();
  auto db = FencingLevelsFor(config.fencing_levels, "db-1", config.nodes);
  ASSERT_TRUE(db);
  EXPECT_EQ(Ids(*db), (std::vector<std::string>{"l-db"}));
  auto web2 = FencingLevelsFor(config.fencing_levels, "web-2", config.nodes);
  ASSERT_TRUE(web2);
  EXPECT_EQ(Ids(*web2), (std::vector<std::string>{"l-web", "l-web1"}));
  auto nothing = FencingLevelsFor(config.fencing_levels, "other", config.nodes);
  ASSERT_TRUE(nothing);
  EXPECT_TRUE(nothing->empty());
}

TEST(FencingTargetTest, SeveralMatchingTargetsAreAnError) {
  const Configuration config = Load();
  auto web1 = FencingLevelsFor(config.fencing_levels, "web-1", config.nodes);
  ASSERT_FALSE(web1);
  EXPECT_EQ(web1.error().message,
            "fencing levels of several targets match node 'web-1' (pattern:^web-, attr:rack=1); "
            "keep one target per node");
}

TEST(FencingTargetTest, ALevelForANodeNotInNodesIsKept) {
  std::string text(kCib);
  text.replace(text.find("target=\"db-1\""), 13, "target=\"db-9\"");
  auto parsed = ParseCib(text, "cib.xml");
  ASSERT_TRUE(parsed) << parsed.error()[0].ToString();
}

}  // namespace
}  // namespace keel
