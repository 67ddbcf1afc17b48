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
  EXPECT_EQ(*CleanupTargets(config, "vip"), V{"vip"});
  EXPECT_EQ(*CleanupTargets(config, "g"), (V{"a", "b"}));
  EXPECT_EQ(*CleanupTargets(config, "b"), V{"b"});
  EXPECT_EQ(*CleanupTargets(config, "web-clone"), V{"web"});
  EXPECT_EQ(*CleanupTargets(config, "web"), V{"web"});
  auto unknown = CleanupTargets(config, "ghost");
  ASSERT_FALSE(unknown.has_value());
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(unknown.error().message, "no resource 'ghost' in the configuration");
}

TEST(CleanupTargets, ACloneOfAGroupIsNotSupported) {
  Configuration config;
  Clone clone;
  clone.id = "gc";
  Group g;
  g.id = "g";
  clone.child = g;
  config.resources = {clone};
  auto refused = CleanupTargets(config, "gc");
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, ErrorCode::kNotSupported);
  EXPECT_EQ(refused.error().message, "not supported: cleanup of clone of a group 'gc'");
}

}  // namespace
}  // namespace keel
