#include "crmd/controller/controller_messages.h"

#include <algorithm>
#include <charconv>

#include "crmd/controller/clone_instance.h"
#include "crmd/protocol/bus_message.h"
#include "crmd/scheduler/rules.h"

namespace keel {
namespace {

Error Bad(std::string message) { return Error{ErrorCode::kInvalid, std::move(message), "bus"}; }

std::optional<int64_t> ToInt(std::string_view text) {
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

// What rules see of node `uname`, as the scheduler builds it: node attributes from <nodes>,
// then its transient attributes (first value per name), then #uname, #id, #kind.
NodeAttributes NodeAttributesOf(const Cib& cib, const std::string& uname) {
  NodeAttributes attrs;
  std::string id = uname;
  auto add = [&](const std::vector<NvSet>& sets) {
    for (const NvSet& set : sets) {
      for (const NvPair& pair : set.pairs) attrs.emplace(pair.name, pair.value);
    }
  };
  for (const Node& n : cib.configuration.nodes) {
    if (n.uname != uname) continue;
    id = n.id;
    add(n.instance_attributes);
  }
  for (const NodeState& state : cib.status.node_states) {
    if (state.uname == uname) add(state.transient_attributes);
  }
  attrs["#uname"] = uname;
  attrs["#id"] = id;
  attrs["#kind"] = "cluster";
  return attrs;
}

// The sets whose rule holds on the node (or that have none), highest score first, document
// order among equal scores: Pacemaker's order, in which the first value of a name wins.
std::vector<const NvSet*> ApplicableSets(const std::vector<NvSet>& sets,
                                         const NodeAttributes& attrs) {
  std::vector<const NvSet*> out;
  for (const NvSet& set : sets) {
    if (!set.rule || RuleMatches(*set.rule, attrs)) out.push_back(&set);
  }
  std::stable_sort(out.begin(), out.end(), [](const NvSet* a, const NvSet* b) {
    return a->score.value_or(Score(0)) > b->score.value_or(Score(0));
  });
  return out;
}

}  // namespace

std::string TransitionKey::ToString() const {
  return std::to_string(index) + ":" + std::to_string(transition) + ":" +
         std::to_string(target_rc) + ":" + dc;
}

std::expected<TransitionKey, Error> ParseTransitionKey(std::string_view text) {
  TransitionKey key;
  std::optional<int64_t> parts[3];
  for (auto& part : parts) {
    size_t colon = text.find(':');
    if (colon == std::string_view::npos) return std::unexpected(Bad("bad transition key"));
    part = ToInt(text.substr(0, colon));
    if (!part) return std::unexpected(Bad("bad transition key"));
    text.remove_prefix(colon + 1);
  }
  key.index = static_cast<int>(*parts[0]);
  key.transition = static_cast<int>(*parts[1]);
  key.target_rc = static_cast<int>(*parts[2]);
  key.dc = std::string(text);
  return key;
}

std::expected<ActionRequest, Error> BuildRequest(const Cib& cib, const ActionMessage& m) {
  ConfiguredPrimitive found = FindConfiguredPrimitive(cib, m.resource);
  const Primitive* p = found.primitive;
  if (p == nullptr) {
    return std::unexpected(
        Error{ErrorCode::kNotFound, "no primitive '" + m.resource + "'", m.resource});
  }
  std::string spec =
      p->resource_class + ":" + (p->provider.empty() ? "" : p->provider + ":") + p->type;
  auto agent = ParseAgentSpec(spec);
  if (!agent) {
    return std::unexpected(Error{ErrorCode::kNotSupported,
                                 "not supported: agent '" + spec + "': " + agent.error().message,
                                 m.resource});
  }
  ActionRequest request;
  request.rsc_id = m.resource;
  request.agent = *agent;
  request.action = m.task;
  request.interval_ms = m.interval_ms;
  request.timeout_ms = m.timeout_ms;
  const NodeAttributes node_attrs = NodeAttributesOf(cib, m.node);
  // The operation's own instance attributes (OCF_CHECK_LEVEL) come before the resource's.
  for (const Operation& op : p->operations) {
    if (op.name != m.task || op.interval_ms != m.interval_ms) continue;
    for (const NvSet* set : ApplicableSets(op.instance_attributes, node_attrs)) {
      for (const NvPair& pair : set->pairs) request.params.emplace(pair.name, pair.value);
    }
  }
  for (const NvSet* set : ApplicableSets(p->instance_attributes, node_attrs)) {
    for (const NvPair& pair : set->pairs) request.params.emplace(pair.name, pair.value);
  }
  request.meta["interval"] = std::to_string(m.interval_ms);
  request.meta["timeout"] = std::to_string(m.timeout_ms);
  if (found.clone != nullptr) request.meta.merge(CloneMeta(cib, *found.clone, m.clone_instance));
  if (!m.role.empty()) request.meta["role"] = m.role;
  for (const auto& [name, value] : m.meta) request.meta[name] = value;  // a notification's
  return request;
}

}  // namespace keel
