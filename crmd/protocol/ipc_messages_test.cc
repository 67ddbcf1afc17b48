#include "crmd/protocol/ipc_messages.h"

#include <gtest/gtest.h>

namespace keel {
namespace {

TEST(IpcMessagesTest, BodiesAreTheOnesCrmAlwaysSent) {
  EXPECT_EQ(IpcQuery{}.Body(), "");
  EXPECT_EQ((IpcQuery{"lz4"}).Body(), "lz4");
  EXPECT_EQ((IpcCleanup{"vip", ""}).Body(), "vip");
  EXPECT_EQ((IpcCleanup{"vip", "n2"}).Body(), "vip\nn2");
  EXPECT_EQ((IpcFence{"n3", ""}).Body(), "n3");
  EXPECT_EQ((IpcFence{"n3", "off"}).Body(), "n3\noff");
  EXPECT_EQ((IpcCommit{"0.4.2", "<cib/>"}).Body(), "base=0.4.2\n<cib/>");
  EXPECT_EQ((IpcCommit{"", "<cib/>"}).Body(), "base=\n<cib/>");
}

TEST(IpcMessagesTest, DecodesWhatTheDaemonAccepted) {
  EXPECT_EQ(IpcQuery::FromBody(""), IpcQuery{});
  EXPECT_EQ(IpcQuery::FromBody("lz4"), (IpcQuery{"lz4"}));
  EXPECT_EQ(IpcCleanup::FromBody("vip\nn2"), (IpcCleanup{"vip", "n2"}));
  EXPECT_EQ(IpcCleanup::FromBody("vip"), (IpcCleanup{"vip", ""}));
  EXPECT_EQ(IpcShutdown::FromBody(IpcShutdown{true}.Body()), IpcShutdown{true});
  EXPECT_EQ(IpcShutdown::FromBody(IpcShutdown{false}.Body()), IpcShutdown{false});
  EXPECT_EQ(IpcFence::FromBody("n3\n"), (IpcFence{"n3", ""}));
  EXPECT_EQ(IpcCommit::FromBody("<cib/>"), (IpcCommit{std::nullopt, "<cib/>"}));
  EXPECT_EQ(IpcCommit::FromBody("base=1.2.3\n<cib/>"), (IpcCommit{"1.2.3", "<cib/>"}));
  EXPECT_EQ(IpcCommit::FromBody("base=1.2.3"), (IpcCommit{"", ""}));
}

}  // namespace
}  // namespace keel
