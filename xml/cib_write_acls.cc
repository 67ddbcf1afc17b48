// <acls> model -> XML, in Pacemaker's element names.

#include "xml/cib_write.h"

namespace keel {

namespace {

void SetIf(XmlNode& node, std::string_view attr, const std::string& value) {
  if (!value.empty()) node.SetAttr(attr, value);
}

}  // namespace

XmlNode AclsToXml(const Acls& acls) {
  XmlNode node{"acls", {}, {}, 0};
  for (const AclSubject& subject : acls.subjects) {
    XmlNode& out = node.AddChild(subject.group ? "acl_group" : "acl_target");
    out.SetAttr("id", subject.id);
    SetIf(out, "name", subject.name);
    for (const std::string& role : subject.roles) out.AddChild("role").SetAttr("id", role);
  }
  for (const AclRole& role : acls.roles) {
    XmlNode& out = node.AddChild("acl_role");
    out.SetAttr("id", role.id);
    SetIf(out, "description", role.description);
    for (const AclPermission& permission : role.permissions) {
      XmlNode& p = out.AddChild("acl_permission");
      p.SetAttr("id", permission.id);
      p.SetAttr("kind", permission.kind);
      SetIf(p, "xpath", permission.xpath);
      SetIf(p, "reference", permission.reference);
      SetIf(p, "object-type", permission.object_type);
      SetIf(p, "attribute", permission.attribute);
      SetIf(p, "description", permission.description);
    }
  }
  return node;
}

}  // namespace keel
