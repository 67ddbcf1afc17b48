#pragma once
// `crm cluster start|stop|restart|status [--all] [--timeout SECONDS]`:
//   stop     asks this node's crmd for a clean shutdown (--all: every member's; the DC stops or
//            moves their resources first), waits until it has exited, then stops corosync
//            here (`systemctl stop corosync` under systemd, else `corosync-cfgtool -H`).
//            With --all corosync keeps running on the other nodes.
//   start    under systemd `systemctl start corosync keel`; else corosync (when not running)
//            and crmd with the CRMD_OPTIONS of /etc/keel/crmd.env, waiting until crmd answers.
//   restart  stop, then start (this node only).
//   status   whether corosync and crmd run here, and crmd's view (DC, quorum).
//   start --all  this node as above, then every other node of corosync.conf's nodelist runs
//            `crm cluster start` itself, through ssh as crmsh does (`ssh -o BatchMode=yes
//            root@NODE crm cluster start`, cli/remote_runner.h); this node is the one named
//            KEEL_NODE_NAME, else its host name.
//   restart --all  stop --all, then start --all.
// status --all is refused.

#include <expected>
#include <ostream>
#include <string>

#include "cli/command.h"
#include "cli/remote_runner.h"

namespace keel {

struct ClusterLifecycleRequest {
  std::string action;  // start, stop, restart, status
  bool all = false;
  int timeout_s = 0;  // how long stop waits for crmd to exit
  friend bool operator==(const ClusterLifecycleRequest&, const ClusterLifecycleRequest&) = default;
};

// The default bound of `stop`: shutdown-escalation's default (20 min) and one more minute.
inline constexpr int kClusterStopTimeoutS = 21 * 60;

// `args` starts with the action word. An error names the bad argument.
std::expected<ClusterLifecycleRequest, std::string> ParseClusterLifecycle(const CommandArgs& args);

int RunClusterLifecycle(const CommandArgs& args, std::ostream& out, std::ostream& err);
// The same with the runner --all uses for the other nodes.
int RunClusterLifecycle(const CommandArgs& args, RemoteRunner& remote, std::ostream& out,
                        std::ostream& err);

}  // namespace keel
