// <resources>: primitive, group, clone and <master> (a promotable clone, old schema).

#include "xml/cib_parse_internal.h"
#include "xml/duration.h"

namespace keel::cib_parse {

namespace {

bool IsNvSetName(std::string_view name) {
  return name == "instance_attributes" || name == "meta_attributes" || name == "utilization";
}

std::optional<Operation> ParseOperation(ParseContext& ctx, const XmlNode& node) {
  if (ctx.RefusesIdRef(node)) return std::nullopt;
  Operation op;
  op.id = node.AttrOr("id");
  op.name = node.AttrOr("name");
  op.line = node.line;
  if (node.HasAttr("interval")) {
    op.interval_ms = ctx.DurationAttr(node, "interval").value_or(0);
  } else {
    ctx.RequiredAttr(node, "interval");
  }
  op.timeout_ms = ctx.DurationAttr(node, "timeout");
  op.start_delay_ms = ctx.DurationAttr(node, "start-delay");
  op.interval_text = KeptDurationSpelling(op.interval_ms, node.AttrOr("interval"));
  if (op.timeout_ms) op.timeout_text = KeptDurationSpelling(*op.timeout_ms, node.AttrOr("timeout"));
  if (op.start_delay_ms) {
    op.start_delay_text = KeptDurationSpelling(*op.start_delay_ms, node.AttrOr("start-delay"));
  }
  op.on_fail = ctx.EnumAttr(node, "on-fail", {"ignore", "block", "stop", "restart", "standby",
                                              "fence", "demote"})
                   .value_or("");
  op.role = node.AttrOr("role");
  op.enabled = ctx.BoolAttr(node, "enabled");
  if (node.HasAttr("interval-origin")) ctx.Unsupported(node, "interval-origin");
  for (const XmlNode& child : node.children) {
    if (child.name == "instance_attributes") {
      if (auto set = ParseNvSet(ctx, child)) op.instance_attributes.push_back(std::move(*set));
    } else if (child.name == "meta_attributes") {
      if (auto set = ParseNvSet(ctx, child)) op.meta_attributes.push_back(std::move(*set));
    } else {
      ctx.UnknownChild(node, child);
    }
  }
  return op;
}

std::vector<Operation> ParseOperations(ParseContext& ctx, const XmlNode& operations) {
  std::vector<Operation> ops;
  for (const XmlNode& child : operations.children) {
    if (child.name != "op") {
      ctx.UnknownChild(operations, child);
    } else if (auto op = ParseOperation(ctx, child)) {
      ops.push_back(std::move(*op));
    }
  }
  return ops;
}

Primitive ParsePrimitive(ParseContext& ctx, const XmlNode& node) {
  Primitive p;
  p.id = node.AttrOr("id");
  p.resource_class = node.AttrOr("class");
  p.provider = node.AttrOr("provider");
  p.type = node.AttrOr("type");
  p.description = node.AttrOr("description");
  p.line = node.line;
  p.template_id = node.AttrOr("template");
  p.instance_attributes = ParseNvSets(ctx, node, "instance_attributes");
  p.meta_attributes = ParseNvSets(ctx, node, "meta_attributes");
  p.utilization = ParseNvSets(ctx, node, "utilization");
  for (const XmlNode& child : node.children) {
    if (child.name == "operations" && child.HasAttr("id-ref")) {
      p.operations_ref = child.AttrOr("id-ref");  // resolved by ResolveReferences
      if (!child.children.empty()) ctx.Fail(child, "<operations id-ref=> with content of its own");
    } else if (child.name == "operations") {
      if (p.operations_id.empty()) p.operations_id = child.AttrOr("id");
      auto ops = ParseOperations(ctx, child);
      p.operations.insert(p.operations.end(), ops.begin(), ops.end());
    } else if (!IsNvSetName(child.name)) {
      ctx.UnknownChild(node, child);
    }
  }
  return p;
}

Group ParseGroup(ParseContext& ctx, const XmlNode& node) {
  Group g;
  g.id = node.AttrOr("id");
  g.description = node.AttrOr("description");
  g.line = node.line;
  g.instance_attributes = ParseNvSets(ctx, node, "instance_attributes");
  g.meta_attributes = ParseNvSets(ctx, node, "meta_attributes");
  for (const XmlNode& child : node.children) {
    if (child.name == "primitive") {
      g.primitives.push_back(ParsePrimitive(ctx, child));
    } else if (child.name == "instance_attributes" || child.name == "meta_attributes") {
      continue;
    } else if (child.name == "group" || child.name == "clone" || child.name == "master") {
      ctx.Unsupported(child, child.name + " inside a group");
    } else {
      ctx.UnknownChild(node, child);
    }
  }
  return g;
}

std::optional<Clone> ParseClone(ParseContext& ctx, const XmlNode& node) {
  Clone c;
  c.id = node.AttrOr("id");
  c.description = node.AttrOr("description");
  c.promotable_element = node.name == "master";
  c.line = node.line;
  c.instance_attributes = ParseNvSets(ctx, node, "instance_attributes");
  c.meta_attributes = ParseNvSets(ctx, node, "meta_attributes");
  int children = 0;
  for (const XmlNode& child : node.children) {
    if (child.name == "primitive") {
      c.child = ParsePrimitive(ctx, child);
      ++children;
    } else if (child.name == "group") {
      c.child = ParseGroup(ctx, child);
      ++children;
    } else if (child.name == "instance_attributes" || child.name == "meta_attributes") {
      continue;
    } else if (child.name == "clone" || child.name == "master") {
      ctx.Unsupported(child, child.name + " inside a clone");
    } else {
      ctx.UnknownChild(node, child);
    }
  }
  if (children != 1) {
    ctx.Fail(node, "<" + node.name + "> must contain exactly one primitive or group, found " +
                       std::to_string(children));
    return std::nullopt;
  }
  return c;
}

}  // namespace

ParsedResources ParseResources(ParseContext& ctx, const XmlNode& resources) {
  ParsedResources parsed;
  std::vector<Resource>& out = parsed.resources;
  for (const XmlNode& child : resources.children) {
    if (child.name == "primitive") {
      out.push_back(ParsePrimitive(ctx, child));
    } else if (child.name == "group") {
      out.push_back(ParseGroup(ctx, child));
    } else if (child.name == "clone" || child.name == "master") {
      if (auto clone = ParseClone(ctx, child)) {
        out.push_back(std::move(*clone));
      } else {
        ctx.NoteDropped(child);
      }
    } else if (child.name == "template") {
      parsed.templates.push_back(ParsePrimitive(ctx, child));
    } else if (child.name == "bundle") {
      ctx.Unsupported(child, child.name);
      ctx.NoteDropped(child);
    } else {
      ctx.UnknownChild(resources, child);
    }
  }
  return parsed;
}

}  // namespace keel::cib_parse
