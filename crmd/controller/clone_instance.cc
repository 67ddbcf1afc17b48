#include "crmd/controller/clone_instance.h"

#include <algorithm>
#include <charconv>
#include <optional>
#include <set>

#include "crmd/scheduler/settings.h"

namespace keel {
namespace {

// "p:12" -> {"p", 12}; nullopt when `id` has no numeric instance suffix.
std::optional<std::pair<std::string_view, int>> SplitInstance(std::string_view id) {
  size_t colon = id.rfind(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == id.size()) return std::nullopt;
  int n = 0;
  auto [end, ec] = std::from_chars(id.data() + colon + 1, id.data() + id.size(), n);
  if (ec != std::errc() || end != id.data() + id.size() || n < 0) return std::nullopt;
  return std::pair{id.substr(0, colon), n};
}

bool Truthy(const std::vector<NvSet>& sets, std::string_view name) {
  auto value = FindNvValue(sets, name);
  return value && ParseTruth(*value).value_or(false);
}

std::string ValueOr(const std::vector<NvSet>& sets, std::string_view name, std::string fallback) {
  auto value = FindNvValue(sets, name);
  return value ? *value : fallback;
}

}  // namespace

size_t ClusterNodeCount(const Cib& cib) {
  std::set<std::string> names;
  for (const Node& n : cib.configuration.nodes) names.insert(n.uname.empty() ? n.id : n.uname);
  for (const NodeState& s : cib.status.node_states) {
    auto configured = [&](const Node& n) { return n.id == s.id; };
    if (!s.uname.empty()) {
      names.insert(s.uname);
    } else if (std::none_of(cib.configuration.nodes.begin(), cib.configuration.nodes.end(),
                            configured)) {
      names.insert(s.id);
    }
  }
  return names.size();
}

ConfiguredPrimitive FindConfiguredPrimitive(const Cib& cib, std::string_view id) {
  auto base = SplitInstance(id);
  for (const Resource& r : cib.configuration.resources) {
    if (const auto* p = std::get_if<Primitive>(&r); p != nullptr && p->id == id) return {p, nullptr};
    if (const auto* g = std::get_if<Group>(&r)) {
      for (const Primitive& p : g->primitives) {
        if (p.id == id) return {&p, nullptr};
      }
    }
    if (const auto* c = std::get_if<Clone>(&r)) {
      auto named = [&](const Primitive& p) { return p.id == id || (base && p.id == base->first); };
      const auto* p = std::get_if<Primitive>(&c->child);
      if (p != nullptr && named(*p)) return {p, c};
      // A member "m:N" of a cloned group's instance "g:N" runs as an instance of the clone.
      if (const auto* g = std::get_if<Group>(&c->child)) {
        for (const Primitive& member : g->primitives) {
          if (named(member)) return {&member, c};
        }
      }
    }
  }
  return {};
}

NodeResourceRef NodeResourceFor(const Cib& cib, std::string_view scheduler_id) {
  ConfiguredPrimitive found = FindConfiguredPrimitive(cib, scheduler_id);
  auto base = SplitInstance(scheduler_id);
  if (found.clone == nullptr || !base || found.primitive->id != base->first) {
    return {std::string(scheduler_id), -1};
  }
  if (Truthy(found.clone->meta_attributes, "globally-unique")) {
    return {std::string(scheduler_id), base->second};
  }
  return {found.primitive->id, base->second};
}

std::map<std::string, std::string> CloneMeta(const Cib& cib, const Clone& clone, int instance) {
  const std::vector<NvSet>& meta = clone.meta_attributes;
  const std::string nodes = std::to_string(ClusterNodeCount(cib));
  std::map<std::string, std::string> out;
  if (instance >= 0) out["clone"] = std::to_string(instance);
  out["clone_max"] = ValueOr(meta, "clone-max", nodes);
  out["clone_node_max"] = ValueOr(meta, "clone-node-max", "1");
  out["globally_unique"] = Truthy(meta, "globally-unique") ? "true" : "false";
  out["notify"] = Truthy(meta, "notify") ? "true" : "false";
  if (clone.promotable_element || Truthy(meta, "promotable")) {
    out["promotable"] = "true";
    out["promoted_max"] = out["master_max"] =
        ValueOr(meta, "promoted-max", ValueOr(meta, "master-max", "1"));
    out["promoted_node_max"] = out["master_node_max"] =
        ValueOr(meta, "promoted-node-max", ValueOr(meta, "master-node-max", "1"));
  }
  return out;
}

}  // namespace keel
