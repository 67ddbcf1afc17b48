#pragma once
// crmd's edge: wires the event loop, the Corosync bus, the CIB file, the IPC service and
// logging around CrmdCore, and runs until SIGTERM/SIGINT or until corosync goes away.

#include <string>

namespace keel {

struct DaemonOptions {
  std::string cib_dir = "/var/lib/keel/cib";
  std::string run_dir = "/run/keel";
  std::string ipc_name = "keel-crmd";
  std::string log_file;  // empty: no file
  std::string ocf_root = "/usr/lib/ocf";
  std::string fence_agent_dir = "/usr/sbin";  // where fence agents (stonith types) are found
  std::string node_name;  // empty: from the corosync nodelist
  // Put first in the agents' PATH: where Keel's attrd_updater, crm_attribute, crm_master are
  // (empty: the PATH is left as it is).
  std::string tool_dir;
  std::string group = "keel";
  bool log_to_stderr = true;
};

// Returns the process exit status.
int RunDaemon(const DaemonOptions& options);

}  // namespace keel
