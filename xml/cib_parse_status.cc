// <status>: written by the cluster, not by users. Unknown elements and attributes are dropped
// (the model keeps what Keel interprets); numbers that Keel reads must still be numbers.

#include "xml/cib_parse_internal.h"

namespace keel::cib_parse {

namespace {

// An int attribute (exit codes, status codes): anything beyond int's range is reported.
int IntCode(ParseContext& ctx, const XmlNode& node, std::string_view attr) {
  std::optional<int64_t> value = ctx.IntAttr(node, attr);
  if (!value) return 0;
  if (*value < -1'000'000 || *value > 1'000'000) {
    ctx.Fail(node, "attribute '" + std::string(attr) + "': out of range: " +
                       std::to_string(*value));
    return 0;
  }
  return static_cast<int>(*value);
}

LrmRscOp ParseLrmRscOp(ParseContext& ctx, const XmlNode& node) {
  LrmRscOp op;
  op.id = node.AttrOr("id");
  op.operation = node.AttrOr("operation");
  op.operation_key = node.AttrOr("operation_key");
  op.interval_ms = ctx.IntAttr(node, "interval").value_or(0);  // milliseconds in the status
  op.call_id = ctx.IntAttr(node, "call-id").value_or(0);
  op.rc_code = IntCode(ctx, node, "rc-code");
  op.op_status = IntCode(ctx, node, "op-status");
  op.last_rc_change = ctx.IntAttr(node, "last-rc-change");
  op.last_run = ctx.IntAttr(node, "last-run");
  op.exec_time_ms = ctx.IntAttr(node, "exec-time");
  op.queue_time_ms = ctx.IntAttr(node, "queue-time");
  op.on_node = node.AttrOr("on_node");
  op.transition_key = node.AttrOr("transition-key");
  op.transition_magic = node.AttrOr("transition-magic");
  op.exit_reason = node.AttrOr("exit-reason");
  op.crm_feature_set = node.AttrOr("crm_feature_set");
  op.op_digest = node.AttrOr("op-digest");
  op.op_restart_digest = node.AttrOr("op-restart-digest");
  op.op_force_restart = node.AttrOr("op-force-restart");
  op.op_secure_digest = node.AttrOr("op-secure-digest");
  op.op_secure_params = node.AttrOr("op-secure-params");
  op.line = node.line;
  return op;
}

LrmResource ParseLrmResource(ParseContext& ctx, const XmlNode& node) {
  LrmResource rsc;
  rsc.id = node.AttrOr("id");
  rsc.resource_class = node.AttrOr("class");
  rsc.provider = node.AttrOr("provider");
  rsc.type = node.AttrOr("type");
  rsc.line = node.line;
  for (const XmlNode& child : node.children) {
    if (child.name == "lrm_rsc_op") rsc.ops.push_back(ParseLrmRscOp(ctx, child));
  }
  return rsc;
}

std::vector<LrmResource> ParseLrm(ParseContext& ctx, const XmlNode& lrm) {
  std::vector<LrmResource> out;
  for (const XmlNode& resources : lrm.children) {
    if (resources.name != "lrm_resources") continue;
    for (const XmlNode& child : resources.children) {
      if (child.name == "lrm_resource") out.push_back(ParseLrmResource(ctx, child));
    }
  }
  return out;
}

NodeState ParseNodeState(ParseContext& ctx, const XmlNode& node) {
  NodeState state;
  state.id = node.AttrOr("id");
  state.uname = node.AttrOr("uname");
  state.in_ccm = node.AttrOr("in_ccm");
  state.crmd = node.AttrOr("crmd");
  state.join = node.AttrOr("join");
  state.expected = node.AttrOr("expected");
  state.shutdown = node.AttrOr("shutdown");
  state.line = node.line;
  for (const XmlNode& child : node.children) {
    if (child.name == "transient_attributes") {
      for (const XmlNode& set : child.children) {
        if (set.name != "instance_attributes") continue;
        if (auto parsed = ParseNvSet(ctx, set)) {
          state.transient_attributes.push_back(std::move(*parsed));
        }
      }
    } else if (child.name == "lrm") {
      auto resources = ParseLrm(ctx, child);
      state.lrm_resources.insert(state.lrm_resources.end(),
                                 std::make_move_iterator(resources.begin()),
                                 std::make_move_iterator(resources.end()));
    }
  }
  return state;
}

}  // namespace

Status ParseStatus(ParseContext& ctx, const XmlNode& status) {
  Status out;
  for (const XmlNode& child : status.children) {
    if (child.name == "node_state") out.node_states.push_back(ParseNodeState(ctx, child));
  }
  return out;
}

}  // namespace keel::cib_parse
