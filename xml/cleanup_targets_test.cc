#include "xml/cleanup_targets.h"

#include <gtest/gtest.h>

namespace keel {
namespace {

using V = std::vector<std::string>;

TEST(CleanupTargets, APrimitiveAGroupsMembersAndAClonesPrimitive) {
  Configuration config;
  Primitive a, b, web;
  a.id = "a";
  b.id = "b";
  web.id = "web";
  Group g;
  g.id = "g";
  g.primitives = {a, b};
  Clone clone;
  clone.id = "web-clone";
  clone.child = web;
  Primitive vip;
  vip.id = "vip";
  config.resources = {vip, g, clone};
  EXPECT_EQ(*CleanupTargets(config, "vip", 3), V{"vip"});
  EXPECT_EQ(*CleanupTargets(config, "g", 3), (V{"a", "b"}));
  EXPECT_EQ(*CleanupTargets(config, "b", 3), V{"b"});
  EXPECT_EQ(*CleanupTargets(config, "web-clone", 3), V{"web"});
  EXPECT_EQ(*CleanupTargets(config, "web", 3), V{"web"});
  auto unknown = CleanupTargets(config, "ghost", 3);
  ASSERT_FALSE(unknown.has_value());
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(unknown.error().message, "no resource 'ghost' in the configuration");
}

TEST(CleanupTargets, AClonedGroupsMembersAndAUniqueClonesInstances) {
  Configuration config;
  Primitive a, b, u;
  a.id = "a";
  b.id = "b";
  u.id = "u";
  Group g;
  g.id = "g";
  g.primitives = {a, b};
  Clone group_clone;
  group_clone.id = "gc";
  group_clone.child = g;
  Clone unique;
  unique.id = "uc";
  unique.child = u;
  NvSet meta;
  meta.id = "m";
  meta.pairs.push_back(NvPair{"m1", "globally-unique", "true", 0});
  unique.meta_attributes = {meta};
  config.resources = {group_clone, unique};
  EXPECT_EQ(*CleanupTargets(config, "gc", 3), (V{"a", "b"}));
  EXPECT_EQ(*CleanupTargets(config, "g", 3), (V{"a", "b"}));
  EXPECT_EQ(*CleanupTargets(config, "b", 3), V{"b"});
  // Without clone-max: one instance per node the cluster counts.
  EXPECT_EQ(*CleanupTargets(config, "uc", 3), (V{"u:0", "u:1", "u:2"}));
  EXPECT_EQ(*CleanupTargets(config, "u:1", 3), V{"u:1"});
  unique.meta_attributes[0].pairs.push_back(NvPair{"m2", "clone-max", "2", 0});
  config.resources = {unique};
  EXPECT_EQ(*CleanupTargets(config, "u", 5), (V{"u:0", "u:1"}));
}

}  // namespace
}  // namespace keel
