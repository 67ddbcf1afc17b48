#include "crmd/scheduler/working_set.h"

#include <algorithm>
#include <cctype>
#include <numeric>
#include <optional>
#include <tuple>

#include "crmd/scheduler/location_targets.h"
#include "crmd/scheduler/nvset_rules.h"
#include "crmd/scheduler/resource_sets.h"
#include "crmd/scheduler/rules.h"
#include "crmd/scheduler/settings.h"
#include "crmd/scheduler/utilization.h"
#include "xml/duration.h"
#include "xml/xml_node.h"

namespace keel {
namespace {

Error Unsupported(const WorkingSet& ws, std::string what, const std::string& id, int line) {
  return Error{ErrorCode::kNotSupported, "not supported: " + what + " (id " + id + ")",
               ws.Place(id, line)};
}

std::string AgentName(const Primitive& p) {
  const bool ocf = p.resource_class == "ocf";
  std::string name;  // built in one allocation: there is one per resource
  name.reserve(p.resource_class.size() + p.provider.size() + p.type.size() + 2);
  name += p.resource_class;
  name += ':';
  if (ocf) {
    name += p.provider;
    name += ':';
  }
  name += p.type;
  return name;
}

const NodeState* FindNodeState(const Cib& cib, const Node& node) {
  for (const NodeState& state : cib.status.node_states) {
    if (state.id == node.id || (!node.uname.empty() && state.uname == node.uname)) return &state;
  }
  return nullptr;
}

// Pacemaker reads a node's sets without a node (rules.h; nvset_rules.h refuses the rest).
void AddAttributes(const std::vector<NvSet>& sets, int64_t now, NodeInfo& node) {
  // First applicable set wins within one source.
  std::map<std::string, std::string, std::less<>> seen;
  for (const NvSet* set : ApplicableSets(sets, RuleInput{.now = now})) {
    for (const NvPair& pair : set->pairs) seen.emplace(pair.name, pair.value);
  }
  for (auto& [name, value] : seen) node.attrs[name] = value;
}

NodeInfo MakeNode(const Cib& cib, const Node& config, const ClusterView& view, int64_t now) {
  NodeInfo node;
  node.id = config.id;
  node.name = config.uname.empty() ? config.id : config.uname;
  for (const NodeView& v : view.nodes) {
    if (v.name == node.name) {
      node.membership = v.membership;
      node.in_membership = v.membership == NodeMembership::kOnline ||
                           v.membership == NodeMembership::kPending || v.in_membership;
      if (v.membership == NodeMembership::kUnclean) {
        node.unclean = true;
        node.unclean_reason = v.unclean_reason;
      }
    }
  }
  AddAttributes(config.instance_attributes, now, node);
  if (const NodeState* state = FindNodeState(cib, config)) {
    AddAttributes(state->transient_attributes, now, node);
  }
  node.attrs["#uname"] = node.name;
  node.attrs["#id"] = node.id;
  node.attrs["#kind"] = "cluster";
  node.attrs["#is_dc"] = (!cib.dc_uuid.empty() && cib.dc_uuid == config.id) ? "true" : "false";
  auto flag = [&](std::string_view name) {
    auto it = node.attrs.find(name);
    return it != node.attrs.end() && ParseTruth(it->second).value_or(false);
  };
  node.standby = flag("standby");
  node.maintenance = flag("maintenance");
  auto shutdown = node.attrs.find("shutdown");
  node.shutdown =
      shutdown != node.attrs.end() && shutdown->second != "0" && !shutdown->second.empty();
  return node;
}

// The meta_attributes a primitive inherits, nearest first: its group's, its clone's.
using ParentMeta = std::vector<const std::vector<NvSet>*>;

// Meta value: primitive, then its group, then its clone, then rsc_defaults, each source
// read as Pacemaker reads sets (rules.h) at `now`.
std::optional<std::string> Meta(const Configuration& config, const Primitive& p,
                                const ParentMeta& parent_meta, std::string_view name, int64_t now) {
  const RuleInput input{.now = now, .rsc = &p};
  if (auto v = NvValue(p.meta_attributes, name, input)) return v;
  for (const std::vector<NvSet>* sets : parent_meta) {
    if (auto v = NvValue(*sets, name, input)) return v;
  }
  return NvValue(config.rsc_defaults, name, input);
}

// Meta() for many names of one primitive: each source's applicable sets are chosen once, and
// only sources that have some are kept (most resources have none: nothing is allocated).
class MetaReader {
 public:
  MetaReader(const Configuration& config, const Primitive& p, const ParentMeta& parent_meta,
             int64_t now) {
    const RuleInput input{.now = now, .rsc = &p};
    Keep(ApplicableSets(p.meta_attributes, input));
    for (const std::vector<NvSet>* sets : parent_meta) Keep(ApplicableSets(*sets, input));
    defaults_ = ApplicableSets(config.rsc_defaults, input);
  }

  std::optional<std::string> operator()(std::string_view name) const {
    for (const std::vector<const NvSet*>& sets : sources_) {
      if (auto v = FindNvValue(sets, name)) return v;
    }
    return Default(name);
  }

