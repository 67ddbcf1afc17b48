#include "crmd/controller/lrm_history.h"

#include <algorithm>

namespace keel {
namespace {

LrmResource& ResourceEntry(NodeState& state, const std::string& rsc, const AgentSpec& agent) {
  for (LrmResource& r : state.lrm_resources) {
    if (r.id == rsc) return r;
  }
  LrmResource& r = state.lrm_resources.emplace_back();
  r.id = rsc;
  r.resource_class = std::string(AgentClassName(agent.agent_class));
  r.provider = agent.provider;
  r.type = agent.type;
  return r;
}

void PutOp(LrmResource& rsc, LrmRscOp op) {
  for (LrmRscOp& existing : rsc.ops) {
    if (existing.id() == op.id()) {
      // last-rc-change moves only when the rc does.
      if (existing.rc_code == op.rc_code && existing.last_rc_change) {
        op.last_rc_change = existing.last_rc_change;
      }
      existing = std::move(op);
      return;
    }
  }
  rsc.ops.push_back(std::move(op));
}

NvSet& TransientSet(NodeState& state) {
  if (state.transient_attributes.empty()) {
    NvSet& set = state.transient_attributes.emplace_back();
    set.id = "status-" + state.id;
  }
  return state.transient_attributes.front();
}

void SetAttribute(NodeState& state, const std::string& name, const std::string& value) {
  NvSet& set = TransientSet(state);
  for (NvPair& p : set.pairs) {
    if (p.name == name) {
      p.value = value;
      return;
    }
  }
  set.pairs.push_back(NvPair{set.id + "-" + name, name, value, 0});
}

LrmRscOp MakeOp(const ActionResult& result, const ResultContext& context, std::string id) {
  LrmRscOp op;
  op.set_id(std::move(id));
  op.set_operation(result.action);
  op.set_operation_key(OperationKey(result.rsc_id, result.action, result.interval_ms));
  op.interval_ms = result.interval_ms;
  op.call_id = result.call_id;
  op.rc_code = result.rc;
  op.op_status = OpStatusCode(result.op_status);
  op.last_rc_change = context.now_s;
  op.last_run = context.now_s;
  op.exec_time_ms = result.exec_ms;
  op.queue_time_ms = result.queue_ms;
  op.set_on_node(context.node_name);
  op.set_transition_key(context.transition_key);
  if (!context.transition_key.empty()) {
    op.set_transition_magic(std::to_string(op.op_status) + ":" + std::to_string(op.rc_code) + ";" +
                            context.transition_key);
  }
  op.set_exit_reason(result.exit_reason);
  return op;
}

}  // namespace

int OpStatusCode(OpStatus status) {
  switch (status) {
    case OpStatus::kDone:
      return 0;
    case OpStatus::kCancelled:
      return 1;
    case OpStatus::kTimedOut:
      return 2;
    case OpStatus::kNotSupported:
      return 3;
    case OpStatus::kError:
      return 4;
    case OpStatus::kNotInstalled:
      return 7;
  }
  return 4;
}

std::string OperationKey(std::string_view rsc, std::string_view action, int64_t interval_ms) {
  return std::string(rsc) + "_" + std::string(action) + "_" + std::to_string(interval_ms);
}

bool IsFailure(const ActionResult& result, int expected_rc) {
  if (result.op_status == OpStatus::kCancelled) return false;
  if (result.op_status != OpStatus::kDone) return true;
  bool probe = result.action == "monitor" && result.interval_ms == 0;
  // A probe may find the resource stopped, running, or running promoted.
  if (probe) {
    return result.rc != ocf_rc::kOk && result.rc != ocf_rc::kNotRunning &&
           result.rc != ocf_rc::kRunningPromoted;
  }
  return result.rc != expected_rc;
}

void RecordResult(NodeState& state, const ActionResult& result, const ResultContext& context) {
  LrmResource& rsc = ResourceEntry(state, result.rsc_id, context.agent);
  std::string recurring_id = OperationKey(result.rsc_id, result.action, result.interval_ms);
  const int cancelled = OpStatusCode(OpStatus::kCancelled);
  if (result.op_status == OpStatus::kCancelled) {
    // A monitor cancelled for maintenance stays recorded as cancelled (RecordCancelled).
    std::erase_if(rsc.ops, [&](const LrmRscOp& op) {
      return op.id() == recurring_id && op.op_status != cancelled;
    });
    return;
  }
  if (result.action == "monitor" && result.interval_ms == 0) {
    // A probe says how it is now: monitors cancelled for maintenance are no longer pending.
    std::erase_if(rsc.ops, [&](const LrmRscOp& op) {
      return op.interval_ms > 0 && op.op_status == cancelled;
    });
  }
  bool failed = IsFailure(result, context.expected_rc);
  if (result.interval_ms > 0) {
    PutOp(rsc, MakeOp(result, context, recurring_id));
  } else {
    PutOp(rsc, MakeOp(result, context, result.rsc_id + "_last_0"));
  }
  if (failed) {
    PutOp(rsc, MakeOp(result, context, result.rsc_id + "_last_failure_0"));
  }
  if (result.action == "stop" && !failed) {
    // A stopped resource has no recurring monitors left (the executor cancelled them).
    // The newest failure stays (crm status lists it until a cleanup).
    std::erase_if(rsc.ops, [&](const LrmRscOp& op) {
      return op.interval_ms > 0 && op.id() != result.rsc_id + "_last_failure_0";
    });
  }
}

void RecordCancelled(NodeState& state, const std::string& rsc, int64_t interval_ms,
                     const ResultContext& context) {
  for (LrmResource& r : state.lrm_resources) {
    if (r.id != rsc) continue;
    for (LrmRscOp& op : r.ops) {
      if (op.id() != OperationKey(rsc, "monitor", interval_ms)) continue;
      op.op_status = OpStatusCode(OpStatus::kCancelled);
      op.set_transition_key(context.transition_key);
      op.set_transition_magic(std::to_string(op.op_status) + ":" + std::to_string(op.rc_code) +
                              ";" + context.transition_key);
      op.last_rc_change = context.now_s;
    }
  }
}

void RecordPending(NodeState& state, const std::string& rsc, const std::string& action,
                   const ResultContext& context) {
  if (action != "start" && action != "stop") return;
  ActionResult pending;
  pending.rsc_id = rsc;
  pending.action = action;
  pending.call_id = -1;
  pending.rc = ocf_rc::kOk;
  LrmRscOp op = MakeOp(pending, context, rsc + "_last_0");
  op.op_status = -1;
  op.exec_time_ms.reset();
  op.queue_time_ms.reset();
  if (!context.transition_key.empty()) op.set_transition_magic("-1:0;" + context.transition_key);
  PutOp(ResourceEntry(state, rsc, context.agent), std::move(op));
}

std::vector<std::string> ActiveResources(const NodeState& state) {
  std::vector<std::string> active;
  for (const LrmResource& r : state.lrm_resources) {
    for (const LrmRscOp& op : r.ops) {
      if (op.id() != r.id + "_last_0") continue;
      if (op.op_status == -1 && op.operation() == "start") active.push_back(r.id);
      if (op.op_status != 0) continue;
      bool role_change = op.operation() == "promote" || op.operation() == "demote";
      bool started = (op.operation() == "start" || role_change) && op.rc_code == ocf_rc::kOk;
      bool found_running = op.operation() == "monitor" &&
                           (op.rc_code == ocf_rc::kOk || op.rc_code == ocf_rc::kRunningPromoted);
      if (started || found_running) active.push_back(r.id);
    }
  }
  std::sort(active.begin(), active.end());
  return active;
}

std::vector<std::string> NotStoppedResources(const NodeState& state) {
  std::vector<std::string> not_stopped;
  for (const LrmResource& r : state.lrm_resources) {
    for (const LrmRscOp& op : r.ops) {
      if (op.id() != r.id + "_last_0") continue;
      bool done = op.op_status == 0;
      bool stopped = op.operation() == "stop" && done && op.rc_code == ocf_rc::kOk;
      bool found_stopped =
          op.operation() == "monitor" && done &&
          (op.rc_code == ocf_rc::kNotRunning || op.rc_code == ocf_rc::kErrInstalled);
      if (!stopped && !found_stopped) not_stopped.push_back(r.id);
    }
  }
  std::sort(not_stopped.begin(), not_stopped.end());
  return not_stopped;
}

void SetTransientAttribute(NodeState& state, const std::string& name, const std::string& value) {
  SetAttribute(state, name, value);
}

void ForgetResource(NodeState& state, std::string_view rsc) {
  std::erase_if(state.lrm_resources, [&](const LrmResource& r) { return r.id == rsc; });
}

void ForgetLastFailure(NodeState& state, std::string_view rsc) {
  const std::string id = std::string(rsc) + "_last_failure_0";
  for (LrmResource& r : state.lrm_resources) {
    if (r.id == rsc) std::erase_if(r.ops, [&](const LrmRscOp& op) { return op.id() == id; });
  }
}

}  // namespace keel
