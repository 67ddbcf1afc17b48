// The local resource manager alone: what it submits, records, publishes and reports.

#include "crmd/node/local_resources.h"

#include <gtest/gtest.h>

#include "crmd/controller/controller_messages.h"
#include "tests/fakes/fake_bus.h"
#include "xml/cib_parse.h"

namespace keel {
namespace {

constexpr std::string_view kCib = R"(<cib admin_epoch="0" epoch="1" num_updates="0">
  <configuration><crm_config/><nodes/>
    <resources>
      <primitive id="d" class="ocf" provider="heartbeat" type="Dummy">
        <instance_attributes id="d-ia"><nvpair id="d-s" name="state" value="/tmp/x"/></instance_attributes>
      </primitive>
    </resources><constraints/></configuration><status/></cib>)";

class LocalResourcesTest : public ::testing::Test {
 protected:
  LocalResourcesTest()
      : network_(1),
        nodes_(network_.AddNode(1), ""),
        lrm_(
            nodes_,
            [this](const ActionRequest& r) -> std::expected<int, Error> {
              submitted_.push_back(r);
              return next_call_++;
            },
            [] { return int64_t{1700000000}; }) {
    cib_ = CibFromXml(*ParseXml(kCib, "test"), "test")->cib;
  }

  static std::string Key(int target_rc) {
    return TransitionKey{3, 7, target_rc, "dc-uuid"}.ToString();
  }

  // The one result message in `fx`, decoded.
  static ResultMessage SentResult(const LrmEffects& fx) {
    EXPECT_EQ(fx.sends.size(), 1u);
    auto m = Decode<ResultMessage>(fx.sends.empty() ? "" : fx.sends.front());
    EXPECT_TRUE(m.has_value());
    return m ? *m : ResultMessage{};
  }

  static ActionResult Result(const std::string& action, int64_t interval_ms, int call, int rc) {
    ActionResult r;
    r.rsc_id = "d";
    r.action = action;
    r.interval_ms = interval_ms;
    r.call_id = call;
    r.rc = rc;
    r.op_status = OpStatus::kDone;
    return r;
  }

