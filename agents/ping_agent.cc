#include "agents/ping_agent.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <future>

#include "agents/ocf.h"
#include "agents/ping_config.h"
#include "agents/process.h"

namespace keel {
namespace {

constexpr const char* kAgent = "ping";
constexpr std::chrono::milliseconds kAttrdTimeout{20000};

// Present while the instance runs; holds the last value set, so a change is logged once.
std::string StatePath() { return StateDir() + "/keel-ping-" + InstanceName() + ".state"; }

bool Running() {
  std::error_code ec;
  return std::filesystem::exists(StatePath(), ec);
}

std::optional<int64_t> LastScore() {
  std::ifstream in(StatePath());
  int64_t score = 0;
  if (in >> score) return score;
  return std::nullopt;
}

std::expected<void, Error> WriteState(const std::string& text) {
  if (auto made = MakeDirs(StateDir()); !made) return made;
  const std::string path = StatePath(), tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << text;
    if (!out) return std::unexpected(Error{ErrorCode::kIo, "cannot write " + tmp, ""});
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    return std::unexpected(
        Error{ErrorCode::kIo, "cannot rename " + tmp + ": " + std::strerror(errno), ""});
  }
  return {};
}

std::expected<PingConfig, OcfResult> Load(const OcfParams& params) {
  auto config = ParsePingConfig(params);
  if (!config) return std::unexpected(Fail(OcfRc::kErrConfigured, JoinParamErrors(config.error())));
  return *config;
}

OcfResult CheckInstalled() {
  for (const char* program : {"ping", "attrd_updater"}) {
    if (auto found = FindExecutable(program); !found) {
      return Fail(OcfRc::kErrInstalled, found.error().message);
    }
  }
  return Ok();
}

// The `ping` binary rather than an ICMP socket: it works unprivileged (setcap or
// ping_group_range), resolves names and speaks IPv6, and each run is bounded by its deadline.
// Every host is pinged at once, so a round takes at most one PingTimeLimit.
std::vector<std::string> UnreachableHosts(const PingConfig& config) {
  std::vector<std::future<bool>> answers;
  for (const std::string& host : config.hosts) {
    answers.push_back(std::async(std::launch::async, [&config, host] {
      auto result = RunProcess(PingCommand(config, host), PingTimeLimit(config));
      return result && result->exit_code == 0;
    }));
  }
  std::vector<std::string> unreachable;
  for (size_t i = 0; i < answers.size(); ++i) {
    if (!answers[i].get()) unreachable.push_back(config.hosts[i]);
  }
  return unreachable;
}

std::string Describe(const ProcessResult& result) {
  if (result.timed_out) return "timed out";
  std::string text = result.signal != 0 ? "killed by signal " + std::to_string(result.signal)
                                        : "exit code " + std::to_string(result.exit_code);
  if (!result.err.empty()) text += ": " + result.err.substr(0, result.err.find('\n'));
  return text;
}

// Pings, sets the attribute, records the value. A failed attrd_updater is logged, not fatal:
// the next monitor sets the value again.
std::expected<int64_t, OcfResult> Update(const PingConfig& config) {
  std::vector<std::string> unreachable = UnreachableHosts(config);
  const int reachable = static_cast<int>(config.hosts.size() - unreachable.size());
  const int64_t score = PingScore(config, reachable);
  if (LastScore() != score) {
    std::string message = config.attribute + "=" + std::to_string(score) + ": " +
                          std::to_string(reachable) + " of " + std::to_string(config.hosts.size()) +
                          " hosts answer";
    for (size_t i = 0; i < unreachable.size(); ++i) {
      message += (i == 0 ? "; no answer from " : ", ") + unreachable[i];
    }
    LogInfo(kAgent, message);
  }
  auto set = RunProcess(AttrdUpdateCommand(config, score), kAttrdTimeout);
  if (!set) {
    LogError(kAgent, "cannot set " + config.attribute + ": " + set.error().message);
  } else if (set->exit_code != 0) {
    LogError(kAgent, "attrd_updater could not set " + config.attribute + ": " + Describe(*set));
  }
  if (auto written = WriteState(std::to_string(score) + "\n"); !written) {
    return std::unexpected(Fail(OcfRc::kErrGeneric, written.error().message));
  }
  return score;
}

OcfResult Validate(const OcfParams& params) {
  auto config = Load(params);
  return config ? CheckInstalled() : config.error();
}

OcfResult Start(const OcfParams& params) {
  auto config = Load(params);
  if (!config) return config.error();
  if (OcfResult installed = CheckInstalled(); installed.rc != OcfRc::kOk) return installed;
  auto score = Update(*config);
  return score ? Ok() : score.error();
}

OcfResult Monitor(const OcfParams& params) {
  if (!Running()) return Fail(OcfRc::kNotRunning, "not started");
  auto config = Load(params);
  if (!config) return config.error();
  if (OcfResult installed = CheckInstalled(); installed.rc != OcfRc::kOk) return installed;
  auto score = Update(*config);
  if (!score) return score.error();
  if (config->failure_score && *score < *config->failure_score) {
    return Fail(OcfRc::kErrGeneric, config->attribute + "=" + std::to_string(*score) +
                                        " is below failure_score " +
                                        std::to_string(*config->failure_score));
  }
  return Ok();
}

// Deletes the attribute (nodes without it are what `not_defined pingd` matches) and the state.
OcfResult Stop(const OcfParams& params) {
  if (auto config = Load(params)) {
    auto deleted = RunProcess(AttrdDeleteCommand(*config), kAttrdTimeout);
    if (!deleted || deleted->exit_code != 0) {
      LogError(kAgent, "cannot delete " + config->attribute + ": " +
                           (deleted ? Describe(*deleted) : deleted.error().message));
    }
  }
  std::error_code ec;
  std::filesystem::remove(StatePath(), ec);
  if (ec) return Fail(OcfRc::kErrGeneric, "cannot remove " + StatePath() + ": " + ec.message());
  return Ok();
}

}  // namespace

int PingMain(int argc, char** argv) {
  return RunAgent(PingSpec(),
                  {{"start", Start},
                   {"stop", Stop},
                   {"monitor", Monitor},
                   {"status", Monitor},
                   {"validate-all", Validate}},
                  argc, argv);
}

}  // namespace keel
