#pragma once
// Which alert agents a cluster event runs, and with what: Pacemaker's alert interface (the
// CRM_alert_* environment, one run per recipient, select filters, recipient overrides).
// Pure: no clock, no I/O; the caller gives the event's time and the sequence number, and runs
// what comes back (alert_runner.h).

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "xml/cib.h"

namespace keel {

enum class AlertKind { kNode, kFencing, kResource, kAttribute };

// "node", "fencing", "resource", "attribute": CRM_alert_kind.
std::string_view AlertKindName(AlertKind kind);

// One event. Fields a kind does not use stay empty and are not exported.
struct AlertEvent {
  AlertKind kind = AlertKind::kNode;
  std::string node;     // node: the member; fencing: the target; resource/attribute: where
  std::string node_id;  // node events: the corosync id
  std::string desc;     // node: "member" or "lost"; others: a readable outcome
  // resource: rsc, task, interval, rc, target_rc, status, exec_time; fencing: task (the
  // operation: reboot, off, on) and rc.
  std::string rsc;
  std::string task;
  int64_t interval_ms = 0;
  int rc = 0;
  int target_rc = 0;
  int status = 0;  // the operation status (0 done, 2 timed out, ...)
  int64_t exec_time_ms = 0;
  std::string attribute_name;
  std::string attribute_value;
  friend bool operator==(const AlertEvent&, const AlertEvent&) = default;
};

// When and where the event is turned into runs.
struct AlertContext {
  int64_t epoch_us = 0;      // wall-clock time of the event
  int64_t utc_offset_s = 0;  // local time's offset, for CRM_alert_timestamp
  int64_t sequence = 0;      // CRM_alert_node_sequence: increases by one per event
  std::string version;       // CRM_alert_version
};

// One agent run: argv[0] is the alert's path; env is only what the run adds to a clean
// environment (CRM_alert_* and the instance attributes), sorted by name.
struct AlertRun {
  std::string alert_id;
  std::string recipient;  // "" for an alert without recipients
  std::vector<std::string> argv;
  std::vector<std::pair<std::string, std::string>> env;
  int64_t timeout_ms = 30000;
  friend bool operator==(const AlertRun&, const AlertRun&) = default;
};

constexpr int64_t kDefaultAlertTimeoutMs = 30000;
constexpr std::string_view kDefaultTimestampFormat = "%H:%M:%S.%06N";

// Whether `alert`'s <select> wants `event` (every event when it has no <select>).
bool AlertWants(const Alert& alert, const AlertEvent& event);

// The runs `event` starts, in configuration order: one per recipient of every alert that wants
// it (one without CRM_alert_recipient for an alert without recipients).
std::vector<AlertRun> AlertRuns(const std::vector<Alert>& alerts, const AlertEvent& event,
                                const AlertContext& context);

// strftime's format on the broken-down time epoch_us + utc_offset_s, plus "%N" / "%<digits>N":
// the fraction of the second with that many digits (9 for "%N", at most 9; microsecond
// precision, the rest zeros).
std::string FormatAlertTimestamp(std::string_view format, int64_t epoch_us, int64_t utc_offset_s);

}  // namespace keel
