#pragma once
// Blocking helpers for tools and tests (crm's resource commands, agent checks): the same
// executor, process runner and loop adapter as crmd, on a private qb_loop that runs until
// the answer is in. Never call these from inside crmd's own event loop.

#include <expected>

#include "crmd/executor/action.h"
#include "crmd/executor/agent_command.h"
#include "crmd/executor/agent_metadata.h"

namespace keel {

// Runs the action exactly once and waits for its result (bounded by its timeout plus the kill
// grace). A request with interval_ms > 0 is run once, with OCF_RESKEY_CRM_meta_interval set
// to the interval as a recurring monitor would see it. Errors only for a nonsensical request.
std::expected<ActionResult, Error> RunActionSync(const ExecutorConfig& config,
                                                 ActionRequest request);

// Runs the agent's meta-data action (or synthesizes it for lsb/heartbeat) and parses it.
std::expected<AgentMetadata, Error> FetchMetadataSync(const ExecutorConfig& config,
                                                      const AgentSpec& agent);

}  // namespace keel
