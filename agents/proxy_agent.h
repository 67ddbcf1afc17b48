#pragma once
// ocf:keel:Proxy: a haproxy in master-worker mode. start validates the config with `haproxy -c`
// and launches the master (setsid, pid file and master CLI socket in the state dir); reload
// validates again and sends SIGUSR2 (the new worker takes over the listeners, the old one
// finishes its connections); monitor asks the master CLI that a worker runs and every frontend
// is OPEN; stop soft-stops (SIGUSR1) and waits up to drain_timeout before SIGTERM / SIGKILL.
// Entry point for proxy_main.cc.

#include "agents/meta_data.h"

namespace keel {

// The agent's parameters and actions (its meta-data).
const AgentDescription& ProxySpec();

int ProxyMain(int argc, char** argv);

}  // namespace keel
