#pragma once
// ocf:keel:ping parameters, the attribute value and the commands the agent runs. Pure.
//
// The parameters are those ocf:pacemaker:ping documents (host_list, name, multiplier, dampen,
// attempts, timeout, failure_score); its `options` and `use_fping` are refused as not
// supported.

#include <chrono>
#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <vector>

#include "agents/meta_data.h"
#include "agents/ocf.h"

namespace keel {

struct PingConfig {
  std::vector<std::string> hosts;  // addresses or names, none starting with '-'
  std::string attribute = "pingd";
  int64_t multiplier = 1;
  int64_t dampen_ms = 5000;
  int attempts = 3;                      // echo requests per host before it counts as unreachable
  int timeout_s = 2;                     // seconds each request is given
  std::optional<int64_t> failure_score;  // monitor fails below it; nullopt: never
};

// The agent's description (parameters with defaults, actions) for meta-data.
const AgentDescription& PingSpec();

// Parses the parameters (defaults already filled in); reports every bad one (`where` = the
// parameter's name).
std::expected<PingConfig, Errors> ParsePingConfig(const OcfParams& params);

// The attribute's value: multiplier x reachable hosts.
int64_t PingScore(const PingConfig& config, int reachable);

// `ping` for one host: one reply ends it (exit 0); `attempts` requests, one every `timeout_s`
// seconds, and no reply by attempts x timeout_s exits non-zero.
std::vector<std::string> PingCommand(const PingConfig& config, const std::string& host);
// How long PingCommand may run before it is killed (its own deadline plus a margin).
std::chrono::milliseconds PingTimeLimit(const PingConfig& config);

// attrd_updater setting the attribute to `score` with the dampening delay, and deleting it.
std::vector<std::string> AttrdUpdateCommand(const PingConfig& config, int64_t score);
std::vector<std::string> AttrdDeleteCommand(const PingConfig& config);

}  // namespace keel
