#include "fencing/fence_wire.h"

#include <gtest/gtest.h>

namespace keel {
namespace {

// Through text, as on the bus.
XmlNode ThroughText(const XmlNode& node) {
  auto back = ParseXml(SerializeXml(node, false), "message");
  EXPECT_TRUE(back) << back.error().ToString();
  return back.value_or(XmlNode{});
}

TEST(FenceWire, RunRoundTripsWithMultiLineInput) {
  RunAgentEffect run{7,
                     "n1-5-1",
                     "n2",
                     "ipmi",
                     "fence_ipmilan",
                     FenceAction::kOff,
                     "action=off\nplug=n3\npasswd=a&b<\"c\"\t\n",
                     60000};
  auto back = FenceRunFromXml(ThroughText(FenceRunToXml(run)));
  ASSERT_TRUE(back) << back.error().ToString();
  EXPECT_EQ(back->run_id, 7u);
  EXPECT_EQ(back->op_id, run.op_id);
  EXPECT_EQ(back->node, "n2");
  EXPECT_EQ(back->device, "ipmi");
  EXPECT_EQ(back->agent, "fence_ipmilan");
  EXPECT_EQ(back->action, FenceAction::kOff);
  EXPECT_EQ(back->stdin_text, run.stdin_text);
  EXPECT_EQ(back->timeout_ms, 60000);
}

TEST(FenceWire, ResultRoundTripsEveryField) {
  FenceRunResult result{9, {}};
  result.exit.how = AgentExit::How::kExited;
  result.exit.exit_code = 2;
  result.exit.out = "n1\nn2,alias\n";
  result.exit.err = "warn\r\nx";
  result.exit.truncated = true;
  auto back = FenceRunResultFromXml(ThroughText(FenceRunResultToXml(result)));
  ASSERT_TRUE(back) << back.error().ToString();
  EXPECT_EQ(back->run_id, 9u);
  EXPECT_EQ(back->exit.how, AgentExit::How::kExited);
  EXPECT_EQ(back->exit.exit_code, 2);
  EXPECT_EQ(back->exit.out, result.exit.out);
  EXPECT_EQ(back->exit.err, result.exit.err);
  EXPECT_TRUE(back->exit.truncated);

  FenceRunResult not_started{3, {}};
  not_started.exit.start_error = "/usr/sbin/fence_x: No such file or directory";
  auto back2 = FenceRunResultFromXml(ThroughText(FenceRunResultToXml(not_started)));
  ASSERT_TRUE(back2);
  EXPECT_EQ(back2->exit.how, AgentExit::How::kNotStarted);
  EXPECT_EQ(back2->exit.start_error, not_started.exit.start_error);
}

TEST(FenceWire, BadMessagesAreErrors) {
  auto wrong = ParseXml("<fence-run run-id=\"x\" timeout=\"1\" action=\"off\"/>", "m");
  EXPECT_FALSE(FenceRunFromXml(*wrong));
  auto action = ParseXml("<fence-run run-id=\"1\" timeout=\"1\" action=\"explode\"/>", "m");
  auto error = FenceRunFromXml(*action);
  ASSERT_FALSE(error);
  EXPECT_NE(error.error().message.find("explode"), std::string::npos);
  auto how =
      ParseXml("<fence-run-result run-id=\"1\" exit-code=\"0\" signal=\"0\" how=\"?\"/>", "m");
  EXPECT_FALSE(FenceRunResultFromXml(*how));
  auto other = ParseXml("<fence-op/>", "m");
  EXPECT_FALSE(FenceRunResultFromXml(*other));
}

}  // namespace
}  // namespace keel
