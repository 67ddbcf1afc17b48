// `crm status`: the "Node Attributes" section, as crm_mon -A shows it: per online node its
// permanent attributes (<nodes>) and transient ones (the status section), a transient value
// shadowing a permanent one of the same name. Attributes the cluster keeps for itself are left
// out, as crm_mon leaves them out; private attributes never reach the CIB.

#include <algorithm>
#include <map>
#include <sstream>

#include "cli/json_writer.h"
#include "cli/status_view.h"

namespace keel {

namespace {

// Fail counts have their own section; the others are the cluster's bookkeeping.
bool Hidden(const std::string& name) {
  return name.empty() || name.starts_with("#") || name.starts_with("fail-count-") ||
         name.starts_with("last-failure-") || name == "shutdown" || name == "terminate" ||
         name == "standby";
}

void AddPairsOf(const XmlNode& sets, std::map<std::string, std::string>& out) {
  for (const XmlNode& set : sets.children) {
    if (set.name != "instance_attributes") continue;
    for (const XmlNode& pair : set.children) {
      if (pair.name == "nvpair" && !Hidden(pair.AttrOr("name"))) {
        out[pair.AttrOr("name")] = pair.AttrOr("value");
      }
    }
  }
}

}  // namespace

void AddNodeAttributes(const XmlNode& cib, ClusterStatusView& view) {
  std::map<std::string, std::string> name_of_id;
  for (const StatusNode& n : view.nodes) name_of_id[n.id] = n.name;
  auto name_of = [&](const XmlNode& element) {
    auto it = name_of_id.find(element.AttrOr("id"));
    return element.AttrOr("uname", it == name_of_id.end() ? element.AttrOr("id") : it->second);
  };
  std::map<std::string, std::map<std::string, std::string>> by_node;
  const XmlNode* config = cib.Child("configuration");
  if (const XmlNode* nodes = config ? config->Child("nodes") : nullptr) {
    for (const XmlNode& n : nodes->children) {
      if (n.name == "node") AddPairsOf(n, by_node[name_of(n)]);
    }
  }
  if (const XmlNode* status = cib.Child("status")) {
    for (const XmlNode& state : status->children) {
      if (state.name != "node_state") continue;
      for (const XmlNode& transient : state.children) {
        if (transient.name == "transient_attributes")
          AddPairsOf(transient, by_node[name_of(state)]);
      }
    }
  }
  for (const StatusNode& n : view.nodes) {
    auto it = by_node.find(n.name);
    if (!n.online || it == by_node.end() || it->second.empty()) continue;
    StatusNodeAttributes& out = view.node_attributes.emplace_back();
    out.node = n.name;
    out.attributes.assign(it->second.begin(), it->second.end());
  }
  std::sort(view.node_attributes.begin(), view.node_attributes.end(),
            [](const auto& a, const auto& b) { return a.node < b.node; });
}

std::string RenderNodeAttributesText(const ClusterStatusView& view) {
  if (view.node_attributes.empty()) return "";
  std::string out = "\nNode Attributes:\n";
  for (const StatusNodeAttributes& n : view.node_attributes) {
    out += "  * Node: " + n.node + ":\n";
    for (const auto& [name, value] : n.attributes) {
      // crm_mon's columns: the name padded to 32, a tab, the value padded to 10.
      std::string padded_name = name, padded_value = value;
      if (padded_name.size() < 32) padded_name.resize(32, ' ');
      if (padded_value.size() < 10) padded_value.resize(10, ' ');
      out += "    * " + padded_name + "\t: " + padded_value + "\n";
    }
  }
  return out;
}

std::string RenderNodeAttributesJson(const ClusterStatusView& view) {
  std::ostringstream s;
  JsonWriter w(s);
  w.BeginArray();
  for (const StatusNodeAttributes& n : view.node_attributes) {
    w.BeginObject().Key("node").String(n.node).Key("attributes").BeginArray();
    for (const auto& [name, value] : n.attributes) {
      w.BeginObject().Key("name").String(name).Key("value").String(value).EndObject();
    }
    w.EndArray().EndObject();
  }
  w.EndArray();
  return ",\"node_attributes\":" + s.str();
}

}  // namespace keel
