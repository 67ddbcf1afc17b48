#pragma once
// CoreSinks for unit tests that build a CrmdCore by hand: every required sink set and doing
// nothing (persist succeeds, fence agents cannot run), resources and alerts on; the test
// replaces the sinks it watches.

#include <string>

#include "crmd/crmd_core.h"

namespace keel {

inline CoreSinks QuietSinks(const Clock& clock) {
  CoreSinks sinks;
  sinks.clock = &clock;
  sinks.persist = [](const XmlNode&, bool) -> std::expected<void, Error> { return {}; };
  sinks.reply = [](const CommitReply&) {};
  sinks.log = [](const std::string&) {};
  sinks.exit = [](int) {};
  sinks.answer = [](RequestId, std::expected<std::string, Error>) {};
  ResourceSinks resources;
  resources.submit = [](const ActionRequest&) -> std::expected<int, Error> { return 1; };
  resources.cancel_recurring = [](const std::string&, const std::string&, int64_t) {
    return false;
  };
  resources.run_fence_agent = [](const RunAgentEffect&,
                                 std::function<void(const AgentExit&)> done) {
    AgentExit exit;
    exit.start_error = "test: this node runs no fence agents";
    done(exit);
  };
  resources.fence_timer = [](std::optional<int64_t>) {};
  sinks.resources = std::move(resources);
  AlertSinks alerts;
  alerts.run_alert = [](AlertRun) {};
  alerts.utc_offset_s = [](int64_t) -> int64_t { return 0; };
  sinks.alerts = std::move(alerts);
  return sinks;
}

}  // namespace keel
