// crmd: Keel's per-node daemon. Parses options, sets up logging, runs the daemon.

#include <malloc.h>
#include <unistd.h>

#include <boost/program_options.hpp>
#include <filesystem>
#include <iostream>

#include "crmd/daemon.h"
#include "crmd/log.h"

namespace po = boost::program_options;

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
  keel::DaemonOptions options;
  options.tool_dir = DefaultToolDir();
  bool foreground = false;
  po::options_description desc("usage: crmd [OPTIONS]");
  desc.add_options()("help,h", "show this help")(
      "cib-dir", po::value(&options.cib_dir)->default_value(options.cib_dir),
      "where cib.xml lives")("run-dir", po::value(&options.run_dir)->default_value(options.run_dir),
                             "pid file and runtime state")(
      "ipc-name", po::value(&options.ipc_name)->default_value(options.ipc_name),
      "libqb IPC service name")("log-file", po::value(&options.log_file),
                                "log to this file (besides stderr in the foreground)")(
      "ocf-root", po::value(&options.ocf_root)->default_value(options.ocf_root), "OCF agents root")(
      "fence-agent-dir",
      po::value(&options.fence_agent_dir)->default_value(options.fence_agent_dir),
      "where fence agents are found")("node-name", po::value(&options.node_name),
                                      "this node's name (default: corosync nodelist)")(
      "tool-dir", po::value(&options.tool_dir)->default_value(options.tool_dir),
      "put first in agents' PATH (Keel's attrd_updater, crm_attribute, crm_master)")(
      "group", po::value(&options.group)->default_value(options.group), "CPG group name")(
      "foreground,f", po::bool_switch(&foreground), "stay in the foreground, log to stderr too");
  po::variables_map vm;
  try {
    po::store(po::parse_command_line(argc, argv, desc), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "crmd: " << e.what() << "\n" << desc;
    return 2;
  }
  if (vm.count("help")) {
    std::cout << desc;
    return 0;
  }
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
