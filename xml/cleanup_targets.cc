#include "xml/cleanup_targets.h"

#include <variant>

namespace keel {

std::expected<std::vector<std::string>, Error> CleanupTargets(const Configuration& config,
                                                              const std::string& id) {
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
      if (child != nullptr && (c->id == id || child->id == id)) {
        return std::vector<std::string>{child->id};
      }
      if (c->id == id) {
        return std::unexpected(Error{ErrorCode::kNotSupported,
                                     "not supported: cleanup of clone of a group '" + id + "'",
                                     id});
      }
    }
  }
  return std::unexpected(
      Error{ErrorCode::kNotFound, "no resource '" + id + "' in the configuration", id});
}

}  // namespace keel