  // From rsc_defaults only.
  std::optional<std::string> Default(std::string_view name) const {
    if (defaults_.empty()) return std::nullopt;
    return FindNvValue(defaults_, name);
  }

 private:
  void Keep(std::vector<const NvSet*> sets) {
    if (!sets.empty()) sources_.push_back(std::move(sets));
  }

  std::vector<std::vector<const NvSet*>> sources_;  // nearest first, without rsc_defaults
  std::vector<const NvSet*> defaults_;
};

// A clone's own meta attribute at `now`.
std::optional<std::string> CloneMeta(const Clone& c, std::string_view name, int64_t now) {
  return NvValue(c.meta_attributes, name, RuleInput{.now = now});
}

int64_t ScoreOr(const std::optional<std::string>& text, int64_t fallback) {
  if (!text) return fallback;
  auto s = Score::Parse(*text);
  return s ? s->value() : fallback;
}

// Adds the resource of primitive p to ws.rscs, built in place (a RscInfo is large: moving one
// in costs as much as reading its meta attributes).
RscInfo& AddRsc(const Configuration& config, const Primitive& p, const ParentMeta& g,
                WorkingSet& ws, int64_t default_stickiness = 0) {
  const ClusterSettings& settings = ws.settings;
  const MetaReader meta(config, p, g, ws.now.epoch_seconds);
  RscInfo& r = ws.rscs.emplace_back();
  r.primitive = &p;
  r.id = p.id;
  r.agent = AgentName(p);
  r.priority = ScoreOr(meta("priority"), 0);
  r.stickiness = Score(ScoreOr(meta("resource-stickiness"),
                               ScoreOr(meta.Default("stickiness"), default_stickiness)));
  r.migration_threshold = ScoreOr(meta("migration-threshold"), Score::kInfinity);
  if (r.migration_threshold <= 0) r.migration_threshold = Score::kInfinity;
  if (auto ft = meta("failure-timeout")) {
    auto ms = ParseDurationMs(*ft);
    if (ms) r.failure_timeout_s = *ms / 1000;
  }
  auto managed = meta("is-managed");
  r.managed = !managed || ParseTruth(*managed).value_or(true);
  auto maint = meta("maintenance");
  r.maintenance = (maint && ParseTruth(*maint).value_or(false)) || settings.maintenance_mode;
  if (r.maintenance) r.managed = false;
  auto role = meta("target-role");
  r.target_stopped = role && NormalRole(*role) == "Stopped";
  // Promoted as a target role sets no limit (promotion scores still decide); Unpromoted does.
  r.target_unpromoted = role && NormalRole(*role) == "Unpromoted";
  if (auto ma = meta("multiple-active")) r.multiple_active = *ma;
  auto unhealthy = meta("allow-unhealthy-nodes");
  r.allow_unhealthy_nodes = unhealthy && ParseTruth(*unhealthy).value_or(false);
  r.needs_quorum = meta("requires") != "nothing";
  return r;
}

// A primitive inside a container (meta container: a bundle's or a guest's member) is
// started, monitored and recovered through its container: not modelled, so refused.
void AddPrimitiveRefusals(const Configuration& config, const Primitive& p,
                          const ParentMeta& parent_meta, const WorkingSet& ws, Errors& errors) {
  if (Meta(config, p, parent_meta, "container", ws.now.epoch_seconds)) {
    errors.push_back(Unsupported(ws, "meta container on a primitive", p.id, p.line));
  }
  // critical=false would make influence=false the default of its colocations: not modelled.
  if (auto critical = Meta(config, p, parent_meta, "critical", ws.now.epoch_seconds);
      critical && !ParseTruth(*critical).value_or(true)) {
    errors.push_back(Unsupported(ws, "meta critical=false", p.id, p.line));
  }
}

// What a clone of a primitive needs that the scheduler does not do yet.
Errors CloneRefusals(const Clone& c, const WorkingSet& ws) {
  Errors errors;
  auto refuse = [&](std::string what) { errors.push_back(Unsupported(ws, what, c.id, c.line)); };
  auto meta = [&](std::string_view name) { return CloneMeta(c, name, ws.now.epoch_seconds); };
  if (const auto* g = std::get_if<Group>(&c.child)) {
    // Instance histories are matched per node (history.cc): one group instance per node.
    if (ScoreOr(meta("clone-node-max"), 1) != 1) {
      refuse("clone-node-max other than 1 on a clone of a group");
    }
    if (g->primitives.empty()) refuse("clone of an empty group");
  }
  return errors;
}

// The clone's own settings (no instances yet).
CloneInfo CloneSettings(const Configuration& config, const Clone& c, int64_t now) {
  auto meta = [&](std::string_view name) { return CloneMeta(c, name, now); };
  CloneInfo info;
  info.id = c.id;
  int64_t n_nodes = static_cast<int64_t>(config.nodes.size());
  info.clone_max =
      static_cast<int>(std::clamp<int64_t>(ScoreOr(meta("clone-max"), n_nodes), 0, 1000));
  info.priority = ScoreOr(meta("priority"), 0);
  auto interleave = meta("interleave");
  info.interleave = interleave && ParseTruth(*interleave).value_or(false);
  auto unique = meta("globally-unique");
  info.globally_unique = unique && ParseTruth(*unique).value_or(false);
  auto ordered = meta("ordered");
  info.ordered = ordered && ParseTruth(*ordered).value_or(false);
  info.clone_node_max =
      static_cast<int>(std::clamp<int64_t>(ScoreOr(meta("clone-node-max"), 1), 1, 1000));
  info.clone_min = static_cast<int>(std::clamp<int64_t>(ScoreOr(meta("clone-min"), 1), 1, 1000));
  auto promotable = meta("promotable");
  info.promotable = c.promotable_element || (promotable && ParseTruth(*promotable).value_or(false));
  auto count_meta = [&](std::string_view name, std::string_view old_name) {
    auto v = meta(name);
    if (!v) v = meta(old_name);
    return static_cast<int>(std::clamp<int64_t>(ScoreOr(v, 1), 0, 1000));
  };
  info.promoted_max = count_meta("promoted-max", "master-max");
  info.promoted_node_max = count_meta("promoted-node-max", "master-node-max");
  return info;
}

// Instance i of a clone of group g is the group "g:i" of "m:i" for every member m; each
// member is a clone of its own (all named after the clone) so that histories, probes and
// failures work per member as for a clone of a primitive. Instances are added instance by
// instance, members in group order, so that displays list "g:0" whole before "g:1".
void AddClonedGroup(const Configuration& config, const Clone& c, const Group& g,
                    WorkingSet& ws) {
  const CloneInfo settings = CloneSettings(config, c, ws.now.epoch_seconds);
  ClonedGroupInfo cg{c.id, g.id, {}, {}};
  const int cg_index = static_cast<int>(ws.cloned_groups.size());
  // Members take the group's meta attributes, then the clone's.
  const ParentMeta parent_meta{&g.meta_attributes, &c.meta_attributes};
  for (const Primitive& p : g.primitives) {
    CloneInfo member = settings;
    member.child_id = p.id;
    member.agent = AgentName(p);
    member.cloned_group = cg_index;
    cg.member_clones.push_back(static_cast<int>(ws.clones.size()));
    ws.clone_by_child[p.id] = static_cast<int>(ws.clones.size());
    ws.clones.push_back(std::move(member));
    if (p.resource_class == "stonith") ws.settings.have_fencing_device = true;
  }
  for (int i = 0; i < settings.clone_max; ++i) {
    const int gi = static_cast<int>(ws.groups.size());
    ws.groups.push_back(GroupInfo{g.id + ":" + std::to_string(i), {}});
    cg.instance_groups.push_back(gi);
    for (size_t k = 0; k < g.primitives.size(); ++k) {
      const int index = static_cast<int>(ws.rscs.size());
      RscInfo& r = AddRsc(config, g.primitives[k], parent_meta, ws, 1);
      r.id = g.primitives[k].id + ":" + std::to_string(i);
      r.clone = cg.member_clones[k];
      r.group = gi;
      r.position = static_cast<int>(k);
      ws.groups[gi].members.push_back(index);
      ws.clones[r.clone].instances.push_back(index);
    }
  }
  ws.entity_by_id[c.id] = EntityRef{false, cg.member_clones.front(), true, cg_index};
  ws.cloned_groups.push_back(std::move(cg));
}

// Instances "p:0" .. "p:N-1" of an anonymous clone; N = clone-max, by default the number of
// configured nodes. Instances take the clone's meta attributes under their own, and a
// resource-stickiness of 1 when nothing sets one (Pacemaker's default for clone instances).
Errors AddClone(const Configuration& config, const Clone& c, WorkingSet& ws) {
  Errors errors = CloneRefusals(c, ws);
  if (const auto* child = std::get_if<Primitive>(&c.child)) {
    AddPrimitiveRefusals(config, *child, ParentMeta{&c.meta_attributes}, ws, errors);
  } else {
    const Group& g = std::get<Group>(c.child);
    const ParentMeta parent_meta{&g.meta_attributes, &c.meta_attributes};
    for (const Primitive& p : g.primitives) {
      AddPrimitiveRefusals(config, p, parent_meta, ws, errors);
    }
  }
  if (!errors.empty()) return errors;
  auto notify_meta = CloneMeta(c, "notify", ws.now.epoch_seconds);
  const bool notify = notify_meta && ParseTruth(*notify_meta).value_or(false);
  if (const auto* g = std::get_if<Group>(&c.child)) {
    if (notify) {
      // Notifications change no placement; they are actions this transition does not list.
      ws.notes.push_back("clone " + c.id +
                         ": notify=true on a clone of a group: the notify actions (pre and post "
                         "notifications) are not planned; placement, starts and stops are");
    }
    AddClonedGroup(config, c, *g, ws);
    return errors;
  }
  const Primitive& p = std::get<Primitive>(c.child);
  if (p.resource_class == "stonith") ws.settings.have_fencing_device = true;
  CloneInfo info = CloneSettings(config, c, ws.now.epoch_seconds);
  info.notify = notify;
  if (!info.globally_unique && info.clone_node_max > 1) {
    // As Pacemaker does: anonymous instances are recorded under one id per node.
    ws.notes.push_back("clone " + c.id + ": clone-node-max " + std::to_string(info.clone_node_max) +
                       " ignored: an anonymous clone runs at most one instance per node "
                       "(globally-unique=true runs several)");
    info.clone_node_max = 1;
  }
  info.child_id = p.id;
  info.agent = AgentName(p);
  const int clone_index = static_cast<int>(ws.clones.size());
  for (int i = 0; i < info.clone_max; ++i) {
    info.instances.push_back(static_cast<int>(ws.rscs.size()));
    RscInfo& r = AddRsc(config, p, ParentMeta{&c.meta_attributes}, ws, 1);
    r.id = p.id + ":" + std::to_string(i);
    r.clone = clone_index;
  }
  ws.entity_by_id[c.id] = EntityRef{false, clone_index, true};
  ws.clone_by_child[p.id] = clone_index;
  ws.clones.push_back(std::move(info));
  return errors;
}

// How many RscInfo AddResources makes (clone-max taken as the node count, its default), so
// that the vector of them grows once.
size_t ExpectedResourceCount(const Configuration& config) {
  size_t count = 0;
  for (const Resource& resource : config.resources) {
    if (const auto* g = std::get_if<Group>(&resource)) {
      count += g->primitives.size();
    } else if (const auto* c = std::get_if<Clone>(&resource)) {
      const auto* cg = std::get_if<Group>(&c->child);
      count += config.nodes.size() * (cg != nullptr ? cg->primitives.size() : 1);
    } else {
      ++count;
    }
  }
  return count;
}

Errors AddResources(const Configuration& config, WorkingSet& ws) {
  Errors errors;
  ws.rscs.reserve(ExpectedResourceCount(config));
  ws.entity_by_id.reserve(ws.rscs.capacity() + config.resources.size());
  auto add_primitive = [&](const Primitive& p, const Group* g, int group_index) {
    const ParentMeta parent_meta = g != nullptr ? ParentMeta{&g->meta_attributes} : ParentMeta{};
    AddPrimitiveRefusals(config, p, parent_meta, ws, errors);
    const int index = static_cast<int>(ws.rscs.size());
    RscInfo& r = AddRsc(config, p, parent_meta, ws);
    if (p.resource_class == "stonith") ws.settings.have_fencing_device = true;
    r.group = group_index;
    r.position = group_index < 0 ? 0 : static_cast<int>(ws.groups[group_index].members.size());
    ws.entity_by_id[p.id] = EntityRef{false, index};
    if (group_index >= 0) ws.groups[group_index].members.push_back(index);
  };
  for (const Resource& resource : config.resources) {
    if (const auto* p = std::get_if<Primitive>(&resource)) {
      add_primitive(*p, nullptr, -1);
      auto provides =
          NvValue(p->meta_attributes, "provides", RuleInput{.now = ws.now.epoch_seconds, .rsc = p});
      if (p->resource_class == "stonith" && provides == "unfencing" &&
          ws.settings.unfencing_device.empty()) {
        ws.settings.unfencing_device = p->id;
      }
    } else if (const auto* g = std::get_if<Group>(&resource)) {
      int gi = static_cast<int>(ws.groups.size());
      ws.groups.push_back(GroupInfo{g->id, {}});
      ws.entity_by_id[g->id] = EntityRef{true, gi};
      for (const Primitive& p : g->primitives) add_primitive(p, &*g, gi);
    } else {
      for (Error& e : AddClone(config, std::get<Clone>(resource), ws)) {
        errors.push_back(std::move(e));
      }
    }
  }
  return errors;
}

bool Promotable(const WorkingSet& ws, EntityRef ref) {
  return ref.is_clone && ref.index >= 0 && ws.clones[ref.index].promotable;
}

// Role-based colocations the scheduler decides: a primitive or group with a promotable
// clone's role, or a promotable clone's role with a primitive, a group or (promoted role
// only) a clone.
std::optional<std::string> RoleColocationRefusal(const WorkingSet& ws, const Colocation& col,
                                                 EntityRef dep, EntityRef pri) {
  if (col.dependent_role.empty() && col.primary_role.empty()) return std::nullopt;
  if (col.dependent_role == "Stopped" || col.primary_role == "Stopped") {
    return "colocation with role Stopped";
  }
  if (!col.dependent_role.empty()) {
    if (!Promotable(ws, dep)) return "colocation with a role of a resource that is not promotable";
    if (!col.primary_role.empty() && !Promotable(ws, pri)) {
      return "colocation with a role of a resource that is not promotable";
    }
    if (pri.is_clone && col.dependent_role != "Promoted") {
      return "colocation of a promotable clone's unpromoted role with a clone";
    }
    return std::nullopt;
  }
  if (!Promotable(ws, pri)) return "colocation with a role of a resource that is not promotable";
  return std::nullopt;
}

// promote / demote in orders: only as the promotable clone's side, and with another clone
// only when neither is interleaved (but for a promote before an interleaved clone's start).
std::optional<std::string> OrderTaskRefusal(const WorkingSet& ws, const OrderInfo& o) {
  auto plain = [](const std::string& t) { return t == "start" || t == "stop"; };
  auto role_task = [](const std::string& t) { return t == "promote" || t == "demote"; };
  for (const auto& [ref, task, other] :
       {std::tuple{o.first, o.first_task, o.then}, std::tuple{o.then, o.then_task, o.first}}) {
    if (plain(task)) continue;
    if (!role_task(task)) return "order action " + task;
    if (!Promotable(ws, ref))
      return "order action " + task + " on a resource that is not promotable";
    // Between clones, only as whole clones, except a promote before an interleaved clone's
    // start (clone_orders.cc pairs the instances node by node).
    const bool promote_then_start = o.first_task == "promote" && o.then_task == "start";
    if (other.is_clone && !promote_then_start &&
        (ws.clones[ref.index].interleave || ws.clones[other.index].interleave)) {
      return "order action " + task + " between interleaved clones";
    }
  }
  return std::nullopt;
}

// The member clone of a clone of a group that a constraint acts on (its first or its last
// member); any other reference as it is.
EntityRef MemberClone(const WorkingSet& ws, EntityRef ref, bool last) {
  if (ref.cloned_group < 0) return ref;
  const std::vector<int>& members = ws.cloned_groups[ref.cloned_group].member_clones;
  return EntityRef{false, last ? members.back() : members.front(), true};
}

// Locations in document order, a location with sets (or a tag) or an rsc-pattern as one per
// member resource.
void CollectLocations(const Configuration& config, const TagMembers& tags, WorkingSet& ws) {
  std::vector<size_t> members(config.locations.size(), 0);  // 0: the location itself
  for (size_t i = 0; i < config.locations.size(); ++i) {
    const LocationConstraint& written = config.locations[i];
    std::vector<LocationConstraint> expanded;
    if (!written.rsc_pattern.empty()) {
      expanded = ExpandRscPattern(written, config);
    } else {
      std::optional<LocationConstraint> tagged = WithTagsExpanded(written, tags);
      expanded = ExpandLocationSets(tagged ? *tagged : written);
    }
    for (LocationConstraint& member : expanded) {
      ws.set_locations.push_back(std::move(member));
      ++members[i];
    }
  }
  size_t next_member = 0;
  for (size_t i = 0; i < config.locations.size(); ++i) {
    if (members[i] == 0) ws.locations.push_back(&config.locations[i]);
    for (size_t m = 0; m < members[i]; ++m)
      ws.locations.push_back(&ws.set_locations[next_member++]);
  }
}

Errors AddConstraints(const Configuration& config, WorkingSet& ws) {
  Errors errors;
  const TagMembers tags = IndexTags(config.tags);
  CollectLocations(config, tags, ws);
  // The clone whose primitive, group or group member `id` is, or "".
  auto enclosing_clone = [&](const std::string& id) -> std::string {
    if (auto it = ws.clone_by_child.find(id); it != ws.clone_by_child.end()) {
      return ws.clones[it->second].id;
    }
    for (const ClonedGroupInfo& cg : ws.cloned_groups) {
      if (cg.group_id == id) return cg.id;
    }
    return "";
  };
  auto lookup = [&](const std::string& id, const std::string& constraint, int line) -> EntityRef {
    auto it = ws.entity_by_id.find(id);
    if (it != ws.entity_by_id.end()) return it->second;
    // Pacemaker applies a constraint on what is inside a clone to the clone (promoted-ordering).
    if (std::string clone = enclosing_clone(id); !clone.empty()) return ws.entity_by_id[clone];
    errors.push_back(Error{ErrorCode::kInvalid,
                           "constraint refers to unknown resource '" + id + "'",
                           ws.Place(constraint, line)});
    return EntityRef{};
  };
  auto add_colocation = [&](const ColocationConstraint& c) {
    EntityRef dep = lookup(c.rsc, c.id, c.line), pri = lookup(c.with_rsc, c.id, c.line);
    if (dep.index < 0 || pri.index < 0) return;
    // With itself (a clone with what is inside it): nothing to place.
    if (dep.index == pri.index && dep.is_clone == pri.is_clone && dep.is_group == pri.is_group &&
        dep.cloned_group == pri.cloned_group) {
      return;
    }
    // A clone of a group follows with its first member; an infinite colocation with it needs
    // every member, a finite one its first.
    dep = MemberClone(ws, dep, false);
    pri = MemberClone(ws, pri, c.score.IsInfinite());
    Colocation col;
    col.id = c.id;
    col.score = c.score;
    col.node_attribute = c.node_attribute == "#uname" ? "" : c.node_attribute;
    col.dependent_role = NormalRole(c.rsc_role);
    col.primary_role = NormalRole(c.with_rsc_role);
    if (auto refusal = RoleColocationRefusal(ws, col, dep, pri)) {
      errors.push_back(Unsupported(ws, *refusal, c.id, c.line));
      return;
    }
    // Keel turns a sticky dependent group's INFINITY into -INFINITY here (case
    // colocation-vs-stickiness); Pacemaker scales it like a finite score.
    if (dep.is_group && pri.is_group && c.score.value() < 0 && !c.score.IsMinusInfinite()) {
      const std::vector<int> members = ws.Members(dep);
      if (std::any_of(members.begin(), members.end(),
                      [&](int m) { return ws.rscs[m].stickiness.IsInfinite(); })) {
        errors.push_back(Unsupported(
            ws, "a group with INFINITY stickiness colocated with a group by a negative score", c.id,
            c.line));
        return;
      }
    }
    if (!col.dependent_role.empty()) {  // a promotable clone's role with a resource or clone
      col.dependent_clone = dep.index;
      std::vector<int> pm = ws.Members(pri);
      if (pm.empty()) return;
      if (pri.is_clone) {
        col.primary_clone = pri.index;
      } else {
        col.primary = (pri.is_group && c.score.IsInfinite()) ? pm.back() : pm.front();
      }
      ws.clones[dep.index].role_colocations.push_back(static_cast<int>(ws.role_colocations.size()));
      ws.role_colocations.push_back(col);
      return;
    }
    std::vector<int> dm = ws.Members(dep), pm = ws.Members(pri);
    if (pri.is_clone) {
      col.primary_clone = pri.index;
      // A clone with a clone: every instance goes where an instance of the primary is (with
      // one instance per node, interleave pairs them the same way).
      std::vector<int> dependents = dm;
      if (!dep.is_clone && dependents.size() > 1) dependents.resize(1);  // a group's first member
      for (int d : dependents) {
        col.dependent = d;
        ws.colocations.push_back(col);
      }
      return;
    }
    if (dm.empty() || pm.empty()) return;
    // An infinite colocation with a group needs all of it; a finite one its first member.
    col.primary = (pri.is_group && c.score.IsInfinite()) ? pm.back() : pm.front();
    if (dep.is_clone) {  // every instance follows the primary
      for (int instance : dm) {
        col.dependent = instance;
        ws.colocations.push_back(col);
      }
      return;
    }
    col.dependent = dm.front();
    if (col.dependent == col.primary) return;
    ws.colocations.push_back(col);
  };
  for (const ColocationConstraint& written : config.colocations) {
    std::optional<ColocationConstraint> expanded = WithTagsExpanded(written, tags);
    const ColocationConstraint& c = expanded ? *expanded : written;
    if (c.sets.empty()) {
      add_colocation(c);
      continue;
    }
    auto pairs = ExpandColocationSets(c);
    if (!pairs) {
      errors.push_back(Unsupported(ws, pairs.error(), c.id, c.line));
      continue;
    }
    for (const ColocationConstraint& pair : *pairs) add_colocation(pair);
  }
  for (const LocationConstraint* loc_ptr : ws.locations) {
    const LocationConstraint& loc = *loc_ptr;
    bool unpromoted = NormalRole(loc.role) == "Unpromoted";
    for (const Rule& rule : loc.rules) unpromoted |= NormalRole(rule.role) == "Unpromoted";
    if (unpromoted)
      errors.push_back(Unsupported(ws, "location with role Unpromoted", loc.id, loc.line));
  }
  auto add_order = [&](const OrderConstraint& o) {
    EntityRef first = lookup(o.first, o.id, o.line), then = lookup(o.then, o.id, o.line);
    if (first.index < 0 || then.index < 0) return;
    // A clone of a group has started when its last member has, and stopped when its first
    // has; it starts with its first member and stops with its last.
    first = MemberClone(ws, first, o.EffectiveFirstAction() != "stop");
    then = MemberClone(ws, then, o.EffectiveThenAction() == "stop");
    OrderInfo info{o.id,
                   first,
                   then,
                   o.EffectiveFirstAction(),
                   o.EffectiveThenAction(),
                   o.EffectiveKind(),
                   o.EffectiveSymmetrical(),
                   o.require_all.value_or(true)};
    if (auto refusal = OrderTaskRefusal(ws, info)) {
      errors.push_back(Unsupported(ws, *refusal, o.id, o.line));
      return;
    }
    ws.orders.push_back(info);
  };
  for (const OrderConstraint& written : config.orders) {
    std::optional<OrderConstraint> expanded = WithTagsExpanded(written, tags);
    const OrderConstraint& o = expanded ? *expanded : written;
    if (o.sets.empty()) {
      add_order(o);
      continue;
    }
    auto pairs = ExpandOrderSets(o);
    if (!pairs) {
      errors.push_back(Unsupported(ws, pairs.error(), o.id, o.line));
      continue;
    }
    for (const OrderConstraint& pair : *pairs) add_order(pair);
  }
  // tickets.cc reads the constraints themselves; only a name it cannot apply is refused here.
  for (const TicketConstraint& t : config.tickets) {
    if (!enclosing_clone(t.rsc).empty()) {
      errors.push_back(Unsupported(
          ws, "rsc_ticket on " + t.rsc + " inside a clone (name the clone)", t.id, t.line));
    } else {
      lookup(t.rsc, t.id, t.line);
    }
  }
  return errors;
}

// Members of a group are colocated with the member before them; these come first so that
// members follow their predecessor before any external constraint is considered.
void AddGroupInternals(WorkingSet& ws) {
  std::vector<Colocation> all;
  for (const GroupInfo& g : ws.groups) {
    for (size_t i = 1; i < g.members.size(); ++i) {
      Colocation col;
      col.id = "group " + g.id;
      col.dependent = g.members[i];
      col.primary = g.members[i - 1];
      col.score = Score::Infinity();
      all.push_back(std::move(col));
    }
  }
  for (Colocation& c : ws.colocations) all.push_back(std::move(c));
  ws.colocations = std::move(all);
}

}  // namespace

std::string NormalRole(const std::string& role) {
  if (role.empty()) return "";  // nearly every constraint and operation
  std::string lower = role;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower.empty() || lower == "started") return "";
  if (lower == "master" || lower == "promoted") return "Promoted";
  if (lower == "slave" || lower == "unpromoted") return "Unpromoted";
  if (lower == "stopped") return "Stopped";
  return role;
}

