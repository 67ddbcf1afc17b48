#include "crmd/node/shutdown_sequence.h"

namespace keel {

bool ShutdownSequence::Request(int64_t mono_ms, int64_t escalation_ms) {
  if (phase_ != Phase::kRunning) return false;
  phase_ = Phase::kRequested;
  deadline_ms_ = mono_ms + escalation_ms;
  return true;
}

ShutdownStep ShutdownSequence::Next(const ShutdownFacts& facts) {
  switch (phase_) {
    case Phase::kRunning:
    case Phase::kDone:
      return ShutdownStep::kNone;
    case Phase::kRequested:
      if (!facts.planned_for) {
        if (facts.resources_active) {
          if (stopped_locally_) return ShutdownStep::kNone;
          stopped_locally_ = true;
          return ShutdownStep::kStopLocally;
        }
      } else if (!facts.request_seen || facts.resources_active || facts.transition_running) {
        return ShutdownStep::kNone;
      }
      phase_ = Phase::kLeaving;
      return ShutdownStep::kAnnounceLeave;
    case Phase::kLeaving:
      if (facts.in_group && !facts.leave_seen) return ShutdownStep::kNone;
      phase_ = Phase::kDone;
      return ShutdownStep::kExit;
  }
  return ShutdownStep::kNone;
}

ShutdownStep ShutdownSequence::Check(int64_t mono_ms) {
  if (phase_ == Phase::kRunning || phase_ == Phase::kDone || mono_ms < deadline_ms_) {
    return ShutdownStep::kNone;
  }
  phase_ = Phase::kDone;
  return ShutdownStep::kEscalate;
}

}  // namespace keel
