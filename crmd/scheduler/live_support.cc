#include "crmd/scheduler/live_support.h"

#include "crmd/scheduler/settings.h"

namespace keel {
namespace {

Error Refused(const Clone& clone, const std::string& what) {
  return Error{
      ErrorCode::kNotSupported,
      "not supported: " + what + " in a running cluster (id " + clone.id + "): crm simulate only",
      clone.id};
}

}  // namespace

Errors LiveClusterRefusals(const Configuration& config) {
  Errors errors;
  for (const Resource& resource : config.resources) {
    const auto* clone = std::get_if<Clone>(&resource);
    if (clone == nullptr) continue;
    const auto* child = std::get_if<Primitive>(&clone->child);
    if (child != nullptr && child->resource_class == "stonith") {
      errors.push_back(Refused(*clone, "cloned fence device"));
    }
  }
  return errors;
}

}  // namespace keel
