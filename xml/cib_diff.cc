#include "xml/cib_diff.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <map>
#include <set>
#include <span>
#include <tuple>

namespace keel {

namespace {

constexpr std::string_view kVersionAttrs[] = {"admin_epoch", "epoch", "num_updates"};
// Root attributes that describe the running cluster rather than its configuration.
constexpr std::string_view kStatusAttrs[] = {"have-quorum",      "no-quorum-panic", "dc-uuid",
                                             "cib-last-written", "update-origin",   "update-client",
                                             "update-user"};

bool IsOneOf(std::string_view name, std::span<const std::string_view> names) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

std::string NodeWhere(const XmlNode& node) {
  return node.line > 0 ? "<" + node.name.str() + "> line " + std::to_string(node.line)
                       : node.name.str();
}

std::optional<int64_t> ParseCount(std::string_view text) {
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value < 0) {
    return std::nullopt;
  }
  return value;
}

// Attributes (in order) that pass `keep`, for comparing one class of attributes.
std::vector<XmlAttribute> FilterAttrs(const XmlNode& node, bool (*keep)(std::string_view)) {
  std::vector<XmlAttribute> out;
  for (const XmlAttributeView a : node.attributes) {
    if (keep(a.name)) out.push_back({std::string(a.name), std::string(a.value)});
  }
  return out;
}

std::vector<XmlNode> FilterChildren(const XmlNode& node, bool status) {
  std::vector<XmlNode> out;
  for (const XmlNode& c : node.children) {
    if ((c.name == "status") == status) out.push_back(c);
  }
  return out;
}

}  // namespace

std::expected<CibVersion, Error> ReadVersion(const XmlNode& cib) {
  int64_t values[3] = {0, 0, 0};
  for (int i = 0; i < 3; ++i) {
    const auto text = cib.Attr(kVersionAttrs[i]);
    if (!text) continue;
    std::optional<int64_t> value = ParseCount(*text);
    if (!value) {
      return std::unexpected(Error{ErrorCode::kInvalid,
                                   std::string(kVersionAttrs[i]) +
                                       " is not a non-negative integer: '" + std::string(*text) +
                                       "'",
                                   NodeWhere(cib)});
    }
    values[i] = *value;
  }
  return CibVersion{values[0], values[1], values[2]};
}

XmlNode WithVersion(XmlNode cib, const CibVersion& version) {
  cib.SetAttr("admin_epoch", std::to_string(version.admin_epoch));
  cib.SetAttr("epoch", std::to_string(version.epoch));
  cib.SetAttr("num_updates", std::to_string(version.num_updates));
  return cib;
}

namespace {
int64_t Increment(int64_t n) { return n == INT64_MAX ? n : n + 1; }
}  // namespace

CibVersion NextConfigVersion(const CibVersion& version) {
  return CibVersion{version.admin_epoch, Increment(version.epoch), 0};
}

CibVersion NextStatusVersion(const CibVersion& version) {
  return CibVersion{version.admin_epoch, version.epoch, Increment(version.num_updates)};
}

CibChange ClassifyChange(const XmlNode& from, const XmlNode& to) {
  auto config_attr =
      +[](std::string_view n) { return !IsOneOf(n, kVersionAttrs) && !IsOneOf(n, kStatusAttrs); };
  auto status_attr = +[](std::string_view n) { return IsOneOf(n, kStatusAttrs); };
  if (from.name != to.name || FilterAttrs(from, config_attr) != FilterAttrs(to, config_attr) ||
      FilterChildren(from, false) != FilterChildren(to, false)) {
    return CibChange::kConfiguration;
  }
  if (FilterAttrs(from, status_attr) != FilterAttrs(to, status_attr) ||
      from.children != to.children) {
    return CibChange::kStatus;
  }
  return CibChange::kNone;
}

std::expected<XmlNode, Error> StampNextVersion(const XmlNode& from, XmlNode to) {
  std::expected<CibVersion, Error> version = ReadVersion(from);
  if (!version) return std::unexpected(version.error());
  switch (ClassifyChange(from, to)) {
    case CibChange::kNone:
      return WithVersion(std::move(to), *version);
    case CibChange::kStatus:
      return WithVersion(std::move(to), NextStatusVersion(*version));
    case CibChange::kConfiguration:
      return WithVersion(std::move(to), NextConfigVersion(*version));
  }
  return std::unexpected(Error{ErrorCode::kInvalid, "unknown change kind", ""});
}

