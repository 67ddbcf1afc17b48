#pragma once
// A gtest fixture base for CrmdCore tests: cores on one FakeNetwork whose executors are fakes
// (every submitted action is recorded and answered by the test), logs kept per node, time
// from now_ms_. Derived fixtures add the sinks and helpers their feature needs.

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "crmd/crmd_core.h"
#include "tests/fakes/fake_bus.h"
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

  // Sinks that log into logs_, take the time from now_ms_ and record executor submissions and
  // alert runs.
  CoreSinks RecordingSinks(NodeId id) {
    CoreSinks sinks;
    sinks.log = [this, id](const std::string& line) { logs_[id].push_back(line); };
    sinks.now_s = [this] { return now_ms_ / 1000; };
    sinks.now_ms = [this] { return now_ms_; };
    sinks.submit = [this, id](const ActionRequest& r) -> std::expected<int, Error> {
      int call = next_call_++;
      submitted_.push_back(Submitted{id, call, r});
      return call;
    };
    sinks.run_alert = [this, id](AlertRun run) { alert_runs_[id].push_back(std::move(run)); };
    return sinks;
  }

  // Adds node `id` to the network and starts a core on it with `cib_text` (not validated).
  void StartCore(NodeId id, std::string_view cib_text, CoreSinks sinks) {
    FakeBus& bus = network_.AddNode(id);
    auto cib = ParseXml(cib_text, "test");
    ASSERT_TRUE(cib.has_value());
    cores_[id] = std::make_unique<CrmdCore>(
        bus, *cib, [](const XmlNode&, std::string_view) { return Errors{}; }, sinks, "", 1);
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
  size_t answered_ = 0;
  int next_call_ = 1;
  int64_t now_ms_ = 1'000'000;
};

}  // namespace keel
