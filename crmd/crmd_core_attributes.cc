// CrmdCore's attribute part: the node shell around NodeAttributes (crmd/node/node_attributes.h).
// Updates go out as "attribute" bus messages and are applied on delivery, in CPG order; this
// node's own attributes are written into its node_state and published; the acting DC plans
// again when a member's node_state arrives with changed attributes.

#include <algorithm>
#include <charconv>

#include "crmd/cib/cib_document.h"
#include "crmd/crmd_core.h"

namespace keel {
namespace {

bool PlannedElsewhere(const std::string& name) {
  return name == "shutdown" || name.starts_with("fail-count-") || name.starts_with("last-failure-");
}

// Every transient attribute of a node_state element (first value per name).
std::map<std::string, std::string> TransientAttributes(const XmlNode* state) {
  std::map<std::string, std::string> out;
  if (state == nullptr) return out;
  for (const XmlNode& transient : state->children) {
    if (transient.name != "transient_attributes") continue;
    for (const XmlNode& set : transient.children) {
      for (const XmlNode& pair : set.children) {
        if (pair.name == "nvpair") out.emplace(pair.AttrOr("name"), pair.AttrOr("value"));
      }
    }
  }
  return out;
}

// The node_state of the node named `uname`, or nullptr.
const XmlNode* NodeStateNamed(const XmlNode& cib, const std::string& uname) {
  for (const XmlNode& section : cib.children) {
    if (section.name != "status") continue;
    for (const XmlNode& state : section.children) {
      if (state.name == "node_state" && state.AttrOr("uname") == uname) return &state;
    }
  }
  return nullptr;
}

std::string ChangedNames(const std::map<std::string, std::string>& before,
                         const std::map<std::string, std::string>& after) {
  std::string out;
  auto add = [&](const std::string& name) {
    if (out.find(name) == std::string::npos) out += (out.empty() ? "" : ", ") + name;
  };
  for (const auto& [name, value] : before) {
    auto it = after.find(name);
    if (it == after.end() || it->second != value) add(name);
  }
  for (const auto& [name, value] : after) {
    if (!before.contains(name)) add(name);
  }
  return out;
}

}  // namespace

void CrmdCore::RequestAttributeUpdate(RequestId request, AttributeUpdate update) {
  auto refuse = [&](const std::string& why) {
    sinks_.answer(request, std::unexpected(Error{ErrorCode::kInvalid, why, ""}));
  };
  if (update.node.empty()) update.node = SelfName();
  if (auto bad = CheckAttributeName(update.name)) return refuse(bad->message);
  if (update.op == AttributeUpdate::Op::kSet) {
    if (auto bad = CheckAttributeValue(update.value)) return refuse(bad->message);
  }
  std::vector<std::string> members = nodes_.Names(member_.members());
  if (std::find(members.begin(), members.end(), update.node) == members.end()) {
    std::string list;
    for (const std::string& m : members) list += (list.empty() ? "" : ", ") + m;
    return refuse("node " + update.node + " is not a cluster member (members: " +
                  (list.empty() ? std::string("none") : list) +
                  "); a reboot-lifetime attribute lives with its node");
  }
  AttributeMessage m{update.op == AttributeUpdate::Op::kSet ? "set" : "delete",
                     update.node,
                     update.name,
                     update.value,
                     update.dampen_ms,
                     update.is_private,
                     SelfName(),
                     std::to_string(request)};
  if (auto sent = bus_.Send(Encode(m)); !sent) {
    sinks_.log("bus: attribute update not sent: " + sent.error().message);
    return refuse("the attribute update was not sent: " + sent.error().message);
  }
}

void CrmdCore::OnAttribute(NodeId from, const AttributeMessage& m) {
  AttributeUpdate update{m.op == "set" ? AttributeUpdate::Op::kSet : AttributeUpdate::Op::kDelete,
                         m.node,
                         m.name,
                         m.value,
                         m.dampen_ms,
                         m.is_private};
  if (m.node == SelfName()) {
    sinks_.log("attributes: " + nodes_.Name(from) + " " + m.op + "s " + m.name + " of " + m.node +
               (m.dampen_ms ? " (dampen " + std::to_string(*m.dampen_ms) + " ms)" : ""));
  }
  PerformAttributes(attributes_.Apply(update, MonoNow()));
  if (m.origin != SelfName() || m.request.empty()) return;
  RequestId request = 0;
  auto [end, ec] = std::from_chars(m.request.data(), m.request.data() + m.request.size(), request);
  if (ec == std::errc() && end == m.request.data() + m.request.size()) {
    sinks_.answer(request, std::string());
  }
}

void CrmdCore::PerformAttributes(AttributeEffects fx) {
  for (const std::string& line : fx.logs) {
    sinks_.log(line);
  }
  if (fx.writes.empty()) return;
  LrmEffects last;
  std::vector<AlertEvent> alerts;
  for (const AttributeWrite& w : fx.writes) {
    last = lrm_.SetAttribute(w.name, w.value);
    alerts.push_back(AttributeAlert(SelfName(), w.name, w.value));
  }
  PerformLrm(std::move(last));  // one publish for them all
  RaiseAlerts(alerts);
}

void CrmdCore::CheckAttributes(int64_t mono_ms) { PerformAttributes(attributes_.Tick(mono_ms)); }

std::vector<std::pair<std::string, std::string>> CrmdCore::QueryAttribute(
    const std::string& node, const std::string& name) const {
  std::map<std::string, std::string> found;
  if (node == "*") {
    for (const XmlNode& section : member_.cib().children) {
      if (section.name != "status") continue;
      for (const XmlNode& state : section.children) {
        auto attrs = TransientAttributes(&state);
        if (auto it = attrs.find(name); it != attrs.end())
          found[state.AttrOr("uname")] = it->second;
      }
    }
    for (const auto& [n, known] : attributes_.FindAll(name)) {
      if (known.value) {
        found[n] = *known.value;
      } else {
        found.erase(n);
      }
    }
  } else {
    std::string target = node.empty() ? SelfName() : node;
    if (auto known = attributes_.Find(target, name)) {
      if (known->value) found[target] = *known->value;
    } else {
      auto attrs = TransientAttributes(NodeStateNamed(member_.cib(), target));
      if (auto it = attrs.find(name); it != attrs.end()) found[target] = it->second;
    }
  }
  return {found.begin(), found.end()};
}

std::map<std::string, std::string> CrmdCore::RuleAttributesOf(NodeId id) const {
  auto all = TransientAttributes(FindNodeState(member_.cib(), std::to_string(id)));
  std::erase_if(all, [](const auto& pair) { return PlannedElsewhere(pair.first); });
  return all;
}

void CrmdCore::NoteAttributeChanges(NodeId from, const std::map<std::string, std::string>& before) {
  if (!dc_.acting()) return;
  std::map<std::string, std::string> after = RuleAttributesOf(from);
  if (after == before) return;
  dc_.Replan(nodes_.Name(from) + "'s attributes changed (" + ChangedNames(before, after) + ")");
}

}  // namespace keel
