#include "crmd/node/status_attributes.h"

#include <algorithm>

namespace keel {
namespace {

bool PlannedElsewhere(const std::string& name) {
  return name == "shutdown" || name.starts_with("fail-count-") || name.starts_with("last-failure-");
}

}  // namespace

std::map<std::string, std::string> TransientAttributes(const XmlNode* node_state) {
  std::map<std::string, std::string> out;
  if (node_state == nullptr) return out;
  for (const XmlNode& transient : node_state->children) {
    if (transient.name != "transient_attributes") continue;
    for (const XmlNode& set : transient.children) {
      for (const XmlNode& pair : set.children) {
        if (pair.name == "nvpair") out.emplace(pair.AttrOr("name"), pair.AttrOr("value"));
      }
    }
  }
  return out;
}

std::string TransientAttribute(const XmlNode* node_state, std::string_view name) {
  auto all = TransientAttributes(node_state);
  auto it = all.find(std::string(name));
  return it == all.end() ? "" : it->second;
}

const XmlNode* NodeStateNamed(const XmlNode& cib, const std::string& uname) {
  for (const XmlNode& section : cib.children) {
    if (section.name != "status") continue;
    for (const XmlNode& state : section.children) {
      if (state.name == "node_state" && state.AttrOr("uname") == uname) return &state;
    }
  }
  return nullptr;
}

std::map<std::string, std::string> RuleAttributes(const XmlNode* node_state) {
  auto all = TransientAttributes(node_state);
  std::erase_if(all, [](const auto& pair) { return PlannedElsewhere(pair.first); });
  return all;
}

std::string ChangedAttributeNames(const std::map<std::string, std::string>& before,
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

std::vector<std::pair<std::string, std::string>> AttributeValues(const XmlNode& cib,
                                                                 const NodeAttributes& delivered,
                                                                 const std::string& node,
                                                                 const std::string& name) {
  std::map<std::string, std::string> found;
  if (node == "*") {
    for (const XmlNode& section : cib.children) {
      if (section.name != "status") continue;
      for (const XmlNode& state : section.children) {
        auto attrs = TransientAttributes(&state);
        if (auto it = attrs.find(name); it != attrs.end())
          found[state.AttrOr("uname")] = it->second;
      }
    }
    for (const auto& [n, known] : delivered.FindAll(name)) {
      if (known.value) {
        found[n] = *known.value;
      } else {
        found.erase(n);
      }
    }
  } else if (auto known = delivered.Find(node, name)) {
    if (known->value) found[node] = *known->value;
  } else {
    auto attrs = TransientAttributes(NodeStateNamed(cib, node));
    if (auto it = attrs.find(name); it != attrs.end()) found[node] = it->second;
  }
  return {found.begin(), found.end()};
}

std::expected<AttributeMessage, std::string> AttributeUpdateMessage(
    AttributeUpdate update, const std::vector<std::string>& members, const std::string& self,
    uint64_t request) {
  if (update.node.empty()) update.node = self;
  if (auto bad = CheckAttributeName(update.name)) return std::unexpected(bad->message);
  if (update.op == AttributeUpdate::Op::kSet) {
    if (auto bad = CheckAttributeValue(update.value)) return std::unexpected(bad->message);
  }
  if (std::find(members.begin(), members.end(), update.node) == members.end()) {
    std::string list;
    for (const std::string& m : members) list += (list.empty() ? "" : ", ") + m;
    return std::unexpected("node " + update.node + " is not a cluster member (members: " +
                           (list.empty() ? std::string("none") : list) +
                           "); a reboot-lifetime attribute lives with its node");
  }
  return AttributeMessage{update.op == AttributeUpdate::Op::kSet ? "set" : "delete",
                          update.node,
                          update.name,
                          update.value,
                          update.dampen_ms,
                          update.is_private,
                          self,
                          std::to_string(request)};
}

}  // namespace keel
