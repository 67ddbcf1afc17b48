#include "agents/ipvs_config.h"

#include <algorithm>
#include <sstream>

#include "agents/ipv4.h"

namespace keel {
namespace {

const ParamSpec kParams[] = {
    {"vip", "Virtual IP", "IPv4 address of the virtual service.", "string", "", true, false},
    {"port", "Virtual port", "Port of the virtual service (1-65535).", "integer", "80", false,
     false},
    {"protocol", "Protocol", "tcp or udp.", "string", "tcp", false, false},
    {"real_servers", "Real servers",
     "Space- or comma-separated list of ip:port[:weight] (weight 0-65535, default 1).", "string",
     "", true, false},
    {"scheduler", "Scheduler",
     "IPVS scheduler: rr wrr lc wlc lblc lblcr dh sh sed nq fo ovf mh twos. The nft backend "
     "implements rr, wrr, sh and dh.",
     "string", "rr", false, false},
    {"forwarding", "Forwarding method",
     "NAT (masquerading), DR (direct routing) or TUN (IP-in-IP). The nft backend implements NAT.",
     "string", "NAT", false, false},
    {"masquerade", "Source NAT",
     "When true, forwarded connections also leave with the director's own address as source, "
     "so that real servers on the clients' own network (or without a route back through the "
     "director) answer through it. The real servers then see the director's address, not the "
     "client's. nft backend only.",
     "boolean", "false", false, false},
    {"persistence_timeout", "Persistence timeout",
     "Seconds a client sticks to the same real server (0: none). ipvsadm backend only.", "integer",
     "0", false, false},
    {"check_type", "Health check",
     "HTTP_GET, TCP_CHECK, MISC_CHECK or NONE (keepalived's checkers).", "string", "TCP_CHECK",
     false, false},
    {"check_port", "Check port", "Port to check (0: the real server's port).", "integer", "0",
     false, false},
    {"http_path", "HTTP_GET path", "Path requested by HTTP_GET.", "string", "/", false, false},
    {"http_status", "HTTP_GET status", "Status code HTTP_GET expects.", "integer", "200", false,
     false},
    {"http_digest", "HTTP_GET digest",
     "Hex MD5 digest the response body must have (empty: not checked).", "string", "", false,
     false},
    {"misc_path", "MISC_CHECK program",
     "Program and arguments, split on spaces, never run through a shell; %ip and %port are "
     "replaced by the real server's address and port.",
     "string", "", false, false},
    {"misc_dynamic", "MISC_CHECK dynamic weight",
     "When true the exit code sets the weight: 0 success (weight unchanged), 1 failure, 2-255 "
     "success with weight = code - 2.",
     "boolean", "false", false, false},
    {"delay_loop", "Check interval", "Time between two checks of a real server.", "time", "5s",
     false, false},
    {"retry", "Retries", "Consecutive failed checks before a real server leaves the rotation.",
     "integer", "3", false, false},
    {"connect_timeout", "Check timeout", "Timeout of one check (connect, request, script).", "time",
     "3s", false, false},
    {"warmup", "Warmup",
     "The first checks are spread over this time after start instead of all running at once.",
     "time", "0", false, false},
    {"inhibit_on_failure", "Inhibit on failure",
     "Keep a failed real server with weight 0 instead of removing it.", "boolean", "false", false,
     false},
    {"inhibit_servers", "Inhibit on failure, per real server",
     "Space- or comma-separated ip:port of real servers (each in real_servers) kept with weight 0 "
     "while they fail, as keepalived's inhibit_on_failure inside one real_server; the others "
     "are removed. inhibit_on_failure=true does this for every real server.",
     "string", "", false, false},
    {"sorry_server", "Sorry server",
     "ip:port that receives the traffic when quorum is lost or every real server is down.",
     "string", "", false, false},
    {"quorum", "Quorum", "Minimum sum of the weights of live real servers.", "integer", "1", false,
     false},
    {"hysteresis", "Hysteresis",
     "Quorum is lost below quorum - hysteresis and regained at quorum + hysteresis.", "integer",
     "0", false, false},
    {"backend", "Backend", "auto (ipvsadm when /proc/net/ip_vs exists, else nft), nft or ipvsadm.",
     "string", "auto", false, false},
};

std::vector<std::string> SplitList(const std::string& text) {
  std::string spaced = text;
  std::replace(spaced.begin(), spaced.end(), ',', ' ');
  std::istringstream in(spaced);
  std::vector<std::string> words;
  for (std::string word; in >> word;) words.push_back(word);
  return words;
}

// Adds `error` to `errors` when `result` failed; returns the value or `fallback`.
template <typename T>
T Take(std::expected<T, Error> result, T fallback, Errors& errors) {
  if (result) return *result;
  errors.push_back(result.error());
  return fallback;
}

void ParseChecks(const OcfParams& params, IpvsConfig& config, Errors& errors) {
  std::string check = params.Get("check_type", "TCP_CHECK");
  if (check == "TCP_CHECK") config.check = CheckType::kTcp;
  else if (check == "HTTP_GET") config.check = CheckType::kHttpGet;
  else if (check == "MISC_CHECK") config.check = CheckType::kMisc;
  else if (check == "NONE") config.check = CheckType::kNone;
  else errors.push_back({ErrorCode::kInvalid, "unknown check type '" + check + "'", "check_type"});
  config.check_port = static_cast<int>(
      Take(ParseIntParam("check_port", params.Get("check_port", "0"), 0, 65535), int64_t{0}, errors));
  config.http_path = params.Get("http_path", "/");
  if (config.http_path[0] != '/' ||
      config.http_path.find_first_of(" \r\n\t") != std::string::npos) {
    errors.push_back({ErrorCode::kInvalid, "must start with / and hold no spaces", "http_path"});
  }
  config.http_status = static_cast<int>(
      Take(ParseIntParam("http_status", params.Get("http_status", "200"), 100, 599), int64_t{200},
           errors));
  config.http_digest = params.Get("http_digest");
  if (!config.http_digest.empty() &&
      (config.http_digest.size() != 32 ||
       config.http_digest.find_first_not_of("0123456789abcdef") != std::string::npos)) {
    errors.push_back({ErrorCode::kInvalid, "must be 32 lower-case hex digits", "http_digest"});
  }
  config.misc_path = params.Get("misc_path");
  if (config.check == CheckType::kMisc && config.misc_path.empty()) {
    errors.push_back({ErrorCode::kInvalid, "MISC_CHECK needs misc_path", "misc_path"});
  }
  config.misc_dynamic =
      Take(ParseBoolParam("misc_dynamic", params.Get("misc_dynamic", "false")), false, errors);
  config.delay_loop_ms = Take(
      ParseDurationParam("delay_loop", params.Get("delay_loop", "5s"), 100, 3600000), int64_t{5000},
      errors);
  config.retry = static_cast<int>(
      Take(ParseIntParam("retry", params.Get("retry", "3"), 1, 100), int64_t{3}, errors));
  config.connect_timeout_ms =
      Take(ParseDurationParam("connect_timeout", params.Get("connect_timeout", "3s"), 10, 600000),
           int64_t{3000}, errors);
  config.warmup_ms = Take(
      ParseDurationParam("warmup", params.Get("warmup", "0"), 0, 3600000), int64_t{0}, errors);
}

void ParseService(const OcfParams& params, IpvsConfig& config, Errors& errors) {
  if (!params.Has("vip")) {
    errors.push_back({ErrorCode::kInvalid, "required parameter is missing", "vip"});
  } else if (auto vip = ParseIpv4(params.Get("vip")); !vip) {
    errors.push_back({ErrorCode::kInvalid, vip.error().message, "vip"});
  } else {
    config.vip = *vip;
  }
  config.port = static_cast<uint16_t>(
      Take(ParseIntParam("port", params.Get("port", "80"), 1, 65535), int64_t{80}, errors));
  config.protocol = params.Get("protocol", "tcp");
  if (config.protocol != "tcp" && config.protocol != "udp") {
    errors.push_back({ErrorCode::kInvalid, "must be tcp or udp", "protocol"});
  }
  if (!params.Has("real_servers")) {
    errors.push_back({ErrorCode::kInvalid, "required parameter is missing", "real_servers"});
  }
  for (const std::string& word : SplitList(params.Get("real_servers"))) {
    auto server = ParseRealServer(word, "real_servers");
    if (!server) {
      errors.push_back(server.error());
    } else if (std::any_of(config.real_servers.begin(), config.real_servers.end(),
                           [&](const RealServer& other) {
                             return other.ip == server->ip && other.port == server->port;
                           })) {
      errors.push_back({ErrorCode::kInvalid, "duplicate real server " + word, "real_servers"});
    } else {
      config.real_servers.push_back(*server);
    }
  }
  config.scheduler = params.Get("scheduler", "rr");
  if (!KnownScheduler(config.scheduler)) {
    errors.push_back(
        {ErrorCode::kInvalid, "unknown scheduler '" + config.scheduler + "'", "scheduler"});
  }
  std::string forwarding = params.Get("forwarding", "NAT");
  if (forwarding == "NAT") config.forwarding = Forwarding::kNat;
  else if (forwarding == "DR") config.forwarding = Forwarding::kDirect;
  else if (forwarding == "TUN") config.forwarding = Forwarding::kTunnel;
  else errors.push_back({ErrorCode::kInvalid, "must be NAT, DR or TUN", "forwarding"});
  config.persistence_timeout_s = static_cast<int>(Take(
      ParseIntParam("persistence_timeout", params.Get("persistence_timeout", "0"), 0, 31536000),
      int64_t{0}, errors));
}

// inhibit_servers: each entry must be one of real_servers (a typo must not leave a server
// removed that the operator meant to keep).
void ParseInhibitServers(const OcfParams& params, IpvsConfig& config, Errors& errors) {
  for (const std::string& word : SplitList(params.Get("inhibit_servers"))) {
    auto named = ParseRealServer(word, "inhibit_servers");
    if (!named) {
      errors.push_back({ErrorCode::kInvalid, "not ip:port: '" + word + "'", "inhibit_servers"});
      continue;
    }
    auto server = std::find_if(
        config.real_servers.begin(), config.real_servers.end(),
        [&](const RealServer& s) { return s.ip == named->ip && s.port == named->port; });
    if (server == config.real_servers.end()) {
      errors.push_back(
          {ErrorCode::kInvalid, "'" + word + "' is not one of real_servers", "inhibit_servers"});
    } else {
      server->inhibit = true;
    }
  }
}

}  // namespace

bool KnownScheduler(const std::string& name) {
  static const char* const kSchedulers[] = {"rr",  "wrr", "lc", "wlc", "lblc", "lblcr", "dh",
                                            "sh",  "sed", "nq", "fo",  "ovf",  "mh",    "twos"};
  return std::find(std::begin(kSchedulers), std::end(kSchedulers), name) != std::end(kSchedulers);
}

const AgentDescription& IpvsDirectorSpec() {
  static const AgentDescription spec{
      .name = "IPVSDirector",
      .version = "1.0",
      .shortdesc = "LVS virtual service with health-checked real servers (Keel)",
      .longdesc = "One virtual service (vip:port) balanced over real servers, either with the "
                  "kernel's IPVS (ipvsadm) or, on kernels without ip_vs, with nftables DNAT. "
                  "start launches a health checker (keel-ipvs-checker) that probes the real "
                  "servers in keepalived's terms and rewrites the rules when the healthy set "
                  "changes; stop ends it and removes the rules.",
      .params = std::vector<ParamSpec>(std::begin(kParams), std::end(kParams)),
      .actions = {{"start", "20s", ""},
                  {"stop", "20s", ""},
                  {"monitor", "20s", "10s"},
                  {"validate-all", "20s", ""},
                  {"meta-data", "5s", ""}},
  };
  return spec;
}

std::expected<RealServer, Error> ParseRealServer(const std::string& text,
                                                 const std::string& where) {
  Error bad{ErrorCode::kInvalid, "not ip:port[:weight]: '" + text + "'", where};
  size_t first = text.find(':');
  if (first == std::string::npos) return std::unexpected(bad);
  size_t second = text.find(':', first + 1);
  auto ip = ParseIpv4(text.substr(0, first));
  std::string port_text = text.substr(first + 1, second == std::string::npos ? std::string::npos
                                                                               : second - first - 1);
  auto port = ParseIntParam(where, port_text, 1, 65535);
  if (!ip || !port) return std::unexpected(bad);
  RealServer server{*ip, static_cast<uint16_t>(*port), 1};
  if (second != std::string::npos) {
    auto weight = ParseIntParam(where, text.substr(second + 1), 0, 65535);
    if (!weight) return std::unexpected(bad);
    server.weight = static_cast<int>(*weight);
  }
  return server;
}

std::string FormatEndpoint(uint32_t ip, uint16_t port) {
  return FormatIpv4(ip) + ":" + std::to_string(port);
}

std::string NftTableName(const std::string& instance) {
  std::string name = "keel_ipvs_" + SanitizeInstance(instance);
  std::replace(name.begin(), name.end(), '.', '_');
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
}

std::expected<IpvsConfig, Errors> ParseIpvsConfig(const OcfParams& params) {
  IpvsConfig config;
  Errors errors;
  ParseService(params, config, errors);
  ParseChecks(params, config, errors);
  config.masquerade =
      Take(ParseBoolParam("masquerade", params.Get("masquerade", "false")), false, errors);
  config.inhibit_on_failure = Take(
      ParseBoolParam("inhibit_on_failure", params.Get("inhibit_on_failure", "false")), false,
      errors);
  ParseInhibitServers(params, config, errors);
  if (params.Has("sorry_server")) {
    auto sorry = ParseRealServer(params.Get("sorry_server"), "sorry_server");
    if (sorry) config.sorry_server = *sorry;
    else errors.push_back(sorry.error());
  }
  config.quorum = static_cast<int>(
      Take(ParseIntParam("quorum", params.Get("quorum", "1"), 0, 1 << 24), int64_t{1}, errors));
  config.hysteresis = static_cast<int>(Take(
      ParseIntParam("hysteresis", params.Get("hysteresis", "0"), 0, 1 << 24), int64_t{0}, errors));
  std::string backend = params.Get("backend", "auto");
  if (backend == "auto") config.backend = IpvsBackend::kAuto;
  else if (backend == "nft") config.backend = IpvsBackend::kNft;
  else if (backend == "ipvsadm") config.backend = IpvsBackend::kIpvsadm;
  else errors.push_back({ErrorCode::kInvalid, "must be auto, nft or ipvsadm", "backend"});
  if (!errors.empty()) return std::unexpected(errors);
  return config;
}

}  // namespace keel