const NodeHistory* RscInfo::HistoryOn(int node) const {
  auto it = std::lower_bound(history.begin(), history.end(), node,
                             [](const NodeHistory& h, int n) { return h.node < n; });
  return (it != history.end() && it->node == node) ? &*it : nullptr;
}

bool RscInfo::HasHistoryOn(int node) const {
  return HistoryOn(node) != nullptr ||
         std::binary_search(probed_nodes.begin(), probed_nodes.end(), node);
}

bool RscInfo::ActiveOn(int node) const {
  return std::binary_search(active_nodes.begin(), active_nodes.end(), node);
}

std::optional<int> WorkingSet::NodeIndex(std::string_view name) const {
  auto it = node_by_name.find(name);
  if (it == node_by_name.end()) return std::nullopt;
  return it->second;
}

std::vector<int> WorkingSet::Members(EntityRef ref) const {
  if (ref.index < 0) return {};
  if (ref.is_group) return groups[ref.index].members;
  if (ref.cloned_group >= 0) {
    std::vector<int> all;
    for (int c : cloned_groups[ref.cloned_group].member_clones) {
      all.insert(all.end(), clones[c].instances.begin(), clones[c].instances.end());
    }
    std::sort(all.begin(), all.end());
    return all;
  }
  if (ref.is_clone) return clones[ref.index].instances;
  return {ref.index};
}

