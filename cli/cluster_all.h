#pragma once
// `crm cluster start|stop|restart --all` on the other nodes: the nodes are corosync.conf's
// nodelist; each other node runs `crm cluster ACTION` itself, through a RemoteRunner (ssh).

#include <expected>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "cli/remote_runner.h"

namespace keel {

// The nodelist without this node, in the file's order. This node is the one whose name is
// `local` (its host name); an error when no node has that name (nothing is run then).
std::expected<std::vector<std::string>, std::string> OtherNodes(
    const std::vector<std::string>& nodelist, const std::string& local);

// Runs `crm cluster ACTION OPTIONS...` on each of `nodes` in order, each tried whatever the
// others did, and says per node how it went ("n2: start done" / "n2: start FAILED ...").
// Whether all succeeded.
bool RunOnNodes(RemoteRunner& runner, const std::vector<std::string>& nodes,
                const std::string& action, int timeout_ms, std::ostream& out, std::ostream& err,
                const std::vector<std::string>& options = {});

// stop --all once this node's crmd has asked every crmd to shut down: `stop_here` (this node's
// stop, its exit code), then `crm cluster stop --timeout TIMEOUT_S` on each of `others` (each
// waits for its crmd to be gone, then stops its corosync). 0 when every stop succeeded.
int StopOnAllNodes(const std::function<int()>& stop_here, RemoteRunner& runner,
                   const std::vector<std::string>& others, int timeout_s, std::ostream& out,
                   std::ostream& err);

}  // namespace keel
