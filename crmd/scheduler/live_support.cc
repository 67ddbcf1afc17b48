#include "crmd/scheduler/live_support.h"

namespace keel {

Errors LiveClusterRefusals(const Configuration& config) {
  Errors errors;
  for (const Resource& resource : config.resources) {
    if (const auto* clone = std::get_if<Clone>(&resource)) {
      errors.push_back(Error{ErrorCode::kNotSupported,
                             "not supported: clone in a running cluster (id " + clone->id +
                                 "): crm simulate only, until the controller runs instances",
                             clone->id});
    }
  }
  return errors;
}

}  // namespace keel
