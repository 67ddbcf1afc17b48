#pragma once
// HAProxy's master CLI: parsing its answers (pure) and asking it (unix socket).

#include <chrono>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "xml/base/error.h"

namespace keel {

struct HaproxyProcess {
  int pid = 0;
  std::string type;  // "master" or "worker"
  int reloads = 0;
};

// `show proc` output: the master and worker lines (programs are skipped).
std::vector<HaproxyProcess> ParseShowProc(std::string_view output);

struct FrontendStatus {
  std::string name;
  std::string status;  // "OPEN", "STOP", "FULL", ...
};

// `show stat` CSV: one entry per FRONTEND row.
std::vector<FrontendStatus> ParseFrontends(std::string_view csv);

// Sends "<command>; quit" to the master CLI socket at `path` and returns the whole answer.
std::expected<std::string, Error> MasterCli(const std::string& path, const std::string& command,
                                            std::chrono::milliseconds timeout);

}  // namespace keel
