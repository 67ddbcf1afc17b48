#include "crmd/scheduler/scheduler_refusals.h"

#include "crmd/scheduler/scheduler.h"

namespace keel {

Errors SchedulerRefusals(const Configuration& config) {
  Cib cib;
  cib.configuration = config;
  auto transition = Schedule(cib, DeriveClusterView(cib), TimePoint{0});
  Errors refusals;
  if (transition) return refusals;
  for (Error& e : transition.error()) {
    if (e.code == ErrorCode::kNotSupported) refusals.push_back(std::move(e));
  }
  return refusals;
}

}  // namespace keel
