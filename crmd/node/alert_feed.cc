#include "crmd/node/alert_feed.h"

#include <set>

#include "crmd/cib/dc_status.h"
#include "crmd/controller/lrm_history.h"
#include "fencing/fence_protocol.h"
#include "xml/base/ocf_rc.h"
#include "xml/cib_parse.h"

namespace keel {

AlertEvent ResourceAlert(const std::string& node, const ActionResult& result, int target_rc) {
  AlertEvent e;
  e.kind = AlertKind::kResource;
  e.node = node;
  e.rsc = result.rsc_id;
  e.task = result.action;
  e.interval_ms = result.interval_ms;
  e.rc = result.rc;
  e.target_rc = target_rc;
  e.status = OpStatusCode(result.op_status);
  e.exec_time_ms = result.exec_ms;
  e.desc = result.op_status == OpStatus::kDone ? RcName(result.rc)
                                               : std::string(OpStatusName(result.op_status));
  return e;
}

AlertEvent FencingAlert(const FenceOutcome& outcome) {
  AlertEvent e;
  e.kind = AlertKind::kFencing;
  e.node = outcome.target;
  e.task = std::string(FenceActionName(outcome.action));
  e.rc = outcome.code.rc;
  std::string requesters;
  for (const std::string& r : outcome.requesters) requesters += (requesters.empty() ? "" : ",") + r;
  // Pacemaker's wording, with its fallbacks for what is unknown.
  e.desc = "Operation " + e.task + " of " + outcome.target + " by " +
           (outcome.executor.empty() ? "the cluster" : outcome.executor) + " for " +
           (requesters.empty() ? "a client" : requesters) + "@" +
           (outcome.origin.empty() ? "a node" : outcome.origin) + ": " + outcome.code.status +
           (outcome.success || outcome.reason.empty() ? "" : " (" + outcome.reason + ")") +
           " (ref=" + (outcome.op_id.empty() ? "(none)" : outcome.op_id) + ")";
  return e;
}

std::vector<FenceOutcome> NewlyCompletedFencing(const std::vector<FenceRecord>& before,
                                                const std::vector<FenceRecord>& after) {
  std::set<std::string> done_before;
  for (const FenceRecord& r : before) {
    if (r.state != FenceState::kPending) done_before.insert(r.id);
  }
  std::vector<FenceOutcome> out;
  for (const FenceRecord& r : after) {
    if (r.state == FenceState::kPending || done_before.contains(r.id)) continue;
    std::optional<FenceAction> action = ParseFenceAction(r.action);
    if (!action) continue;  // not reboot, off or on: no fencer of ours wrote it
    FenceOutcome o;
    o.op_id = r.id;
    o.target = r.target;
    o.action = *action;
    o.success = r.state == FenceState::kSuccess;
    o.reason = r.reason;
    o.requesters = r.requesters;
    o.executor = r.executor;
    o.origin = r.origin;
    // A record written without a result code: what its state says.
    o.code = FenceCodeFromRc(r.rc.value_or(o.success ? 0 : -201));
    out.push_back(std::move(o));
  }
  return out;
}

AlertEvent AttributeAlert(const std::string& node, const std::string& name,
                          const std::optional<std::string>& value) {
  AlertEvent e;
  e.kind = AlertKind::kAttribute;
  e.node = node;
  e.attribute_name = name;
  e.attribute_value = value.value_or("");
  return e;
}

std::optional<std::vector<FenceRecord>> FenceRecordsOf(const XmlNode& cib) {
  const XmlNode* history = FindFenceHistory(cib);
  if (history == nullptr) return std::vector<FenceRecord>{};
  auto records = FenceHistoryFromXml(*history, "cib status");
  if (!records) return std::nullopt;
  return *records;
}

std::vector<AlertEvent> HistoryFencingAlerts(const std::optional<std::vector<FenceRecord>>& before,
                                             const XmlNode& after_cib) {
  std::vector<AlertEvent> alerts;
  auto after = FenceRecordsOf(after_cib);
  if (!before || !after) return alerts;
  for (const FenceOutcome& o : NewlyCompletedFencing(*before, *after)) {
    alerts.push_back(FencingAlert(o));
  }
  return alerts;
}

void AlertFeed::Configure(const Cib* cib, uint64_t config_generation) {
  if (cib == nullptr) {  // read again once it parses (its status may be what failed)
    read_.reset();
    alerts_.clear();
    return;
  }
  if (read_ == config_generation) return;
  read_ = config_generation;
  alerts_ = cib->configuration.alerts;
}

std::vector<AlertEvent> AlertFeed::OnMembership(const std::map<uint32_t, std::string>& members) {
  std::vector<AlertEvent> events;
  auto node_event = [](uint32_t id, const std::string& name, const char* desc) {
    AlertEvent e;
    e.kind = AlertKind::kNode;
    e.node = name;
    e.node_id = std::to_string(id);
    e.desc = desc;
    return e;
  };
  for (const auto& [id, name] : members_) {
    if (!members.contains(id)) events.push_back(node_event(id, name, "lost"));
  }
  for (const auto& [id, name] : members) {
    if (!members_.contains(id)) events.push_back(node_event(id, name, "member"));
  }
  members_ = members;
  return events;
}

std::vector<AlertRun> AlertFeed::Runs(const AlertEvent& event, int64_t epoch_us,
                                      int64_t utc_offset_s) {
  AlertContext context{epoch_us, utc_offset_s, ++sequence_, version_};
  return AlertRuns(alerts_, event, context);
}

}  // namespace keel