int WorkingSet::CloneOfHistoryId(std::string_view id) const {
  auto colon = id.rfind(':');
  if (colon != std::string_view::npos && colon + 1 < id.size() &&
      id.find_first_not_of("0123456789", colon + 1) == std::string_view::npos) {
    id = id.substr(0, colon);
  }
  auto it = clone_by_child.find(std::string(id));
  return it == clone_by_child.end() ? -1 : it->second;
}

void NoteRecheck(WorkingSet& ws, int64_t at_s, std::string reason) {
  if (ws.recheck_at_s && *ws.recheck_at_s <= at_s) return;
  ws.recheck_at_s = at_s;
  ws.recheck_reason = std::move(reason);
}

void AddWeight(WorkingSet& ws, RscInfo& rsc, int node, Score score, std::string source) {
  rsc.weights[node] += score;
  if (ws.explain) rsc.contributions[node].push_back(ScoreContribution{std::move(source), score});
}

std::string WorkingSet::Place(const std::string& id, int line) const {
  if (source.empty()) return id;
  return Where(source, line) + " (" + id + ")";
}

namespace {

// The resource a colocation names on one side: a clone for its instances. Pacemaker weighs
// a resource's colocations in this order: higher priority first, clones, then groups, then
// primitives, then by id (byte order).
using SideKey = std::tuple<int64_t, int, const std::string&>;

SideKey ColocationSideKey(const WorkingSet& ws, int rsc) {
  const RscInfo& r = ws.rscs[rsc];
  if (r.clone >= 0) return {-ws.clones[r.clone].priority, 0, ws.clones[r.clone].id};
  if (r.group >= 0) return {-r.priority, 1, ws.groups[r.group].id};
  return {-r.priority, 2, r.id};
}

// A group is placed by its first member with the colocations of every member, as in the
// Pacemaker of the regression summaries: what a later member is colocated with moves the whole
// group (case coloc-with-inner-group-member; 2.1.5 stopped that member instead).
void AddInnerMemberColocations(WorkingSet& ws) {
  for (const GroupInfo& g : ws.groups) {
    if (g.members.size() < 2 || ws.rscs[g.members.front()].clone >= 0) continue;
    std::vector<int>& first = ws.rscs[g.members.front()].as_dependent;
    for (size_t i = 1; i < g.members.size(); ++i) {
      for (int c : ws.rscs[g.members[i]].as_dependent) {
        const Colocation& col = ws.colocations[c];
        if (col.primary >= 0 && ws.rscs[col.primary].group == ws.rscs[g.members[i]].group) continue;
        first.push_back(c);
      }
    }
  }
}

void RankNodeNames(WorkingSet& ws) {
  std::vector<int> by_name(ws.nodes.size());
  std::iota(by_name.begin(), by_name.end(), 0);
  std::sort(by_name.begin(), by_name.end(),
            [&](int a, int b) { return ws.nodes[a].name < ws.nodes[b].name; });
  ws.name_rank.assign(ws.nodes.size(), 0);
  for (size_t i = 1; i < by_name.size(); ++i) {
    const bool tie = ws.nodes[by_name[i]].name == ws.nodes[by_name[i - 1]].name;
    ws.name_rank[by_name[i]] = tie ? ws.name_rank[by_name[i - 1]] : static_cast<int>(i);
  }
}

void SortColocationLists(WorkingSet& ws) {
  auto by = [&](bool dependent_side) {
    return [&ws, dependent_side](int a, int b) {
      const Colocation &ca = ws.colocations[a], &cb = ws.colocations[b];
      auto side = [&](const Colocation& c) {
        if (dependent_side) return ColocationSideKey(ws, c.dependent);
        if (c.primary_clone >= 0) {
          const CloneInfo& clone = ws.clones[c.primary_clone];
          return SideKey{-clone.priority, 0, clone.id};
        }
        return ColocationSideKey(ws, c.primary);
      };
      return side(ca) < side(cb);
    };
  };
  // Most lists hold one colocation or none: skip those (stable_sort allocates a buffer).
  auto sort = [](std::vector<int>& list, auto less) {
    if (list.size() > 1) std::stable_sort(list.begin(), list.end(), less);
  };
  for (RscInfo& r : ws.rscs) {
    sort(r.as_primary, by(true));
    sort(r.as_dependent, by(false));
  }
  for (CloneInfo& c : ws.clones) sort(c.as_primary, by(true));
}

}  // namespace

