#pragma once
// Cluster options the node's components read from the CIB replica's typed model
// (crmd/cib/cib_model.h).

#include <cstdint>
#include <string>
#include <string_view>

#include "xml/cib.h"

namespace keel {

// A duration cluster option in ms, or `fallback` (unset, bad, negative).
int64_t DurationOptionMs(const Cib& cib, std::string_view name, int64_t fallback);
// no-quorum-policy.
std::string NoQuorumPolicyOf(const Cib& cib);
// start-failure-is-fatal (true when unset or not a truth value).
bool StartFailureIsFatal(const Cib& cib);
// Whether `rsc`'s operation `action` of `interval_ms` is configured with on-fail=ignore (false
// when it is not configured).
bool OnFailIgnored(const Cib& cib, std::string_view rsc, std::string_view action,
                   int64_t interval_ms);
// node-action-limit: agents at once on a node; 0 when unset, bad or not positive.
int NodeActionLimitOf(const Cib& cib);
// Without node-action-limit: twice this machine's cores.
int DefaultNodeActionLimit();

}  // namespace keel