  FakeNetwork network_;
  NodeDirectory nodes_;
  std::vector<ActionRequest> submitted_;
  int next_call_ = 1;
  LocalResources lrm_;
  Cib cib_;
};

TEST_F(LocalResourcesTest, AStartIsSubmittedRecordedPendingThenReportedAfterTheNodeState) {
  LrmEffects fx = lrm_.Run(ActionMessage{Key(0), "node1", "start", "d", 0, 20000}, cib_);
  ASSERT_EQ(submitted_.size(), 1u);
  EXPECT_EQ(submitted_[0].params.at("state"), "/tmp/x");
  EXPECT_FALSE(fx.publish.has_value()) << "only d's entry changed";
  EXPECT_EQ(fx.publish_resources, std::vector<std::string>{"d"}) << "the pending start";
  EXPECT_TRUE(fx.sends.empty());
  EXPECT_EQ(lrm_.Active(), std::vector<std::string>{"d"}) << "a start under way counts";

  bool known = false;
  fx = lrm_.OnExecutorResult(Result("start", 0, 1, ocf_rc::kOk), known);
  EXPECT_TRUE(known);
  EXPECT_EQ(fx.publish_resources, std::vector<std::string>{"d"});
  // The entry as the whole state has it.
  auto entry = lrm_.ResourceXml("d");
  ASSERT_TRUE(entry.has_value());
  XmlNode state = lrm_.StateXml();
  EXPECT_EQ(state.AttrOr("uname"), "node1");
  EXPECT_EQ(*entry, state.Child("lrm")->Child("lrm_resources")->children.at(0));
  EXPECT_EQ(entry->Child("lrm_rsc_op")->AttrOr("operation"), "start");
  EXPECT_FALSE(lrm_.ResourceXml("other").has_value());
  ResultMessage sent = SentResult(fx);
  EXPECT_EQ(sent.key, Key(0));
  EXPECT_EQ(sent.node, "node1");
  EXPECT_EQ(sent.task, "start");
  EXPECT_FALSE(sent.failure);
  EXPECT_EQ(lrm_.Active(), std::vector<std::string>{"d"});

  fx = lrm_.OnExecutorResult(Result("start", 0, 1, ocf_rc::kOk), known);
  EXPECT_FALSE(known) << "a call is reported once";
  EXPECT_EQ(fx.logs.front().rfind("controller: result for unknown call", 0), 0u) << fx.logs.front();
}

TEST_F(LocalResourcesTest, ARecurringMonitorKeepsItsCallAndReportsLaterChangesWithoutAKey) {
  lrm_.Run(ActionMessage{Key(0), "node1", "monitor", "d", 10000, 20000}, cib_);
  bool known = false;
  EXPECT_EQ(SentResult(lrm_.OnExecutorResult(Result("monitor", 10000, 1, 0), known)).key, Key(0));
  ResultMessage later = SentResult(lrm_.OnExecutorResult(Result("monitor", 10000, 1, 7), known));
  EXPECT_TRUE(known);
  EXPECT_EQ(later.key, "");
  EXPECT_TRUE(later.failure);
  ActionResult cancelled = Result("monitor", 10000, 1, 0);
  cancelled.op_status = OpStatus::kCancelled;
  EXPECT_TRUE(lrm_.OnExecutorResult(cancelled, known).sends.empty()) << "nobody waits for it";
  lrm_.OnExecutorResult(Result("monitor", 10000, 1, 0), known);
  EXPECT_FALSE(known) << "the call ended with its cancellation";
}

// Maintenance: the DC's "cancel" is answered done at once and the monitor stays recorded as
// cancelled, also after the executor's own cancellation report.
TEST_F(LocalResourcesTest, ACancelIsRecordedAndReportedDone) {
  lrm_.Run(ActionMessage{Key(0), "node1", "monitor", "d", 10000, 20000}, cib_);
  bool known = false;
  lrm_.OnExecutorResult(Result("monitor", 10000, 1, 0), known);
  LrmEffects fx = lrm_.Cancelled(ActionMessage{Key(0), "node1", "cancel", "d", 10000, 20000}, true);
  ResultMessage done = SentResult(fx);
  EXPECT_EQ(done.task, "cancel");
  EXPECT_EQ(done.rc, 0);
  EXPECT_FALSE(done.failure);
  ASSERT_TRUE(fx.publish.has_value());
  ActionResult cancelled = Result("monitor", 10000, 1, 0);
  cancelled.op_status = OpStatus::kCancelled;
  lrm_.OnExecutorResult(cancelled, known);
  const LrmRscOp* kept = nullptr;
  for (const LrmResource& r : lrm_.history().lrm_resources) {
    for (const LrmRscOp& op : r.ops) {
      if (op.id() == "d_monitor_10000") kept = &op;
    }
  }
  ASSERT_NE(kept, nullptr);
  EXPECT_EQ(kept->op_status, 1);
}

// The promoted role's monitor (target rc 8 in its key) carries its role to the agent; rc 8
// completes it, and a later rc 0 (no longer promoted) is a failure.
TEST_F(LocalResourcesTest, ThePromotedMonitorExpectsRunningPromoted) {
  lrm_.Run(ActionMessage{Key(8), "node1", "monitor", "d", 10000, 20000, -1, "Promoted"}, cib_);
  ASSERT_EQ(submitted_.size(), 1u);
  EXPECT_EQ(submitted_[0].meta.at("role"), "Promoted");
  bool known = false;
  ResultMessage first = SentResult(lrm_.OnExecutorResult(Result("monitor", 10000, 1, 8), known));
  EXPECT_FALSE(first.failure);
  EXPECT_EQ(first.rc, 8);
  ResultMessage later = SentResult(lrm_.OnExecutorResult(Result("monitor", 10000, 1, 0), known));
  EXPECT_TRUE(later.failure);
}

TEST_F(LocalResourcesTest, AnActionThatCannotRunIsReportedAsAFailedResult) {
  LrmEffects fx = lrm_.Run(ActionMessage{Key(0), "node1", "start", "nosuch", 0, 20000}, cib_);
  EXPECT_TRUE(submitted_.empty());
  ResultMessage sent = SentResult(fx);
  EXPECT_EQ(sent.rc, ocf_rc::kErrConfigured);
  EXPECT_TRUE(sent.failure);
  EXPECT_EQ(fx.logs.front().rfind("controller: cannot run nosuch start: ", 0), 0u)
      << fx.logs.front();
}

TEST_F(LocalResourcesTest, ForgetDropsTheHistoryAndProbesBelongToNoTransition) {
  lrm_.Run(ActionMessage{Key(0), "node1", "start", "d", 0, 20000}, cib_);
  bool known = false;
  lrm_.OnExecutorResult(Result("start", 0, 1, ocf_rc::kOk), known);
  EXPECT_TRUE(lrm_.Forget({"d"}).publish.has_value());
  EXPECT_TRUE(lrm_.Active().empty());
  auto call = lrm_.Probe(cib_, "d", 20000);
  ASSERT_TRUE(call.has_value());
  EXPECT_EQ(submitted_.back().action, "monitor");
  EXPECT_EQ(submitted_.back().interval_ms, 0);
  ResultMessage sent = SentResult(lrm_.OnExecutorResult(Result("monitor", 0, *call, 7), known));
  EXPECT_EQ(sent.key, "");
  EXPECT_FALSE(sent.failure) << "a probe finding it stopped";
  EXPECT_FALSE(lrm_.Probe(cib_, "nosuch", 20000).has_value());
}

// A notification reaches the agent with its variables, leaves the history as it was (the
// resource stays started) and is never reported as a failure, whatever its rc.
TEST_F(LocalResourcesTest, ANotifyCarriesItsVariablesAndNeitherRecordsNorFails) {
  lrm_.Run(ActionMessage{Key(0), "node1", "start", "d", 0, 20000}, cib_);
  bool known = false;
  lrm_.OnExecutorResult(Result("start", 0, 1, ocf_rc::kOk), known);
  const NodeState before = lrm_.history();

  ActionMessage notify{Key(0), "node1", "notify", "d", 0, 20000};
  notify.meta = {{"notify_type", "post"}, {"notify_start_uname", "node1 node2"}};
  LrmEffects fx = lrm_.Run(notify, cib_);
  ASSERT_EQ(submitted_.size(), 2u);
  EXPECT_EQ(submitted_[1].action, "notify");
  EXPECT_EQ(submitted_[1].meta.at("notify_type"), "post");
  EXPECT_EQ(submitted_[1].meta.at("notify_start_uname"), "node1 node2");
  EXPECT_FALSE(fx.publish.has_value());

  fx = lrm_.OnExecutorResult(Result("notify", 0, 2, ocf_rc::kErrGeneric), known);
  EXPECT_TRUE(known);
  EXPECT_FALSE(fx.publish.has_value()) << "a notification changes no history";
  EXPECT_TRUE(fx.alerts.empty());
  ResultMessage sent = SentResult(fx);
  EXPECT_EQ(sent.task, "notify");
  EXPECT_EQ(sent.rc, ocf_rc::kErrGeneric);
  EXPECT_FALSE(sent.failure) << "a failed notify never fails the resource";
  ASSERT_FALSE(fx.logs.empty());
  EXPECT_NE(fx.logs.back().find("failed notification is ignored"), std::string::npos);
  EXPECT_EQ(lrm_.history(), before);
  EXPECT_EQ(lrm_.Active(), std::vector<std::string>{"d"});
}

}  // namespace
}  // namespace keel
