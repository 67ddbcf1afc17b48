#include "crmd/scheduler/live_support.h"

#include <algorithm>

#include "crmd/scheduler/nvset_rules.h"
#include "crmd/scheduler/settings.h"
#include "xml/default_value.h"

namespace keel {
namespace {

Error Refused(const Clone& clone, const std::string& what) {
  return Error{
      ErrorCode::kNotSupported,
      "not supported: " + what + " in a running cluster (id " + clone.id + "): crm simulate only",
      clone.id};
}

bool IsTrue(const std::vector<NvSet>& sets, const std::string& name) {
  auto value = FindNvValue(sets, name);
  return value && ParseTruth(*value).value_or(false);
}

bool HasDateExpression(const Rule& rule) {
  return !rule.date_expressions.empty() ||
         std::any_of(rule.rules.begin(), rule.rules.end(), HasDateExpression);
}

// A meta attribute set to "#default": the scheduler reads it as unset (IsDefaultValue), but
// not every reader of meta attributes in the controller and executor does yet.
void RefuseDefaultValues(const std::vector<NvSet>& sets, Errors& errors) {
  for (const NvSet& set : sets) {
    for (const NvPair& pair : set.pairs) {
      if (!IsDefaultValue(pair.value)) continue;
      errors.push_back(Error{ErrorCode::kNotSupported,
                             "not supported: meta attribute '" + pair.name +
                                 "' = '#default' in a running cluster: crm simulate only",
                             pair.id});
    }
  }
}

void RefuseDefaultValues(const Primitive& p, Errors& errors) {
  RefuseDefaultValues(p.meta_attributes, errors);
}

void RefuseDefaultValues(const Group& g, Errors& errors) {
  RefuseDefaultValues(g.meta_attributes, errors);
  for (const Primitive& p : g.primitives) RefuseDefaultValues(p, errors);
}

void RefuseDefaultValues(const Clone& c, Errors& errors) {
  RefuseDefaultValues(c.meta_attributes, errors);
  std::visit([&](const auto& child) { RefuseDefaultValues(child, errors); }, c.child);
}

// start-delay: the executor starts an operation when it is asked to; nothing delays it.
void RefuseStartDelay(const Primitive& p, Errors& errors) {
  for (const Operation& op : p.operations) {
    if (!op.start_delay_ms || *op.start_delay_ms == 0) continue;
    errors.push_back(Error{ErrorCode::kNotSupported,
                           "not supported: start-delay in a running cluster (op " + op.id + " of " +
                               p.id + "): the executor would run it at once",
                           op.id});
  }
}

void RefuseStartDelay(const Group& g, Errors& errors) {
  for (const Primitive& p : g.primitives) RefuseStartDelay(p, errors);
}

void RefuseStartDelay(const Clone& c, Errors& errors) {
  std::visit([&](const auto& child) { RefuseStartDelay(child, errors); }, c.child);
}

}  // namespace

Errors LiveClusterRefusals(const Configuration& config) {
  Errors errors;
  RefuseDefaultValues(config.rsc_defaults, errors);
  for (const Resource& resource : config.resources) {
    std::visit([&](const auto& r) { RefuseDefaultValues(r, errors); }, resource);
  }
  for (const Primitive& t : config.templates) RefuseDefaultValues(t, errors);
  for (const Resource& resource : config.resources) {
    std::visit([&](const auto& r) { RefuseStartDelay(r, errors); }, resource);
  }
  for (const NvSet& set : config.op_defaults) {
    for (const NvPair& pair : set.pairs) {
      if (pair.name != "start-delay") continue;
      errors.push_back(Error{ErrorCode::kNotSupported,
                             "not supported: start-delay in op_defaults in a running cluster: "
                             "the executor would run operations at once",
                             pair.id});
    }
  }
  for (const Resource& resource : config.resources) {
    const auto* clone = std::get_if<Clone>(&resource);
    if (clone == nullptr) continue;
    const auto* child = std::get_if<Primitive>(&clone->child);
    if (auto promotable = FindNvValue(clone->meta_attributes, "promotable");
        child == nullptr &&
        (clone->promotable_element || (promotable && ParseTruth(*promotable).value_or(false)))) {
      // The scheduler promotes a group instance as a whole; the controller has no such action.
      errors.push_back(Refused(*clone, "promotable clone of a group"));
      continue;
    }
    if (auto notify = FindNvValue(clone->meta_attributes, "notify");
        child == nullptr && notify && ParseTruth(*notify).value_or(false)) {
      // Clone notifications are planned for clones of a primitive only (clone_notify.h).
      errors.push_back(Refused(*clone, "notify=true on a clone of a group"));
    } else if (child != nullptr && child->resource_class == "stonith") {
      errors.push_back(Refused(*clone, "cloned fence device"));
    } else if (auto unique = FindNvValue(clone->meta_attributes, "globally-unique");
               (clone->promotable_element || IsTrue(clone->meta_attributes, "promotable")) &&
               unique && ParseTruth(*unique).value_or(false)) {
      // Promotion of several instances on one node under their own ids is not run live.
      errors.push_back(Refused(*clone, "promotable globally-unique clone"));
    }
  }
  // Nothing in the controller records a lock when a node shuts down.
  if (auto lock = SchedulerOption(config, "shutdown-lock", std::nullopt);
      lock && ParseTruth(*lock).value_or(false)) {
    errors.push_back(Error{ErrorCode::kNotSupported,
                           "not supported: shutdown-lock=true in a running cluster: the "
                           "controller does not lock resources to a node that shuts down; crm "
                           "simulate only",
                           "shutdown-lock"});
  }
  // Fence devices, crm status and the executor read primitives without expanding templates.
  for (const Primitive& t : config.templates) {
    errors.push_back(Error{
        ErrorCode::kNotSupported,
        "not supported: rsc_template in a running cluster (id " + t.id + "): crm simulate only",
        t.id});
  }
  // No crm_ticket grants or revokes a ticket in a running cluster.
  for (const TicketConstraint& ticket : config.tickets) {
    errors.push_back(Error{
        ErrorCode::kNotSupported,
        "not supported: rsc_ticket in a running cluster (id " + ticket.id + "): crm simulate only",
        ticket.id});
  }
  // The controller has no recheck timer: a rule whose time comes would wait for another event.
  for (const LocationConstraint& loc : config.locations) {
    if (std::any_of(loc.rules.begin(), loc.rules.end(), HasDateExpression)) {
      errors.push_back(Error{ErrorCode::kNotSupported,
                             "not supported: date rules in a running cluster (id " + loc.id +
                                 "): the controller does not re-run the scheduler when their "
                                 "time comes; crm simulate only",
                             loc.id});
    }
  }
  for (Error& e : NvSetRuleLiveRefusals(config)) errors.push_back(std::move(e));
  // An empty <acls/> grants and denies nothing; anything else would promise enforcement.
  if (config.acls && !config.acls->empty()) {
    errors.push_back(Error{ErrorCode::kNotSupported,
                           "not supported: acls in a running cluster (the CIB manager does not "
                           "enforce ACLs): crm simulate only",
                           "acls"});
  }
  return errors;
}

}  // namespace keel
