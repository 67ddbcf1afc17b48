#include "xml/base/agent_spec.h"

#include <vector>

namespace keel {

std::string_view AgentClassName(AgentClass agent_class) {
  switch (agent_class) {
    case AgentClass::kOcf:
      return "ocf";
    case AgentClass::kLsb:
      return "lsb";
    case AgentClass::kHeartbeat:
      return "heartbeat";
    case AgentClass::kStonith:
      return "stonith";
  }
  return "?";
}

std::string AgentSpec::ToString() const {
  std::string out(AgentClassName(agent_class));
  if (agent_class == AgentClass::kOcf) out += ":" + provider;
  return out + ":" + type;
}

namespace {

// A name that is safe as one path component.
bool IsPlainName(std::string_view name) {
  return !name.empty() && name != "." && name != ".." && name.find('/') == std::string_view::npos &&
         name.find('\0') == std::string_view::npos;
}
}  // namespace

std::expected<AgentSpec, Error> ParseAgentSpec(std::string_view text) {
  auto fail = [&](std::string why) {
    return std::unexpected(
        Error{ErrorCode::kInvalid, "bad agent \"" + std::string(text) + "\": " + why, ""});
  };
  std::vector<std::string_view> parts;
  size_t begin = 0;
  while (parts.size() < 4) {
    size_t colon = text.find(':', begin);
    parts.push_back(text.substr(begin, colon - begin));
    if (colon == std::string_view::npos) break;
    begin = colon + 1;
  }
  AgentSpec spec;
  if (parts[0] == "ocf") {
    if (parts.size() != 3) return fail("expected ocf:PROVIDER:TYPE");
    if (!IsPlainName(parts[1])) return fail("bad provider");
    spec.provider = parts[1];
  } else if (parts[0] == "lsb" || parts[0] == "heartbeat" || parts[0] == "stonith") {
    if (parts.size() != 2) return fail("expected " + std::string(parts[0]) + ":TYPE");
    spec.agent_class = parts[0] == "lsb"         ? AgentClass::kLsb
                       : parts[0] == "heartbeat" ? AgentClass::kHeartbeat
                                                 : AgentClass::kStonith;
  } else if (parts[0] == "service" || parts[0] == "systemd" || parts[0] == "upstart" ||
             parts[0] == "nagios") {
    return std::unexpected(
        Error{ErrorCode::kNotSupported, "not supported: agent class " + std::string(parts[0]), ""});
  } else {
    return fail("unknown class \"" + std::string(parts[0]) + "\"");
  }
  if (!IsPlainName(parts.back())) return fail("bad type");
  spec.type = parts.back();
  return spec;
}

}  // namespace keel
