#include "cli/node_view.h"

#include <sstream>

#include "cli/json_writer.h"
#include "xml/xml_node.h"

namespace keel {

std::expected<std::vector<NodeListing>, Error> BuildNodeListings(const ClusterStatusView& view,
                                                                 std::string_view cib_xml) {
  auto root = ParseXml(cib_xml, "CIB");
  if (!root) return std::unexpected(root.error());
  const XmlNode* configuration = root->Child("configuration");
  const XmlNode* nodes = configuration ? configuration->Child("nodes") : nullptr;
  std::vector<NodeListing> out;
  for (const StatusNode& n : view.nodes) {
    NodeListing info{n.name, n.id, n.online, {}};
    for (const XmlNode& node : nodes ? nodes->children : std::vector<XmlNode>{}) {
      if (node.name != "node" || node.AttrOr("uname") != n.name) continue;
      for (const XmlNode& set : node.children) {
        if (set.name != "instance_attributes") continue;
        for (const XmlNode& pair : set.children) {
          if (pair.name != "nvpair") continue;
          const std::string name = pair.AttrOr("name");
          bool seen = false;  // the first set that has a name gives its value
          for (const auto& a : info.attributes) seen |= a.first == name;
          if (!seen) info.attributes.emplace_back(name, pair.AttrOr("value"));
        }
      }
    }
    out.push_back(std::move(info));
  }
  return out;
}

std::string RenderNodesText(const std::vector<NodeListing>& nodes, bool attributes) {
  std::ostringstream out;
  for (const NodeListing& n : nodes) {
    out << n.name << ": " << (n.online ? "online" : "offline") << "\n";
    if (!attributes) continue;
    for (const auto& [name, value] : n.attributes) out << "  " << name << "=" << value << "\n";
  }
  return out.str();
}

std::string RenderNodesJson(const std::vector<NodeListing>& nodes) {
  std::ostringstream out;
  JsonWriter w(out);
  w.BeginObject().Key("nodes").BeginArray();
  for (const NodeListing& n : nodes) {
    w.BeginObject().Key("name").String(n.name).Key("id").String(n.id);
    w.Key("online").Bool(n.online).Key("attributes").BeginObject();
    for (const auto& [name, value] : n.attributes) w.Key(name).String(value);
    w.EndObject().EndObject();
  }
  w.EndArray().EndObject();
  out << "\n";
  return out.str();
}

}  // namespace keel
