#include "xml/cleanup_targets.h"

#include <cstdlib>
#include <variant>

#include "xml/cluster_options.h"

namespace keel {

std::expected<std::vector<std::string>, Error> CleanupTargets(const Configuration& config,
                                                              const std::string& id,
                                                              int default_clone_max) {
  for (const Resource& r : config.resources) {
    if (const auto* p = std::get_if<Primitive>(&r); p != nullptr && p->id == id) {
      return std::vector<std::string>{id};
    }
    if (const auto* g = std::get_if<Group>(&r)) {
      std::vector<std::string> members;
      for (const Primitive& p : g->primitives) {
        if (p.id == id) return std::vector<std::string>{id};
        members.push_back(p.id);
      }
      if (g->id == id) return members;
    }
    if (const auto* c = std::get_if<Clone>(&r)) {
      const auto* child = std::get_if<Primitive>(&c->child);
      auto unique = FindNvValue(c->meta_attributes, "globally-unique");
      if (child != nullptr && unique && ParseBool(*unique).value_or(false)) {
        auto max = FindNvValue(c->meta_attributes, "clone-max");
        const int clone_max = max ? std::atoi(max->c_str()) : default_clone_max;
        std::vector<std::string> instances;
        for (int i = 0; i < clone_max; ++i) {
          instances.push_back(child->id + ":" + std::to_string(i));
          if (instances.back() == id) return std::vector<std::string>{id};
        }
        if (c->id == id || child->id == id) return instances;
        continue;
      }
      if (child != nullptr && (c->id == id || child->id == id)) {
        return std::vector<std::string>{child->id};
      }
      if (const auto* g = std::get_if<Group>(&c->child)) {
        std::vector<std::string> members;
        for (const Primitive& p : g->primitives) {
          if (p.id == id) return std::vector<std::string>{id};
          members.push_back(p.id);
        }
        if (c->id == id || g->id == id) return members;
      }
    }
  }
  return std::unexpected(
      Error{ErrorCode::kNotFound, "no resource '" + id + "' in the configuration", id});
}

}  // namespace keel
