#include "fencing/fence_protocol.h"

#include <array>
#include <utility>

#include "xml/xml_node.h"

namespace keel {
namespace {

constexpr std::array<std::pair<FenceAction, std::string_view>, 8> kActionNames{{
    {FenceAction::kOff, "off"},
    {FenceAction::kOn, "on"},
    {FenceAction::kReboot, "reboot"},
    {FenceAction::kStatus, "status"},
    {FenceAction::kMonitor, "monitor"},
    {FenceAction::kList, "list"},
    {FenceAction::kListStatus, "list-status"},
    {FenceAction::kMetadata, "metadata"},
}};

std::string_view Trim(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n";
  const size_t first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  const size_t last = text.find_last_not_of(kSpace);
  return text.substr(first, last - first + 1);
}

// Keys the fencer itself sets; a device attribute must not override them.
bool IsReservedKey(std::string_view name) {
  return name == "action" || name == "plug" || name == "port" || name == "nodename" ||
         name.starts_with("pcmk_");
}

bool HasNewline(std::string_view text) {
  return text.find_first_of("\r\n") != std::string_view::npos;
}

}  // namespace

std::string_view FenceActionName(FenceAction action) {
  for (const auto& [value, name] : kActionNames) {
    if (value == action) return name;
  }
  return "?";
}

std::optional<FenceAction> ParseFenceAction(std::string_view name) {
  for (const auto& [value, text] : kActionNames) {
    if (text == name) return value;
  }
  return std::nullopt;
}

std::expected<std::string, Error> BuildAgentStdin(std::string_view agent_action,
                                                  const std::vector<AgentParam>& params,
                                                  std::string_view plug, std::string_view nodename,
                                                  std::string_view plug_key) {
  if (agent_action.empty() || HasNewline(agent_action)) {
    return std::unexpected(Error{ErrorCode::kInvalid, "bad fence action word", "action"});
  }
  if (HasNewline(plug) || HasNewline(nodename) || HasNewline(plug_key) ||
      plug_key.find('=') != std::string_view::npos) {
    return std::unexpected(
        Error{ErrorCode::kInvalid, "plug or node name contains a newline", std::string(plug)});
  }
  std::string text = "action=" + std::string(agent_action) + "\n";
  if (!plug.empty()) text += std::string(plug_key) + "=" + std::string(plug) + "\n";
  if (!nodename.empty()) text += "nodename=" + std::string(nodename) + "\n";
  for (const AgentParam& param : params) {
    if (param.name.empty() || HasNewline(param.name) || param.name.find('=') != std::string::npos ||
        HasNewline(param.value)) {
      return std::unexpected(Error{ErrorCode::kInvalid,
                                   "fence device parameter contains '=' or a newline", param.name});
    }
    if (IsReservedKey(param.name)) continue;
    text += param.name + "=" + param.value + "\n";
  }
  return text;
}

std::vector<ListedTarget> ParseListOutput(std::string_view text) {
  std::vector<ListedTarget> targets;
  while (!text.empty()) {
    const size_t end = text.find('\n');
    std::string_view line = Trim(text.substr(0, end));
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    if (line.empty()) continue;
    const size_t comma = line.find(',');
    ListedTarget target{std::string(Trim(line.substr(0, comma))), ""};
    if (comma != std::string_view::npos) {
      std::string_view rest = line.substr(comma + 1);
      target.alias = std::string(Trim(rest.substr(0, rest.find(','))));
    }
    if (!target.name.empty()) targets.push_back(std::move(target));
  }
  return targets;
}

bool ListIncludes(const std::vector<ListedTarget>& list, std::string_view name) {
  if (name.empty()) return false;
  for (const ListedTarget& target : list) {
    if (target.name == name || target.alias == name) return true;
  }
  return false;
}

bool FenceMetadata::HasAction(std::string_view action) const {
  for (const std::string& name : actions) {
    if (name == action) return true;
  }
  return false;
}

const FenceParameter* FenceMetadata::Parameter(std::string_view wanted) const {
  for (const FenceParameter& parameter : parameters) {
    if (parameter.name == wanted) return &parameter;
  }
  return nullptr;
}

std::expected<FenceMetadata, Error> ParseFenceMetadata(std::string_view xml,
                                                       std::string_view source) {
  auto root = ParseXml(xml, source);
  if (!root) return std::unexpected(root.error());
  if (root->name != "resource-agent") {
    return std::unexpected(Error{
        ErrorCode::kInvalid,
        "fence agent metadata: root element is <" + root->name + ">, expected <resource-agent>",
        Where(source, root->line)});
  }
  FenceMetadata metadata;
  metadata.name = root->AttrOr("name");
  metadata.shortdesc = root->AttrOr("shortdesc");
  if (metadata.name.empty()) {
    return std::unexpected(
        Error{ErrorCode::kInvalid, "<resource-agent> has no name", Where(source, root->line)});
  }
  if (const XmlNode* parameters = root->Child("parameters")) {
    for (const XmlNode& node : parameters->children) {
      if (node.name != "parameter") continue;
      FenceParameter parameter;
      parameter.name = node.AttrOr("name");
      if (parameter.name.empty()) {
        return std::unexpected(
            Error{ErrorCode::kInvalid, "<parameter> has no name", Where(source, node.line)});
      }
      parameter.required = node.AttrOr("required") == "1";
      if (const XmlNode* content = node.Child("content")) {
        parameter.type = content->AttrOr("type");
        parameter.default_value = content->AttrOr("default");
      }
      metadata.parameters.push_back(std::move(parameter));
    }
  }
  if (const XmlNode* actions = root->Child("actions")) {
    for (const XmlNode& node : actions->children) {
      if (node.name == "action" && node.HasAttr("name")) {
        metadata.actions.push_back(node.AttrOr("name"));
      }
    }
  }
  return metadata;
}

}  // namespace keel
