#pragma once
// CIB model -> XML. For every valid model c, ParseCib(SerializeCib(c)) gives c again, up to
// source lines: WithoutSourceLines(parsed) == WithoutSourceLines(c).

#include <string>

#include "xml/cib.h"
#include "xml/xml_node.h"

namespace keel {

XmlNode CibToXml(const Cib& cib);
std::string SerializeCib(const Cib& cib);

// One name/value set as <element_name id= score=> with its rule and nvpairs.
XmlNode NvSetToXml(const NvSet& set, std::string_view element_name);

// Just the <alerts> element (cib_write_alerts.cc).
XmlNode AlertsToXml(const std::vector<Alert>& alerts);

// Just the <acls> element (cib_write_acls.cc).
XmlNode AclsToXml(const Acls& acls);

// Just the <status> element (cib_write_status.cc).
XmlNode StatusToXml(const Status& status);
// One <node_state> element, as StatusToXml writes it.
XmlNode NodeStateToXml(const NodeState& state);
// One <lrm_resource> element, as NodeStateToXml writes it.
XmlNode LrmResourceToXml(const LrmResource& rsc);

}  // namespace keel
