#pragma once
// The controller's bus messages (structs in crmd/protocol/bus_messages.h):
//   "action": the DC asks `node` to run one action of transition `key`
//   "result": a node reports how an action (or a recurring monitor change) ended
// Transition keys are "INDEX:TRANSITION:TARGET_RC:DC", as recorded in lrm_rsc_op.

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>

#include "crmd/executor/action.h"
#include "crmd/protocol/bus_messages.h"
#include "crmd/scheduler/scheduler.h"
#include "xml/base/error.h"
#include "xml/cib.h"

namespace keel {

struct TransitionKey {
  int index = 0;
  int transition = 0;
  int target_rc = 0;
  std::string dc;
  std::string ToString() const;
};
std::expected<TransitionKey, Error> ParseTransitionKey(std::string_view text);

// What this node's executor is asked to run for an action message: agent and parameters from
// the primitive in `cib`. Errors name the resource (unknown, unsupported class).
std::expected<ActionRequest, Error> BuildRequest(const Cib& cib, const ActionMessage& m);

}  // namespace keel
