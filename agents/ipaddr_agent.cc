#include "agents/ipaddr_agent.h"

#include <net/if.h>

#include "agents/garp.h"
#include "agents/ipaddr_config.h"
#include "agents/process.h"

namespace keel {
namespace {

constexpr std::chrono::milliseconds kIpTimeout{5000};

std::expected<std::string, OcfResult> RunIp(const std::vector<std::string>& args) {
  std::vector<std::string> argv{"ip"};
  argv.insert(argv.end(), args.begin(), args.end());
  auto result = RunProcess(argv, kIpTimeout);
  if (!result) {
    return std::unexpected(Fail(result.error().code == ErrorCode::kNotFound
                                    ? OcfRc::kErrInstalled
                                    : OcfRc::kErrGeneric,
                                result.error().ToString()));
  }
  if (result->exit_code != 0) {
    std::string command = "ip";
    for (const std::string& arg : args) command += " " + arg;
    return std::unexpected(Fail(OcfRc::kErrGeneric, "'" + command + "' failed: " + result->err));
  }
  return result->out;
}

// Parses and resolves the parameters; every problem -> OCF_ERR_CONFIGURED.
std::expected<IpaddrConfig, OcfResult> LoadConfig(const OcfParams& params) {
  auto config = ParseIpaddrConfig(params);
  if (!config) return std::unexpected(Fail(OcfRc::kErrConfigured, JoinParamErrors(config.error())));
  // The routes only fill in a nic or netmask left out: one process less on a failover.
  std::vector<RouteEntry> routes;
  if (config->nic.empty() || config->prefix < 0) {
    auto shown = RunIp({"-o", "-4", "route", "show", "table", "main"});
    if (!shown) return std::unexpected(shown.error());
    routes = ParseRoutes(*shown);
  }
  auto resolved = ResolveIpaddrConfig(*config, routes);
  if (!resolved) return std::unexpected(Fail(OcfRc::kErrConfigured, resolved.error().ToString()));
  if (if_nametoindex(resolved->nic.c_str()) == 0) {
    return std::unexpected(
        Fail(OcfRc::kErrConfigured, "nic: no such interface: '" + resolved->nic + "'"));
  }
  return *resolved;
}

// 0 when the address is on the configured nic, 7 when absent, 1 when it is elsewhere.
OcfResult Status(const IpaddrConfig& config) {
  auto output = RunIp({"-o", "-4", "addr", "show"});
  if (!output) return output.error();
  for (const AddressEntry& entry : ParseAddresses(*output)) {
    if (entry.address != config.ip) continue;
    if (entry.dev == config.nic) return Ok();
    return Fail(OcfRc::kErrGeneric,
                FormatIpv4(config.ip) + " is on " + entry.dev + ", not on " + config.nic);
  }
  return Fail(OcfRc::kNotRunning, FormatIpv4(config.ip) + " is not configured");
}

OcfResult Validate(const OcfParams& params) {
  auto config = LoadConfig(params);
  return config ? Ok() : config.error();
}

OcfResult Monitor(const OcfParams& params) {
  auto config = LoadConfig(params);
  if (!config) {
    // An address on an interface that does not exist is not running there.
    if (config.error().rc == OcfRc::kErrConfigured && ParseIpaddrConfig(params)) {
      return Fail(OcfRc::kNotRunning, config.error().reason);
    }
    return config.error();
  }
  return Status(*config);
}

OcfResult Start(const OcfParams& params) {
  auto config = LoadConfig(params);
  if (!config) return config.error();
  OcfResult status = Status(*config);
  if (status.rc == OcfRc::kOk) return Ok();
  if (status.rc != OcfRc::kNotRunning) return status;
  std::string cidr = FormatIpv4(config->ip) + "/" + std::to_string(config->prefix);
  std::vector<std::string> args{"-4", "addr", "add", cidr, "dev", config->nic, "brd",
                                config->broadcast.empty() ? "+" : config->broadcast};
  if (!config->label.empty()) {
    args.push_back("label");
    args.push_back(config->nic + ":" + config->label);
  }
  if (auto added = RunIp(args); !added) return added.error();
  auto announced = AnnounceAddress(config->nic, config->ip, config->arp_count,
                                   config->arp_interval_ms);
  if (!announced) {
    LogError("IPaddr", "gratuitous ARP not sent: " + announced.error().ToString());
  }
  return Ok();
}

OcfResult Stop(const OcfParams& params) {
  auto config = LoadConfig(params);
  if (!config) {
    // With a valid address but no usable interface there is nothing to remove.
    if (config.error().rc == OcfRc::kErrConfigured && ParseIpaddrConfig(params)) return Ok();
    return config.error();
  }
  OcfResult status = Status(*config);
  if (status.rc == OcfRc::kNotRunning) return Ok();
  if (status.rc != OcfRc::kOk) return status;
  std::string cidr = FormatIpv4(config->ip) + "/" + std::to_string(config->prefix);
  if (auto removed = RunIp({"-4", "addr", "del", cidr, "dev", config->nic}); !removed) {
    return removed.error();
  }
  return Ok();
}

}  // namespace

int IpaddrMain(int argc, char** argv) {
  return RunAgent(IpaddrSpec(),
                  {{"start", Start},
                   {"stop", Stop},
                   {"monitor", Monitor},
                   {"status", Monitor},
                   {"validate-all", Validate}},
                  argc, argv);
}

}  // namespace keel
