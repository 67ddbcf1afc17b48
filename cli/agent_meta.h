#pragma once
// What an OCF agent's meta-data says about its parameters and actions, and the checks
// `crm configure verify` makes of a primitive against it. Pure: the meta-data text is an input
// (AgentCatalog::MetaData runs the agent).

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "xml/cib.h"
#include "xml/base/error.h"

namespace keel {

struct MetaDataParameter {
  std::string name;
  bool required = false;
  std::string type;  // content type: string, integer, boolean, ... ("" when not given, or
                     // when the agent's own default does not fit it)
};

struct AgentAction {
  std::string name;
  std::optional<int64_t> timeout_ms;  // the agent's advice
};

struct AgentMetaData {
  std::string name;
  std::vector<MetaDataParameter> parameters;
  std::vector<AgentAction> actions;
};

// Reads <resource-agent> meta-data; an error (naming `agent`) when it is not meta-data.
std::expected<AgentMetaData, Error> ParseAgentMetaData(std::string_view xml,
                                                       const std::string& agent);

struct AgentFindings {
  Errors errors;    // required parameter missing, unknown parameter, a value of the wrong type
  Errors warnings;  // an operation the agent does not list, a timeout below its advice
};

// Checks primitive `p`'s instance attributes and operations against its agent's meta-data.
// Each finding names the primitive (or the op id). `agent` is "ocf:heartbeat:IPaddr2".
AgentFindings CheckAgainstMetaData(const Primitive& p, const AgentMetaData& meta,
                                   const std::string& agent);

}  // namespace keel
