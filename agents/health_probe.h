#pragma once
// The checks keel-ipvs-checker runs against one real server (side effects: sockets, child
// processes). Each is bounded by config.connect_timeout_ms.

#include <cstdint>

#include "agents/health_state.h"
#include "agents/ipvs_config.h"

namespace keel {

// Runs config.check against `server`; kNone always succeeds.
ProbeOutcome ProbeRealServer(const IpvsConfig& config, const RealServer& server);

}  // namespace keel
