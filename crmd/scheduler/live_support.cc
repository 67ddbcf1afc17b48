#include "crmd/scheduler/live_support.h"

#include <algorithm>
#include <charconv>

#include "crmd/scheduler/nvset_rules.h"
#include "crmd/scheduler/settings.h"

namespace keel {
namespace {

bool IsOne(std::string_view text) {
  int64_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  return ec == std::errc() && end == text.data() + text.size() && n == 1;
}

Error Refused(const Clone& clone, const std::string& what) {
  return Error{
      ErrorCode::kNotSupported,
      "not supported: " + what + " in a running cluster (id " + clone.id + "): crm simulate only",
      clone.id};
}

bool HasDateExpression(const Rule& rule) {
  return !rule.date_expressions.empty() ||
         std::any_of(rule.rules.begin(), rule.rules.end(), HasDateExpression);
}

}  // namespace

Errors LiveClusterRefusals(const Configuration& config) {
  Errors errors;
  for (const Resource& resource : config.resources) {
    const auto* clone = std::get_if<Clone>(&resource);
    if (clone == nullptr) continue;
    const auto* child = std::get_if<Primitive>(&clone->child);
    if (child == nullptr) {
      // The controller and the executor name instances of primitives only ("p:N").
      errors.push_back(Refused(*clone, "clone of a group"));
    } else if (auto notify = FindNvValue(clone->meta_attributes, "notify");
               notify && ParseTruth(*notify).value_or(false)) {
      errors.push_back(Refused(*clone, "notify=true on a clone"));
    } else if (auto unique = FindNvValue(clone->meta_attributes, "globally-unique");
               unique && ParseTruth(*unique).value_or(false)) {
      errors.push_back(Refused(*clone, "globally-unique clone"));
    } else if (auto per_node = FindNvValue(clone->meta_attributes, "clone-node-max");
               per_node && !IsOne(*per_node)) {
      errors.push_back(Refused(*clone, "clone-node-max other than 1"));
    } else if (child != nullptr && child->resource_class == "stonith") {
      errors.push_back(Refused(*clone, "cloned fence device"));
    }
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
