#pragma once
// A node's node_state as a change to the one its peers already hold, so that one resource's
// result travels as that resource's history and not as the node's whole history (issue #21:
// at 100 resources per node a whole node_state is tens of KB, sent once per result). Pure.
//
// A patch is a <node_state> element with every attribute of the new state, the non-lrm
// children that differ, whole (transient_attributes), and under lrm/lrm_resources only the
// lrm_resource elements that differ; plus the ids of the lrm_resource elements removed.
// Applied in the bus's total order to the same base, it gives every member the same state.

#include <optional>
#include <string>
#include <vector>

#include "xml/xml_node.h"

namespace keel {

struct NodeStatePatch {
  XmlNode changed;                   // <node_state ...> with what differs, as described above
  std::vector<std::string> removed;  // ids of the lrm_resource elements that are gone
  friend bool operator==(const NodeStatePatch&, const NodeStatePatch&) = default;
};

// The patch that turns `before` into `after`; nullopt when they differ in a way a patch does not
// express (another lrm or lrm_resources element, a non-lrm child added or removed, duplicate
// ids): then the whole node_state is sent.
std::optional<NodeStatePatch> DiffNodeState(const XmlNode& before, const XmlNode& after);

// Applies `patch` to `state` in place: attributes replaced, children and lrm_resource elements
// replaced by name / id (new ones appended), removed ids dropped. Returns false (and changes
// nothing) when the patch does not fit `state` (a changed non-lrm child it lacks, no
// lrm/lrm_resources where the patch has some).
bool ApplyNodeStatePatch(XmlNode& state, const NodeStatePatch& patch);

}  // namespace keel
