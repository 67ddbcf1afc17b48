#pragma once
// The replicated CIB as a generic XML tree (<cib> root), so every element and attribute
// survives replication, including ones the typed model does not know. Pure functions.

#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crmd/membership/cluster_bus.h"
#include "xml/base/error.h"
#include "xml/cib.h"
#include "xml/cib_diff.h"
#include "xml/xml_node.h"

namespace keel {

// admin_epoch / epoch / num_updates of a <cib> root; a missing attribute counts as 0.
std::expected<CibVersion, Error> VersionOf(const XmlNode& cib);
void SetVersion(XmlNode& cib, const CibVersion& version);

// "1.2.3" -> version; errors name the text.
std::expected<CibVersion, Error> ParseVersion(std::string_view text);

// A CIB with an empty configuration and status, version 0.0.0.
XmlNode EmptyCib();

// Parses CIB text and checks the root is <cib> with numeric versions.
std::expected<XmlNode, Error> ParseCibDocument(std::string_view text, std::string_view source);

// The CIB that results from committing `proposed`'s configuration on top of `current`:
// refused with kConflict when `base` is given and current's configuration has moved on
// since (admin_epoch or epoch differ: status updates, which only bump num_updates, do not
// conflict); the status section is kept; epoch + 1 and num_updates 0 (admin_epoch: the
// larger of both).
std::expected<XmlNode, Error> ReplaceConfiguration(const XmlNode& current, const XmlNode& proposed,
                                                   std::optional<CibVersion> base);

// The configuration alone, as <cib admin_epoch= epoch= num_updates="0"><configuration/>:
// what configuration patches are computed on and applied to.
XmlNode ConfigurationView(const XmlNode& cib);

// The patch that commits `proposed`'s configuration on top of `current` (checks as
// ReplaceConfiguration). Its source is current's configuration version.
std::expected<CibPatch, Error> MakeConfigPatch(const XmlNode& current, const XmlNode& proposed,
                                               std::optional<CibVersion> base);

// `current` with a configuration patch applied: kConflict when current's configuration is
// not at the patch's source version. Status is kept; the version becomes the patch's target.
std::expected<XmlNode, Error> ApplyConfigPatch(const XmlNode& current, const CibPatch& patch);

// `node_state` (whose id attribute names its node) replaces that node's entry; num_updates + 1.
XmlNode WithNodeState(const XmlNode& current, const XmlNode& node_state);
// The same change made in place (no copy of the whole CIB: it runs once per status message).
void SetNodeState(XmlNode& cib, XmlNode node_state);
// The node_state with this id in the status section, or nullptr.
XmlNode* MutableNodeState(XmlNode& cib, std::string_view id);
// num_updates + 1: a status change.
void BumpNumUpdates(XmlNode& cib);

// The node_state with this id, or nullptr.
const XmlNode* FindNodeState(const XmlNode& cib, std::string_view id);

// Marks every node_state whose id is not in `members` as down (in_ccm false, crmd offline).
// Version unchanged: every member runs it at the same point with the same inputs.
void MarkNonMembersDown(XmlNode& cib, const std::vector<NodeId>& members);

// A node_state for a node that is up, keeping any history (lrm, attributes) from `previous`.
XmlNode OnlineNodeState(NodeId id, std::string_view uname, const XmlNode* previous);
// The same in place: `state` (its history kept) marked up.
XmlNode OnlineNodeState(NodeId id, std::string_view uname, XmlNode state);

}  // namespace keel
