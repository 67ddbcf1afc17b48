#pragma once
// The quorum gate: what this node does about quorum, apart from the CIB replica's own flag.
//
// - After a membership change the DC plans nothing (no start, no fence) until corosync's
//   quorum report has come: corosync may deliver the CPG change before the quorum one, and a
//   partition that just lost quorum must not act on a stale "quorate". Without a report within
//   1 s the last known state is used (the fence timer ends the wait).
// - Commits wait for that report too (CibMember holds them); CheckProgress bounds that wait
//   at 1 s.
// - Quorum lost: no-quorum-policy applied here, without a DC (stop: stop what runs here;
//   fence/suicide: the fence-agent host fences this node; freeze and ignore: nothing).
//
// Pure: times are inputs; it returns what to do and log.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace keel {

struct NoQuorumSteps {
  std::string log;
  bool self_fence = false;
  std::vector<std::string> stops;  // resources to stop here
};

class QuorumGate {
 public:
  static constexpr int64_t kReportWaitMs = 1000;

  // A membership change at `now_ms` (monotonic, as every time here): "quorate" is stale until
  // the next report.
  void OnMembership(int64_t now_ms);
  void OnReport() { report_confirmed_ = true; }
  bool report_confirmed() const { return report_confirmed_; }
  // Why the DC may not plan yet ("" when it may, as far as quorum goes).
  std::string HoldReason() const;
  // When the fence timer must end the wait (only while the DC holds a plan for it).
  std::optional<int64_t> ReportDeadline(bool plan_held) const;
  // The fence timer at `now_ms`: the log line when the wait for the report ends now without
  // one (the DC then plans with the last known state).
  std::optional<std::string> ExpireReportWait(int64_t now_ms, bool plan_held, bool quorate);
  // CheckProgress: true when the CIB replica's commits, held for the report, must go on
  // without it (`held`: the replica is synced and waits for it).
  bool CommitWaitOver(bool held, int64_t mono_ms);
  // Quorum was lost with this no-quorum-policy while `active` run here.
  static NoQuorumSteps OnQuorumLost(const std::string& policy,
                                    const std::vector<std::string>& active);
  // A start that ended after quorum was lost (sent while quorate): policy stop applies.
  static bool StopAfterStart(bool quorate, const std::string& policy) {
    return !quorate && policy == "stop";
  }

 private:
  bool report_confirmed_ = true;
  int64_t unconfirmed_since_ms_ = 0;
  std::optional<int64_t> commit_wait_since_ms_;
};

}  // namespace keel
