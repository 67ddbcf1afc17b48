#include "fencing/fence_device.h"

#include <algorithm>
#include <cctype>

#include "xml/duration.h"
#include "xml/xml_node.h"

namespace keel {
namespace {

std::vector<std::string> SplitHostList(std::string_view text) {
  std::vector<std::string> hosts;
  std::string current;
  for (char c : text) {
    if (c == ' ' || c == ',' || c == '\t' || c == ';') {
      if (!current.empty()) hosts.push_back(std::move(current));
      current.clear();
    } else {
      current += c;
    }
  }
  if (!current.empty()) hosts.push_back(std::move(current));
  return hosts;
}

// "node1:port1;node2:port2" (also space or comma separated, ':' or '=' between).
std::expected<std::vector<std::pair<std::string, std::string>>, std::string> ParseHostMap(
    std::string_view text) {
  std::vector<std::pair<std::string, std::string>> map;
  for (const std::string& entry : SplitHostList(text)) {
    const size_t sep = entry.find_first_of(":=");
    if (sep == std::string::npos || sep == 0 || sep + 1 == entry.size()) {
      return std::unexpected("pcmk_host_map entry '" + entry + "' is not node:port");
    }
    map.emplace_back(entry.substr(0, sep), entry.substr(sep + 1));
  }
  return map;
}

std::expected<HostCheck, std::string> ParseHostCheck(std::string_view text) {
  for (HostCheck check :
       {HostCheck::kStaticList, HostCheck::kDynamicList, HostCheck::kStatus, HostCheck::kNone}) {
    if (HostCheckName(check) == text) return check;
  }
  return std::unexpected("pcmk_host_check '" + std::string(text) +
                         "' is not static-list, dynamic-list, status or none");
}

bool IsSafeAgentName(std::string_view name) {
  if (name.empty() || name == "." || name == "..") return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
  });
}

constexpr FenceAction kRenamable[] = {FenceAction::kOff,    FenceAction::kReboot,
                                      FenceAction::kOn,     FenceAction::kList,
                                      FenceAction::kStatus, FenceAction::kMonitor};

bool IsPlainWord(std::string_view word) {
  return !word.empty() && word.find_first_of("\r\n= \t") == std::string_view::npos;
}

// One pcmk_* attribute other than pcmk_host_check. Anything Keel does not implement is refused.
void ApplyPcmkAttribute(FenceDeviceConfig& device, const NvPair& pair, Errors& errors) {
  auto fail = [&](ErrorCode code, const std::string& message) {
    errors.push_back(Error{code, message, device.where});
  };
  const std::string& name = pair.name;
  if (name == "pcmk_host_list") {
    device.host_list = SplitHostList(pair.value);
    return;
  }
  if (name == "pcmk_host_map") {
    auto map = ParseHostMap(pair.value);
    if (map)
      device.host_map = std::move(*map);
    else
      fail(ErrorCode::kInvalid, map.error());
    return;
  }
  if (name == "pcmk_host_argument") {
    if (!IsPlainWord(pair.value)) fail(ErrorCode::kInvalid, name + " must be one plain word");
    device.host_argument = pair.value;
    return;
  }
  if (name == "pcmk_delay_base" || name == "pcmk_delay_max") {
    auto ms = ParseDurationMs(pair.value);
    if (!ms || *ms < 0) {
      fail(ErrorCode::kInvalid, name + " '" + pair.value + "' is not a duration");
      return;
    }
    (name == "pcmk_delay_base" ? device.delay_base_ms : device.delay_max_ms) = *ms;
    return;
  }
  for (FenceAction action : kRenamable) {
    const std::string prefix = "pcmk_" + std::string(FenceActionName(action));
    if (name == prefix + "_action") {
      if (!IsPlainWord(pair.value)) fail(ErrorCode::kInvalid, name + " must be one plain word");
      device.action_words[action] = pair.value;
      return;
    }
    if (name == prefix + "_timeout") {
      auto ms = ParseDurationMs(pair.value);
      if (!ms || *ms <= 0) {
        fail(ErrorCode::kInvalid, name + " '" + pair.value + "' is not a positive duration");
      } else {
        device.action_timeouts_ms[action] = *ms;
      }
      return;
    }
  }
  fail(ErrorCode::kNotSupported, "not supported: " + name);
}

}  // namespace

