#pragma once
// A clean shutdown of this node (SIGTERM, `crm cluster stop`), as Pacemaker does it:
//   1. the node asks for it: the transient node attribute "shutdown" (the request time) in
//      its node_state; the DC plans on it and stops or moves every resource here;
//   2. once the cluster holds the request, nothing runs or starts here and (on the DC) the
//      transition is over, the node announces that it leaves on purpose (expected="down");
//   3. once its own announcement is back (every member has applied it, CPG order), it exits.
// A node that left so is offline for the DC, never lost: it is not fenced. Without a DC to
// plan for it (no quorum, or not yet in the group) the node stops its resources itself.
// shutdown-escalation bounds the whole wait: after it crmd exits as it is (then lost).
//
// Pure: the node shell reports facts, performs the steps and owns the clocks.

#include <cstdint>
#include <optional>

namespace keel {

struct ShutdownFacts {
  bool in_group = false;            // this node is in the current membership
  bool planned_for = false;         // ... and a DC plans (quorate, or no-quorum-policy=ignore)
  bool request_seen = false;        // this node's node_state in the CIB has "shutdown"
  bool leave_seen = false;          // ... and expected="down"
  bool resources_active = false;    // something runs, starts or stops here
  bool transition_running = false;  // this node is the acting DC and its transition runs
};

enum class ShutdownStep {
  kNone,           // nothing to do now
  kStopLocally,    // no DC plans for this node: stop what runs here (once)
  kAnnounceLeave,  // publish this node_state with expected="down"
  kExit,           // leave the cluster: exit 0
  kEscalate,       // shutdown-escalation passed: exit as it is
};

class ShutdownSequence {
 public:
  // Starts a shutdown at `mono_ms` that may last `escalation_ms`; false when one is under way.
  bool Request(int64_t mono_ms, int64_t escalation_ms);
  bool requested() const { return phase_ != Phase::kRunning; }
  bool leaving() const { return phase_ == Phase::kLeaving || phase_ == Phase::kDone; }
  // The next step given what holds now; each step is returned once.
  ShutdownStep Next(const ShutdownFacts& facts);
  // kEscalate once `mono_ms` is past the bound of a shutdown not yet done; else kNone.
  ShutdownStep Check(int64_t mono_ms);
  int64_t deadline_ms() const { return deadline_ms_; }

 private:
  enum class Phase { kRunning, kRequested, kLeaving, kDone };
  Phase phase_ = Phase::kRunning;
  int64_t deadline_ms_ = 0;
  bool stopped_locally_ = false;
};

}  // namespace keel
