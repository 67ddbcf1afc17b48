#include "cli/crm_apply.h"

#include <algorithm>
#include <map>
#include <numeric>
#include <optional>
#include <set>

#include "cli/suggest.h"
#include "xml/cluster_options.h"
#include "xml/resource_templates.h"

namespace keel {

namespace {

int Phase(const CrmCommand& command) {
  if (std::holds_alternative<CrmDelete>(command.what)) return 0;
  return 1 + static_cast<int>(std::get<CrmObject>(command.what).index());
}

template <typename Visit>
void ForEachPrimitive(const Configuration& config, Visit visit) {
  for (const Resource& r : config.resources) {
    if (auto* p = std::get_if<Primitive>(&r)) visit(*p);
    if (auto* g = std::get_if<Group>(&r))
      for (const Primitive& p : g->primitives) visit(p);
    if (auto* c = std::get_if<Clone>(&r)) {
      if (auto* p = std::get_if<Primitive>(&c->child)) visit(*p);
      if (auto* g = std::get_if<Group>(&c->child))
        for (const Primitive& p : g->primitives) visit(p);
    }
  }
}

std::string WithArticle(const std::string& kind) {
  return (kind == "order" || kind == "alert" ? "an " : "a ") + kind;
}

// Ids a constraint names, for "delete removes dangling constraints".
bool NamesAny(const std::vector<std::string>& ids, const std::string& a, const std::string& b) {
  return std::find(ids.begin(), ids.end(), a) != ids.end() ||
         std::find(ids.begin(), ids.end(), b) != ids.end();
}

// A resource set of the constraint names one of `ids`: the whole constraint goes with it.
bool SetsNameAny(const std::vector<std::string>& ids, const std::vector<ResourceSet>& sets) {
  return std::any_of(sets.begin(), sets.end(), [&](const ResourceSet& set) {
    return std::any_of(set.resources.begin(), set.resources.end(), [&](const std::string& r) {
      return std::find(ids.begin(), ids.end(), r) != ids.end();
    });
  });
}

class Applier {
 public:
  Applier(const Configuration& base, ApplyMode mode) : config_(base), mode_(mode) {}

  std::expected<ApplyResult, Errors> Run(const std::vector<CrmCommand>& commands) {
    std::vector<size_t> order(commands.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return Phase(commands[a]) < Phase(commands[b]); });
    for (size_t i : order) Apply(commands[i]);
    if (!errors_.empty()) return std::unexpected(std::move(errors_));
    return ApplyResult{std::move(config_), std::move(notes_), std::move(warnings_)};
  }

 private:
  void Fail(const CrmToken& at, std::string message, ErrorCode code = ErrorCode::kInvalid) {
    errors_.push_back(Error{code, std::move(message), TokenWhere(at)});
  }

  void Apply(const CrmCommand& command) {
    at_ = command.keyword;
    if (auto* del = std::get_if<CrmDelete>(&command.what)) {
      for (const CrmToken& id : del->ids) Delete(id);
      return;
    }
    std::visit([this](const auto& object) { Define(object); }, std::get<CrmObject>(command.what));
  }

  // "" when unused, else what uses it ("primitive", "location", ...).
  std::string KindOf(const std::string& id) const {
    std::string kind;
    ForEachPrimitive(config_, [&](const Primitive& p) {
      if (p.id == id) kind = "primitive";
    });
    for (const Resource& r : config_.resources) {
      if (auto* g = std::get_if<Group>(&r); g && g->id == id) kind = "group";
      if (auto* c = std::get_if<Clone>(&r)) {
        if (c->id == id) kind = "clone";
        if (auto* g = std::get_if<Group>(&c->child); g && g->id == id) kind = "group";
      }
    }
    for (const auto& t : config_.tags)
      if (t.id == id) kind = "tag";
    for (const auto& t : config_.templates)
      if (t.id == id) kind = "rsc_template";
    for (const auto& l : config_.locations)
      if (l.id == id) kind = "location";
    for (const auto& c : config_.colocations)
      if (c.id == id) kind = "colocation";
    for (const auto& o : config_.orders)
      if (o.id == id) kind = "order";
    for (const auto& t : config_.tickets)
      if (t.id == id) kind = "rsc_ticket";
    for (const auto& a : config_.alerts)
      if (a.id == id) kind = "alert";
    return kind;
  }