std::string_view HostCheckName(HostCheck check) {
  switch (check) {
    case HostCheck::kStaticList:
      return "static-list";
    case HostCheck::kDynamicList:
      return "dynamic-list";
    case HostCheck::kStatus:
      return "status";
    case HostCheck::kNone:
      return "none";
  }
  return "?";
}

std::expected<FenceDeviceConfig, Errors> FenceDeviceFromPrimitive(const Primitive& primitive,
                                                                  std::string_view source) {
  FenceDeviceConfig device;
  device.id = primitive.id;
  device.agent = primitive.type;
  device.where = Where(source, primitive.line) + " (" + primitive.id + ")";
  Errors errors;
  auto fail = [&](const std::string& message) {
    errors.push_back(Error{ErrorCode::kInvalid, message, device.where});
  };
  if (!IsSafeAgentName(primitive.type))
    fail("fence agent name '" + primitive.type + "' is not a plain file name");
  std::optional<std::string> check_text;
  for (const NvSet& set : primitive.instance_attributes) {
    if (set.rule) {
      errors.push_back(Error{ErrorCode::kNotSupported,
                             "not supported: rules in fence device attributes", device.where});
      continue;
    }
    for (const NvPair& pair : set.pairs) {
      if (pair.name == "pcmk_host_check") {
        check_text = pair.value;
      } else if (pair.name.starts_with("pcmk_")) {
        ApplyPcmkAttribute(device, pair, errors);
      } else {
        if ((pair.name + pair.value).find_first_of("\r\n") != std::string::npos) {
          fail("fence device parameter " + pair.name + " contains a line break");
        }
        device.params.push_back(AgentParam{pair.name, pair.value});
      }
    }
  }
  device.host_check = device.host_list.empty() && device.host_map.empty() ? HostCheck::kDynamicList
                                                                          : HostCheck::kStaticList;
  if (check_text) {
    auto check = ParseHostCheck(*check_text);
    if (check)
      device.host_check = *check;
    else
      fail(check.error());
  }
  if (!errors.empty()) return std::unexpected(std::move(errors));
  return device;
}

std::expected<std::vector<FenceDeviceConfig>, Errors> FenceDevicesFromConfig(
    const Configuration& config, std::string_view source) {
  std::vector<FenceDeviceConfig> devices;
  Errors errors;
  auto refuse_nested = [&](const Primitive& primitive, const std::string& parent) {
    if (primitive.resource_class != "stonith") return;
    errors.push_back(Error{ErrorCode::kNotSupported, "not supported: fence device inside " + parent,
                           Where(source, primitive.line) + " (" + primitive.id + ")"});
  };
  for (const Resource& resource : config.resources) {
    if (const auto* primitive = std::get_if<Primitive>(&resource)) {
      if (primitive->resource_class != "stonith") continue;
      auto device = FenceDeviceFromPrimitive(*primitive, source);
      if (device)
        devices.push_back(std::move(*device));
      else
        errors.insert(errors.end(), device.error().begin(), device.error().end());
    } else if (const auto* group = std::get_if<Group>(&resource)) {
      for (const Primitive& member : group->primitives) refuse_nested(member, "group " + group->id);
    } else if (const auto* clone = std::get_if<Clone>(&resource)) {
      if (const auto* child = std::get_if<Primitive>(&clone->child))
        refuse_nested(*child, "clone " + clone->id);
    }
  }
  if (!errors.empty()) return std::unexpected(std::move(errors));
  return devices;
}

std::string PlugFor(const FenceDeviceConfig& device, std::string_view target) {
  for (const auto& [node, plug] : device.host_map) {
    if (node == target) return plug;
  }
  return std::string(target);
}

