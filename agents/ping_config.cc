#include "agents/ping_config.h"

#include <algorithm>
#include <cctype>
#include <limits>
#include <sstream>

namespace keel {

namespace {

constexpr size_t kMaxHosts = 32;
constexpr size_t kMaxHostLength = 253;
constexpr size_t kMaxNameLength = 256;

bool IsAlnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

// A DNS name, an IPv4 address or an IPv6 one (with a %zone): never an option for `ping`.
bool ValidHost(const std::string& host) {
  if (host.empty() || host.size() > kMaxHostLength || host[0] == '-') return false;
  return std::all_of(host.begin(), host.end(), [](char c) {
    return IsAlnum(c) || c == '.' || c == '-' || c == ':' || c == '_' || c == '%';
  });
}

// Something a location rule can name: letters, digits and _ . - : #, not starting with '-'.
bool ValidAttributeName(const std::string& name) {
  if (name.empty() || name.size() > kMaxNameLength || name[0] == '-') return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return IsAlnum(c) || c == '_' || c == '.' || c == '-' || c == ':' || c == '#';
  });
}

void ParseHosts(const OcfParams& params, PingConfig& config, Errors& errors) {
  if (!params.Has("host_list")) {
    errors.push_back({ErrorCode::kInvalid, "required parameter is missing", "host_list"});
    return;
  }
  std::istringstream words(params.Get("host_list"));
  for (std::string host; words >> host;) {
    if (!ValidHost(host)) {
      errors.push_back(
          {ErrorCode::kInvalid, "not a host name or address: '" + host + "'", "host_list"});
    } else if (std::find(config.hosts.begin(), config.hosts.end(), host) == config.hosts.end()) {
      config.hosts.push_back(host);
    }
  }
  if (config.hosts.empty() && errors.empty()) {
    errors.push_back({ErrorCode::kInvalid, "no host given", "host_list"});
  }
  if (config.hosts.size() > kMaxHosts) {
    errors.push_back(
        {ErrorCode::kInvalid,
         std::to_string(config.hosts.size()) + " hosts; at most " + std::to_string(kMaxHosts),
         "host_list"});
  }
}

}  // namespace

const AgentDescription& PingSpec() {
  static const AgentDescription spec{
      .name = "ping",
      .version = "1.0",
      .shortdesc = "Host reachability as a node attribute (Keel)",
      .longdesc =
          "Every monitor pings each host of host_list from this node and sets the transient "
          "node attribute `name` to multiplier x the number of hosts that answered, through "
          "attrd_updater with the dampening delay `dampen`. start sets it, stop deletes it. "
          "A location rule such as 'location vip-on-uplink vip rule -inf: not_defined pingd "
          "or pingd lte 0' keeps a resource off nodes that reach none of the hosts. The "
          "monitor interval is the ping interval.",
      .params =
          {
              {"host_list", "Hosts to ping",
               "Space-separated host names or addresses to ping (gateway, upstream routers).",
               "string", "", true, false},
              {"name", "Attribute name", "The node attribute to set; location rules use it.",
               "string", "pingd", false, false},
              {"multiplier", "Multiplier",
               "The attribute's value is this number times the reachable hosts.", "integer", "1",
               false, false},
              {"dampen", "Dampening delay",
               "How long a changed value waits before it is written (attrd_updater -d), so that "
               "every node's change lands in one transition.",
               "time", "5s", false, false},
              {"attempts", "Attempts",
               "Echo requests sent to a host before it counts as unreachable (1-10).", "integer",
               "3", false, false},
              {"timeout", "Timeout", "Seconds each echo request waits for its reply (1-60).",
               "integer", "2", false, false},
              {"failure_score", "Failure score",
               "monitor fails (OCF_ERR_GENERIC) when the value is below this. Default: never.",
               "integer", "", false, false},
          },
      .actions = {{"start", "60s", ""},
                  {"stop", "20s", ""},
                  {"monitor", "60s", "10s"},
                  {"validate-all", "20s", ""},
                  {"meta-data", "5s", ""}},
  };
  return spec;
}

std::expected<PingConfig, Errors> ParsePingConfig(const OcfParams& params) {
  PingConfig config;
  Errors errors;
  for (const char* refused : {"options", "use_fping"}) {
    if (params.Has(refused)) {
      errors.push_back({ErrorCode::kNotSupported,
                        std::string("not supported: ") + refused + " (ocf:pacemaker:ping's)",
                        refused});
    }
  }
  ParseHosts(params, config, errors);
  config.attribute = params.Get("name", "pingd");
  if (!ValidAttributeName(config.attribute)) {
    errors.push_back(
        {ErrorCode::kInvalid,
         "not an attribute name (letters, digits, _ . - : #): '" + config.attribute + "'", "name"});
  }
  if (auto m = ParseIntParam("multiplier", params.Get("multiplier", "1"), 1, 1'000'000)) {
    config.multiplier = *m;
  } else {
    errors.push_back(m.error());
  }
  if (auto d = ParseDurationParam("dampen", params.Get("dampen", "5s"), 0, 3'600'000)) {
    config.dampen_ms = *d;
  } else {
    errors.push_back(d.error());
  }
  if (auto a = ParseIntParam("attempts", params.Get("attempts", "3"), 1, 10)) {
    config.attempts = static_cast<int>(*a);
  } else {
    errors.push_back(a.error());
  }
  if (auto t = ParseIntParam("timeout", params.Get("timeout", "2"), 1, 60)) {
    config.timeout_s = static_cast<int>(*t);
  } else {
    errors.push_back(t.error());
  }
  if (params.Has("failure_score")) {
    auto f = ParseIntParam("failure_score", params.Get("failure_score"), 0,
                           std::numeric_limits<int32_t>::max());
    if (f)
      config.failure_score = *f;
    else
      errors.push_back(f.error());
  }
  if (!errors.empty()) return std::unexpected(errors);
  return config;
}

int64_t PingScore(const PingConfig& config, int reachable) {
  return config.multiplier * std::max(reachable, 0);
}

std::vector<std::string> PingCommand(const PingConfig& config, const std::string& host) {
  const int deadline_s = config.attempts * config.timeout_s;
  return {"ping",
          "-n",
          "-q",
          "-c",
          "1",
          "-i",
          std::to_string(config.timeout_s),
          "-w",
          std::to_string(deadline_s),
          host};
}

std::chrono::milliseconds PingTimeLimit(const PingConfig& config) {
  return std::chrono::milliseconds(int64_t{config.attempts} * config.timeout_s * 1000 + 2000);
}

std::vector<std::string> AttrdUpdateCommand(const PingConfig& config, int64_t score) {
  return {"attrd_updater",
          "-n",
          config.attribute,
          "-v",
          std::to_string(score),
          "-d",
          std::to_string(config.dampen_ms) + "ms"};
}

std::vector<std::string> AttrdDeleteCommand(const PingConfig& config) {
  return {"attrd_updater",  "-D", "-n",
          config.attribute, "-d", std::to_string(config.dampen_ms) + "ms"};
}

}  // namespace keel
