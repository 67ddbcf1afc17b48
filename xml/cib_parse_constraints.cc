// <constraints> (location, colocation, order, ticket), <fencing-topology> and <tags>.

#include <sstream>

#include "xml/cib_parse_internal.h"
#include "xml/cluster_options.h"

namespace keel::cib_parse {

namespace {

// <resource_set> with its <resource_ref>s; an id-ref'd set (a reference to another) is refused.
std::optional<ResourceSet> ParseResourceSet(ParseContext& ctx, const XmlNode& node) {
  if (ctx.RefusesIdRef(node)) return std::nullopt;
  ResourceSet set;
  set.id = ctx.RequiredAttr(node, "id");
  set.line = node.line;
  set.sequential = ctx.BoolAttr(node, "sequential");
  set.require_all = ctx.BoolAttr(node, "require-all");
  set.ordered = ctx.BoolAttr(node, "ordered");
  set.role = node.AttrOr("role");
  set.action = node.AttrOr("action");
  set.score = ctx.ScoreAttr(node, "score");
  for (std::string_view attr : {"kind", "symmetrical", "ordering", "score-attribute"}) {
    if (node.HasAttr(attr)) ctx.Unsupported(node, std::string(attr) + " on resource_set");
  }
  for (const XmlNode& child : node.children) {
    if (child.name == "resource_ref") {
      set.resources.push_back(ctx.RequiredAttr(child, "id"));
    } else {
      ctx.UnknownChild(node, child);
    }
  }
  return set;
}

// A constraint's <resource_set> children, or an error when it names resources directly too.
std::vector<ResourceSet> ParseSets(ParseContext& ctx, const XmlNode& node,
                                   std::initializer_list<std::string_view> direct_attrs) {
  std::vector<ResourceSet> sets;
  bool any = false;
  for (const XmlNode& child : node.children) {
    if (child.name != "resource_set") continue;
    any = true;
    if (auto set = ParseResourceSet(ctx, child)) sets.push_back(std::move(*set));
  }
  if (!any) return sets;
  // A refused set stands for the resources: they are not missing.
  for (std::string_view attr : direct_attrs) ctx.NoteReported(node, attr);
  for (std::string_view attr : direct_attrs) {
    if (node.HasAttr(attr)) {
      ctx.Fail(node, "attribute '" + std::string(attr) + "' together with resource sets");
    }
  }
  return sets;
}

LocationConstraint ParseLocation(ParseContext& ctx, const XmlNode& node) {
  LocationConstraint loc;
  loc.id = node.AttrOr("id");
  loc.rsc = node.AttrOr("rsc");
  loc.rsc_pattern = node.AttrOr("rsc-pattern");
  loc.line = node.line;
  loc.sets = ParseSets(ctx, node, {"rsc"});
  if (const auto n = node.Attr("node")) loc.node = *n;
  loc.score = ctx.ScoreAttr(node, "score");
  loc.role = node.AttrOr("role");
  loc.resource_discovery =
      ctx.EnumAttr(node, "resource-discovery", {"always", "never", "exclusive"}).value_or("");
  if (node.HasAttr("score-attribute")) ctx.Unsupported(node, "score-attribute on rsc_location");
  for (const XmlNode& child : node.children) {
    if (child.name == "rule") {
      if (auto rule = ParseRule(ctx, child)) loc.rules.push_back(std::move(*rule));
    } else if (child.name == "lifetime") {
      ctx.Unsupported(child, "lifetime");
    } else if (child.name != "resource_set") {
      ctx.UnknownChild(node, child);
    }
  }
  return loc;
}

ColocationConstraint ParseColocation(ParseContext& ctx, const XmlNode& node) {
  ColocationConstraint col;
  col.id = node.AttrOr("id");
  col.rsc = node.AttrOr("rsc");
  col.with_rsc = node.AttrOr("with-rsc");
  col.line = node.line;
  col.sets = ParseSets(ctx, node, {"rsc", "with-rsc"});
  if (node.HasAttr("score")) {
    col.score = ctx.ScoreAttr(node, "score").value_or(Score());
  } else if (node.HasAttr("score-attribute")) {
    ctx.Unsupported(node, "score-attribute on rsc_colocation");
  }  // else: no score reads as 0, as Pacemaker reads it (written back as score="0")
  col.rsc_role = node.AttrOr("rsc-role");
  col.with_rsc_role = node.AttrOr("with-rsc-role");
  col.node_attribute = node.AttrOr("node-attribute");
  if (node.HasAttr("rsc-instance") || node.HasAttr("with-rsc-instance")) {
    ctx.Unsupported(node, "rsc-instance");
  }
  if (node.HasAttr("influence")) ctx.Unsupported(node, "influence on rsc_colocation");
  for (const XmlNode& child : node.children) {
    if (child.name == "lifetime") {
      ctx.Unsupported(child, "lifetime");
    } else if (child.name != "resource_set") {
      ctx.UnknownChild(node, child);
    }
  }
  return col;
}

OrderConstraint ParseOrder(ParseContext& ctx, const XmlNode& node) {
  OrderConstraint order;
  order.id = node.AttrOr("id");
  order.first = node.AttrOr("first");
  order.then = node.AttrOr("then");
  order.first_action = node.AttrOr("first-action");
  order.then_action = node.AttrOr("then-action");
  order.line = node.line;
  order.sets = ParseSets(ctx, node, {"first", "then"});
  if (const auto kind = node.Attr("kind")) {
    if (*kind == "Mandatory") {
      order.kind = OrderKind::kMandatory;
    } else if (*kind == "Optional") {
      order.kind = OrderKind::kOptional;
    } else if (*kind == "Serialize") {
      order.kind = OrderKind::kSerialize;
    } else if (ctx.lenient()) {
      // Pacemaker, without schema validation, treats an unknown kind as Mandatory.
      ctx.Warn(node, "attribute 'kind': unknown value '" + std::string(*kind) +
                         "', treated as Mandatory");
      order.kind = OrderKind::kMandatory;
    } else {
      ctx.Fail(node, "attribute 'kind': unknown value '" + std::string(*kind) +
                         "' (expected Mandatory, Optional or Serialize)");
    }
  }
  order.score = ctx.ScoreAttr(node, "score");
  order.symmetrical = ctx.BoolAttr(node, "symmetrical");
  if (node.HasAttr("first-instance") || node.HasAttr("then-instance")) {
    ctx.Unsupported(node, "first-instance");
  }
  order.require_all = ctx.BoolAttr(node, "require-all");
  for (const XmlNode& child : node.children) {
    if (child.name == "lifetime") {
      ctx.Unsupported(child, "lifetime");
    } else if (child.name != "resource_set") {
      ctx.UnknownChild(node, child);
    }
  }
  return order;
}

bool IsPromotedRole(const std::string& role) { return role == "Promoted" || role == "Master"; }

TicketConstraint ParseTicket(ParseContext& ctx, const XmlNode& node) {
  TicketConstraint ticket;
  ticket.id = node.AttrOr("id");
  ticket.ticket = ctx.RequiredAttr(node, "ticket");
  ticket.sets = ParseSets(ctx, node, {"rsc"});
  ticket.rsc = ticket.sets.empty() ? ctx.RequiredAttr(node, "rsc") : node.AttrOr("rsc");
  ticket.rsc_role = node.AttrOr("rsc-role");
  ticket.line = node.line;
  if (auto policy = ctx.EnumAttr(node, "loss-policy", {"stop", "demote", "fence", "freeze"})) {
    ticket.loss_policy = *policy == "stop"     ? TicketLossPolicy::kStop
                         : *policy == "demote" ? TicketLossPolicy::kDemote
                         : *policy == "fence"  ? TicketLossPolicy::kFence
                                               : TicketLossPolicy::kFreeze;
  }
  if (ticket.loss_policy == TicketLossPolicy::kDemote && !IsPromotedRole(ticket.rsc_role)) {
    ctx.Warn(node, "loss-policy=demote without rsc-role=Promoted: treated as stop");
  }
  for (const XmlNode& child : node.children) {
    if (child.name != "resource_set") ctx.UnknownChild(node, child);
  }
  return ticket;
}

std::vector<std::string> SplitDevices(const std::string& text) {
  std::vector<std::string> devices;
  std::string item;
  std::istringstream in(text);
  while (std::getline(in, item, ',')) devices.push_back(item);
  return devices;
}

}  // namespace

ParsedConstraints ParseConstraints(ParseContext& ctx, const XmlNode& constraints) {
  ParsedConstraints out;
  for (const XmlNode& child : constraints.children) {
    if (child.name == "rsc_location") {
      out.locations.push_back(ParseLocation(ctx, child));
    } else if (child.name == "rsc_colocation") {
      out.colocations.push_back(ParseColocation(ctx, child));
    } else if (child.name == "rsc_order") {
      out.orders.push_back(ParseOrder(ctx, child));
    } else if (child.name == "rsc_ticket") {
      out.tickets.push_back(ParseTicket(ctx, child));
    } else {
      ctx.UnknownChild(constraints, child);
    }
  }
  return out;
}

std::vector<FencingLevel> ParseFencingTopology(ParseContext& ctx, const XmlNode& topology) {
  std::vector<FencingLevel> levels;
  for (const XmlNode& child : topology.children) {
    if (child.name != "fencing-level") {
      ctx.UnknownChild(topology, child);
      continue;
    }
    FencingLevel level;
    level.id = child.AttrOr("id");
    level.target = child.AttrOr("target");
    level.target_pattern = child.AttrOr("target-pattern");
    level.target_attribute = child.AttrOr("target-attribute");
    level.target_value = child.AttrOr("target-value");
    level.line = child.line;
    if (child.HasAttr("index")) {
      std::optional<int64_t> index = ctx.IntAttr(child, "index");
      if (index && (*index < 1 || *index > 9)) {
        ctx.Fail(child, "attribute 'index': must be between 1 and 9, not " +
                            std::to_string(*index));
      } else if (index) {
        level.index = static_cast<int>(*index);
      }
    } else {
      ctx.RequiredAttr(child, "index");
    }
    level.devices = SplitDevices(child.AttrOr("devices"));
    for (const XmlNode& grandchild : child.children) ctx.UnknownChild(child, grandchild);
    levels.push_back(std::move(level));
  }
  return levels;
}

std::vector<Tag> ParseTags(ParseContext& ctx, const XmlNode& tags) {
  std::vector<Tag> out;
  for (const XmlNode& child : tags.children) {
    if (child.name != "tag") {
      ctx.UnknownChild(tags, child);
      continue;
    }
    if (ctx.RefusesIdRef(child)) continue;
    Tag tag;
    tag.id = ctx.RequiredAttr(child, "id");
    tag.line = child.line;
    for (const XmlNode& ref : child.children) {
      if (ref.name == "obj_ref") {
        tag.refs.push_back(ctx.RequiredAttr(ref, "id"));
      } else {
        ctx.UnknownChild(child, ref);
      }
    }
    out.push_back(std::move(tag));
  }
  return out;
}

}  // namespace keel::cib_parse