std::string AgentActionWord(const FenceDeviceConfig& device, FenceAction action) {
  auto renamed = device.action_words.find(action);
  return renamed != device.action_words.end() ? renamed->second
                                              : std::string(FenceActionName(action));
}

int64_t FencingDelayMs(const FenceDeviceConfig& device, FenceAction action, std::string_view seed) {
  if (action != FenceAction::kOff && action != FenceAction::kReboot) return 0;
  int64_t delay = device.delay_base_ms;
  if (device.delay_max_ms > device.delay_base_ms) {
    uint64_t hash = 1469598103934665603ull;  // FNV-1a: stable across runs and machines
    for (char c : std::string(seed) + "/" + device.id) {
      hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    }
    delay += static_cast<int64_t>(
        hash % static_cast<uint64_t>(device.delay_max_ms - device.delay_base_ms + 1));
  }
  return delay;
}

std::expected<std::string, Error> DeviceStdin(const FenceDeviceConfig& device, FenceAction action,
                                              std::string_view target) {
  const bool device_wide = action == FenceAction::kList || action == FenceAction::kListStatus ||
                           action == FenceAction::kMonitor || action == FenceAction::kMetadata;
  const bool no_plug = device_wide || device.host_argument == "none";
  auto text = BuildAgentStdin(AgentActionWord(device, action), device.params,
                              no_plug ? "" : PlugFor(device, target), device_wide ? "" : target,
                              device.host_argument);
  if (!text) text.error().where = device.where + " " + text.error().where;
  return text;
}

Capability StaticCapability(const FenceDeviceConfig& device, std::string_view target) {
  switch (device.host_check) {
    case HostCheck::kNone:
      return Capability::kYes;
    case HostCheck::kDynamicList:
      return Capability::kAskList;
    case HostCheck::kStatus:
      return Capability::kAskStatus;
    case HostCheck::kStaticList:
      break;
  }
  for (const std::string& host : device.host_list) {
    if (host == target) return Capability::kYes;
  }
  for (const auto& entry : device.host_map) {
    if (entry.first == target) return Capability::kYes;
  }
  return Capability::kNo;
}

bool ListAllows(const FenceDeviceConfig& device, std::string_view target,
                const std::vector<ListedTarget>& list) {
  return ListIncludes(list, target) || ListIncludes(list, PlugFor(device, target));
}

Errors DevicesThatFenceNothing(const std::vector<FenceDeviceConfig>& devices,
                               const std::vector<std::string>& node_names) {
  Errors warnings;
  for (const FenceDeviceConfig& device : devices) {
    if (device.host_check != HostCheck::kStaticList) continue;
    bool any = false;
    for (const std::string& node : node_names)
      any |= StaticCapability(device, node) == Capability::kYes;
    if (!any) {
      warnings.push_back(Error{
          ErrorCode::kInvalid,
          "fence device " + device.id + " can fence no cluster node (pcmk_host_list/pcmk_host_map)",
          device.where});
    }
  }
  return warnings;
}

Errors CheckDeviceAgainstMetadata(const FenceDeviceConfig& device, const FenceMetadata& metadata) {
  Errors problems;
  auto reserved = [](std::string_view name) {
    return name == "action" || name == "plug" || name == "port" || name == "nodename";
  };
  for (const FenceParameter& parameter : metadata.parameters) {
    if (!parameter.required || !parameter.default_value.empty() || reserved(parameter.name))
      continue;
    bool given = std::any_of(device.params.begin(), device.params.end(),
                             [&](const AgentParam& p) { return p.name == parameter.name; });
    if (!given) {
      problems.push_back(Error{ErrorCode::kInvalid,
                               metadata.name + " needs parameter " + parameter.name, device.where});
    }
  }
  for (const AgentParam& param : device.params) {
    if (reserved(param.name) || metadata.Parameter(param.name) != nullptr) continue;
    problems.push_back(Error{ErrorCode::kNotFound,
                             metadata.name + " has no parameter " + param.name + " (ignored)",
                             device.where});
  }
  return problems;
}

}  // namespace keel
