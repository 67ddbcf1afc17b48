#pragma once
// ocf:keel:IPVSDirector parameters: one virtual service, its real servers and their health
// checks in keepalived's terms. Parsing is pure; every bad parameter is reported.

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <vector>

#include "agents/meta_data.h"
#include "agents/ocf.h"

namespace keel {

enum class Forwarding { kNat, kDirect, kTunnel };
enum class CheckType { kTcp, kHttpGet, kMisc, kNone };
enum class IpvsBackend { kAuto, kNft, kIpvsadm };

struct RealServer {
  uint32_t ip = 0;
  uint16_t port = 0;
  int weight = 1;
  bool inhibit = false;  // named in inhibit_servers: kept with weight 0 while it fails
  friend bool operator==(const RealServer&, const RealServer&) = default;
};

struct IpvsConfig {
  uint32_t vip = 0;
  uint16_t port = 80;
  std::string protocol = "tcp";  // tcp | udp
  std::vector<RealServer> real_servers;
  std::string scheduler = "rr";
  Forwarding forwarding = Forwarding::kNat;
  bool masquerade = false;  // also source-NAT forwarded connections to the director's address
  int persistence_timeout_s = 0;  // 0: no persistence
  CheckType check = CheckType::kTcp;
  int check_port = 0;  // 0: the real server's port
  std::string http_path = "/";
  int http_status = 200;
  std::string http_digest;  // lower-case hex MD5 of the body; empty: not checked
  std::string misc_path;    // argv words; %ip and %port are replaced per real server
  bool misc_dynamic = false;
  int64_t delay_loop_ms = 5000;
  int retry = 3;
  int64_t connect_timeout_ms = 3000;
  int64_t warmup_ms = 0;
  bool inhibit_on_failure = false;
  std::optional<RealServer> sorry_server;
  int quorum = 1;
  int hysteresis = 0;
  IpvsBackend backend = IpvsBackend::kAuto;
};

// Schedulers the kernel's IPVS knows (ipvsadm -s).
bool KnownScheduler(const std::string& name);

const AgentDescription& IpvsDirectorSpec();

std::expected<IpvsConfig, Errors> ParseIpvsConfig(const OcfParams& params);

// "198.18.1.2:80:3" (weight optional, default 1) -> RealServer. `where` names the parameter.
std::expected<RealServer, Error> ParseRealServer(const std::string& text, const std::string& where);

// "ip:port".
std::string FormatEndpoint(uint32_t ip, uint16_t port);

// The nft table name for a resource instance: "keel_ipvs_<sanitized instance>".
std::string NftTableName(const std::string& instance);

}  // namespace keel
