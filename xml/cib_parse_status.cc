// <status>: written by the cluster, not by users. Unknown elements and attributes are dropped
// (the model keeps what Keel interprets); numbers that Keel reads must still be numbers.
//
// The status is most of a large CIB (16 nodes x 1,000 resources = 16,000 lrm_rsc_op), so this
// file is written for speed: each lrm_rsc_op's attributes are looked up in one pass, and when
// ParseCib owns the tree each node_state's subtree is freed as soon as it is read, which lowers
// peak memory. Strings are copied, not moved out of the tree: moved strings stay scattered
// among the tree's freed memory, and later passes over the model (SerializeCib: 27 -> 45 ms on
// the bench CIB) pay more for that than the copies cost here (about 1 ms).

#include <array>

#include "xml/cib_parse_internal.h"

namespace keel::cib_parse {

namespace {

using Found = std::optional<std::string_view>;

// The lrm_rsc_op attributes Keel reads, in the order Pacemaker writes them (the lookup below
// tries the next name first). ParseLrmRscOp decides the order in which errors come out.
enum OpAttr : size_t {
  kId, kOperationKey, kOperation, kCrmFeatureSet, kTransitionKey, kTransitionMagic,
  kExitReason, kOnNode, kCallId, kRcCode, kOpStatus, kInterval, kLastRcChange, kLastRun,
  kExecTime, kQueueTime, kOpDigest, kOpForceRestart, kOpRestartDigest, kOpSecureParams,
  kOpSecureDigest, kOpAttrCount
};
constexpr std::array<std::string_view, kOpAttrCount> kOpAttrNames = {
    "id", "operation_key", "operation", "crm_feature_set", "transition-key",
    "transition-magic", "exit-reason", "on_node", "call-id", "rc-code", "op-status",
    "interval", "last-rc-change", "last-run", "exec-time", "queue-time", "op-digest",
    "op-force-restart", "op-restart-digest", "op-secure-params", "op-secure-digest"};

// The values of `node`'s known attributes (nullopt when absent), found in one
// pass. The first occurrence wins, as with XmlNode::Attr. Each search starts after the
// previous match, so attributes in the usual order are found at the first try.
std::array<Found, kOpAttrCount> FindOpAttrs(const XmlNode& node) {
  std::array<Found, kOpAttrCount> found{};
  size_t next = 0;
  for (const XmlAttributeView attribute : node.attributes) {
    for (size_t tries = 0; tries < kOpAttrCount; ++tries) {
      const size_t i = (next + tries) % kOpAttrCount;
      if (attribute.name == kOpAttrNames[i]) {
        if (!found[i]) found[i] = attribute.value;
        next = i + 1;
        break;
      }
    }
  }
  return found;
}

// An int attribute (exit codes, status codes): anything beyond int's range is reported.
int IntCode(ParseContext& ctx, const XmlNode& node, std::string_view attr, Found text) {
  std::optional<int64_t> value = ctx.IntValue(node, attr, text);
  if (!value) return 0;
  if (*value < -1'000'000 || *value > 1'000'000) {
    ctx.Fail(node, "attribute '" + std::string(attr) + "': out of range: " +
                       std::to_string(*value));
    return 0;
  }
  return static_cast<int>(*value);
}

LrmRscOp ParseLrmRscOp(ParseContext& ctx, const XmlNode& node) {
  auto attrs = FindOpAttrs(node);
  auto integer = [&](OpAttr a) { return ctx.IntValue(node, kOpAttrNames[a], attrs[a]); };
  LrmRscOp op;
  op.interval_ms = integer(kInterval).value_or(0);  // milliseconds in the status
  op.call_id = integer(kCallId).value_or(0);
  op.rc_code = IntCode(ctx, node, kOpAttrNames[kRcCode], attrs[kRcCode]);
  op.op_status = IntCode(ctx, node, kOpAttrNames[kOpStatus], attrs[kOpStatus]);
  op.last_rc_change = integer(kLastRcChange);
  op.last_run = integer(kLastRun);
  op.exec_time_ms = integer(kExecTime);
  op.queue_time_ms = integer(kQueueTime);
  // In LrmRscOp's own order: each text is appended to its buffer.
  auto text = [&](OpAttr a) { return attrs[a].value_or(std::string_view()); };
  op.set_id(text(kId));
  op.set_operation(text(kOperation));
  op.set_operation_key(text(kOperationKey));
  op.set_on_node(text(kOnNode));
  op.set_transition_key(text(kTransitionKey));
  op.set_transition_magic(text(kTransitionMagic));
  op.set_exit_reason(text(kExitReason));
  op.set_crm_feature_set(text(kCrmFeatureSet));
  op.set_op_digest(text(kOpDigest));
  op.set_op_restart_digest(text(kOpRestartDigest));
  op.set_op_force_restart(text(kOpForceRestart));
  op.set_op_secure_digest(text(kOpSecureDigest));
  op.set_op_secure_params(text(kOpSecureParams));
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
  if (node.HasAttr("shutdown-lock")) rsc.shutdown_lock = ctx.IntAttr(node, "shutdown-lock");
  rsc.ops.reserve(node.children.size());
  for (const XmlNode& child : node.children) {
    if (child.name == "lrm_rsc_op") rsc.ops.push_back(ParseLrmRscOp(ctx, child));
  }
  return rsc;
}

std::vector<LrmResource> ParseLrm(ParseContext& ctx, const XmlNode& lrm) {
  std::vector<LrmResource> out;
  for (const XmlNode& resources : lrm.children) {
    if (resources.name != "lrm_resources") continue;
    out.reserve(out.size() + resources.children.size());
    for (const XmlNode& child : resources.children) {
      if (child.name == "lrm_resource") out.push_back(ParseLrmResource(ctx, child));
    }
  }
  return out;
}

NodeState ParseNodeState(ParseContext& ctx, const XmlNode& node, History history) {
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
    } else if (child.name == "lrm" && history == History::kRead) {
      auto resources = ParseLrm(ctx, child);
      state.lrm_resources.insert(state.lrm_resources.end(),
                                 std::make_move_iterator(resources.begin()),
                                 std::make_move_iterator(resources.end()));
    }
  }
  return state;
}

