#include "crmd/status_report.h"

#include <algorithm>
#include <set>

namespace keel {

XmlNode StatusReport(const CibMember& member, const ClusterBus& bus) {
  XmlNode report;
  report.name = "crmd_status";
  NodeId self = bus.LocalId();
  report.SetAttr("local_id", std::to_string(self));
  report.SetAttr("local_name", bus.NodeName(self));
  if (member.dc()) {
    report.SetAttr("dc_id", std::to_string(*member.dc()));
    report.SetAttr("dc_name", bus.NodeName(*member.dc()));
  }
  report.SetAttr("quorate", member.quorate() ? "true" : "false");
  report.SetAttr("synced", member.syncing() ? "false" : "true");
  report.SetAttr("cib_version", member.version().ToString());
  std::set<NodeId> nodes;
  for (NodeId id : bus.ConfiguredNodes()) nodes.insert(id);
  for (NodeId id : member.members()) nodes.insert(id);
  const auto& members = member.members();
  for (NodeId id : nodes) {
    XmlNode& n = report.AddChild("node");
    n.SetAttr("id", std::to_string(id));
    n.SetAttr("name", bus.NodeName(id));
    bool online = std::find(members.begin(), members.end(), id) != members.end();
    n.SetAttr("online", online ? "true" : "false");
  }
  return report;
}

}  // namespace keel
