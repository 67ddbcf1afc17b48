#pragma once
// The answer to `crm status`: this node's view of the cluster as XML.
//   <crmd_status local_id= local_name= dc_id= dc_name= quorate= synced= cib_version=
//                [node_action_limit= agents_running= actions_waiting=]>   (the daemon's executor)
//     <node id= name= online=/> ...   (every configured node, plus unknown members)
//   </crmd_status>

#include "crmd/cib/cib_member.h"
#include "crmd/membership/cluster_bus.h"
#include "xml/xml_node.h"

namespace keel {

XmlNode StatusReport(const CibMember& member, const ClusterBus& bus);

}  // namespace keel
