#pragma once
// Small pure edits behind `resource start|stop|move|clear|cleanup` and `node standby|online`.

#include <expected>
#include <string>
#include <vector>

#include "xml/base/error.h"
#include "xml/cib.h"

namespace keel {

// Sets meta attribute `name` of resource `id` (at any depth) in its first meta set (created
// as ID-meta_attributes when absent).
std::expected<void, Error> SetResourceMeta(Configuration& config, const std::string& id,
                                           const std::string& name, const std::string& value);

// Whether `id` is a promotable clone (meta promotable=true, or the old <master>) or a
// resource inside one: what `resource promote|demote` may set target-role on.
bool InPromotableClone(const Configuration& config, const std::string& id);

// `resource start|stop|promote|demote RSC`: target-role Started, Stopped, Promoted or
// Unpromoted. Error, changing nothing, for an unknown resource, or for promote|demote of a
// resource that is not in a promotable clone.
std::expected<void, Error> SetTargetRole(Configuration& config, const std::string& verb,
                                         const std::string& id);

// The cluster's nodes as the CIB knows them: <nodes> entries, then nodes that only have a
// node_state (a live cluster's members need not be listed in <nodes>).
std::vector<std::string> ClusterNodeNames(const Configuration& config, const Status& status);

// "unknown node 'X', did you mean ...? (not a node of this cluster)", naming X.
Error UnknownNodeError(const std::string& node, const std::vector<std::string>& known_nodes);

// Sets node attribute `name` of node `uname` (the node entry is created when it has only a
// node_state). Error, changing nothing, when `uname` is not in `known_nodes`.
std::expected<void, Error> SetNodeAttribute(Configuration& config, const std::string& uname,
                                            const std::string& name, const std::string& value,
                                            const std::vector<std::string>& known_nodes);

// `resource move RSC NODE`: location cli-prefer-RSC, INFINITY on `node` (replacing an earlier
// one). Errors for an unknown resource or a node not in `known_nodes`. Returns the id.
std::expected<std::string, Error> PreferNode(Configuration& config, const std::string& rsc,
                                             const std::string& node,
                                             const std::vector<std::string>& known_nodes);

// `resource move RSC` away from where it runs: location cli-ban-RSC-on-NODE, -INFINITY.
std::expected<std::string, Error> BanFromNode(Configuration& config, const std::string& rsc,
                                              const std::string& node);

// `resource clear RSC`: removes cli-prefer-RSC and every cli-ban-RSC-on-*; returns their ids
// (empty: there was nothing). Error for an unknown resource.
std::expected<std::vector<std::string>, Error> ClearMoveConstraints(Configuration& config,
                                                                    const std::string& rsc);

// The primitives a cleanup of `id` covers (CleanupTargets, xml/cleanup_targets.h); an unknown
// `id` is named with the ids it may have meant.
std::expected<std::vector<std::string>, Error> CleanupPrimitives(const Configuration& config,
                                                                 const std::string& id);

// Offline cleanup (CIB_file): drops the lrm history and fail-count / last-failure attributes of
// `rscs` from every node_state (or only `node`'s). Returns the unames whose state changed.
std::vector<std::string> ForgetInStatus(Status& status, const std::vector<std::string>& rscs,
                                        const std::string& node);

// `resource failcount RSC show NODE`: RSC's fail counts on NODE (fail-count-RSC and every
// fail-count-RSC#OP_INTERVAL) summed as the scheduler sums them: "0" when none, "INFINITY" at
// the cap.
std::string FailCountTotal(const Status& status, const std::string& rsc, const std::string& node);

}  // namespace keel
