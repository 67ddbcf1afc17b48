#include "crmd/executor/agent_metadata.h"

#include <cstdlib>

#include "xml/duration.h"
#include "xml/xml_node.h"

namespace keel {

namespace {

bool IsTrue(const std::string& value) {
  return value == "1" || value == "true" || value == "yes" || value == "on";
}

std::expected<int64_t, Error> DurationAttr(const XmlNode& node, std::string_view attr,
                                           const std::string& where) {
  const auto text = node.Attr(attr);
  if (!text || text->empty()) return 0;
  auto ms = ParseDurationMs(*text);
  if (!ms) {
    return std::unexpected(Error{ErrorCode::kInvalid,
                                 "action " + node.AttrOr("name") + ": bad " + std::string(attr) +
                                     " \"" + std::string(*text) + "\": " + ms.error(),
                                 where});
  }
  return *ms;
}

}  // namespace

const AgentParameter* AgentMetadata::Parameter(std::string_view param) const {
  for (const auto& p : parameters) {
    if (p.name == param) return &p;
  }
  return nullptr;
}

std::optional<int64_t> AgentMetadata::DefaultTimeoutMs(std::string_view action) const {
  for (const auto& a : actions) {
    if (a.name == action && a.timeout_ms > 0) return a.timeout_ms;
  }
  return std::nullopt;
}

std::expected<AgentMetadata, Error> ParseAgentMetadata(std::string_view text,
                                                       const AgentSpec& agent) {
  const std::string source = agent.ToString() + " meta-data";
  size_t start = text.find('<');
  if (start == std::string_view::npos) {
    return std::unexpected(Error{ErrorCode::kParse, "no XML in the output", source});
  }
  auto root = ParseXml(text.substr(start), source);
  if (!root) return std::unexpected(root.error());
  if (root->name != "resource-agent") {
    return std::unexpected(Error{ErrorCode::kInvalid,
                                 "root element is <" + root->name + ">, not <resource-agent>",
                                 Where(source, root->line)});
  }
  AgentMetadata meta;
  meta.agent = agent;
  meta.name = root->AttrOr("name");
  meta.version = root->AttrOr("version");
  meta.xml = std::string(text);
  if (const XmlNode* params = root->Child("parameters")) {
    for (const XmlNode& p : params->children) {
      if (p.name != "parameter") continue;
      AgentParameter param;
      param.name = p.AttrOr("name");
      param.required = IsTrue(p.AttrOr("required"));
      param.unique = IsTrue(p.AttrOr("unique"));
      if (param.name.empty()) {
        return std::unexpected(
            Error{ErrorCode::kInvalid, "parameter without a name", Where(source, p.line)});
      }
      if (const XmlNode* content = p.Child("content")) {
        param.type = content->AttrOr("type");
        if (const auto d = content->Attr("default")) param.default_value = *d;
      }
      meta.parameters.push_back(std::move(param));
    }
  }
  if (const XmlNode* actions = root->Child("actions")) {
    for (const XmlNode& a : actions->children) {
      if (a.name != "action") continue;
      auto timeout = DurationAttr(a, "timeout", Where(source, a.line));
      if (!timeout) return std::unexpected(timeout.error());
      auto interval = DurationAttr(a, "interval", Where(source, a.line));
      if (!interval) return std::unexpected(interval.error());
      AgentActionInfo info;
      info.name = a.AttrOr("name");
      info.timeout_ms = *timeout;
      info.interval_ms = *interval;
      info.depth = std::atoi(a.AttrOr("depth", "0").c_str());
      info.role = a.AttrOr("role");
      meta.actions.push_back(std::move(info));
    }
  }
  return meta;
}

AgentMetadata SyntheticMetadata(const AgentSpec& agent) {
  AgentMetadata meta;
  meta.agent = agent;
  meta.name = agent.type;
  meta.version = "1.0";
  for (const char* action : {"start", "stop", "monitor", "meta-data"}) {
    AgentActionInfo info;
    info.name = action;
    info.timeout_ms = 15000;
    meta.actions.push_back(std::move(info));
  }
  meta.actions[2].interval_ms = 15000;
  return meta;
}

}  // namespace keel