std::vector<TicketState> ParseTickets(ParseContext& ctx, const XmlNode& tickets) {
  std::vector<TicketState> out;
  for (const XmlNode& child : tickets.children) {
    if (child.name != "ticket_state") {
      ctx.UnknownChild(tickets, child);
      continue;
    }
    TicketState state;
    state.id = ctx.RequiredAttr(child, "id");
    state.granted = ctx.BoolAttr(child, "granted");
    state.standby = ctx.BoolAttr(child, "standby");
    state.last_granted = child.AttrOr("last-granted");
    state.line = child.line;
    out.push_back(std::move(state));
  }
  return out;
}

}  // namespace

void VisitLrmResources(ParseContext& ctx, const XmlNode& node_state,
                       const std::function<void(const LrmResource&)>& visit) {
  for (const XmlNode& lrm : node_state.children) {
    if (lrm.name != "lrm") continue;
    for (const XmlNode& resources : lrm.children) {
      if (resources.name != "lrm_resources") continue;
      for (const XmlNode& child : resources.children) {
        if (child.name == "lrm_resource") visit(ParseLrmResource(ctx, child));
      }
    }
  }
}

Status ParseStatus(ParseContext& ctx, const XmlNode& status, History history) {
  Status out;
  for (const XmlNode& child : status.children) {
    if (child.name == "node_state") out.node_states.push_back(ParseNodeState(ctx, child, history));
    if (child.name == "tickets") out.tickets = ParseTickets(ctx, child);
  }
  return out;
}

Status ParseStatus(ParseContext& ctx, XmlNode&& status) {
  Status out;
  for (XmlNode& child : status.children) {
    if (child.name == "tickets") out.tickets = ParseTickets(ctx, child);
    if (child.name != "node_state") continue;
    out.node_states.push_back(ParseNodeState(ctx, child, History::kRead));
    std::vector<XmlNode>().swap(child.children);  // read: free it now, not with the tree
  }
  return out;
}

}  // namespace keel::cib_parse
