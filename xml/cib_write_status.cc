// Status model -> <status>. Pacemaker gives <lrm> and <transient_attributes> the node's id.

#include "xml/cib_write.h"

namespace keel {

namespace {

void SetIf(XmlNode& node, std::string_view attr, std::string_view value) {
  if (!value.empty()) node.SetAttr(attr, value);
}

void SetIf(XmlNode& node, std::string_view attr, const std::optional<int64_t>& value) {
  if (value) node.SetAttr(attr, std::to_string(*value));
}

void WriteOp(const LrmRscOp& op, XmlNode& parent) {
  XmlNode& node = parent.AddChild("lrm_rsc_op");
  node.SetAttr("id", op.id());
  SetIf(node, "operation_key", op.operation_key());
  node.SetAttr("operation", op.operation());
  SetIf(node, "crm_feature_set", op.crm_feature_set());
  SetIf(node, "transition-key", op.transition_key());
  SetIf(node, "transition-magic", op.transition_magic());
  SetIf(node, "exit-reason", op.exit_reason());
  SetIf(node, "on_node", op.on_node());
  node.SetAttr("call-id", std::to_string(op.call_id));
  node.SetAttr("rc-code", std::to_string(op.rc_code));
  node.SetAttr("op-status", std::to_string(op.op_status));
  node.SetAttr("interval", std::to_string(op.interval_ms));
  SetIf(node, "last-rc-change", op.last_rc_change);
  SetIf(node, "last-run", op.last_run);
  SetIf(node, "exec-time", op.exec_time_ms);
  SetIf(node, "queue-time", op.queue_time_ms);
  SetIf(node, "op-digest", op.op_digest());
  SetIf(node, "op-restart-digest", op.op_restart_digest());
  SetIf(node, "op-force-restart", op.op_force_restart());
  SetIf(node, "op-secure-digest", op.op_secure_digest());
  SetIf(node, "op-secure-params", op.op_secure_params());
}

void WriteNodeState(const NodeState& state, XmlNode& parent) {
  XmlNode& node = parent.AddChild("node_state");
  node.SetAttr("id", state.id);
  SetIf(node, "uname", state.uname);
  SetIf(node, "in_ccm", state.in_ccm);
  SetIf(node, "crmd", state.crmd);
  SetIf(node, "join", state.join);
  SetIf(node, "expected", state.expected);
  SetIf(node, "shutdown", state.shutdown);
  if (!state.transient_attributes.empty()) {
    XmlNode& transient = node.AddChild("transient_attributes");
    transient.SetAttr("id", state.id);
    for (const NvSet& set : state.transient_attributes) {
      transient.children.push_back(NvSetToXml(set, "instance_attributes"));
    }
  }
  if (!state.lrm_resources.empty()) {
    XmlNode& lrm = node.AddChild("lrm");
    lrm.SetAttr("id", state.id);
    XmlNode& resources = lrm.AddChild("lrm_resources");
    for (const LrmResource& rsc : state.lrm_resources) {
      resources.children.push_back(LrmResourceToXml(rsc));
    }
  }
}

}  // namespace

XmlNode LrmResourceToXml(const LrmResource& rsc) {
  XmlNode out;
  out.name = "lrm_resource";
  out.SetAttr("id", rsc.id);
  out.SetAttr("type", rsc.type);
  out.SetAttr("class", rsc.resource_class);
  SetIf(out, "provider", rsc.provider);
  if (rsc.shutdown_lock) out.SetAttr("shutdown-lock", std::to_string(*rsc.shutdown_lock));
  for (const LrmRscOp& op : rsc.ops) WriteOp(op, out);
  return out;
}

XmlNode NodeStateToXml(const NodeState& state) {
  XmlNode parent;
  WriteNodeState(state, parent);
  return std::move(parent.children.front());
}

XmlNode StatusToXml(const Status& status) {
  XmlNode node;
  node.name = "status";
  for (const NodeState& state : status.node_states) WriteNodeState(state, node);
  if (!status.tickets.empty()) {
    XmlNode& tickets = node.AddChild("tickets");
    for (const TicketState& ticket : status.tickets) {
      XmlNode& out = tickets.AddChild("ticket_state");
      out.SetAttr("id", ticket.id);
      if (ticket.granted) out.SetAttr("granted", *ticket.granted ? "true" : "false");
      if (ticket.standby) out.SetAttr("standby", *ticket.standby ? "true" : "false");
      SetIf(out, "last-granted", ticket.last_granted);
    }
  }
  return node;
}

}  // namespace keel
