#include "cli/resource_ops.h"

#include <algorithm>
#include <map>

#include "cli/crm_apply.h"
#include "cli/suggest.h"
#include "crmd/scheduler/settings.h"
#include "xml/score.h"
#include "xml/cleanup_targets.h"

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

bool InPromotableClone(const Configuration& config, const std::string& id) {
  for (const Resource& r : config.resources) {
    const auto* c = std::get_if<Clone>(&r);
    if (c == nullptr) continue;
    auto meta = FindNvValue(c->meta_attributes, "promotable");
    if (!c->promotable_element && !(meta && ParseTruth(*meta).value_or(false))) continue;
    if (c->id == id) return true;
    if (const auto* p = std::get_if<Primitive>(&c->child); p && p->id == id) return true;
    if (const auto* g = std::get_if<Group>(&c->child)) {
      if (g->id == id) return true;
      for (const Primitive& p : g->primitives) {
        if (p.id == id) return true;
      }
    }
  }
  return false;
}

std::expected<void, Error> SetTargetRole(Configuration& config, const std::string& verb,
                                         const std::string& id) {
  static const std::map<std::string, std::string> kRoles = {
      {"start", "Started"}, {"stop", "Stopped"}, {"promote", "Promoted"}, {"demote", "Unpromoted"}};
  auto role = kRoles.find(verb);
  if (role == kRoles.end()) {
    return std::unexpected(Error{ErrorCode::kInvalid, "no target-role for '" + verb + "'", id});
  }
  std::vector<std::string> ids = AllResourceIds(config);
  const bool known = std::find(ids.begin(), ids.end(), id) != ids.end();
  if (known && (verb == "promote" || verb == "demote") && !InPromotableClone(config, id)) {
    return std::unexpected(Error{ErrorCode::kInvalid,
                                 "cannot " + verb +
                                     " it: not a promotable clone nor inside one (clone ... "
                                     "meta promotable=true)",
                                 id});
  }
  return SetResourceMeta(config, id, "target-role", role->second);
}

Error UnknownNodeError(const std::string& node, const std::vector<std::string>& known_nodes) {
  return Error{ErrorCode::kNotFound,
               UnknownWordMessage("node", node, known_nodes) + " (not a node of this cluster)",
               node};
}

std::vector<std::string> ClusterNodeNames(const Configuration& config, const Status& status) {
  std::vector<std::string> names;
  for (const Node& n : config.nodes) names.push_back(n.uname);
  for (const NodeState& s : status.node_states) {
    if (!s.uname.empty() && std::find(names.begin(), names.end(), s.uname) == names.end()) {
      names.push_back(s.uname);
    }
  }
  return names;
}

std::expected<void, Error> SetNodeAttribute(Configuration& config, const std::string& uname,
                                            const std::string& name, const std::string& value,
                                            const std::vector<std::string>& known_nodes) {
  if (std::find(known_nodes.begin(), known_nodes.end(), uname) == known_nodes.end()) {
    return std::unexpected(UnknownNodeError(uname, known_nodes));
  }
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
  return {};
}

namespace {

bool ResourceExists(const Configuration& config, const std::string& id) {
  auto ids = AllResourceIds(config);
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

Error UnknownResource(const Configuration& config, const std::string& id) {
  return Error{ErrorCode::kNotFound, UnknownWordMessage("resource", id, AllResourceIds(config)),
               id};
}

// A live cluster's nodes need not be listed in <nodes> (crmd adds them in memory); a
// constraint must name a listed node, so it is listed as `crm node standby` lists it.
void ListNode(Configuration& config, const std::string& uname) {
  bool listed = std::any_of(config.nodes.begin(), config.nodes.end(),
                            [&](const Node& n) { return n.uname == uname; });
  if (listed) return;
  Node node;
  node.id = uname;
  node.uname = uname;
  config.nodes.push_back(node);
}

std::string PutLocation(Configuration& config, const std::string& id, const std::string& rsc,
                        const std::string& node, Score score) {
  ListNode(config, node);
  std::erase_if(config.locations, [&](const LocationConstraint& l) { return l.id == id; });
  LocationConstraint l;
  l.id = id;
  l.rsc = rsc;
  l.node = node;
  l.score = score;
  config.locations.push_back(std::move(l));
  return id;
}

}  // namespace

std::expected<std::string, Error> PreferNode(Configuration& config, const std::string& rsc,
                                             const std::string& node,
                                             const std::vector<std::string>& known_nodes) {
  if (!ResourceExists(config, rsc)) return std::unexpected(UnknownResource(config, rsc));
  if (std::find(known_nodes.begin(), known_nodes.end(), node) == known_nodes.end()) {
    return std::unexpected(
        Error{ErrorCode::kNotFound, UnknownWordMessage("node", node, known_nodes), node});
  }
  return PutLocation(config, "cli-prefer-" + rsc, rsc, node, Score::Infinity());
}

std::expected<std::string, Error> BanFromNode(Configuration& config, const std::string& rsc,
                                              const std::string& node) {
  if (!ResourceExists(config, rsc)) return std::unexpected(UnknownResource(config, rsc));
  return PutLocation(config, "cli-ban-" + rsc + "-on-" + node, rsc, node, Score::MinusInfinity());
}

std::expected<std::vector<std::string>, Error> ClearMoveConstraints(Configuration& config,
                                                                    const std::string& rsc) {
  if (!ResourceExists(config, rsc)) return std::unexpected(UnknownResource(config, rsc));
  std::vector<std::string> removed;
  std::erase_if(config.locations, [&](const LocationConstraint& l) {
    bool ours = l.rsc == rsc &&
                (l.id == "cli-prefer-" + rsc || l.id.starts_with("cli-ban-" + rsc + "-on-"));
    if (ours) removed.push_back(l.id);
    return ours;
  });
  return removed;
}

std::expected<std::vector<std::string>, Error> CleanupPrimitives(const Configuration& config,
                                                                 const std::string& id) {
  auto targets = CleanupTargets(config, id, static_cast<int>(config.nodes.size()));
  if (!targets && targets.error().code == ErrorCode::kNotFound) {
    return std::unexpected(UnknownResource(config, id));
  }
  return targets;
}

std::vector<std::string> ForgetInStatus(Status& status, const std::vector<std::string>& rscs,
                                        const std::string& node) {
  std::vector<std::string> changed;
  for (NodeState& state : status.node_states) {
    if (!node.empty() && state.uname != node) continue;
    NodeState before = state;
    for (const std::string& rsc : rscs) {
      std::erase_if(state.lrm_resources, [&](const LrmResource& r) { return r.id == rsc; });
      for (NvSet& set : state.transient_attributes) {
        std::erase_if(set.pairs, [&](const NvPair& p) {
          for (const std::string& prefix : {"fail-count-" + rsc, "last-failure-" + rsc}) {
            if (p.name == prefix || p.name.starts_with(prefix + "#")) return true;
          }
          return false;
        });
      }
    }
    if (!(state == before)) changed.push_back(state.uname);
  }
  return changed;
}

std::string FailCountTotal(const Status& status, const std::string& rsc, const std::string& node) {
  Score total;
  const std::string prefix = "fail-count-" + rsc;
  for (const NodeState& state : status.node_states) {
    if (state.uname != node) continue;
    for (const NvSet& set : state.transient_attributes) {
      for (const NvPair& p : set.pairs) {
        if (p.name != prefix && !p.name.starts_with(prefix + "#")) continue;
        if (auto count = Score::Parse(p.value)) total += *count;
      }
    }
  }
  return total.ToString();
}

}  // namespace keel