namespace {

std::optional<std::string> IdOf(const XmlNode& node) {
  const auto id = node.Attr("id");
  return id ? std::optional<std::string>(*id) : std::nullopt;
}

bool StepMatches(const PathStep& step, const XmlNode& node) {
  if (node.name != step.name) return false;
  const auto id = node.Attr("id");
  return step.id ? id && *id == *step.id : !id;
}

// The step that names siblings[index] among `siblings`.
PathStep StepAt(const std::vector<const XmlNode*>& siblings, std::size_t index) {
  PathStep step{siblings[index]->name.str(), IdOf(*siblings[index]), 1};
  for (std::size_t i = 0; i < index; ++i) {
    if (StepMatches(step, *siblings[i])) ++step.ordinal;
  }
  return step;
}

// The steps naming every one of `siblings`, in one pass.
std::vector<PathStep> StepsOf(const std::vector<const XmlNode*>& siblings) {
  std::map<std::tuple<std::string_view, bool, std::string_view>, std::size_t> seen;
  std::vector<PathStep> steps;
  steps.reserve(siblings.size());
  for (const XmlNode* node : siblings) {
    std::optional<std::string> id = IdOf(*node);
    std::size_t ordinal = ++seen[{node->name, id.has_value(),
                                  id ? std::string_view(*node->Attr("id")) : std::string_view()}];
    steps.push_back(PathStep{node->name.str(), std::move(id), ordinal});
  }
  return steps;
}

std::vector<const XmlNode*> Pointers(const std::vector<XmlNode>& nodes) {
  std::vector<const XmlNode*> out;
  for (const XmlNode& n : nodes) out.push_back(&n);
  return out;
}

XmlPath Append(XmlPath path, PathStep step) {
  path.push_back(std::move(step));
  return path;
}

// Marks the members of one longest strictly increasing subsequence of `seq`.
std::vector<bool> LongestIncreasing(const std::vector<std::size_t>& seq) {
  std::vector<std::size_t> tails;  // tails[k]: index in seq ending the best run of length k+1
  std::vector<std::size_t> prev(seq.size(), SIZE_MAX);
  for (std::size_t i = 0; i < seq.size(); ++i) {
    auto it = std::lower_bound(tails.begin(), tails.end(), seq[i],
                               [&](std::size_t t, std::size_t v) { return seq[t] < v; });
    if (it != tails.begin()) prev[i] = *(it - 1);
    if (it == tails.end()) {
      tails.push_back(i);
    } else {
      *it = i;
    }
  }
  std::vector<bool> in(seq.size(), false);
  for (std::size_t i = tails.empty() ? SIZE_MAX : tails.back(); i != SIZE_MAX; i = prev[i]) {
    in[i] = true;
  }
  return in;
}

// Builds the operations for one pair of matched elements, top-down: this element's attributes,
// then its children's deletions, moves and creations, then each surviving child's own changes.
class Differ {
 public:
  std::vector<PatchOp> Run(const XmlNode& from, const XmlNode& to) {
    Node(from, to, XmlPath{PathStep{to.name.str(), IdOf(to), 1}});
    return std::move(ops_);
  }

 private:
  void Node(const XmlNode& from, const XmlNode& to, const XmlPath& path) {
    if (from == to) return;
    Attributes(from, to, path);
    Children(from, to, path);
  }

  void Attributes(const XmlNode& from, const XmlNode& to, const XmlPath& path) {
    // Keep the longest prefix of `to`'s attributes that appears in order in `from`; everything
    // else is unset and appended again, which reproduces the order exactly.
    const std::vector<XmlAttributeView> from_attrs(from.attributes.begin(), from.attributes.end());
    const std::vector<XmlAttributeView> to_attrs(to.attributes.begin(), to.attributes.end());
    std::size_t kept = 0;
    for (std::size_t j = 0; kept < to_attrs.size() && j < from_attrs.size(); ++j) {
      if (from_attrs[j].name == to_attrs[kept].name) ++kept;
    }
    std::set<std::string_view> kept_names;
    for (std::size_t i = 0; i < kept; ++i) kept_names.insert(to_attrs[i].name);
    ModifyOp op{path, {}, {}};
    for (const XmlAttributeView a : from_attrs) {
      if (!kept_names.contains(a.name)) op.unset.emplace_back(a.name);
    }
    for (std::size_t i = 0; i < to_attrs.size(); ++i) {
      if (i >= kept || *from.Attr(to_attrs[i].name) != to_attrs[i].value) {
        op.set.push_back({std::string(to_attrs[i].name), std::string(to_attrs[i].value)});
      }
    }
    if (!op.unset.empty() || !op.set.empty())
      ops_.emplace_back(std::in_place_type<ModifyOp>, std::move(op));
  }

  void Children(const XmlNode& from, const XmlNode& to, const XmlPath& path);

