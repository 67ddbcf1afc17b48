#include "crmd/node/quorum_gate.h"

namespace keel {

void QuorumGate::OnMembership(int64_t now_ms) {
  report_confirmed_ = false;
  unconfirmed_since_ms_ = now_ms;
}

std::string QuorumGate::HoldReason() const {
  if (report_confirmed_) return "";
  return "waiting for corosync's quorum report after the membership change";
}

std::optional<int64_t> QuorumGate::ReportDeadline(bool plan_held) const {
  if (!plan_held || report_confirmed_) return std::nullopt;
  return unconfirmed_since_ms_ + kReportWaitMs;
}

std::optional<std::string> QuorumGate::ExpireReportWait(int64_t now_ms, bool plan_held,
                                                        bool quorate) {
  if (!plan_held || report_confirmed_ || now_ms < unconfirmed_since_ms_ + kReportWaitMs) {
    return std::nullopt;
  }
  report_confirmed_ = true;  // go on with the last known state
  return std::string(
             "quorum: no quorum report after the membership change within 1 s; going on as ") +
         (quorate ? "quorate" : "not quorate");
}

bool QuorumGate::CommitWaitOver(bool held, int64_t mono_ms) {
  if (!held) {
    commit_wait_since_ms_.reset();
  } else if (!commit_wait_since_ms_) {
    commit_wait_since_ms_ = mono_ms;
  } else if (mono_ms - *commit_wait_since_ms_ >= kReportWaitMs) {
    return true;
  }
  return false;
}

NoQuorumSteps QuorumGate::OnQuorumLost(const std::string& policy,
                                       const std::vector<std::string>& active) {
  NoQuorumSteps steps;
  steps.log = "controller: quorum lost; no-quorum-policy=" + policy + ", " +
              std::to_string(active.size()) + " resource(s) active here";
  if (policy == "fence" || policy == "suicide") {
    steps.self_fence = true;
  } else if (policy == "stop") {  // freeze keeps them, ignore carries on
    steps.stops = active;
  }
  return steps;
}

}  // namespace keel
