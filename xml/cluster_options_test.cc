#include "xml/cluster_options.h"

#include <gtest/gtest.h>

namespace keel {
namespace {

Configuration WithOptions(std::vector<std::pair<std::string, std::string>> options) {
  Configuration config;
  NvSet set;
  set.id = "opts";
  for (auto& [name, value] : options) set.pairs.push_back(NvPair{"id-" + name, name, value, 0});
  config.crm_config.push_back(set);
  return config;
}

TEST(ClusterOptionsTest, BothSpellingsAnswerEitherName) {
  Configuration config = WithOptions({{"stonith-enabled", "false"}, {"fencing-action", "off"}});
  EXPECT_EQ(ClusterOption(config, "fencing-enabled"), "false");
  EXPECT_EQ(ClusterOption(config, "stonith-enabled"), "false");
  EXPECT_EQ(ClusterOption(config, "stonith-action"), "off");
  EXPECT_EQ(ClusterOption(config, "stonith-timeout"), std::nullopt);
  EXPECT_EQ(ClusterOption(config, "no-quorum-policy"), std::nullopt);
}

TEST(ClusterOptionsTest, FirstSetInDocumentOrderWins) {
  Configuration config = WithOptions({{"no-quorum-policy", "ignore"}});
  NvSet later;
  later.id = "later";
  later.pairs.push_back(NvPair{"l1", "no-quorum-policy", "freeze", 0});
  config.crm_config.push_back(later);
  EXPECT_EQ(ClusterOption(config, "no-quorum-policy"), "ignore");
}

TEST(ClusterOptionsTest, DefaultsFollowPacemakerExplained) {
  Configuration empty;
  EXPECT_EQ(ClusterOptionOr(empty, "no-quorum-policy"), "stop");
  EXPECT_EQ(ClusterOptionOr(empty, "symmetric-cluster"), "true");
  EXPECT_EQ(ClusterOptionOr(empty, "stonith-enabled"), "true");
  EXPECT_EQ(ClusterOptionOr(empty, "fencing-enabled"), "true");
  EXPECT_EQ(ClusterOptionOr(empty, "stonith-action"), "reboot");
  EXPECT_EQ(ClusterOptionOr(empty, "fencing-timeout"), "60s");
  EXPECT_EQ(ClusterOptionOr(empty, "maintenance-mode"), "false");
  EXPECT_EQ(ClusterOptionOr(empty, "start-failure-is-fatal"), "true");
  EXPECT_EQ(ClusterOptionOr(empty, "cluster-recheck-interval"), "15min");
  EXPECT_EQ(ClusterOptionOr(empty, "no-such-option"), "");
  EXPECT_EQ(ClusterOptionOr(WithOptions({{"no-quorum-policy", "ignore"}}), "no-quorum-policy"),
            "ignore");
}

TEST(ClusterOptionsTest, ParseBoolKnowsPacemakersWords) {
  for (const char* yes : {"true", "TRUE", "Yes", "on", "y", "1"}) EXPECT_EQ(ParseBool(yes), true) << yes;
  for (const char* no : {"false", "False", "no", "OFF", "n", "0"}) EXPECT_EQ(ParseBool(no), false) << no;
  for (const char* bad : {"", "2", "yess", "t", "nope"}) EXPECT_EQ(ParseBool(bad), std::nullopt) << bad;
}

TEST(ClusterOptionsTest, CanonicalNames) {
  EXPECT_EQ(CanonicalOptionName("stonith-enabled"), "fencing-enabled");
  EXPECT_EQ(CanonicalOptionName("stonith-action"), "fencing-action");
  EXPECT_EQ(CanonicalOptionName("stonith-timeout"), "fencing-timeout");
  EXPECT_EQ(CanonicalOptionName("fencing-enabled"), "fencing-enabled");
  EXPECT_EQ(CanonicalOptionName("no-quorum-policy"), "no-quorum-policy");
}

}  // namespace
}  // namespace keel
