#include "crmd/cib/node_state_patch.h"

#include <algorithm>
#include <map>
#include <set>
#include <string_view>
#include <unordered_map>

namespace keel {
namespace {

// The lrm/lrm_resources element of a node_state, or nullptr.
const XmlNode* LrmResources(const XmlNode& state) {
  const XmlNode* lrm = state.Child("lrm");
  return lrm == nullptr ? nullptr : lrm->Child("lrm_resources");
}

XmlNode* LrmResources(XmlNode& state) {
  XmlNode* lrm = state.Child("lrm");
  return lrm == nullptr ? nullptr : lrm->Child("lrm_resources");
}

// Each child element by id (views into `resources`); nullopt when an id repeats or a child
// is not an lrm_resource. A node diffs its own state after every result (1,000 entries at
// 16 x 1,000): views, not copies of the ids.
using ResourcesById = std::unordered_map<std::string_view, const XmlNode*>;
std::optional<ResourcesById> ById(const XmlNode& resources) {
  ResourcesById out;
  out.reserve(resources.children.size());
  for (const XmlNode& r : resources.children) {
    if (r.name != "lrm_resource" || !out.emplace(r.Attr("id").value_or(""), &r).second) {
      return std::nullopt;
    }
  }
  return out;
}

// Names of the children other than lrm, in order; nullopt when a name repeats.
std::optional<std::vector<std::string>> OtherChildNames(const XmlNode& state) {
  std::vector<std::string> names;
  for (const XmlNode& c : state.children) {
    if (c.name == "lrm") continue;
    if (std::find(names.begin(), names.end(), c.name) != names.end()) return std::nullopt;
    names.push_back(c.name.str());
  }
  return names;
}

int CountNamed(const XmlNode& node, std::string_view name) {
  return static_cast<int>(std::count_if(node.children.begin(), node.children.end(),
                                        [&](const XmlNode& c) { return c.name == name; }));
}

}  // namespace

std::optional<NodeStatePatch> DiffNodeState(const XmlNode& before, const XmlNode& after) {
  if (before.name != "node_state" || after.name != "node_state") return std::nullopt;
  auto names_before = OtherChildNames(before);
  auto names_after = OtherChildNames(after);
  if (!names_before || !names_after || *names_before != *names_after) return std::nullopt;
  if (CountNamed(before, "lrm") > 1 || CountNamed(after, "lrm") > 1) return std::nullopt;
  NodeStatePatch patch;
  patch.changed.name = "node_state";
  patch.changed.attributes = after.attributes;
  for (const XmlNode& c : after.children) {
    if (c.name == "lrm") continue;
    if (const XmlNode* old = before.Child(c.name); old == nullptr || !(*old == c)) {
      patch.changed.children.push_back(c);
    }
  }
  const XmlNode* lrm_before = before.Child("lrm");
  const XmlNode* lrm_after = after.Child("lrm");
  if (lrm_before == nullptr && lrm_after == nullptr) return patch;
  if (lrm_before == nullptr || lrm_after == nullptr ||
      lrm_before->attributes != lrm_after->attributes || lrm_before->children.size() != 1 ||
      lrm_after->children.size() != 1) {
    return std::nullopt;
  }
  const XmlNode* res_before = LrmResources(before);
  const XmlNode* res_after = LrmResources(after);
  if (res_before == nullptr || res_after == nullptr ||
      res_before->attributes != res_after->attributes) {
    return std::nullopt;
  }
  auto old_by_id = ById(*res_before);
  auto new_by_id = ById(*res_after);
  if (!old_by_id || !new_by_id) return std::nullopt;
  std::vector<XmlNode> changed;
  for (const XmlNode& r : res_after->children) {
    auto old = old_by_id->find(r.Attr("id").value_or(""));
    if (old == old_by_id->end() || !(*old->second == r)) changed.push_back(r);
  }
  for (const XmlNode& r : res_before->children) {
    const std::string_view id = r.Attr("id").value_or("");
    if (!new_by_id->contains(id)) patch.removed.emplace_back(id);
  }
  std::sort(patch.removed.begin(), patch.removed.end());
  if (!changed.empty()) {
    XmlNode& lrm = patch.changed.children.emplace_back();
    lrm.name = "lrm";
    lrm.attributes = lrm_after->attributes;
    XmlNode& resources = lrm.AddChild("lrm_resources");
    resources.attributes = res_after->attributes;
    resources.children = std::move(changed);
  }
  return patch;
}

bool ApplyNodeStatePatch(XmlNode& state, const NodeStatePatch& patch) {
  const XmlNode* lrm_patch = patch.changed.Child("lrm");
  const XmlNode* res_patch = lrm_patch == nullptr ? nullptr : lrm_patch->Child("lrm_resources");
  XmlNode* resources = LrmResources(state);
  if ((res_patch != nullptr || !patch.removed.empty()) && resources == nullptr) return false;
  for (const XmlNode& c : patch.changed.children) {
    if (c.name != "lrm" && state.Child(c.name) == nullptr) return false;
  }
  state.attributes = patch.changed.attributes;
  for (const XmlNode& c : patch.changed.children) {
    if (c.name != "lrm") *state.Child(c.name) = c;
  }
  if (resources == nullptr) return true;
  // Linear in the node's resources with no copies: a patch is applied by every member for
  // every result, and a node may hold 1,000 resources (issue #21).
  auto id_of = [](const XmlNode& r) -> std::string_view {
    const auto id = r.Attr("id");
    return id.value_or(std::string_view());
  };
  if (!patch.removed.empty()) {
    std::set<std::string_view> removed(patch.removed.begin(), patch.removed.end());
    std::erase_if(resources->children,
                  [&](const XmlNode& r) { return removed.contains(id_of(r)); });
  }
  if (res_patch == nullptr) return true;
  if (res_patch->children.size() <= 8) {  // one result's patch: no index of the whole history
    for (const XmlNode& r : res_patch->children) {
      const std::string_view id = id_of(r);
      // From the newest: an action's result follows its begin, which added the entry at the
      // end when it was the resource's first on this node (16,000 probes at 16 x 1,000).
      auto it = std::find_if(resources->children.rbegin(), resources->children.rend(),
                             [&](const XmlNode& held) { return id_of(held) == id; });
      if (it != resources->children.rend()) {
        *it = r;
      } else {
        resources->children.push_back(r);
      }
    }
    return true;
  }
  std::map<std::string, size_t> position;
  for (size_t i = 0; i < resources->children.size(); ++i) {
    position.emplace(id_of(resources->children[i]), i);
  }
  for (const XmlNode& r : res_patch->children) {
    if (auto it = position.find(std::string(id_of(r))); it != position.end()) {
      resources->children[it->second] = r;
    } else {
      position.emplace(id_of(r), resources->children.size());
      resources->children.push_back(r);
    }
  }
  return true;
}

}  // namespace keel
