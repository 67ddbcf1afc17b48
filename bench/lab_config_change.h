// Config change -> resource running, on a running lab: `crm resource start RSC` (a stopped
// ocf:heartbeat:Dummy) on node 1 until the agent's state file exists on some node, timed by a
// thread polling the state files every millisecond; the DC's and the node's log lines give the
// breakdown. Then `crm resource stop RSC` until it is gone everywhere.
#pragma once

#include <expected>
#include <optional>
#include <string>

#include "bench/lab_driver.h"

namespace keel::bench {

struct ConfigChangeTimes {
  double to_running = 0;                  // crm started -> state file seen
  double crm_returned = 0;                // crm started -> crm exited (change committed)
  std::optional<double> to_applied;       // crm started -> DC logs "cib: applied change"
  std::optional<double> applied_to_sent;  // -> DC logs "controller: sending RSC_start_0"
  std::optional<double> sent_to_done;     // -> the node logs "executor: RSC_start_0 ... ok"
  std::optional<double> done_logged;      // crm started -> that log line
};

std::expected<ConfigChangeTimes, std::string> RunConfigChangeRound(Lab& lab, const std::string& rsc,
                                                                   int nodes);

}  // namespace keel::bench
