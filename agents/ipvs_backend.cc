#include "agents/ipvs_backend.h"

#include <unistd.h>

#include "agents/ipvsadm_commands.h"
#include "agents/nft_ruleset.h"
#include "agents/process.h"

namespace keel {
namespace {

constexpr std::chrono::milliseconds kToolTimeout{5000};

std::expected<void, Error> Run(const std::vector<std::string>& argv, std::string_view input = {}) {
  auto result = RunProcess(argv, kToolTimeout, input);
  if (!result) return std::unexpected(result.error());
  if (result->exit_code != 0) {
    return std::unexpected(Error{ErrorCode::kIo,
                                 "'" + FormatCommandLine(argv) + "' failed: " + result->err, ""});
  }
  return {};
}

}  // namespace

std::expected<BackendChoice, Error> ChooseBackend(const IpvsConfig& config) {
  BackendChoice choice;
  if (config.backend == IpvsBackend::kAuto) {
    bool has_ipvs = access("/proc/net/ip_vs", F_OK) == 0;
    choice.backend = has_ipvs ? IpvsBackend::kIpvsadm : IpvsBackend::kNft;
    choice.reason = has_ipvs ? "ipvsadm (auto: /proc/net/ip_vs exists)"
                             : "nft (auto: no /proc/net/ip_vs, the kernel has no ip_vs)";
  } else {
    choice.backend = config.backend;
    choice.reason = config.backend == IpvsBackend::kNft ? "nft (configured)"
                                                        : "ipvsadm (configured)";
  }
  const char* tool = choice.backend == IpvsBackend::kNft ? "nft" : "ipvsadm";
  if (auto found = FindExecutable(tool); !found) return std::unexpected(found.error());
  if (choice.backend == IpvsBackend::kNft) {
    if (auto supported = CheckNftSupport(config); !supported) {
      return std::unexpected(supported.error());
    }
  } else if (config.masquerade) {
    return std::unexpected(Error{ErrorCode::kNotSupported,
                                 "not supported by the ipvsadm backend: masquerade=true (use "
                                 "backend=nft)",
                                 "masquerade"});
  }
  return choice;
}

std::expected<void, Error> ApplyRules(IpvsBackend backend, const IpvsConfig& config,
                                      const std::string& table,
                                      const std::vector<Destination>& before,
                                      const std::vector<Destination>& after, bool first) {
  if (backend == IpvsBackend::kNft) {
    return Run({"nft", "-f", "-"}, NftRuleset(config, table, after));
  }
  std::vector<CommandLine> commands;
  if (first) {
    (void)RemoveRules(backend, config, table);
    commands = IpvsadmCreate(config, after);
  } else {
    commands = IpvsadmUpdate(config, before, after);
  }
  for (const CommandLine& command : commands) {
    if (auto done = Run(command); !done) return done;
  }
  return {};
}

std::expected<void, Error> RemoveRules(IpvsBackend backend, const IpvsConfig& config,
                                       const std::string& table) {
  if (!RulesPresent(backend, config, table)) return {};
  if (backend == IpvsBackend::kNft) return Run({"nft", "-f", "-"}, NftDeleteTable(table));
  return Run(IpvsadmDelete(config)[0]);
}

bool RulesPresent(IpvsBackend backend, const IpvsConfig& config, const std::string& table) {
  std::vector<std::string> argv =
      backend == IpvsBackend::kNft
          ? std::vector<std::string>{"nft", "list", "table", "ip", table}
          : std::vector<std::string>{"ipvsadm", "-Ln", config.protocol == "udp" ? "-u" : "-t",
                                     FormatEndpoint(config.vip, config.port)};
  auto result = RunProcess(argv, kToolTimeout);
  return result && result->exit_code == 0;
}

}  // namespace keel