  std::vector<PatchOp> ops_;
};

using StepKey = std::tuple<std::string, bool, std::string, std::size_t>;

StepKey KeyOf(const PathStep& step) {
  return {step.name, step.id.has_value(), step.id.value_or(""), step.ordinal};
}

void Differ::Children(const XmlNode& from, const XmlNode& to, const XmlPath& path) {
  std::vector<const XmlNode*> to_nodes = Pointers(to.children);
  std::vector<PathStep> to_steps = StepsOf(to_nodes);
  std::map<StepKey, std::size_t> to_index;
  for (std::size_t j = 0; j < to_steps.size(); ++j) to_index[KeyOf(to_steps[j])] = j;

  // current[i] is the simulated child list; target[i] its index in `to` (npos: to delete).
  std::vector<const XmlNode*> current = Pointers(from.children);
  std::vector<std::size_t> target;
  for (const PathStep& step : StepsOf(current)) {
    auto it = to_index.find(KeyOf(step));
    target.push_back(it == to_index.end() ? SIZE_MAX : it->second);
  }
  // Deletions last-first, so the ordinals of earlier siblings stay put.
  for (std::size_t i = current.size(); i-- > 0;) {
    if (target[i] != SIZE_MAX) continue;
    ops_.emplace_back(std::in_place_type<DeleteOp>, DeleteOp{Append(path, StepAt(current, i))});
    current.erase(current.begin() + static_cast<std::ptrdiff_t>(i));
    target.erase(target.begin() + static_cast<std::ptrdiff_t>(i));
  }
  // Moves: children outside one longest in-order run are placed, in target order, right after
  // the child that precedes them in `to`.
  std::vector<bool> stays = LongestIncreasing(target);
  std::vector<std::size_t> movers;
  for (std::size_t i = 0; i < target.size(); ++i) {
    if (!stays[i]) movers.push_back(target[i]);
  }
  std::sort(movers.begin(), movers.end());
  std::vector<std::size_t> order = target;  // sorted: the survivors in target order
  std::sort(order.begin(), order.end());
  for (std::size_t mover : movers) {
    std::size_t now = std::find(target.begin(), target.end(), mover) - target.begin();
    PathStep step = StepAt(current, now);
    const XmlNode* node = current[now];
    current.erase(current.begin() + static_cast<std::ptrdiff_t>(now));
    target.erase(target.begin() + static_cast<std::ptrdiff_t>(now));
    std::size_t rank = std::lower_bound(order.begin(), order.end(), mover) - order.begin();
    std::size_t pos = 0;
    if (rank > 0) {
      pos = std::find(target.begin(), target.end(), order[rank - 1]) - target.begin() + 1;
    }
    current.insert(current.begin() + static_cast<std::ptrdiff_t>(pos), node);
    target.insert(target.begin() + static_cast<std::ptrdiff_t>(pos), mover);
    if (pos != now)
      ops_.emplace_back(std::in_place_type<MoveOp>, MoveOp{Append(path, std::move(step)), pos});
  }
  // Creations in target order land at their final positions.
  std::vector<bool> survived(to_nodes.size(), false);
  for (std::size_t t : target) survived[t] = true;
  for (std::size_t j = 0; j < to_nodes.size(); ++j) {
    if (!survived[j])
      ops_.emplace_back(std::in_place_type<CreateOp>, CreateOp{path, j, to.children[j]});
  }
  // The children now stand as in `to`; recurse into the survivors with their final paths.
  std::map<std::size_t, const XmlNode*> from_of;
  for (std::size_t i = 0; i < current.size(); ++i) from_of[target[i]] = current[i];
  for (auto [j, from_child] : from_of) {
    Node(*from_child, to.children[j], Append(path, to_steps[j]));
  }
}

}  // namespace

std::expected<CibPatch, Error> Diff(const XmlNode& from, const XmlNode& to) {
  std::expected<CibVersion, Error> source = ReadVersion(from);
  if (!source) return std::unexpected(source.error());
  std::expected<CibVersion, Error> target = ReadVersion(to);
  if (!target) return std::unexpected(target.error());
  if (from.name != to.name || IdOf(from) != IdOf(to)) {
    return std::unexpected(Error{
        ErrorCode::kInvalid,
        "cannot diff different roots <" + from.name + "> and <" + to.name + ">", NodeWhere(to)});
  }
  return CibPatch{*source, *target, Differ().Run(from, to)};
}

// ---- Apply ---------------------------------------------------------------------------------

