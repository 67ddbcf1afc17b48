#include "cli/alert_paths.h"

#include <sys/stat.h>
#include <unistd.h>

namespace keel {

Errors CheckAlertPaths(const Configuration& config) {
  Errors errors;
  for (const Alert& alert : config.alerts) {
    if (alert.path.empty()) continue;  // ValidateCib reports it
    auto report = [&](std::string problem) {
      errors.push_back(Error{ErrorCode::kNotFound,
                             "alert path '" + alert.path + "' " + std::move(problem), alert.id});
    };
    struct stat st {};
    if (::stat(alert.path.c_str(), &st) != 0) {
      report("does not exist");
    } else if (!S_ISREG(st.st_mode)) {
      report("is not a regular file");
    } else if (::access(alert.path.c_str(), X_OK) != 0) {
      report("is not executable");
    }
  }
  return errors;
}

}  // namespace keel
