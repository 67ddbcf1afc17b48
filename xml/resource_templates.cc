#include "xml/resource_templates.h"

#include <algorithm>
#include <map>
#include <variant>

namespace keel {
namespace {

std::vector<NvSet> OwnFirst(const std::vector<NvSet>& own, const std::vector<NvSet>& inherited) {
  std::vector<NvSet> out = own;
  out.insert(out.end(), inherited.begin(), inherited.end());
  return out;
}

void Expand(Primitive& p, const Configuration& config,
            std::map<std::string, std::vector<std::string>>& users) {
  if (p.template_id.empty()) return;
  const Primitive* tmpl = FindTemplate(config, p.template_id);
  if (tmpl == nullptr) return;
  users[p.template_id].push_back(p.id);
  p = WithTemplate(p, *tmpl);
}

}  // namespace

const Primitive* FindTemplate(const Configuration& config, const std::string& id) {
  for (const Primitive& t : config.templates) {
    if (t.id == id) return &t;
  }
  return nullptr;
}

Primitive WithTemplate(const Primitive& p, const Primitive& tmpl) {
  Primitive out = p;
  if (out.resource_class.empty()) {
    out.resource_class = tmpl.resource_class;
    out.provider = tmpl.provider;
    out.type = tmpl.type;
  }
  out.instance_attributes = OwnFirst(p.instance_attributes, tmpl.instance_attributes);
  out.meta_attributes = OwnFirst(p.meta_attributes, tmpl.meta_attributes);
  out.utilization = OwnFirst(p.utilization, tmpl.utilization);
  out.operations.clear();
  for (const Operation& op : tmpl.operations) {
    const bool overridden =
        std::any_of(p.operations.begin(), p.operations.end(), [&](const Operation& own) {
          return own.name == op.name && own.interval_ms == op.interval_ms;
        });
    if (!overridden) out.operations.push_back(op);
  }
  out.operations.insert(out.operations.end(), p.operations.begin(), p.operations.end());
  out.template_id.clear();
  return out;
}

Configuration WithTemplatesExpanded(const Configuration& config) {
  if (config.templates.empty()) return config;
  Configuration out = config;
  std::map<std::string, std::vector<std::string>> users;
  for (Resource& r : out.resources) {
    if (auto* p = std::get_if<Primitive>(&r)) Expand(*p, config, users);
    if (auto* g = std::get_if<Group>(&r)) {
      for (Primitive& p : g->primitives) Expand(p, config, users);
    }
    if (auto* c = std::get_if<Clone>(&r)) {
      if (auto* p = std::get_if<Primitive>(&c->child)) Expand(*p, config, users);
      if (auto* g = std::get_if<Group>(&c->child)) {
        for (Primitive& p : g->primitives) Expand(p, config, users);
      }
    }
  }
  for (const Primitive& t : config.templates) {
    out.tags.push_back(Tag{t.id, users[t.id], t.line});
  }
  // A ticket naming a template binds each primitive using it.
  std::vector<TicketConstraint> tickets;
  for (const TicketConstraint& ticket : out.tickets) {
    auto named = users.find(ticket.rsc);
    if (ticket.rsc.empty() || named == users.end()) {
      tickets.push_back(ticket);
      continue;
    }
    for (const std::string& id : named->second) {
      tickets.push_back(ticket);
      tickets.back().rsc = id;
    }
  }
  out.tickets = std::move(tickets);
  out.templates.clear();
  return out;
}

}  // namespace keel
