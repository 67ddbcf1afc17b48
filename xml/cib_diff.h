#pragma once
// CIB versions, and exact patches between two CIB element trees: how updates travel between
// replicas. Works on the generic XmlNode tree, not on the typed model.
//
// Elements are named among their siblings by (element name, id attribute); id-less elements,
// and siblings that share a name and id, are told apart by their ordinal among the siblings
// with the same name and id (or lack of one), counted in document order.

#include <cstddef>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "xml/base/error.h"
#include "xml/cib.h"
#include "xml/xml_node.h"

namespace keel {

// ---- Versions ----------------------------------------------------------------------------

// The root's admin_epoch, epoch and num_updates. A missing attribute counts as 0; a value that is
// not a non-negative integer is an error naming the root's line.
std::expected<CibVersion, Error> ReadVersion(const XmlNode& cib);

// `cib` with its three version attributes set to `version` (existing attributes keep their place).
XmlNode WithVersion(XmlNode cib, const CibVersion& version);

// A configuration change: epoch + 1, num_updates back to 0. (Counters saturate at INT64_MAX.)
CibVersion NextConfigVersion(const CibVersion& version);
// A status-only change: num_updates + 1.
CibVersion NextStatusVersion(const CibVersion& version);

enum class CibChange {
  kNone,           // equal apart from the version attributes
  kStatus,         // only <status> or operational root attributes (have-quorum, dc-uuid, ...)
  kConfiguration,  // anything else: <configuration>, unknown root children, validate-with, ...
};

// What kind of change turns `from` into `to`; the version attributes themselves are ignored.
CibChange ClassifyChange(const XmlNode& from, const XmlNode& to);

// `to` stamped with the version that follows `from`'s for the change between them (unchanged
// version for kNone). Fails when `from` has an unreadable version.
std::expected<XmlNode, Error> StampNextVersion(const XmlNode& from, XmlNode to);

// ---- Paths ---------------------------------------------------------------------------------

// One step of a path: the n-th (1-based) child named `name` whose id equals `id` (or that has no
// id attribute when `id` is empty-optional).
struct PathStep {
  std::string name;
  std::optional<std::string> id;
  std::size_t ordinal = 1;
  friend bool operator==(const PathStep&, const PathStep&) = default;
};

// From the root (first step names the root itself) down to the element.
using XmlPath = std::vector<PathStep>;

// Text form: "/cib/configuration/resources/primitive[@id='vip']/operations[2]". Inside the quotes
// a backslash escapes the next character ('\'' and '\\'); "[n]" is omitted when n is 1.
std::string FormatPath(const XmlPath& path);
std::expected<XmlPath, Error> ParsePath(std::string_view text);

// ---- Patches -------------------------------------------------------------------------------

// Inserts `element` as child number `position` (0-based) of the element at `parent`.
struct CreateOp {
  XmlPath parent;
  std::size_t position = 0;
  XmlNode element;
  friend bool operator==(const CreateOp&, const CreateOp&) = default;
};

// Removes the element at `path` with its subtree.
struct DeleteOp {
  XmlPath path;
  friend bool operator==(const DeleteOp&, const DeleteOp&) = default;
};

// Removes the `unset` attributes, then sets each of `set` in order (an existing attribute keeps
// its place, a new one is appended), so attribute order is reproduced exactly.
struct ModifyOp {
  XmlPath path;
  std::vector<std::string> unset;
  std::vector<XmlAttribute> set;
  friend bool operator==(const ModifyOp&, const ModifyOp&) = default;
};

// Takes the element at `path` out of its parent and reinserts it as child number `position`
// (0-based, counted after it was taken out).
struct MoveOp {
  XmlPath path;
  std::size_t position = 0;
  friend bool operator==(const MoveOp&, const MoveOp&) = default;
};

using PatchOp = std::variant<CreateOp, DeleteOp, ModifyOp, MoveOp>;

// Operations apply in order; each path is resolved against the tree as the previous operations
// left it.
struct CibPatch {
  CibVersion source;  // the version the patch must be applied to
  CibVersion target;  // the version it produces
  std::vector<PatchOp> ops;
  friend bool operator==(const CibPatch&, const CibPatch&) = default;
};

// The operations that turn `from` into `to` exactly (names, attribute values and order, child
// order), with both versions. Attribute names must be unique per element, as XML requires. Fails
// when either root's version is unreadable or the roots have different names (a patch never
// replaces the root).
std::expected<CibPatch, Error> Diff(const XmlNode& from, const XmlNode& to);

// `base` with the patch applied. Refuses with kConflict when `base`'s version is not the patch's
// source version; with kNotFound when a path names no element; with kInvalid when a position is
// out of range or the result does not carry the target version. `base` is never changed.
std::expected<XmlNode, Error> ApplyPatch(const XmlNode& base, const CibPatch& patch);

// The patch as an XML message (format documented in doc/cib-replication.md).
std::string SerializePatch(const CibPatch& patch, bool pretty = false);

// Parses a patch message; errors name `source`:line and what is wrong.
std::expected<CibPatch, Error> ParsePatch(std::string_view text, std::string_view source);

}  // namespace keel