namespace {

// Where a path leads: the element, and its parent and index (no parent for the root).
struct Location {
  XmlNode* node = nullptr;
  XmlNode* parent = nullptr;
  std::size_t index = 0;
};

std::expected<Location, Error> Locate(XmlNode& root, const XmlPath& path) {
  auto missing = [&](std::size_t depth) {
    XmlPath prefix(path.begin(), path.begin() + static_cast<std::ptrdiff_t>(depth) + 1);
    return std::unexpected(Error{
        ErrorCode::kNotFound, "patch names an element that does not exist: " + FormatPath(prefix),
        FormatPath(path)});
  };
  if (path.empty() || !StepMatches(path[0], root) || path[0].ordinal != 1) return missing(0);
  Location at{&root, nullptr, 0};
  for (std::size_t depth = 1; depth < path.size(); ++depth) {
    std::size_t seen = 0;
    XmlNode* parent = at.node;
    at = Location{};
    for (std::size_t i = 0; i < parent->children.size(); ++i) {
      if (StepMatches(path[depth], parent->children[i]) && ++seen == path[depth].ordinal) {
        at = Location{&parent->children[i], parent, i};
        break;
      }
    }
    if (!at.node) return missing(depth);
  }
  return at;
}

Error PositionError(const XmlPath& path, std::size_t position, std::size_t size) {
  return Error{ErrorCode::kInvalid,
               "patch position " + std::to_string(position) + " is beyond the " +
                   std::to_string(size) + " children",
               FormatPath(path)};
}

std::expected<void, Error> Apply(XmlNode& root, const CreateOp& op) {
  std::expected<Location, Error> at = Locate(root, op.parent);
  if (!at) return std::unexpected(at.error());
  std::vector<XmlNode>& children = at->node->children;
  if (op.position > children.size()) {
    return std::unexpected(PositionError(op.parent, op.position, children.size()));
  }
  children.insert(children.begin() + static_cast<std::ptrdiff_t>(op.position), op.element);
  return {};
}

std::expected<void, Error> Apply(XmlNode& root, const DeleteOp& op) {
  std::expected<Location, Error> at = Locate(root, op.path);
  if (!at) return std::unexpected(at.error());
  if (!at->parent) {
    return std::unexpected(
        Error{ErrorCode::kInvalid, "a patch cannot delete the root", FormatPath(op.path)});
  }
  at->parent->children.erase(at->parent->children.begin() + static_cast<std::ptrdiff_t>(at->index));
  return {};
}

std::expected<void, Error> Apply(XmlNode& root, const ModifyOp& op) {
  std::expected<Location, Error> at = Locate(root, op.path);
  if (!at) return std::unexpected(at.error());
  for (const std::string& name : op.unset) {
    if (!at->node->RemoveAttr(name)) {
      return std::unexpected(Error{ErrorCode::kNotFound,
                                   "patch unsets attribute '" + name + "' which is not there",
                                   FormatPath(op.path)});
    }
  }
  for (const XmlAttribute& a : op.set) at->node->SetAttr(a.name, a.value);
  return {};
}

std::expected<void, Error> Apply(XmlNode& root, const MoveOp& op) {
  std::expected<Location, Error> at = Locate(root, op.path);
  if (!at) return std::unexpected(at.error());
  if (!at->parent) {
    return std::unexpected(
        Error{ErrorCode::kInvalid, "a patch cannot move the root", FormatPath(op.path)});
  }
  std::vector<XmlNode>& siblings = at->parent->children;
  if (op.position >= siblings.size()) {
    return std::unexpected(PositionError(op.path, op.position, siblings.size() - 1));
  }
  XmlNode node = std::move(siblings[at->index]);
  siblings.erase(siblings.begin() + static_cast<std::ptrdiff_t>(at->index));
  siblings.insert(siblings.begin() + static_cast<std::ptrdiff_t>(op.position), std::move(node));
  return {};
}

}  // namespace

std::expected<XmlNode, Error> ApplyPatch(const XmlNode& base, const CibPatch& patch) {
  std::expected<CibVersion, Error> version = ReadVersion(base);
  if (!version) return std::unexpected(version.error());
  if (*version != patch.source) {
    return std::unexpected(
        Error{ErrorCode::kConflict,
              "patch from version " + patch.source.ToString() + " to " + patch.target.ToString() +
                  " does not apply to this CIB at version " + version->ToString(),
              NodeWhere(base)});
  }
  XmlNode result = base;  // all or nothing: the caller's tree is never touched
  for (const PatchOp& op : patch.ops) {
    std::expected<void, Error> done =
        std::visit([&](const auto& o) { return Apply(result, o); }, op);
    if (!done) return std::unexpected(done.error());
  }
  version = ReadVersion(result);
  if (!version) return std::unexpected(version.error());
  if (*version != patch.target) {
    return std::unexpected(Error{ErrorCode::kInvalid,
                                 "patch result is at version " + version->ToString() +
                                     ", not the patch's target " + patch.target.ToString(),
                                 NodeWhere(result)});
  }
  return result;
}

}  // namespace keel
