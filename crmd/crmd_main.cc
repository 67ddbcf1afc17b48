// crmd: Keel's per-node daemon. Parses options, sets up logging, runs the daemon.

#include <malloc.h>
#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <string_view>
#include <vector>

#include "crmd/crmd_args.h"
#include "crmd/daemon.h"
#include "crmd/log.h"

namespace {

// The installed tool directory when it holds the tools, else the build tree's (crmd run from
// the build), else the installed one.
std::string DefaultToolDir() {
  std::error_code ec;
  for (const char* dir : {KEEL_TOOL_DIR, KEEL_BUILD_TOOL_DIR}) {
    if (std::filesystem::exists(std::string(dir) + "/attrd_updater", ec)) return dir;
  }
  return KEEL_TOOL_DIR;
}

}  // namespace

int main(int argc, char** argv) {
  // A fixed mmap threshold: libqb gives every IPC connection a receive buffer of the maximum
  // message size (16 MB); with glibc's sliding threshold the second one came from the heap,
  // zeroed, and stayed resident (crmd at 17-33 MB RSS instead of ~7 MB: bench/failover_bench).
  mallopt(M_MMAP_THRESHOLD, 256 * 1024);
  keel::DaemonOptions defaults;
  defaults.tool_dir = DefaultToolDir();
  auto args = keel::ParseCrmdArgs(std::vector<std::string_view>(argv + 1, argv + argc), defaults);
  if (!args) {
    std::cerr << "crmd: " << args.error().message << "\n" << keel::CrmdUsage(defaults);
    return 2;
  }
  if (args->help) {
    std::cout << keel::CrmdUsage(defaults);
    return 0;
  }
  keel::DaemonOptions options = std::move(args->options);
  const bool foreground = args->foreground;
  for (const std::string& dir : {options.cib_dir, options.run_dir}) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) {
      std::cerr << "crmd: cannot create " << dir << ": " << ec.message() << "\n";
      return 1;
    }
  }
  options.log_to_stderr = foreground;
  if (!foreground && daemon(1, 0) != 0) {
    std::cerr << "crmd: cannot detach\n";
    return 1;
  }
  if (!keel::InitLogging(options.log_file, options.log_to_stderr)) return 1;
  int status = keel::RunDaemon(options);
  keel::CloseLogging();
  return status;
}