  // True when `id` may be (re)defined as `kind`; reports the error otherwise.
  bool MayDefine(const std::string& id, const std::string& kind) {
    // One input defines each id once (an update would otherwise keep the last one silently).
    auto [first, fresh] = defined_here_.emplace(id, at_);
    if (!fresh && mode_ == ApplyMode::kUpdate) {
      Fail(at_, "duplicate id '" + id + "': defined twice in this input (first at " +
                    TokenWhere(first->second) + ")");
      return false;
    }
    std::string existing = KindOf(id);
    if (existing.empty()) return true;
    if (mode_ == ApplyMode::kUpdate && existing == kind) return true;
    Fail(at_, "duplicate id '" + id + "': already defined as " + WithArticle(existing));
    return false;
  }

  // `tag_ok`: a constraint may name a tag instead.
  bool CheckResourceRef(const std::string& id, const CrmToken& at, bool tag_ok = false) {
    std::string kind = KindOf(id);
    if (kind == "primitive" || kind == "group" || kind == "clone") return true;
    if (tag_ok && (kind == "tag" || kind == "rsc_template")) return true;
    Fail(at, kind.empty() ? UnknownWordMessage("resource", id, AllResourceIds(config_))
                          : "'" + id + "' is " + WithArticle(kind) + ", not a resource");
    return false;
  }

  void Define(const Node& node) {
    auto it = std::find_if(config_.nodes.begin(), config_.nodes.end(),
                           [&](const Node& n) { return n.id == node.id || n.uname == node.uname; });
    if (it == config_.nodes.end()) {
      config_.nodes.push_back(node);
    } else if (mode_ == ApplyMode::kUpdate) {
      *it = node;
    } else {
      Fail(at_, "duplicate node '" + node.uname + "': already defined");
    }
  }

  void Define(const TemplateDef& def) {
    if (!MayDefine(def.body.id, "rsc_template")) return;
    for (Primitive& t : config_.templates) {
      if (t.id == def.body.id) {
        t = def.body;
        return;
      }
    }
    config_.templates.push_back(def.body);
  }

  void Define(const Primitive& p) {
    if (!MayDefine(p.id, "primitive")) return;
    if (!p.template_id.empty() && !FindTemplate(config_, p.template_id)) {
      std::vector<std::string> names;
      for (const Primitive& t : config_.templates) names.push_back(t.id);
      Fail(at_, UnknownWordMessage("rsc_template", p.template_id, names) +
                    " (define it first: rsc_template " + p.template_id + " AGENT ...)");
      return;
    }
    bool replaced = false;
    auto replace = [&](Primitive& old) {
      if (old.id == p.id) old = p, replaced = true;
    };
    for (Resource& r : config_.resources) {
      if (auto* q = std::get_if<Primitive>(&r)) replace(*q);
      if (auto* g = std::get_if<Group>(&r))
        for (Primitive& q : g->primitives) replace(q);
      if (auto* c = std::get_if<Clone>(&r)) {
        if (auto* q = std::get_if<Primitive>(&c->child)) replace(*q);
        if (auto* g = std::get_if<Group>(&c->child))
          for (Primitive& q : g->primitives) replace(q);
      }
    }
    if (!replaced) config_.resources.push_back(p);
  }

  void Define(const GroupDef& def);
  void Define(const CloneDef& def);

  template <typename Constraint>
  void DefineConstraint(std::vector<Constraint>& list, const Constraint& c, const char* kind) {
    if (!MayDefine(c.id, kind)) return;
    auto it =
        std::find_if(list.begin(), list.end(), [&](const Constraint& x) { return x.id == c.id; });
    if (it != list.end())
      *it = c;
    else
      list.push_back(c);
  }

  bool CheckNodeRef(const std::string& uname, const CrmToken& at) {
    std::vector<std::string> names;
    for (const Node& n : config_.nodes) {
      if (n.uname == uname) return true;
      names.push_back(n.uname);
    }
    Fail(at, UnknownWordMessage("node", uname, names) + " (define it first: node " + uname + ")");
    return false;
  }

