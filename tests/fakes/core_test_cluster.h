#pragma once
// A gtest fixture base for CrmdCore tests: cores on one FakeNetwork whose executors are fakes
// (every submitted action is recorded and answered by the test), logs kept per node, time
// from mono_ms_ and now_ms_. Derived fixtures add the sinks and helpers their feature needs.

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "crmd/crmd_core.h"
#include "tests/fakes/fake_bus.h"
#include "tests/fakes/ref_clock.h"
#include "xml/xml_node.h"

namespace keel {

struct Submitted {
  NodeId node;
  int call;
  ActionRequest request;
};

class CoreTestCluster : public ::testing::Test {
 protected:
  explicit CoreTestCluster(size_t nodes) : network_(nodes) {}

  // Every sink, recording: logs into logs_, time from mono_ms_ and now_ms_ (wall), executor
  // submissions, exits, answers, fencing timers and alert runs; fence agents cannot run (a
  // run fails at once). Derived fixtures replace what their feature needs.
  CoreSinks RecordingSinks(NodeId id) {
    CoreSinks sinks;
    sinks.clock = &clock_;
    sinks.persist = [](const XmlNode&, bool) -> std::expected<void, Error> { return {}; };
    sinks.reply = [this, id](const CommitReply& r) { commit_replies_[id].push_back(r); };
    sinks.log = [this, id](const std::string& line) { logs_[id].push_back(line); };
    sinks.exit = [this, id](int status) { exits_[id] = status; };
    sinks.answer = [this](RequestId r, std::expected<std::string, Error> outcome) {
      answers_[r] = outcome ? *outcome : "error: " + outcome.error().message;
    };
    ResourceSinks resources;
    resources.submit = [this, id](const ActionRequest& r) -> std::expected<int, Error> {
      int call = next_call_++;
      submitted_.push_back(Submitted{id, call, r});
      return call;
    };
    resources.cancel_recurring = [](const std::string&, const std::string&, int64_t) {
      return false;
    };
    resources.run_fence_agent = [id](const RunAgentEffect&,
                                     std::function<void(const AgentExit&)> done) {
      AgentExit exit;
      exit.start_error = "test: node" + std::to_string(id) + " runs no fence agents";
      done(exit);
    };
    resources.fence_timer = [this, id](std::optional<int64_t> at) { timers_[id] = at; };
    sinks.resources = std::move(resources);
    AlertSinks alerts;
    alerts.run_alert = [this, id](AlertRun run) { alert_runs_[id].push_back(std::move(run)); };
    alerts.utc_offset_s = [](int64_t) -> int64_t { return 0; };
    sinks.alerts = std::move(alerts);
    return sinks;
  }

  // The clock's monotonic time becomes `mono_ms`; then node `id` checks its bounded waits.
  void CheckProgressAt(NodeId id, int64_t mono_ms) {
    mono_ms_ = mono_ms;
    cores_[id]->CheckProgress();
  }

  // Adds node `id` to the network and starts a core on it with `cib_text` (not validated).
  void StartCore(NodeId id, std::string_view cib_text, CoreSinks sinks) {
    FakeBus& bus = network_.AddNode(id);
    auto cib = ParseXml(cib_text, "test");
    ASSERT_TRUE(cib.has_value());
    auto core = CrmdCore::Create(
        bus, *cib, [](const XmlNode&, std::string_view) { return Errors{}; }, sinks, "", 1);
    ASSERT_TRUE(core.has_value()) << core.error().message;
    cores_[id] = std::move(*core);
    ASSERT_TRUE(cores_[id]->Start().has_value());
  }

  // Answers every open action with the rc `rc_for` gives it, delivering after each.
  void AnswerAllWith(const std::function<int(const Submitted&)>& rc_for) {
    while (AnswerNextWith(rc_for)) {
    }
  }

  // Answers the oldest open action (if any) with the rc `rc_for` gives it, then delivers.
  bool AnswerNextWith(const std::function<int(const Submitted&)>& rc_for) {
    if (answered_ >= submitted_.size()) return false;
    const Submitted s = submitted_[answered_++];
    ActionResult r;
    r.rsc_id = s.request.rsc_id;
    r.action = s.request.action;
    r.interval_ms = s.request.interval_ms;
    r.call_id = s.call;
    r.rc = rc_for(s);
    r.op_status = OpStatus::kDone;
    cores_[s.node]->OnExecutorResult(r);
    network_.RunUntilIdle();
    return true;
  }

  // Probes find nothing running; every other action ends with `rc`.
  void AnswerAll(int rc = ocf_rc::kOk) {
    AnswerAllWith([rc](const Submitted& s) {
      bool probe = s.request.action == "monitor" && s.request.interval_ms == 0;
      return probe ? ocf_rc::kNotRunning : rc;
    });
  }

  FakeNetwork network_;
  std::map<NodeId, std::unique_ptr<CrmdCore>> cores_;
  std::map<NodeId, std::vector<std::string>> logs_;
  std::vector<Submitted> submitted_;
  std::map<NodeId, std::vector<AlertRun>> alert_runs_;  // what each core asked to run
  std::map<NodeId, std::vector<CommitReply>> commit_replies_;
  std::map<NodeId, int> exits_;
  std::map<RequestId, std::string> answers_;  // "error: ..." for a refusal
  std::map<NodeId, std::optional<int64_t>> timers_;
  size_t answered_ = 0;
  int next_call_ = 1;
  int64_t now_ms_ = 1'000'000;  // the wall clock
  int64_t mono_ms_ = 0;         // the monotonic clock
  RefClock clock_{mono_ms_, now_ms_};
};

}  // namespace keel
