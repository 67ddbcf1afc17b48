#include "cli/agent_meta.h"

#include <algorithm>
#include <cctype>

#include "xml/duration.h"
#include "xml/xml_node.h"

namespace keel {
namespace {

bool IsInteger(std::string_view v) {
  if (!v.empty() && (v.front() == '-' || v.front() == '+')) v.remove_prefix(1);
  return !v.empty() && std::all_of(v.begin(), v.end(), [](char c) { return std::isdigit(c); });
}

bool IsBoolean(std::string value) {
  for (char& c : value) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const char* word : {"true", "false", "yes", "no", "on", "off", "1", "0", "y", "n"}) {
    if (value == word) return true;
  }
  return false;
}

bool ValueFitsType(const std::string& value, const std::string& type) {
  if (type == "integer") return IsInteger(value);
  if (type == "boolean") return IsBoolean(value);
  return true;
}

const MetaDataParameter* FindParameter(const AgentMetaData& meta, const std::string& name) {
  for (const MetaDataParameter& p : meta.parameters) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

}  // namespace

std::expected<AgentMetaData, Error> ParseAgentMetaData(std::string_view xml,
                                                       const std::string& agent) {
  auto root = ParseXml(xml, agent + " meta-data");
  if (!root || root->name != "resource-agent") {
    return std::unexpected(Error{ErrorCode::kInvalid,
                                 "its meta-data is not a <resource-agent> document" +
                                     (root ? std::string() : " (" + root.error().message + ")"),
                                 agent});
  }
  AgentMetaData meta;
  meta.name = root->AttrOr("name");
  if (const XmlNode* params = root->Child("parameters")) {
    for (const XmlNode& p : params->children) {
      if (p.name != "parameter" || !p.HasAttr("name")) continue;
      MetaDataParameter param{p.AttrOr("name"), p.AttrOr("required") == "1", ""};
      if (const XmlNode* content = p.Child("content")) {
        param.type = content->AttrOr("type");
        // An agent whose own default breaks its declared type (Pacemaker's ping: dampen is an
        // "integer" defaulting to "5s") accepts more than the type says: left unchecked.
        const std::string fallback = content->AttrOr("default");
        if (content->HasAttr("default") && !ValueFitsType(fallback, param.type)) param.type = "";
      }
      meta.parameters.push_back(std::move(param));
    }
  }
  if (const XmlNode* actions = root->Child("actions")) {
    for (const XmlNode& a : actions->children) {
      if (a.name != "action" || !a.HasAttr("name")) continue;
      AgentAction action{a.AttrOr("name"), std::nullopt};
      if (auto t = ParseDurationMs(a.AttrOr("timeout")); t && a.HasAttr("timeout")) {
        action.timeout_ms = *t;
      }
      meta.actions.push_back(std::move(action));
    }
  }
  return meta;
}

AgentFindings CheckAgainstMetaData(const Primitive& p, const AgentMetaData& meta,
                                   const std::string& agent) {
  AgentFindings found;
  std::vector<std::string> given;
  for (const NvSet& set : p.instance_attributes) {
    for (const NvPair& pair : set.pairs) {
      given.push_back(pair.name);
      const MetaDataParameter* param = FindParameter(meta, pair.name);
      if (param == nullptr) {
        found.errors.push_back(Error{ErrorCode::kInvalid,
                                     "parameter '" + pair.name + "' is not known by " + agent,
                                     p.id});
        continue;
      }
      if (!ValueFitsType(pair.value, param->type)) {
        found.errors.push_back(Error{ErrorCode::kInvalid,
                                     "parameter '" + pair.name + "': '" + pair.value +
                                         "' is not " + (param->type == "integer" ? "an " : "a ") +
                                         param->type + " (" + agent + ")",
                                     p.id});
      }
    }
  }
  for (const MetaDataParameter& param : meta.parameters) {
    if (param.required && std::find(given.begin(), given.end(), param.name) == given.end()) {
      found.errors.push_back(Error{ErrorCode::kInvalid,
                                   "required parameter '" + param.name + "' of " + agent +
                                       " is not set",
                                   p.id});
    }
  }
  for (const Operation& op : p.operations) {
    auto action = std::find_if(meta.actions.begin(), meta.actions.end(),
                               [&](const AgentAction& a) { return a.name == op.name; });
    if (action == meta.actions.end()) {
      found.warnings.push_back(Error{ErrorCode::kInvalid,
                                     "operation '" + op.name + "' is not an action of " + agent,
                                     op.id.empty() ? p.id : op.id});
      continue;
    }
    if (op.timeout_ms && action->timeout_ms && *op.timeout_ms < *action->timeout_ms) {
      found.warnings.push_back(Error{
          ErrorCode::kInvalid,
          "timeout " + FormatDurationMs(*op.timeout_ms) + " of '" + op.name +
              "' is below the " + FormatDurationMs(*action->timeout_ms) + " that " + agent +
              " advises",
          op.id.empty() ? p.id : op.id});
    }
  }
  return found;
}

}  // namespace keel
