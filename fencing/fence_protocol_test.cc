#include "fencing/fence_protocol.h"

#include <gtest/gtest.h>

#include "fencing/agent_exit.h"

namespace keel {
namespace {

TEST(FenceProtocol, StdinHasActionPlugNodenameThenParamsWithoutPcmkOrOverrides) {
  auto text = BuildAgentStdin("reboot",
                              {{"ip", "198.18.0.9"},
                               {"pcmk_host_list", "n1"},
                               {"action", "on"},
                               {"port", "x"},
                               {"username", "admin"}},
                              "plug3", "n3");
  ASSERT_TRUE(text) << text.error().ToString();
  EXPECT_EQ(*text, "action=reboot\nplug=plug3\nnodename=n3\nip=198.18.0.9\nusername=admin\n");
}

TEST(FenceProtocol, StdinWithoutPlugForListAndMetadata) {
  auto text = BuildAgentStdin("list", {{"prefix", "lab"}}, "", "");
  ASSERT_TRUE(text);
  EXPECT_EQ(*text, "action=list\nprefix=lab\n");
}

TEST(FenceProtocol, NewlineInjectionIsRefusedNamingTheParameter) {
  auto bad_value = BuildAgentStdin("off", {{"passwd", "x\naction=on"}}, "p", "n");
  ASSERT_FALSE(bad_value);
  EXPECT_EQ(bad_value.error().where, "passwd");
  EXPECT_FALSE(BuildAgentStdin("off", {{"a=b", "x"}}, "p", "n"));
  EXPECT_FALSE(BuildAgentStdin("off", {}, "p\n", "n"));
  EXPECT_FALSE(BuildAgentStdin("", {}, "p", "n"));
}

TEST(FenceProtocol, ActionNamesRoundTrip) {
  for (auto action : {FenceAction::kOff, FenceAction::kOn, FenceAction::kReboot,
                      FenceAction::kStatus, FenceAction::kMonitor, FenceAction::kList,
                      FenceAction::kListStatus, FenceAction::kMetadata}) {
    EXPECT_EQ(ParseFenceAction(FenceActionName(action)), action);
  }
  EXPECT_EQ(ParseFenceAction("list-status"), FenceAction::kListStatus);
  EXPECT_FALSE(ParseFenceAction("poweroff"));
}

TEST(FenceProtocol, ListOutputNamesAndAliases) {
  auto list = ParseListOutput("n1\r\n\n  n2 , alias2\nn3,a3,on\n,\n");
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list[0], (ListedTarget{"n1", ""}));
  EXPECT_EQ(list[1], (ListedTarget{"n2", "alias2"}));
  EXPECT_EQ(list[2], (ListedTarget{"n3", "a3"}));
  EXPECT_TRUE(ListIncludes(list, "alias2"));
  EXPECT_TRUE(ListIncludes(list, "n3"));
  EXPECT_FALSE(ListIncludes(list, "n4"));
  EXPECT_FALSE(ListIncludes(list, ""));
}

constexpr const char* kMetadata = R"(<?xml version="1.0" ?>
<resource-agent name="fence_x" shortdesc="X fence agent">
<parameters>
  <parameter name="action" required="1"><content type="string" default="reboot"/></parameter>
  <parameter name="ip" required="1"><content type="string"/></parameter>
  <parameter name="verbose"><content type="boolean"/></parameter>
</parameters>
<actions><action name="on" automatic="0"/><action name="off"/><action name="status"/></actions>
</resource-agent>)";

TEST(FenceProtocol, MetadataParametersAndActions) {
  auto metadata = ParseFenceMetadata(kMetadata, "fence_x");
  ASSERT_TRUE(metadata) << metadata.error().ToString();
  EXPECT_EQ(metadata->name, "fence_x");
  EXPECT_EQ(metadata->shortdesc, "X fence agent");
  ASSERT_EQ(metadata->parameters.size(), 3u);
  EXPECT_EQ(metadata->parameters[0], (FenceParameter{"action", "string", "reboot", true}));
  EXPECT_EQ(metadata->Parameter("verbose")->type, "boolean");
  EXPECT_EQ(metadata->Parameter("nope"), nullptr);
  EXPECT_TRUE(metadata->HasAction("off"));
  EXPECT_FALSE(metadata->HasAction("list"));
}

TEST(FenceProtocol, MetadataErrorsNameTheLine) {
  auto wrong_root = ParseFenceMetadata("<?xml version=\"1.0\"?>\n<agent name=\"x\"/>", "fx");
  ASSERT_FALSE(wrong_root);
  EXPECT_EQ(wrong_root.error().where, "fx:2");
  EXPECT_FALSE(ParseFenceMetadata("<resource-agent name=\"x\">", "fx"));
  auto no_name = ParseFenceMetadata(
      "<resource-agent name=\"x\"><parameters>\n<parameter/>"
      "</parameters></resource-agent>",
      "fx");
  ASSERT_FALSE(no_name);
  EXPECT_EQ(no_name.error().where, "fx:2");
}

AgentExit Exited(int code, std::string err = "") {
  AgentExit exit;
  exit.how = AgentExit::How::kExited;
  exit.exit_code = code;
  exit.err = std::move(err);
  return exit;
}

TEST(AgentExitJudge, StatusMeansOnOffOrError) {
  EXPECT_EQ(JudgeAgentExit(FenceAction::kStatus, Exited(0)).powered_on, true);
  EXPECT_EQ(JudgeAgentExit(FenceAction::kStatus, Exited(2)).powered_on, false);
  EXPECT_TRUE(JudgeAgentExit(FenceAction::kStatus, Exited(2)).ok);
  EXPECT_FALSE(JudgeAgentExit(FenceAction::kStatus, Exited(1)).ok);
}

TEST(AgentExitJudge, OnlyExitZeroIsSuccessForActions) {
  EXPECT_TRUE(JudgeAgentExit(FenceAction::kOff, Exited(0)).ok);
  auto failed = JudgeAgentExit(FenceAction::kOff, Exited(2, "warn\nFailed: unable to connect\n"));
  EXPECT_FALSE(failed.ok);
  EXPECT_EQ(failed.reason, "exit 2: Failed: unable to connect");
  AgentExit timed_out;
  timed_out.how = AgentExit::How::kTimedOut;
  timed_out.exit_code = 0;
  EXPECT_FALSE(JudgeAgentExit(FenceAction::kReboot, timed_out).ok);
  AgentExit signaled;
  signaled.how = AgentExit::How::kSignaled;
  signaled.signal = 9;
  EXPECT_EQ(JudgeAgentExit(FenceAction::kOff, signaled).reason, "killed by signal 9");
  EXPECT_FALSE(JudgeAgentExit(FenceAction::kOff, AgentExit{}).ok);
}

}  // namespace
}  // namespace keel
