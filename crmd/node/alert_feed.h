#pragma once
// The node's side of alerts: which alerts the CIB configures (read again only when its
// configuration version changes), the event sequence (CRM_alert_node_sequence), the members
// last seen (node events are the differences) and the events that the node's components
// report (resource results, fencing outcomes) turned into runs. Pure: the caller gives the
// time and hands the runs to the AlertRunner.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "crmd/alerts/alert_events.h"
#include "crmd/executor/action.h"
#include "fencing/fence_history.h"
#include "fencing/fencer.h"
#include "xml/cib.h"
#include "xml/cib_diff.h"
#include "xml/xml_node.h"

namespace keel {

// A resource result as an alert event (CRM_alert_desc: the rc's name when the operation
// completed, else the operation status's). `node`: where it ran.
AlertEvent ResourceAlert(const std::string& node, const ActionResult& result, int target_rc);
// A fencing outcome as an alert event, as Pacemaker's controller raises it: target, action,
// CRM_alert_rc the operation's result code (0, or minus an errno such as -62 timed out, -19 no
// fence device, -61 an agent that failed without a word; FenceResultCode), and CRM_alert_desc
// "Operation reboot of n2 by n1 for REQUESTERS@ORIGIN: STATUS[ (REASON)] (ref=ID)".
AlertEvent FencingAlert(const FenceOutcome& outcome);

// The operations of `after` that completed (succeeded or failed) and were not completed in
// `before`, as outcomes, in `after`'s order: what a node that did not run the fencing (it
// learns of it from the DC's replicated history) raises fencing alerts for.
std::vector<FenceOutcome> NewlyCompletedFencing(const std::vector<FenceRecord>& before,
                                                const std::vector<FenceRecord>& after);

// The replicated fencing history of `cib` (empty without one), or nullopt when it does not
// parse.
std::optional<std::vector<FenceRecord>> FenceRecordsOf(const XmlNode& cib);
// The fencing alerts a member that did not run the fencing raises when the DC's history moves
// from `before` to `after_cib`'s: one per newly completed operation; none when either history
// does not parse (the member applied it, so it came from a DC: nothing is guessed from it).
std::vector<AlertEvent> HistoryFencingAlerts(const std::optional<std::vector<FenceRecord>>& before,
                                             const XmlNode& after_cib);

// A transient attribute written into `node`'s state (value "" when it was removed).
AlertEvent AttributeAlert(const std::string& node, const std::string& name,
                          const std::optional<std::string>& value);

class AlertFeed {
 public:
  // CRM_alert_version: the Keel version running.
  explicit AlertFeed(std::string version) : version_(std::move(version)) {}

  // The alerts `cib` configures (none when it does not parse: nullptr); read again only when
  // `config_generation` (CibMember::config_generation) changed or it did not parse.
  void Configure(const Cib* cib, uint64_t config_generation);
  bool empty() const { return alerts_.empty(); }

  // The node events of a new membership (id -> name): "member" for each node that was not a
  // member, "lost" for each that is gone, by id.
  std::vector<AlertEvent> OnMembership(const std::map<uint32_t, std::string>& members);

  // `event`'s runs at `epoch_us` (local time `utc_offset_s` from UTC); every event takes the
  // next sequence number, runs or not.
  std::vector<AlertRun> Runs(const AlertEvent& event, int64_t epoch_us, int64_t utc_offset_s);

 private:
  std::string version_;
  std::optional<uint64_t> read_;  // the configuration generation alerts_ was read from
  std::vector<Alert> alerts_;
  std::map<uint32_t, std::string> members_;
  int64_t sequence_ = 0;
};

}  // namespace keel