std::expected<WorkingSet, Errors> BuildWorkingSet(const Cib& cib, const ClusterView& view,
                                                  TimePoint now, const ScheduleOptions& options) {
  WorkingSet ws;
  ws.cib = &cib;
  ws.history = options.history;
  ws.now = now;
  ws.explain = options.explain;
  ws.source = options.source;
  ws.settings = ReadSettings(cib.configuration, view.have_quorum,
                             view.had_quorum.value_or(cib.no_quorum_panic.value_or(false)),
                             now.epoch_seconds);
  ws.settings.have_fencing_device = !view.fencing_needs_device;
  Errors errors = NvSetRuleRefusals(
      cib.configuration, [&ws](const std::string& id, int line) { return ws.Place(id, line); });
  for (const Node& node : cib.configuration.nodes) {
    if (!node.type.empty() && node.type != "member" && node.type != "normal") {
      errors.push_back(Unsupported(ws, "node type " + node.type, node.id, node.line));
      continue;
    }
    ws.node_by_name[node.uname.empty() ? node.id : node.uname] = static_cast<int>(ws.nodes.size());
    ws.nodes.push_back(MakeNode(cib, node, view, now.epoch_seconds));
  }
  RankNodeNames(ws);
  for (Error& e : AddResources(cib.configuration, ws)) errors.push_back(std::move(e));
  if (errors.empty() && UsesUtilization(ws)) {
    for (Error& e : ReadUtilization(cib, ws)) errors.push_back(std::move(e));
  }
  if (errors.empty()) {
    for (Error& e : AddConstraints(cib.configuration, ws)) errors.push_back(std::move(e));
  }
  if (!errors.empty()) return std::unexpected(std::move(errors));
  AddGroupInternals(ws);
  for (int i = 0; i < static_cast<int>(ws.role_colocations.size()); ++i) {
    const Colocation& col = ws.role_colocations[i];
    if (col.primary >= 0) ws.rscs[col.primary].as_role_primary.push_back(i);
  }
  for (int i = 0; i < static_cast<int>(ws.colocations.size()); ++i) {
    const Colocation& col = ws.colocations[i];
    ws.rscs[col.dependent].as_dependent.push_back(i);
    if (col.primary_clone >= 0) {
      // A clone of a group places its instances with its first member: what is colocated
      // with it weighs in there, whichever member it follows.
      int placing = col.primary_clone;
      if (int cg = ws.clones[placing].cloned_group; cg >= 0) {
        placing = ws.cloned_groups[cg].member_clones.front();
      }
      ws.clones[placing].as_primary.push_back(i);
    } else {
      ws.rscs[col.primary].as_primary.push_back(i);
    }
  }
  AddInnerMemberColocations(ws);
  SortColocationLists(ws);
  return ws;
}

bool KnownOn(const WorkingSet& ws, const RscInfo& r, int node) {
  if (r.clone < 0 || ws.clones[r.clone].globally_unique) return r.HasHistoryOn(node);
  const std::vector<char>& known = ws.clones[r.clone].known_on;
  return !known.empty() && known[node];
}

}  // namespace keel
