#include "crmd/alerts/alert_events.h"

#include <algorithm>
#include <ctime>
#include <map>

#include "xml/duration.h"

namespace keel {

namespace {

// The recipient's sets first: its values override the alert's.
std::optional<std::string> Lookup(const std::vector<NvSet>& first, const std::vector<NvSet>& then,
                                  std::string_view name) {
  if (auto v = FindNvValue(first, name)) return v;
  return FindNvValue(then, name);
}

void AddPairs(const std::vector<NvSet>& sets, std::map<std::string, std::string>& env) {
  // The first set that has a name wins (FindNvValue's rule): fill in reverse, later ones first.
  for (auto set = sets.rbegin(); set != sets.rend(); ++set) {
    for (const NvPair& pair : set->pairs) env[pair.name] = pair.value;
  }
}

std::string Fraction(int64_t usec, int digits) {
  std::string text = std::to_string(1000000 + usec).substr(1) + "000";  // 9 digits
  return text.substr(0, static_cast<size_t>(std::clamp(digits, 0, 9)));
}

void AddEvent(const AlertEvent& e, std::map<std::string, std::string>& env) {
  auto set = [&](const char* name, const std::string& value) {
    if (!value.empty()) env[name] = value;
  };
  env["CRM_alert_kind"] = std::string(AlertKindName(e.kind));
  set("CRM_alert_node", e.node);
  set("CRM_alert_desc", e.desc);
  switch (e.kind) {
    case AlertKind::kNode:
      set("CRM_alert_nodeid", e.node_id);
      break;
    case AlertKind::kFencing:
      set("CRM_alert_task", e.task);
      env["CRM_alert_rc"] = std::to_string(e.rc);
      break;
    case AlertKind::kResource:
      set("CRM_alert_rsc", e.rsc);
      set("CRM_alert_task", e.task);
      env["CRM_alert_interval"] = std::to_string(e.interval_ms);
      env["CRM_alert_rc"] = std::to_string(e.rc);
      env["CRM_alert_target_rc"] = std::to_string(e.target_rc);
      env["CRM_alert_status"] = std::to_string(e.status);
      env["CRM_alert_exec_time"] = std::to_string(e.exec_time_ms);
      break;
    case AlertKind::kAttribute:
      set("CRM_alert_attribute_name", e.attribute_name);
      env["CRM_alert_attribute_value"] = e.attribute_value;
      break;
  }
}

AlertRun MakeRun(const Alert& alert, const AlertRecipient* recipient, const AlertEvent& event,
                 const AlertContext& context) {
  static const std::vector<NvSet> kNone;
  const std::vector<NvSet>& r_meta = recipient ? recipient->meta_attributes : kNone;
  const std::vector<NvSet>& r_inst = recipient ? recipient->instance_attributes : kNone;
  AlertRun run;
  run.alert_id = alert.id;
  run.recipient = recipient ? recipient->value : "";
  run.argv = {alert.path};
  if (auto timeout = Lookup(r_meta, alert.meta_attributes, "timeout")) {
    // Validation refuses a bad timeout; a model built otherwise keeps the default.
    if (auto ms = ParseDurationMs(*timeout); ms && *ms > 0) run.timeout_ms = *ms;
  }
  std::string format = Lookup(r_meta, alert.meta_attributes, "timestamp-format")
                           .value_or(std::string(kDefaultTimestampFormat));
  std::map<std::string, std::string> env;
  AddPairs(alert.instance_attributes, env);
  AddPairs(r_inst, env);  // the recipient's override the alert's
  AddEvent(event, env);
  env["CRM_alert_version"] = context.version;
  env["CRM_alert_recipient"] = run.recipient;
  env["CRM_alert_node_sequence"] = std::to_string(context.sequence);
  env["CRM_alert_timestamp"] = FormatAlertTimestamp(format, context.epoch_us, context.utc_offset_s);
  env["CRM_alert_timestamp_epoch"] = std::to_string(context.epoch_us / 1000000);
  env["CRM_alert_timestamp_usec"] = std::to_string(context.epoch_us % 1000000);
  run.env.assign(env.begin(), env.end());
  return run;
}

}  // namespace

std::string_view AlertKindName(AlertKind kind) {
  switch (kind) {
    case AlertKind::kNode:
      return "node";
    case AlertKind::kFencing:
      return "fencing";
    case AlertKind::kResource:
      return "resource";
    case AlertKind::kAttribute:
      return "attribute";
  }
  return "node";
}

bool AlertWants(const Alert& alert, const AlertEvent& event) {
  if (!alert.select) return true;
  const AlertSelect& s = *alert.select;
  switch (event.kind) {
    case AlertKind::kNode:
      return s.nodes;
    case AlertKind::kFencing:
      return s.fencing;
    case AlertKind::kResource:
      return s.resources;
    case AlertKind::kAttribute:
      if (!s.attributes) return false;
      return s.attribute_names.empty() ||
             std::any_of(
                 s.attribute_names.begin(), s.attribute_names.end(),
                 [&](const AlertAttributeName& n) { return n.name == event.attribute_name; });
  }
  return false;
}

std::vector<AlertRun> AlertRuns(const std::vector<Alert>& alerts, const AlertEvent& event,
                                const AlertContext& context) {
  std::vector<AlertRun> runs;
  for (const Alert& alert : alerts) {
    if (alert.path.empty() || !AlertWants(alert, event)) continue;
    if (alert.recipients.empty()) runs.push_back(MakeRun(alert, nullptr, event, context));
    for (const AlertRecipient& r : alert.recipients) {
      runs.push_back(MakeRun(alert, &r, event, context));
    }
  }
  return runs;
}

std::string FormatAlertTimestamp(std::string_view format, int64_t epoch_us, int64_t utc_offset_s) {
  const int64_t usec = ((epoch_us % 1000000) + 1000000) % 1000000;
  // strftime cannot say fractions: replace %N and %<digits>N first (keeping %% as it is).
  std::string expanded;
  for (size_t i = 0; i < format.size(); ++i) {
    if (format[i] != '%' || i + 1 == format.size()) {
      expanded += format[i];
      continue;
    }
    size_t j = i + 1;
    while (j < format.size() && format[j] >= '0' && format[j] <= '9') ++j;
    if (j < format.size() && format[j] == 'N') {
      int digits = j == i + 1 ? 9 : 0;
      for (size_t k = i + 1; k < j; ++k) digits = std::min(9, digits * 10 + (format[k] - '0'));
      expanded += Fraction(usec, digits);
      i = j;
    } else {
      expanded += format.substr(i, 2);
      ++i;
    }
  }
  const time_t seconds = static_cast<time_t>((epoch_us - usec) / 1000000 + utc_offset_s);
  struct tm tm {};
  gmtime_r(&seconds, &tm);
  char buffer[512];
  size_t n = std::strftime(buffer, sizeof buffer, expanded.c_str(), &tm);
  return std::string(buffer, n);
}

}  // namespace keel