  void Define(const LocationConstraint& l) {
    bool ok = !l.rsc_pattern.empty() || CheckResourceRef(l.rsc, at_, true);
    if (l.node) ok = CheckNodeRef(*l.node, at_) && ok;
    if (ok) DefineConstraint(config_.locations, l, "location");
  }
  // Both sides of a pair, or every member of the sets.
  bool CheckRefs(const std::string& a, const std::string& b, const std::vector<ResourceSet>& sets) {
    bool ok = true;
    for (const ResourceSet& set : sets) {
      for (const std::string& rsc : set.resources) ok = CheckResourceRef(rsc, at_, true) && ok;
    }
    if (!sets.empty()) return ok;
    ok = CheckResourceRef(a, at_, true);
    return CheckResourceRef(b, at_, true) && ok;
  }
  void Define(const ColocationConstraint& c) {
    if (CheckRefs(c.rsc, c.with_rsc, c.sets))
      DefineConstraint(config_.colocations, c, "colocation");
  }
  void Define(const OrderConstraint& o) {
    if (CheckRefs(o.first, o.then, o.sets)) DefineConstraint(config_.orders, o, "order");
  }

  void Define(const Tag& tag) {
    bool ok = true;
    for (const std::string& rsc : tag.refs) ok = CheckResourceRef(rsc, at_) && ok;
    if (ok) DefineConstraint(config_.tags, tag, "tag");
  }
  void Define(const TicketConstraint& t) {
    // A ticket may name a template (not a tag): it then binds each primitive using it.
    const bool ok = FindTemplate(config_, t.rsc) || CheckResourceRef(t.rsc, at_);
    if (ok) DefineConstraint(config_.tickets, t, "rsc_ticket");
  }

  void Define(const NvSetDef& def) {
    std::vector<NvSet>& sets = def.target == NvSetTarget::kProperty      ? config_.crm_config
                               : def.target == NvSetTarget::kRscDefaults ? config_.rsc_defaults
                                                                         : config_.op_defaults;
    auto it =
        std::find_if(sets.begin(), sets.end(), [&](const NvSet& s) { return s.id == def.set.id; });
    // Without $id the statement means the cluster's options, whatever their set is called
    // ("opts", say): a second set would leave the first one's values in force.
    if (it == sets.end() && !def.named) {
      it = std::find_if(sets.begin(), sets.end(),
                        [](const NvSet& s) { return !s.rule && !s.score; });
    }
    if (it == sets.end()) {
      for (const NvPair& pair : def.set.pairs) WarnUnknownOption(def, pair);
      sets.push_back(def.set);
      return;
    }
    for (const NvPair& pair : def.set.pairs) {
      auto old = std::find_if(it->pairs.begin(), it->pairs.end(),
                              [&](const NvPair& p) { return p.name == pair.name; });
      if (old == it->pairs.end() || old->value != pair.value) WarnUnknownOption(def, pair);
      if (old != it->pairs.end())
        old->value = pair.value;
      else
        it->pairs.push_back(pair);
    }
  }

  // A property Pacemaker does not know is most often a typo: warn (crmsh does too).
  void WarnUnknownOption(const NvSetDef& def, const NvPair& pair) {
    if (def.target != NvSetTarget::kProperty || IsKnownClusterOption(pair.name)) return;
    warnings_.push_back("line " + std::to_string(pair.line) + ": " +
                        UnknownWordMessage("cluster option", pair.name, KnownClusterOptionNames()) +
                        " (set anyway)");
  }

  void Define(const FencingDef& def) {
    bool ok = true;
    for (const CrmToken& device : def.devices) ok = CheckResourceRef(device.text, device) && ok;
    // Pacemaker keeps a level for a node <nodes> does not list (used if such a node is fenced).
    std::set<std::string> warned;
    for (const FencingLevel& level : def.levels) {
      if (level.target.empty() || !warned.insert(level.target).second) continue;
      const bool known = std::any_of(config_.nodes.begin(), config_.nodes.end(),
                                     [&](const Node& n) { return n.uname == level.target; });
      if (!known) {
        warnings_.push_back("line " + std::to_string(at_.line) + ": fencing levels for '" +
                            level.target +
                            "', not a node in <nodes> (kept: used if such a node "
                            "is fenced)");
      }
    }
    if (ok) config_.fencing_levels = def.levels;
  }

