#pragma once
// The fencer's messages between nodes, as XML elements for the cluster bus: the DC asks the
// chosen node to run an agent (<fence-run>), that node answers with the exit (<fence-run-result>).
// Pure; values with newlines (stdin, agent output) survive the round trip.

#include <cstdint>
#include <expected>

#include "fencing/agent_exit.h"
#include "fencing/fencer.h"
#include "xml/base/error.h"
#include "xml/xml_node.h"

namespace keel {

XmlNode FenceRunToXml(const RunAgentEffect& run);
// Errors name the element and the missing or bad attribute.
std::expected<RunAgentEffect, Error> FenceRunFromXml(const XmlNode& node);

struct FenceRunResult {
  uint64_t run_id = 0;
  AgentExit exit;
};

XmlNode FenceRunResultToXml(const FenceRunResult& result);
std::expected<FenceRunResult, Error> FenceRunResultFromXml(const XmlNode& node);

}  // namespace keel
