#include "crmd/executor/agent_metadata.h"

#include <gtest/gtest.h>

namespace keel {
namespace {

constexpr std::string_view kMeta = R"(noise before
<?xml version="1.0"?>
<!DOCTYPE resource-agent SYSTEM "ra-api-1.dtd">
<resource-agent name="Thing" version="1.2">
<version>1.1</version>
<shortdesc lang="en">A thing</shortdesc>
<parameters>
<parameter name="ip" unique="1" required="1">
<content type="string"/>
</parameter>
<parameter name="state">
<content type="string" default="/run/thing.state"/>
</parameter>
</parameters>
<actions>
<action name="start" timeout="20s"/>
<action name="monitor" timeout="30" interval="10s" depth="0"/>
<action name="promote" timeout="2min" role="Promoted"/>
</actions>
</resource-agent>
)";

TEST(AgentMetadataTest, ParsesParametersAndActions) {
  AgentSpec agent{AgentClass::kOcf, "keel", "Thing"};
  auto meta = ParseAgentMetadata(kMeta, agent);
  ASSERT_TRUE(meta.has_value()) << meta.error().ToString();
  EXPECT_EQ(meta->name, "Thing");
  EXPECT_EQ(meta->version, "1.2");
  ASSERT_EQ(meta->parameters.size(), 2u);
  const AgentParameter* ip = meta->Parameter("ip");
  ASSERT_NE(ip, nullptr);
  EXPECT_TRUE(ip->required);
  EXPECT_TRUE(ip->unique);
  EXPECT_EQ(ip->type, "string");
  EXPECT_FALSE(ip->default_value.has_value());
  EXPECT_EQ(meta->Parameter("state")->default_value, "/run/thing.state");
  EXPECT_FALSE(meta->Parameter("state")->required);
  EXPECT_EQ(meta->DefaultTimeoutMs("start"), 20000);
  EXPECT_EQ(meta->DefaultTimeoutMs("monitor"), 30000);
  EXPECT_EQ(meta->DefaultTimeoutMs("promote"), 120000);
  EXPECT_EQ(meta->DefaultTimeoutMs("stop"), std::nullopt);
  EXPECT_EQ(meta->actions[1].interval_ms, 10000);
  EXPECT_EQ(meta->actions[2].role, "Promoted");
}

TEST(AgentMetadataTest, ErrorsNameTheAgent) {
  AgentSpec agent{AgentClass::kOcf, "keel", "Thing"};
  auto none = ParseAgentMetadata("usage: Thing {start|stop}", agent);
  EXPECT_EQ(none.error().where, "ocf:keel:Thing meta-data");
  auto wrong_root = ParseAgentMetadata("<html/>", agent);
  EXPECT_NE(wrong_root.error().message.find("not <resource-agent>"), std::string::npos);
  auto bad_timeout = ParseAgentMetadata(
      "<resource-agent name='x'><actions><action name='start' timeout='soon'/></actions>"
      "</resource-agent>",
      agent);
  ASSERT_FALSE(bad_timeout.has_value());
  EXPECT_NE(bad_timeout.error().message.find("bad timeout"), std::string::npos);
}

TEST(AgentMetadataTest, SyntheticForLsb) {
  AgentMetadata meta = SyntheticMetadata(AgentSpec{AgentClass::kLsb, "", "haproxy"});
  EXPECT_EQ(meta.name, "haproxy");
  EXPECT_EQ(meta.DefaultTimeoutMs("start"), 15000);
  EXPECT_TRUE(meta.parameters.empty());
}

}  // namespace
}  // namespace keel
