#include "cli/simulate_inject.h"

#include <algorithm>

namespace keel {
namespace {

constexpr int kOcfNotRunning = 7;
constexpr int kOcfRunningPromoted = 8;

const Node* ConfiguredNode(const Cib& cib, std::string_view name) {
  for (const Node& n : cib.configuration.nodes) {
    if (n.uname == name) return &n;
  }
  return nullptr;
}

NodeState& StateOf(Cib& cib, const Node& node) {
  for (NodeState& s : cib.status.node_states) {
    if (s.uname == node.uname || (s.uname.empty() && s.id == node.id)) return s;
  }
  NodeState s;
  s.id = node.id;
  s.uname = node.uname;
  cib.status.node_states.push_back(std::move(s));
  return cib.status.node_states.back();
}

const Primitive* FindPrimitive(const Cib& cib, std::string_view id) {
  auto in_group = [&](const Group& g) -> const Primitive* {
    for (const Primitive& p : g.primitives) {
      if (p.id == id) return &p;
    }
    return nullptr;
  };
  for (const Resource& r : cib.configuration.resources) {
    if (const auto* p = std::get_if<Primitive>(&r); p && p->id == id) return p;
    if (const auto* g = std::get_if<Group>(&r)) {
      if (const Primitive* p = in_group(*g)) return p;
    }
    if (const auto* c = std::get_if<Clone>(&r)) {
      if (const auto* p = std::get_if<Primitive>(&c->child); p && p->id == id) return p;
      if (const auto* g = std::get_if<Group>(&c->child)) {
        if (const Primitive* p = in_group(*g)) return p;
      }
    }
  }
  return nullptr;
}

// "web:0" -> "web": an anonymous clone's instances share their primitive's definition.
std::string_view PrimitiveIdOf(std::string_view resource) {
  return resource.substr(0, resource.find(':'));
}

// The history entry of `resource` on a node: the one recorded under that id, else under its
// primitive's id (anonymous clone instances), else a new one for the primitive's id.
LrmResource& LrmOf(NodeState& state, std::string_view resource, const Primitive* definition) {
  for (std::string_view id : {resource, PrimitiveIdOf(resource)}) {
    for (LrmResource& lrm : state.lrm_resources) {
      if (lrm.id == id) return lrm;
    }
  }
  LrmResource lrm;
  lrm.id = PrimitiveIdOf(resource);
  if (definition) {
    lrm.resource_class = definition->resource_class;
    lrm.provider = definition->provider;
    lrm.type = definition->type;
  }
  state.lrm_resources.push_back(std::move(lrm));
  return state.lrm_resources.back();
}

int64_t NextCallId(const NodeState& state) {
  int64_t last = 0;
  for (const LrmResource& lrm : state.lrm_resources) {
    for (const LrmRscOp& op : lrm.ops) last = std::max(last, op.call_id);
  }
  return last + 1;
}

std::string NvPairId(std::string text) {
  std::replace(text.begin(), text.end(), '#', '.');
  std::replace(text.begin(), text.end(), ':', '-');
  return text;
}

void SetNodeAttribute(NodeState& state, const std::string& name, const std::string& value) {
  if (state.transient_attributes.empty()) {
    NvSet set;
    set.id = "status-" + state.id;
    state.transient_attributes.push_back(std::move(set));
  }
  std::vector<NvPair>& pairs = state.transient_attributes.front().pairs;
  for (NvPair& pair : pairs) {
    if (pair.name == name) {
      pair.value = value;
      return;
    }
  }
  pairs.push_back(NvPair{NvPairId("status-" + state.id + "-" + name), name, value, 0});
}

std::string NodeAttribute(const NodeState& state, const std::string& name) {
  for (const NvSet& set : state.transient_attributes) {
    for (const NvPair& pair : set.pairs) {
      if (pair.name == name) return pair.value;
    }
  }
  return "";
}

struct OpResult {
  std::string operation;
  int64_t interval_ms = 0;
  int rc = 0;
  int target_rc = 0;
};

// A probe that finds it running is a result, not a failure.
bool IsFailure(const OpResult& result) {
  const bool probe = result.operation == "monitor" && result.interval_ms == 0;
  if (probe && (result.rc == 0 || result.rc == kOcfRunningPromoted)) return false;
  return result.rc != result.target_rc;
}

// Records `result` in `lrm` as Pacemaker names its entries: the last result of a one-off
// operation, each recurring monitor apart, and the last failure apart.
void RecordOp(NodeState& state, LrmResource& lrm, const OpResult& result, TimePoint now) {
  const std::string key =
      lrm.id + "_" + result.operation + "_" + std::to_string(result.interval_ms);
  const bool failed = IsFailure(result);
  LrmRscOp op;
  op.set_id(failed                   ? lrm.id + "_last_failure_0"
            : result.interval_ms > 0 ? key
                                     : lrm.id + "_last_0");
  op.set_operation(result.operation);
  op.set_operation_key(key);
  op.interval_ms = result.interval_ms;
  op.call_id = NextCallId(state);
  op.rc_code = result.rc;
  op.last_rc_change = now.epoch_seconds;
  op.last_run = now.epoch_seconds;
  op.exec_time_ms = 0;
  op.queue_time_ms = 0;
  op.set_on_node(state.uname);
  const std::string target = "0:0:" + std::to_string(result.target_rc) + ":keel-simulate";
  op.set_transition_key(target);
  op.set_transition_magic("0:" + std::to_string(result.rc) + ";" + target);
  auto same = std::find_if(lrm.ops.begin(), lrm.ops.end(),
                           [&](const LrmRscOp& o) { return o.id() == op.id(); });
  if (same != lrm.ops.end()) {
    *same = std::move(op);
  } else {
    lrm.ops.push_back(std::move(op));
  }
}

// The interval of "monitor" named without one: the primitive's first recurring monitor.
int64_t ConfiguredMonitorInterval(const Primitive* definition) {
  if (!definition) return 0;
  for (const Operation& op : definition->operations) {
    if (op.name == "monitor" && op.interval_ms > 0) return op.interval_ms;
  }
  return 0;
}

// What a successful `operation` returns: "not running" for a probe, "running promoted" for a
// monitor configured for the promoted role, else 0.
int ExpectedRc(const Primitive* definition, const std::string& operation, int64_t interval_ms) {
  if (operation != "monitor") return 0;
  if (interval_ms == 0) return kOcfNotRunning;
  if (!definition) return 0;
  for (const Operation& op : definition->operations) {
    if (op.name == "monitor" && op.interval_ms == interval_ms &&
        (op.role == "Promoted" || op.role == "Master")) {
      return kOcfRunningPromoted;
    }
  }
  return 0;
}

bool PromotedNow(const LrmResource& lrm) {
  const LrmRscOp* last = nullptr;
  for (const LrmRscOp& op : lrm.ops) {
    if (op.interval_ms == 0 && (!last || op.call_id > last->call_id)) last = &op;
  }
  return last && (last->operation() == "promote" || last->rc_code == kOcfRunningPromoted);
}

// clear_failcount: RSC's fail counts, last failures and newest failure's entry go.
void ClearFailures(NodeState& state, const std::string& rsc) {
  auto names = [&](const std::string& name) {
    for (const char* prefix : {"fail-count-", "last-failure-"}) {
      std::string p = prefix + rsc;
      if (name == p || name.starts_with(p + "#")) return true;
    }
    return false;
  };
  for (NvSet& set : state.transient_attributes) {
    std::erase_if(set.pairs, [&](const NvPair& pair) { return names(pair.name); });
  }
  for (LrmResource& lrm : state.lrm_resources) {
    if (lrm.id != rsc) continue;
    std::erase_if(lrm.ops, [&](const LrmRscOp& op) { return op.id() == rsc + "_last_failure_0"; });
  }
}

void MarkFenced(Cib& cib, const std::string& name) {
  for (NodeState& s : cib.status.node_states) {
    if (s.uname != name) continue;
    s.in_ccm = "false";
    s.crmd = "offline";
    s.join = "down";
    s.expected = "down";
    s.lrm_resources.clear();
    s.transient_attributes.clear();
  }
}

}  // namespace

std::expected<void, std::string> InjectNodeEvent(Cib& cib, std::string_view name, NodeEvent event) {
  const Node* node = ConfiguredNode(cib, name);
  if (!node) return std::unexpected("no node '" + std::string(name) + "' in the configuration");
  NodeState& state = StateOf(cib, *node);
  const bool up = event == NodeEvent::kUp;
  state.in_ccm = up ? "true" : "false";
  state.crmd = event == NodeEvent::kDown ? "offline" : "online";
  state.join = event == NodeEvent::kDown ? "down" : "member";
  state.expected = event == NodeEvent::kDown ? "down" : "member";
  if (event == NodeEvent::kDown) {
    state.lrm_resources.clear();
    state.transient_attributes.clear();
  }
  return {};
}

std::expected<void, std::string> InjectOpResult(Cib& cib, const OpInjection& op, TimePoint now) {
  const Node* node = ConfiguredNode(cib, op.node);
  if (!node) return std::unexpected("no node '" + op.node + "' in the configuration");
  const Primitive* definition = FindPrimitive(cib, PrimitiveIdOf(op.resource));
  if (!definition)
    return std::unexpected("no primitive '" + op.resource + "' in the configuration");
  NodeState& state = StateOf(cib, *node);
  OpResult result{op.operation, 0, op.rc, 0};
  result.interval_ms = op.interval_ms.value_or(
      op.operation == "monitor" ? ConfiguredMonitorInterval(definition) : 0);
  result.target_rc = ExpectedRc(definition, op.operation, result.interval_ms);
  LrmResource& lrm = LrmOf(state, op.resource, definition);
  RecordOp(state, lrm, result, now);
  if (IsFailure(result)) {
    const std::string suffix =
        lrm.id + "#" + op.operation + "_" + std::to_string(result.interval_ms);
    std::string count = NodeAttribute(state, "fail-count-" + suffix);
    int64_t before = count.empty() ? 0 : std::stoll(count);
    SetNodeAttribute(state, "fail-count-" + suffix, std::to_string(before + 1));
    SetNodeAttribute(state, "last-failure-" + suffix, std::to_string(now.epoch_seconds));
  }
  return {};
}

void ApplyTransition(Cib& cib, const Transition& transition, TimePoint now) {
  for (const Action& action : transition.actions) {
    if (action.task == "fence") {
      MarkFenced(cib, action.node);
      continue;
    }
    // A notification changes no state: nothing is recorded for it.
    if (action.resource.empty() || action.task == "unfence" || action.task == "notify") continue;
    const Node* node = ConfiguredNode(cib, action.node);
    if (!node) continue;
    NodeState& state = StateOf(cib, *node);
    if (action.task == "clear_failcount") {
      ClearFailures(state, action.resource);
      continue;
    }
    const Primitive* definition = FindPrimitive(cib, PrimitiveIdOf(action.resource));
    LrmResource& lrm = LrmOf(state, action.resource, definition);
    if (action.task == "cancel") {  // maintenance: the monitor's entry stays, cancelled
      for (LrmRscOp& op : lrm.ops) {
        if (op.operation() == "monitor" && op.interval_ms == action.interval_ms) op.op_status = 1;
      }
      continue;
    }
    if (action.task == "monitor" && action.interval_ms == 0) {
      std::erase_if(lrm.ops,
                    [](const LrmRscOp& op) { return op.interval_ms > 0 && op.op_status == 1; });
    }
    OpResult result{action.task, action.interval_ms, 0, 0};
    if (action.task == "monitor") {
      result.rc = action.interval_ms == 0 ? kOcfNotRunning
                  : PromotedNow(lrm)      ? kOcfRunningPromoted
                                          : 0;
      result.target_rc = result.rc;
    }
    if (action.task == "stop") {
      std::erase_if(lrm.ops, [](const LrmRscOp& op) { return op.interval_ms > 0; });
    }
    RecordOp(state, lrm, result, now);
  }
}

}  // namespace keel
