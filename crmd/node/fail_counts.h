#pragma once
// Fail counts and last-failure times as Pacemaker keeps them: transient node attributes of the
// node an action failed on, held by the attribute component (crmd/node/node_attributes.h) like
// any other, written into that node's node_state and read by the scheduler (migration-threshold,
// failure-timeout).
//
//   fail-count-RSC#OP_INTERVAL    "value++" after a failure; INFINITY after a failed stop, and
//                                 after a failed start when start-failure-is-fatal (default)
//   last-failure-RSC#OP_INTERVAL  epoch seconds of the newest failure
//
// e.g. fail-count-vip#monitor_10000. Pure.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "crmd/executor/action.h"
#include "crmd/node/node_attributes.h"

namespace keel {

// "fail-count-vip#monitor_10000" and "last-failure-vip#monitor_10000".
std::string FailCountName(std::string_view rsc, std::string_view action, int64_t interval_ms);
std::string LastFailureName(std::string_view rsc, std::string_view action, int64_t interval_ms);

// Whether `name` is a fail count or last failure of `rsc` (any operation; also the plain
// "fail-count-RSC" of older Pacemaker versions).
bool IsFailureAttributeOf(std::string_view name, std::string_view rsc);

// Whether a failure of `failed`'s operation is counted, as Pacemaker 2.1's controller counts
// them: recurring operations, start, stop, promote and demote. A failed probe (monitor of
// interval 0) or other one-shot action is recorded in the history only: no fail count, no
// last failure.
bool CountsFailures(const ActionResult& failed);

// The updates of `node`'s attributes after `failed` (an action result that is a failure, see
// IsFailure in crmd/controller/lrm_history.h) at epoch time `now_s`: the fail count first.
// None when CountsFailures says so; with `on_fail_ignore` (the operation's on-fail=ignore)
// the last failure alone, so that the failure still shows.
std::vector<AttributeUpdate> FailureUpdates(const std::string& node, const ActionResult& failed,
                                            bool start_failure_is_fatal, bool on_fail_ignore,
                                            int64_t now_s);

// Deletions of every fail count and last failure of `rscs` among `names` (a node's attributes).
std::vector<AttributeUpdate> FailureDeletions(const std::string& node,
                                              const std::vector<std::string>& names,
                                              const std::vector<std::string>& rscs);

}  // namespace keel
