// CrmdCore's alerts glue (crmd/node/alert_feed.h): node events from membership changes seen
// here, resource events from this node's results (PerformLrm), fencing events from the DC's
// fence service, attribute events from this node's writes of its transient attributes; their runs
// go to sinks.alerts->run_alert, which never waits for them.

#include "crmd/crmd_core.h"

namespace keel {

bool CrmdCore::AlertsConfigured() {
  if (!sinks_.alerts) return false;
  auto model = Model();
  alerts_.Configure(model ? *model : nullptr, member_.config_generation());
  return !alerts_.empty();
}

void CrmdCore::RaiseAlerts(const std::vector<AlertEvent>& events) {
  if (events.empty() || !AlertsConfigured()) return;
  int64_t epoch_us = WallMs() * 1000;
  int64_t offset = sinks_.alerts->utc_offset_s(epoch_us / 1'000'000);
  for (const AlertEvent& event : events) {
    for (AlertRun& run : alerts_.Runs(event, epoch_us, offset)) {
      sinks_.alerts->run_alert(std::move(run));
    }
  }
}

void CrmdCore::NoteMembersForAlerts(const std::vector<NodeId>& members) {
  std::map<uint32_t, std::string> named;
  for (NodeId id : members) named[id] = nodes_.Name(id);
  RaiseAlerts(alerts_.OnMembership(named));
}

void CrmdCore::FencingEnded(const FenceOutcome& outcome) { RaiseAlerts({FencingAlert(outcome)}); }

}  // namespace keel
