#include "crmd/core_sinks.h"

namespace keel {

std::vector<std::string> MissingSinks(const CoreSinks& sinks) {
  std::vector<std::string> missing;
  auto need = [&](bool set, const char* name) {
    if (!set) missing.push_back(name);
  };
  need(sinks.clock != nullptr, "clock");
  need(static_cast<bool>(sinks.persist), "persist");
  need(static_cast<bool>(sinks.reply), "reply");
  need(static_cast<bool>(sinks.log), "log");
  need(static_cast<bool>(sinks.exit), "exit");
  need(static_cast<bool>(sinks.answer), "answer");
  if (const auto& r = sinks.resources) {
    need(static_cast<bool>(r->submit), "resources.submit");
    need(static_cast<bool>(r->cancel_recurring), "resources.cancel_recurring");
    need(static_cast<bool>(r->run_fence_agent), "resources.run_fence_agent");
    need(static_cast<bool>(r->fence_timer), "resources.fence_timer");
  }
  if (const auto& a = sinks.alerts) {
    need(static_cast<bool>(a->run_alert), "alerts.run_alert");
    need(static_cast<bool>(a->utc_offset_s), "alerts.utc_offset_s");
  }
  return missing;
}

}  // namespace keel