  void Define(const Alert& alert) {
    if (!MayDefine(alert.id, "alert")) return;
    auto it = std::find_if(config_.alerts.begin(), config_.alerts.end(),
                           [&](const Alert& a) { return a.id == alert.id; });
    if (it != config_.alerts.end())
      *it = alert;
    else
      config_.alerts.push_back(alert);
  }

  void Delete(const CrmToken& id);
  void DeleteResource(size_t top, const std::string& id);
  // Removes the group member `id`, dropping the group when it empties. True if found.
  bool DeleteMember(Group& group, const std::string& id);
  void DropConstraintsOn(const std::vector<std::string>& ids);

  Configuration config_;
  ApplyMode mode_;
  std::map<std::string, CrmToken> defined_here_;  // ids this input defined, where first
  CrmToken at_;
  Errors errors_;
  std::vector<std::string> notes_;
  std::vector<std::string> warnings_;
};

void Applier::Define(const GroupDef& def) {
  if (!MayDefine(def.group.id, "group")) return;
  // The group being replaced (update mode), top-level or inside a clone.
  Group* old = nullptr;
  size_t old_top = config_.resources.size();
  for (size_t i = 0; i < config_.resources.size(); ++i) {
    Resource& r = config_.resources[i];
    if (auto* g = std::get_if<Group>(&r); g && g->id == def.group.id) old = g, old_top = i;
    if (auto* c = std::get_if<Clone>(&r)) {
      if (auto* g = std::get_if<Group>(&c->child); g && g->id == def.group.id) old = g, old_top = i;
    }
  }
  Group group = def.group;
  std::vector<size_t> taken;  // top-level indices moved into the group
  bool ok = true;
  for (const CrmToken& member : def.members) {
    if (std::any_of(group.primitives.begin(), group.primitives.end(),
                    [&](const Primitive& p) { return p.id == member.text; })) {
      Fail(member, "'" + member.text + "' is listed twice in group " + group.id);
      ok = false;
      continue;
    }
    bool found = false;
    for (size_t i = 0; i < config_.resources.size() && !found; ++i) {
      if (auto* p = std::get_if<Primitive>(&config_.resources[i]); p && p->id == member.text) {
        group.primitives.push_back(*p);
        taken.push_back(i);
        found = true;
      }
    }
    if (!found && old) {
      for (const Primitive& p : old->primitives) {
        if (p.id == member.text) group.primitives.push_back(p), found = true;
      }
    }
    if (found) continue;
    ok = false;
    std::string kind = KindOf(member.text);
    if (kind == "primitive")
      Fail(member, "'" + member.text + "' already belongs to another group or clone");
    else if (!kind.empty())
      Fail(member, "'" + member.text + "' is a " + kind + "; a group holds primitives only");
    else
      Fail(member, UnknownWordMessage("resource", member.text, AllResourceIds(config_)));
  }
  if (!ok) return;
  std::vector<Primitive> leftovers;
  if (old) {
    for (const Primitive& p : old->primitives) {
      if (std::none_of(group.primitives.begin(), group.primitives.end(),
                       [&](const Primitive& q) { return q.id == p.id; }))
        leftovers.push_back(p);
    }
  }
  size_t position = old ? old_top
                        : (taken.empty() ? config_.resources.size()
                                         : *std::min_element(taken.begin(), taken.end()));
  std::vector<Resource> next;
  for (size_t i = 0; i <= config_.resources.size(); ++i) {
    if (i == position) {
      if (old && std::holds_alternative<Clone>(config_.resources[i])) {
        Clone clone = std::get<Clone>(config_.resources[i]);
        clone.child = group;
        next.push_back(std::move(clone));
      } else {
        next.push_back(group);
      }
      for (const Primitive& p : leftovers) next.push_back(p);
      if (old) continue;
    }
    if (i == config_.resources.size()) break;
    if (std::find(taken.begin(), taken.end(), i) != taken.end()) continue;
    next.push_back(std::move(config_.resources[i]));
  }
  config_.resources = std::move(next);
}

void Applier::Define(const CloneDef& def) {
  if (!MayDefine(def.clone.id, "clone")) return;
  std::optional<size_t> old_index;
  std::optional<size_t> child_index;
  for (size_t i = 0; i < config_.resources.size(); ++i) {
    const Resource& r = config_.resources[i];
    if (auto* c = std::get_if<Clone>(&r); c && c->id == def.clone.id) old_index = i;
    if (!std::holds_alternative<Clone>(r) && ResourceId(r) == def.child.text) child_index = i;
  }
  Clone clone = def.clone;
  if (child_index) {
    const Resource& r = config_.resources[*child_index];
    if (auto* p = std::get_if<Primitive>(&r))
      clone.child = *p;
    else
      clone.child = std::get<Group>(r);
  } else if (old_index &&
             std::visit([](const auto& c) { return c.id; },
                        std::get<Clone>(config_.resources[*old_index]).child) == def.child.text) {
    clone.child = std::get<Clone>(config_.resources[*old_index]).child;
  } else {
    std::string kind = KindOf(def.child.text);
    if (kind.empty())
      Fail(def.child, UnknownWordMessage("resource", def.child.text, AllResourceIds(config_)));
    else
      Fail(def.child, "'" + def.child.text + "' (a " + kind +
                          ") cannot be cloned here: "
                          "it is not a top-level primitive or group");
    return;
  }
  if (old_index) {
    config_.resources[*old_index] = clone;
    if (child_index) config_.resources.erase(config_.resources.begin() + *child_index);
  } else {
    config_.resources[*child_index] = clone;
  }
  if (!def.old_word.empty()) {
    notes_.push_back(def.old_word + " " + clone.id + " is a promotable clone: shown as 'clone " +
                     clone.id + " " + def.child.text + " meta promotable=true'");
  }
}

void Applier::Delete(const CrmToken& token) {
  const std::string& id = token.text;
  for (size_t i = 0; i < config_.resources.size(); ++i) {
    Resource& r = config_.resources[i];
    if (ResourceId(r) == id) return DeleteResource(i, id);
    if (auto* g = std::get_if<Group>(&r)) {
      if (DeleteMember(*g, id)) {
        if (g->primitives.empty()) config_.resources.erase(config_.resources.begin() + i);
        return;
      }
    }
    if (auto* c = std::get_if<Clone>(&r)) {
      if (std::visit([](const auto& x) { return x.id; }, c->child) == id) {
        Fail(token,
             "'" + id + "' is the child of clone " + c->id + "; delete " + c->id + " instead");
        return;
      }
      if (auto* g = std::get_if<Group>(&c->child); g && DeleteMember(*g, id)) {
        if (g->primitives.empty()) DeleteResource(i, c->id);
        return;
      }
    }
  }
  auto erase_by_id = [&](auto& list) {
    auto it = std::find_if(list.begin(), list.end(), [&](const auto& x) { return x.id == id; });
    if (it == list.end()) return false;
    list.erase(it);
    return true;
  };
  if (FindTemplate(config_, id)) {
    std::string user;
    ForEachPrimitive(config_, [&](const Primitive& p) {
      if (p.template_id == id && user.empty()) user = p.id;
    });
    if (!user.empty()) {
      Fail(token, "rsc_template " + id + " is used by primitive " + user + "; delete that first");
    } else {
      erase_by_id(config_.templates);
    }
    return;
  }
  if (erase_by_id(config_.tags) || erase_by_id(config_.locations) ||
      erase_by_id(config_.colocations) || erase_by_id(config_.orders) ||
      erase_by_id(config_.tickets) || erase_by_id(config_.crm_config) ||
      erase_by_id(config_.rsc_defaults) || erase_by_id(config_.op_defaults) ||
      erase_by_id(config_.alerts)) {
    return;
  }
  auto node = std::find_if(config_.nodes.begin(), config_.nodes.end(),
                           [&](const Node& n) { return n.uname == id || n.id == id; });
  if (node != config_.nodes.end()) {
    config_.nodes.erase(node);
    return;
  }
  if (id == "fencing_topology" && !config_.fencing_levels.empty()) {
    config_.fencing_levels.clear();
    return;
  }
  Fail(token, UnknownWordMessage("id", id, AllObjectIds(config_)), ErrorCode::kNotFound);
}

void Applier::DeleteResource(size_t top, const std::string& id) {
  Configuration one;
  one.resources.push_back(config_.resources[top]);
  std::vector<std::string> gone = AllResourceIds(one);
  config_.resources.erase(config_.resources.begin() + top);
  DropConstraintsOn(gone);
  (void)id;
}

bool Applier::DeleteMember(Group& group, const std::string& id) {
  auto it = std::find_if(group.primitives.begin(), group.primitives.end(),
                         [&](const Primitive& p) { return p.id == id; });
  if (it == group.primitives.end()) return false;
  group.primitives.erase(it);
  std::vector<std::string> gone = {id};
  if (group.primitives.empty()) {
    gone.push_back(group.id);
    notes_.push_back("group " + group.id + " is empty and was removed");
  }
  DropConstraintsOn(gone);
  return true;
}

void Applier::DropConstraintsOn(const std::vector<std::string>& ids) {
  auto drop = [&](auto& list, auto names) {
    std::erase_if(list, [&](const auto& c) {
      if (!names(c)) return false;
      notes_.push_back("constraint " + c.id + " referred to a deleted resource and was removed");
      return true;
    });
  };
  for (Tag& tag : config_.tags) {
    std::erase_if(tag.refs, [&](const std::string& r) {
      return std::find(ids.begin(), ids.end(), r) != ids.end();
    });
  }
  std::erase_if(config_.tags, [&](const Tag& tag) {
    if (!tag.refs.empty()) return false;
    notes_.push_back("tag " + tag.id + " lost its last resource and was removed");
    return true;
  });
  drop(config_.locations, [&](const LocationConstraint& l) {
    return NamesAny(ids, l.rsc, l.rsc) || SetsNameAny(ids, l.sets);
  });
  drop(config_.colocations, [&](const ColocationConstraint& c) {
    return NamesAny(ids, c.rsc, c.with_rsc) || SetsNameAny(ids, c.sets);
  });
  drop(config_.orders, [&](const OrderConstraint& o) {
    return NamesAny(ids, o.first, o.then) || SetsNameAny(ids, o.sets);
  });
  drop(config_.tickets, [&](const TicketConstraint& t) { return NamesAny(ids, t.rsc, t.rsc); });
}

}  // namespace

