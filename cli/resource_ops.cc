#include "cli/resource_ops.h"

#include <algorithm>

#include "cli/crm_apply.h"
#include "cli/suggest.h"

namespace keel {

namespace {

void SetIn(std::vector<NvSet>& sets, const std::string& default_id, const std::string& name,
           const std::string& value) {
  if (sets.empty()) sets.push_back(NvSet{default_id, {}, {}, {}, 0});
  NvSet& set = sets.front();
  for (NvPair& p : set.pairs) {
    if (p.name == name) {
      p.value = value;
      return;
    }
  }
  set.pairs.push_back(NvPair{set.id + "-" + name, name, value, 0});
}

template <typename T>
bool SetIfMatch(T& r, const std::string& id, const std::string& name, const std::string& value) {
  if (r.id != id) return false;
  SetIn(r.meta_attributes, r.id + "-meta_attributes", name, value);
  return true;
}

bool SetInGroup(Group& g, const std::string& id, const std::string& name,
                const std::string& value) {
  if (SetIfMatch(g, id, name, value)) return true;
  for (Primitive& p : g.primitives) {
    if (SetIfMatch(p, id, name, value)) return true;
  }
  return false;
}

}  // namespace

std::expected<void, Error> SetResourceMeta(Configuration& config, const std::string& id,
                                           const std::string& name, const std::string& value) {
  for (Resource& r : config.resources) {
    if (auto* p = std::get_if<Primitive>(&r); p && SetIfMatch(*p, id, name, value)) return {};
    if (auto* g = std::get_if<Group>(&r); g && SetInGroup(*g, id, name, value)) return {};
    if (auto* c = std::get_if<Clone>(&r)) {
      if (SetIfMatch(*c, id, name, value)) return {};
      if (auto* p = std::get_if<Primitive>(&c->child); p && SetIfMatch(*p, id, name, value)) {
        return {};
      }
      if (auto* g = std::get_if<Group>(&c->child); g && SetInGroup(*g, id, name, value)) return {};
    }
  }
  return std::unexpected(
      Error{ErrorCode::kNotFound, UnknownWordMessage("resource", id, AllResourceIds(config)), ""});
}

void SetNodeAttribute(Configuration& config, const std::string& uname, const std::string& name,
                      const std::string& value) {
  auto it = std::find_if(config.nodes.begin(), config.nodes.end(),
                         [&](const Node& n) { return n.uname == uname; });
  if (it == config.nodes.end()) {
    Node node;
    node.id = uname;
    node.uname = uname;
    config.nodes.push_back(node);
    it = config.nodes.end() - 1;
  }
  SetIn(it->instance_attributes, "nodes-" + it->id, name, value);
}

}  // namespace keel
