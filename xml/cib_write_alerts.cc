// <alerts> model -> XML, in Pacemaker's element names.

#include "xml/cib_write.h"

namespace keel {

namespace {

void SetIf(XmlNode& node, std::string_view attr, const std::string& value) {
  if (!value.empty()) node.SetAttr(attr, value);
}

void WriteSets(const std::vector<NvSet>& sets, std::string_view name, XmlNode& parent) {
  for (const NvSet& set : sets) parent.children.push_back(NvSetToXml(set, name));
}

void WriteSelect(const AlertSelect& select, XmlNode& parent) {
  XmlNode& node = parent.AddChild("select");
  if (select.nodes) node.AddChild("select_nodes");
  if (select.fencing) node.AddChild("select_fencing");
  if (select.resources) node.AddChild("select_resources");
  if (select.attributes) {
    XmlNode& attributes = node.AddChild("select_attributes");
    for (const AlertAttributeName& name : select.attribute_names) {
      XmlNode& attr = attributes.AddChild("attribute");
      attr.SetAttr("id", name.id);
      attr.SetAttr("name", name.name);
    }
  }
}

}  // namespace

XmlNode AlertsToXml(const std::vector<Alert>& alerts) {
  XmlNode out;
  out.name = "alerts";
  for (const Alert& alert : alerts) {
    XmlNode& node = out.AddChild("alert");
    node.SetAttr("id", alert.id);
    SetIf(node, "description", alert.description);
    node.SetAttr("path", alert.path);
    if (alert.select) WriteSelect(*alert.select, node);
    WriteSets(alert.meta_attributes, "meta_attributes", node);
    WriteSets(alert.instance_attributes, "instance_attributes", node);
    for (const AlertRecipient& r : alert.recipients) {
      XmlNode& recipient = node.AddChild("recipient");
      recipient.SetAttr("id", r.id);
      SetIf(recipient, "description", r.description);
      recipient.SetAttr("value", r.value);
      WriteSets(r.meta_attributes, "meta_attributes", recipient);
      WriteSets(r.instance_attributes, "instance_attributes", recipient);
    }
  }
  return out;
}

}  // namespace keel
