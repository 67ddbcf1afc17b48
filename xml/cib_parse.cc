// ParseCib / CibFromXml: the <cib> root, <configuration> sections, then validation.

#include "xml/cib_parse.h"

#include <type_traits>

#include "xml/cib_parse_internal.h"

namespace keel {

namespace {

using cib_parse::ParseContext;

// A Cib with the <cib> element's attributes and nothing else.
Cib ParseCibAttributes(ParseContext& ctx, const XmlNode& root) {
  Cib cib;
  auto counter = [&](std::string_view attr) -> int64_t {
    std::optional<int64_t> value = ctx.IntAttr(root, attr);
    if (value && *value < 0) {
      ctx.Fail(root, "attribute '" + std::string(attr) + "': must not be negative");
      return 0;
    }
    return value.value_or(0);
  };
  cib.version.admin_epoch = counter("admin_epoch");
  cib.version.epoch = counter("epoch");
  cib.version.num_updates = counter("num_updates");
  if (auto v = root.Attr("validate-with")) cib.validate_with = *v;
  cib.have_quorum = ctx.BoolAttr(root, "have-quorum");
  cib.no_quorum_panic = ctx.BoolAttr(root, "no-quorum-panic");
  cib.dc_uuid = root.AttrOr("dc-uuid");
  cib.crm_feature_set = root.AttrOr("crm_feature_set");
  cib.cib_last_written = root.AttrOr("cib-last-written");
  cib.update_origin = root.AttrOr("update-origin");
  cib.update_client = root.AttrOr("update-client");
  cib.update_user = root.AttrOr("update-user");
  cib.execution_date = ctx.IntAttr(root, "execution-date");
  return cib;
}

std::vector<Node> ParseNodes(ParseContext& ctx, const XmlNode& nodes) {
  std::vector<Node> out;
  for (const XmlNode& child : nodes.children) {
    if (child.name != "node") {
      ctx.UnknownChild(nodes, child);
      continue;
    }
    Node node;
    node.id = child.AttrOr("id");
    node.uname = child.AttrOr("uname");
    node.type = child.AttrOr("type", "member");
    if (node.type == "normal") node.type = "member";  // the pre-2.0 name
    if (node.type != "member" && node.type != "remote" && node.type != "ping") {
      ctx.Fail(child, "attribute 'type': unknown value '" + node.type +
                          "' (expected member, remote or ping)");
    }
    node.line = child.line;
    node.instance_attributes = cib_parse::ParseNvSets(ctx, child, "instance_attributes");
    node.utilization = cib_parse::ParseNvSets(ctx, child, "utilization");
    for (const XmlNode& grandchild : child.children) {
      if (grandchild.name != "instance_attributes" && grandchild.name != "utilization") {
        ctx.UnknownChild(child, grandchild);
      }
    }
    out.push_back(std::move(node));
  }
  return out;
}

// crm_config (cluster_property_set), rsc_defaults and op_defaults (meta_attributes).
std::vector<NvSet> ParseSetList(ParseContext& ctx, const XmlNode& parent, std::string_view set_name,
                                cib_parse::RuleScope scope = cib_parse::RuleScope::kNvSet) {
  for (const XmlNode& child : parent.children) {
    if (child.name != set_name) ctx.UnknownChild(parent, child);
  }
  return cib_parse::ParseNvSets(ctx, parent, set_name, scope);
}

Configuration ParseConfiguration(ParseContext& ctx, const XmlNode& node) {
  Configuration config;
  for (const XmlNode& child : node.children) {
    std::string_view name = child.name;
    if (name == "crm_config") {
      config.crm_config = ParseSetList(ctx, child, "cluster_property_set");
    } else if (name == "nodes") {
      config.nodes = ParseNodes(ctx, child);
    } else if (name == "resources") {
      auto parsed = cib_parse::ParseResources(ctx, child);
      config.resources = std::move(parsed.resources);
      config.templates = std::move(parsed.templates);
    } else if (name == "constraints") {
      auto parsed = cib_parse::ParseConstraints(ctx, child);
      config.locations = std::move(parsed.locations);
      config.colocations = std::move(parsed.colocations);
      config.orders = std::move(parsed.orders);
      config.tickets = std::move(parsed.tickets);
    } else if (name == "rsc_defaults") {
      config.rsc_defaults =
          ParseSetList(ctx, child, "meta_attributes", cib_parse::RuleScope::kRscDefaults);
    } else if (name == "op_defaults") {
      config.op_defaults =
          ParseSetList(ctx, child, "meta_attributes", cib_parse::RuleScope::kOpDefaults);
    } else if (name == "fencing-topology") {
      config.fencing_levels = cib_parse::ParseFencingTopology(ctx, child);
    } else if (name == "alerts") {
      config.alerts = cib_parse::ParseAlerts(ctx, child);
    } else if (name == "tags") {
      config.tags = cib_parse::ParseTags(ctx, child);
    } else if (name == "acls") {
      config.acls = cib_parse::ParseAcls(ctx, child);
    } else {
      ctx.UnknownChild(node, child);
    }
  }
  cib_parse::ResolveReferences(ctx, config);
  return config;
}

// CibFromXml on a const tree, or on one ParseCib owns (then the status is freed as read).
template <typename Node>
std::expected<ParsedCib, Errors> CibFromTree(
    Node& root, std::string_view source, cib_parse::History history = cib_parse::History::kRead) {
  ParseContext ctx(source);
  if (root.name != "cib") {
    return std::unexpected(
        Errors{Error{ErrorCode::kInvalid, "root element is <" + root.name + ">, expected <cib>",
                     Where(source, root.line)}});
  }
  ParsedCib parsed{ParseCibAttributes(ctx, root), {}};
  Cib& cib = parsed.cib;
  ctx.set_lenient(cib.validate_with == "none");
  const XmlNode* configuration = nullptr;
  for (auto& child : root.children) {
    if (child.name == "configuration" && !configuration) {
      configuration = &child;
      cib.configuration = ParseConfiguration(ctx, child);
    } else if (child.name == "status") {
      if constexpr (std::is_const_v<Node>) {
        cib.status = cib_parse::ParseStatus(ctx, child, history);
      } else {
        cib.status = cib_parse::ParseStatus(ctx, std::move(child));
      }
    } else {
      ctx.UnknownChild(root, child);
    }
  }
  if (!configuration) ctx.Fail(root, "<cib> has no <configuration>");
  Errors errors = ctx.TakeErrors();
  Errors semantic = cib_parse::ValidateCibExcept(cib, source, ctx.notes());
  errors.insert(errors.end(), semantic.begin(), semantic.end());
  if (!errors.empty()) return std::unexpected(std::move(errors));
  parsed.warnings = ctx.TakeWarnings();
  return parsed;
}

}  // namespace

std::expected<ParsedCib, Errors> CibFromXml(const XmlNode& root, std::string_view source) {
  return CibFromTree(root, source);
}

std::expected<ParsedCib, Errors> CibFromXmlWithoutHistory(const XmlNode& root,
                                                          std::string_view source) {
  return CibFromTree(root, source, cib_parse::History::kSkip);
}

std::expected<Status, Errors> StatusFromXml(const XmlNode& status, std::string_view source) {
  ParseContext ctx(source);
  Status out = cib_parse::ParseStatus(ctx, status);
  Errors errors = ctx.TakeErrors();
  if (!errors.empty()) return std::unexpected(std::move(errors));
  return out;
}

std::expected<Status, Errors> StatusFromXmlWithoutHistory(const XmlNode& status,
                                                          std::string_view source) {
  ParseContext ctx(source);
  Status out = cib_parse::ParseStatus(ctx, status, cib_parse::History::kSkip);
  Errors errors = ctx.TakeErrors();
  if (!errors.empty()) return std::unexpected(std::move(errors));
  return out;
}

XmlHistorySource::XmlHistorySource(const XmlNode& cib, std::string_view source) : source_(source) {
  const XmlNode* status = nullptr;  // the last one, as CibFromXml reads it
  for (const XmlNode& child : cib.children) {
    if (child.name == "status") status = &child;
  }
  if (status == nullptr) return;
  for (const XmlNode& child : status->children) {
    if (child.name == "node_state") node_states_.push_back(&child);
  }
}

Errors XmlHistorySource::ForEach(size_t index,
                                 const std::function<void(const LrmResource&)>& visit) const {
  if (index >= node_states_.size()) return {};
  ParseContext ctx(source_);
  cib_parse::VisitLrmResources(ctx, *node_states_[index], visit);
  return ctx.TakeErrors();
}

std::expected<ParsedCib, Errors> ParseCib(std::string_view text, std::string_view source) {
  auto root = ParseXml(text, source);
  if (!root) return std::unexpected(Errors{root.error()});
  return CibFromTree(*root, source);
}

Errors ValidateCib(const Cib& cib, std::string_view source) {
  return cib_parse::ValidateCibExcept(cib, source, cib_parse::ParseNotes{});
}

}  // namespace keel