std::expected<ApplyResult, Errors> ApplyCrm(const Configuration& base,
                                            const std::vector<CrmCommand>& commands,
                                            ApplyMode mode) {
  return Applier(base, mode).Run(commands);
}

std::expected<ApplyResult, Errors> ApplyCrmText(const Configuration& base, std::string_view text,
                                                ApplyMode mode) {
  auto commands = ParseCrm(text);
  if (!commands) return std::unexpected(commands.error());
  return ApplyCrm(base, *commands, mode);
}

std::vector<std::string> AllResourceIds(const Configuration& config) {
  std::vector<std::string> ids;
  for (const Resource& r : config.resources) {
    ids.push_back(ResourceId(r));
    if (auto* g = std::get_if<Group>(&r))
      for (const Primitive& p : g->primitives) ids.push_back(p.id);
    if (auto* c = std::get_if<Clone>(&r)) {
      if (auto* p = std::get_if<Primitive>(&c->child)) ids.push_back(p->id);
      if (auto* g = std::get_if<Group>(&c->child)) {
        ids.push_back(g->id);
        for (const Primitive& p : g->primitives) ids.push_back(p.id);
      }
    }
  }
  return ids;
}

std::vector<std::string> AllObjectIds(const Configuration& config) {
  std::vector<std::string> ids = AllResourceIds(config);
  for (const auto& t : config.tags) ids.push_back(t.id);
  for (const auto& l : config.locations) ids.push_back(l.id);
  for (const auto& c : config.colocations) ids.push_back(c.id);
  for (const auto& o : config.orders) ids.push_back(o.id);
  for (const auto& t : config.tickets) ids.push_back(t.id);
  for (const auto& n : config.nodes) ids.push_back(n.uname);
  for (const auto& a : config.alerts) ids.push_back(a.id);
  for (const auto* sets : {&config.crm_config, &config.rsc_defaults, &config.op_defaults}) {
    for (const NvSet& s : *sets) ids.push_back(s.id);
  }
  return ids;
}

}  // namespace keel
