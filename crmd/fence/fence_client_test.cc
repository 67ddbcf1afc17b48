// The fence client alone: requests of this node's clients and their answers.

#include "crmd/fence/fence_client.h"

#include <gtest/gtest.h>

namespace keel {
namespace {

TEST(FenceClientTest, AnOutcomeAnswersTheClientsItNames) {
  FenceClient client;
  auto payload = client.Request(7, "node2", FenceAction::kOff, "node1");
  ASSERT_TRUE(payload.has_value());
  auto m = Decode<FenceRequestMessage>(*payload);
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->requester, "crm@node1#7");
  EXPECT_EQ(m->action, "off");
  auto replies = client.OnOutcome(
      FenceOutcomeMessage{"op1", "node2", true, "", "crm@node3#7,crm@node1#7"}, "node1");
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_EQ(replies[0].first, 7u);
  EXPECT_EQ(replies[0].second, "op1");
  // Answered once.
  EXPECT_TRUE(
      client.OnOutcome(FenceOutcomeMessage{"op1", "node2", true, "", "crm@node1#7"}, "node1")
          .empty());
}

TEST(FenceClientTest, AFailureIsAnError) {
  FenceClient client;
  ASSERT_TRUE(client.Request(3, "node2", std::nullopt, "node1").has_value());
  auto replies = client.OnOutcome(
      FenceOutcomeMessage{"", "node2", false, "no device", "crm@node1#3"}, "node1");
  ASSERT_EQ(replies.size(), 1u);
  ASSERT_FALSE(replies[0].second.has_value());
  EXPECT_EQ(replies[0].second.error().message, "no device");
}

TEST(FenceClientTest, NoTargetIsRefused) {
  FenceClient client;
  auto refused = client.Request(1, "", std::nullopt, "node1");
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().message, "fence: no target node given");
}

TEST(FenceClientTest, ADcChangeFailsTheRequestsInFlight) {
  FenceClient client;
  EXPECT_TRUE(client.OnDc(1).empty());
  ASSERT_TRUE(client.Request(4, "node2", std::nullopt, "node3").has_value());
  ASSERT_TRUE(client.Request(5, "node2", std::nullopt, "node3").has_value());
  client.SendFailed(5, "node2", Error{ErrorCode::kIo, "down", ""});
  EXPECT_TRUE(client.OnDc(1).empty());  // the same DC
  auto replies = client.OnDc(2);
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_EQ(replies[0].first, 4u);
  ASSERT_FALSE(replies[0].second.has_value());
  EXPECT_NE(replies[0].second.error().message.find("the DC changed"), std::string::npos);
}

}  // namespace
}  // namespace keel
