// <alerts>: alerts with their select, sets and recipients.

#include "xml/cib_parse_internal.h"

namespace keel::cib_parse {

namespace {

AlertSelect ParseSelect(ParseContext& ctx, const XmlNode& node) {
  AlertSelect select;
  for (const XmlNode& child : node.children) {
    if (child.name == "select_nodes") {
      select.nodes = true;
    } else if (child.name == "select_fencing") {
      select.fencing = true;
    } else if (child.name == "select_resources") {
      select.resources = true;
    } else if (child.name == "select_attributes") {
      select.attributes = true;
      for (const XmlNode& attr : child.children) {
        if (attr.name != "attribute") {
          ctx.UnknownChild(child, attr);
          continue;
        }
        select.attribute_names.push_back(
            AlertAttributeName{attr.AttrOr("id"), attr.AttrOr("name"), attr.line});
      }
    } else {
      ctx.UnknownChild(node, child);
    }
  }
  return select;
}

// The alert runner reads these sets without rules: refused rather than ignored.
void RefuseSetRules(ParseContext& ctx, const XmlNode& node) {
  for (const XmlNode& set : node.children) {
    if (set.name != "meta_attributes" && set.name != "instance_attributes") continue;
    for (const XmlNode& child : set.children) {
      if (child.name == "rule") ctx.Unsupported(child, "a rule in the attributes of an alert");
    }
  }
}

AlertRecipient ParseRecipient(ParseContext& ctx, const XmlNode& node) {
  AlertRecipient recipient;
  recipient.id = node.AttrOr("id");
  recipient.description = node.AttrOr("description");
  recipient.value = node.AttrOr("value");
  recipient.line = node.line;
  recipient.meta_attributes = ParseNvSets(ctx, node, "meta_attributes");
  recipient.instance_attributes = ParseNvSets(ctx, node, "instance_attributes");
  RefuseSetRules(ctx, node);
  for (const XmlNode& child : node.children) {
    if (child.name != "meta_attributes" && child.name != "instance_attributes") {
      ctx.UnknownChild(node, child);
    }
  }
  return recipient;
}

Alert ParseAlert(ParseContext& ctx, const XmlNode& node) {
  Alert alert;
  alert.id = node.AttrOr("id");
  alert.description = node.AttrOr("description");
  alert.path = node.AttrOr("path");
  alert.line = node.line;
  alert.meta_attributes = ParseNvSets(ctx, node, "meta_attributes");
  alert.instance_attributes = ParseNvSets(ctx, node, "instance_attributes");
  RefuseSetRules(ctx, node);
  for (const XmlNode& child : node.children) {
    if (child.name == "select") {
      if (alert.select) ctx.Fail(child, "<alert> has more than one <select>");
      alert.select = ParseSelect(ctx, child);
    } else if (child.name == "recipient") {
      alert.recipients.push_back(ParseRecipient(ctx, child));
    } else if (child.name != "meta_attributes" && child.name != "instance_attributes") {
      ctx.UnknownChild(node, child);
    }
  }
  return alert;
}

}  // namespace

std::vector<Alert> ParseAlerts(ParseContext& ctx, const XmlNode& alerts) {
  std::vector<Alert> out;
  for (const XmlNode& child : alerts.children) {
    if (child.name != "alert") {
      ctx.UnknownChild(alerts, child);
      continue;
    }
    out.push_back(ParseAlert(ctx, child));
  }
  return out;
}

}  // namespace keel::cib_parse
