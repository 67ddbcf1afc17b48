#include "xml/base/agent_spec.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace keel {
namespace {

TEST(AgentSpecTest, ParsesEachClass) {
  auto ocf = ParseAgentSpec("ocf:heartbeat:Dummy");
  ASSERT_TRUE(ocf.has_value());
  EXPECT_EQ(ocf->agent_class, AgentClass::kOcf);
  EXPECT_EQ(ocf->provider, "heartbeat");
  EXPECT_EQ(ocf->type, "Dummy");
  EXPECT_EQ(ocf->ToString(), "ocf:heartbeat:Dummy");
  EXPECT_EQ(ParseAgentSpec("lsb:haproxy")->agent_class, AgentClass::kLsb);
  EXPECT_EQ(ParseAgentSpec("heartbeat:IPaddr")->ToString(), "heartbeat:IPaddr");
  EXPECT_EQ(*ParseAgentSpec("stonith:fence_ipmilan"),
            (AgentSpec{AgentClass::kStonith, "", "fence_ipmilan"}));
  EXPECT_EQ(ParseAgentSpec("stonith:fence_ipmilan")->ToString(), "stonith:fence_ipmilan");
}

TEST(AgentSpecTest, RejectsBadSpecsWithTheReason) {
  EXPECT_THAT(ParseAgentSpec("ocf:Dummy").error().message, testing::HasSubstr("ocf:PROVIDER:TYPE"));
  EXPECT_THAT(ParseAgentSpec("ocf:heartbeat:../../bin/sh").error().message,
              testing::HasSubstr("bad type"));
  EXPECT_THAT(ParseAgentSpec("lsb:..").error().message, testing::HasSubstr("bad type"));
  EXPECT_THAT(ParseAgentSpec("stonith:x:y").error().message, testing::HasSubstr("stonith:TYPE"));
  EXPECT_EQ(ParseAgentSpec("systemd:haproxy").error().code, ErrorCode::kNotSupported);
  EXPECT_THAT(ParseAgentSpec("frob:x").error().message, testing::HasSubstr("unknown class"));
}

TEST(AgentSpecTest, OrdersAndComparesByClassProviderType) {
  EXPECT_EQ(*ParseAgentSpec("ocf:keel:IPaddr"), (AgentSpec{AgentClass::kOcf, "keel", "IPaddr"}));
  EXPECT_LT(*ParseAgentSpec("ocf:heartbeat:Dummy"), *ParseAgentSpec("ocf:keel:Dummy"));
}

}  // namespace
}  // namespace keel
