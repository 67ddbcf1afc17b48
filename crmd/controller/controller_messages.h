#pragma once
// The controller's bus messages (on the CIB's BusMessage framing):
//   "action": the DC asks `node` to run one action of transition `key`
//   "result": a node reports how an action (or a recurring monitor change) ended
// Transition keys are "INDEX:TRANSITION:TARGET_RC:DC", as recorded in lrm_rsc_op.

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>

#include "crmd/executor/action.h"
#include "crmd/scheduler/scheduler.h"
#include "xml/cib.h"
#include "xml/base/error.h"

namespace keel {

struct ActionMessage {
  std::string key;
  std::string node;
  std::string task;
  std::string resource;
  int64_t interval_ms = 0;
  int64_t timeout_ms = 0;
};

struct ResultMessage {
  std::string key;  // "" for results no transition asked for
  std::string node;
  std::string resource;
  std::string task;
  int64_t interval_ms = 0;
  int rc = 0;
  int op_status = 0;
  bool failure = false;  // as IsFailure judged it on the node
};

struct TransitionKey {
  int index = 0;
  int transition = 0;
  int target_rc = 0;
  std::string dc;
  std::string ToString() const;
};
std::expected<TransitionKey, Error> ParseTransitionKey(std::string_view text);

std::string EncodeAction(const ActionMessage& m);
std::string EncodeResult(const ResultMessage& m);
// Both return an error for a payload of another type or with missing/bad fields.
std::expected<ActionMessage, Error> DecodeAction(std::string_view payload);
std::expected<ResultMessage, Error> DecodeResult(std::string_view payload);
// The message type word of a bus payload ("" when it has none).
std::string PayloadType(std::string_view payload);

// What this node's executor is asked to run for an action message: agent and parameters from
// the primitive in `cib`. Errors name the resource (unknown, unsupported class).
std::expected<ActionRequest, Error> BuildRequest(const Cib& cib, const ActionMessage& m);

}  // namespace keel
