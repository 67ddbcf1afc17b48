#include "crmd/protocol/message_registry.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <vector>

#include "crmd/protocol/bus_messages.h"
#include "crmd/protocol/peer_version.h"

namespace keel {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

class MessageRegistryTest : public ::testing::Test {
 protected:
  MessageRegistryTest()
      : registry_([](NodeId id) { return "n" + std::to_string(id); },
                  [this](const std::string& line) { logs_.push_back(line); }) {
    registry_.On<CleanupMessage>(
        [this](NodeId from, const CleanupMessage& m) { cleanups_.emplace_back(from, m); });
    registry_.On<ActionMessage>([this](NodeId, const ActionMessage& m) { actions_.push_back(m); });
  }

  std::vector<std::string> logs_;
  std::vector<std::pair<NodeId, CleanupMessage>> cleanups_;
  std::vector<ActionMessage> actions_;
  MessageRegistry registry_;
};

TEST_F(MessageRegistryTest, RoutesByTypeToTheTypedHandler) {
  CleanupMessage m{"d1", "", "n1", "5"};
  EXPECT_EQ(registry_.Dispatch(2, Encode(m)), MessageRegistry::Outcome::kHandled);
  ASSERT_EQ(cleanups_.size(), 1u);
  EXPECT_EQ(cleanups_[0].first, 2u);
  EXPECT_EQ(cleanups_[0].second, m);
  EXPECT_THAT(logs_, IsEmpty());
}

TEST_F(MessageRegistryTest, UnknownTypeIsLoggedWithSenderAndIgnored) {
  EXPECT_EQ(registry_.Dispatch(3, "shutdown-request\nnode=n3\n\n"),
            MessageRegistry::Outcome::kUnknownType);
  EXPECT_THAT(logs_, ElementsAre("bus: ignoring unknown message type 'shutdown-request' from n3"));
  EXPECT_TRUE(cleanups_.empty());
  // Nothing was harmed: the next message is handled as usual.
  EXPECT_EQ(registry_.Dispatch(3, Encode(CleanupMessage{"d1", "", "n3", "1"})),
            MessageRegistry::Outcome::kHandled);
}

TEST_F(MessageRegistryTest, NewerProtocolVersionIsLoggedAndIgnoredEvenForAKnownType) {
  const std::string newer = std::to_string(kProtocolVersion + 1);
  EXPECT_EQ(registry_.Dispatch(2, "cleanup\nproto=" + newer + "\nrscs=d1\n\n"),
            MessageRegistry::Outcome::kNewerVersion);
  ASSERT_EQ(logs_.size(), 1u);
  EXPECT_EQ(logs_[0], "bus: ignoring cleanup from n2: protocol version " + newer +
                          ", this node speaks " + std::to_string(kProtocolVersion));
  EXPECT_TRUE(cleanups_.empty());
  EXPECT_EQ(registry_.Dispatch(2, "cleanup\nproto=1\nrscs=d1\n\n"),
            MessageRegistry::Outcome::kHandled);
}

TEST_F(MessageRegistryTest, UndecodableAndBadFieldsAreLoggedWithSender) {
  EXPECT_EQ(registry_.Dispatch(4, "no-header"), MessageRegistry::Outcome::kUndecodable);
  EXPECT_EQ(registry_.Dispatch(4, "cleanup\nproto=x\n\n"), MessageRegistry::Outcome::kUndecodable);
  EXPECT_EQ(registry_.Dispatch(4, "action\nkey=k\n\n"), MessageRegistry::Outcome::kBadFields);
  ASSERT_EQ(logs_.size(), 3u);
  EXPECT_THAT(logs_[0], HasSubstr("bus: ignoring message from n4: malformed bus message"));
  EXPECT_THAT(logs_[1], HasSubstr("bus: ignoring cleanup from n4: bad protocol version 'x'"));
  EXPECT_THAT(logs_[2], HasSubstr("bus: ignoring bad action from n4: bus: action message without"));
  EXPECT_TRUE(actions_.empty());
}

TEST_F(MessageRegistryTest, RawHandlersSeeThePayloadWhole) {
  std::string seen;
  registry_.OnRaw("node_state", [&](NodeId, const BusMessage& m, std::string_view payload) {
    seen = m.body + "|" + std::string(payload);
  });
  EXPECT_TRUE(registry_.Handles("node_state"));
  EXPECT_FALSE(registry_.Handles("sync"));
  registry_.Dispatch(1, "node_state\n\n<x/>");
  EXPECT_EQ(seen, "<x/>|node_state\n\n<x/>");
}

TEST(PeerVersionTest, SameIsSilentOthersAreNamed) {
  EXPECT_EQ(PeerVersionNote("n2", 1, 1), std::nullopt);
  EXPECT_EQ(ComparePeerVersion(1, 2), PeerVersion::kOlder);
  EXPECT_EQ(ComparePeerVersion(3, 2), PeerVersion::kNewer);
  EXPECT_THAT(*PeerVersionNote("n2", 2, 1), HasSubstr("n2 speaks the newer protocol 2"));
  EXPECT_THAT(*PeerVersionNote("n2", 1, 2), HasSubstr("n2 speaks the older protocol 1"));
}

}  // namespace
}  // namespace keel
