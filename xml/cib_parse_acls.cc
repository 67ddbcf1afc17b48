// <acls>: ACL targets, groups and roles (Pacemaker 2.0 syntax; acl_user is the 1.x one).

#include <set>

#include "xml/cib_parse_internal.h"

namespace keel::cib_parse {

namespace {

std::optional<AclPermission> ParsePermission(ParseContext& ctx, const XmlNode& node) {
  AclPermission permission;
  permission.id = ctx.RequiredAttr(node, "id");
  permission.line = node.line;
  permission.kind = ctx.EnumAttr(node, "kind", {"read", "write", "deny"}).value_or("");
  if (!node.HasAttr("kind")) ctx.RequiredAttr(node, "kind");
  permission.xpath = node.AttrOr("xpath");
  permission.reference = node.AttrOr("reference");
  permission.object_type = node.AttrOr("object-type");
  permission.attribute = node.AttrOr("attribute");
  permission.description = node.AttrOr("description");
  int targets = node.HasAttr("xpath") + node.HasAttr("reference") + node.HasAttr("object-type");
  if (targets != 1) {
    ctx.Fail(node, "<acl_permission> needs exactly one of 'xpath', 'reference' or 'object-type'");
  }
  for (const XmlNode& child : node.children) ctx.UnknownChild(node, child);
  return permission;
}

AclRole ParseRole(ParseContext& ctx, const XmlNode& node) {
  AclRole role;
  role.id = ctx.RequiredAttr(node, "id");
  role.description = node.AttrOr("description");
  role.line = node.line;
  for (const XmlNode& child : node.children) {
    if (child.name != "acl_permission") {
      ctx.UnknownChild(node, child);
    } else if (auto permission = ParsePermission(ctx, child)) {
      role.permissions.push_back(std::move(*permission));
    }
  }
  return role;
}

AclSubject ParseSubject(ParseContext& ctx, const XmlNode& node) {
  AclSubject subject;
  subject.group = node.name == "acl_group";
  subject.id = ctx.RequiredAttr(node, "id");
  subject.name = node.AttrOr("name");
  subject.line = node.line;
  for (const XmlNode& child : node.children) {
    if (child.name != "role") {
      ctx.UnknownChild(node, child);
      continue;
    }
    subject.roles.push_back(ctx.RequiredAttr(child, "id"));
  }
  return subject;
}

}  // namespace

Acls ParseAcls(ParseContext& ctx, const XmlNode& node) {
  Acls acls;
  acls.line = node.line;
  std::set<std::string> role_ids;
  for (const XmlNode& child : node.children) {
    if (child.name == "acl_target" || child.name == "acl_group") {
      acls.subjects.push_back(ParseSubject(ctx, child));
    } else if (child.name == "acl_role") {
      acls.roles.push_back(ParseRole(ctx, child));
      role_ids.insert(acls.roles.back().id);
    } else if (child.name == "acl_user") {
      ctx.Unsupported(child, "acl_user (the pacemaker-1.x ACL syntax; use acl_target)");
    } else {
      ctx.UnknownChild(node, child);
    }
  }
  for (const XmlNode& child : node.children) {
    if (child.name != "acl_target" && child.name != "acl_group") continue;
    for (const XmlNode& role : child.children) {
      const std::string id = role.AttrOr("id");
      if (role.name == "role" && !id.empty() && !role_ids.contains(id)) {
        ctx.Fail(role, "<role> names '" + id + "', not an acl_role in <acls>");
      }
    }
  }
  return acls;
}

}  // namespace keel::cib_parse
