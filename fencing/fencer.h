#pragma once
// The fencer: a state machine with no I/O and no clock. Requests and agent results go in
// (with the time as two numbers, FenceClock), effects come out through TakeEffects(): agent runs to
// start on a chosen node, runs to cancel, and outcomes for requesters. The controller performs the
// effects (locally through an AgentRunner, or over the cluster bus) and feeds results back.
//
// For a target: if fencing-topology has levels for it, level 1's devices are tried (each must
// be able to fence the target and every one must succeed), then level 2's, ...; otherwise
// every device in configuration order, one at a time, skipping those whose host check says
// they cannot fence the target. Concurrent requests for the same target and action share one
// operation; a request for the same target with another action waits for the current one.
// Success is reported only when an agent said so. A reboot through a level of several devices
// is done as off on each, then on on each; once every off succeeded the target is down, so a
// failed on is recorded in the history's reason but does not fail the operation.

#include <cstdint>
#include <expected>
#include <list>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "fencing/agent_exit.h"
#include "fencing/fence_history.h"
#include "fencing/fencer_config.h"

namespace keel {

struct FenceMember {
  std::string name;
  uint32_t id = 0;  // corosync node id: the executing node is the lowest id that qualifies
};

// The two clocks of a fencer call: wall time (epoch ms) for what goes into the history (ids,
// request, attempt and completion times: written into the CIB), the monotonic clock (ms) for
// every deadline (run timeouts, pcmk_delay), so that a step of the wall clock moves none.
struct FenceClock {
  int64_t wall_ms = 0;
  int64_t mono_ms = 0;
};

struct FenceRequest {
  std::string target;
  std::optional<FenceAction> action;  // reboot, off or on; default: fencing-action
  std::string requester;              // who asked (node, "crm", ...); reported back
};

// Run this fence agent on `node` and call Fencer::AgentDone(run_id, ...) with its exit.
struct RunAgentEffect {
  uint64_t run_id = 0;
  std::string op_id;
  std::string node;
  std::string device;
  std::string agent;  // executable name, looked up in the runner's search path
  FenceAction action = FenceAction::kReboot;  // the fencer's meaning of the run
  std::string stdin_text;  // the complete protocol input (action word after renames)
  int64_t timeout_ms = 0;
};

// The run timed out (or is no longer wanted): kill it if it still runs.
struct CancelAgentEffect {
  uint64_t run_id = 0;
  std::string node;
};

// The operation ended; deliver to every requester.
struct FenceOutcome {
  std::string op_id;
  std::string target;
  FenceAction action = FenceAction::kReboot;
  bool success = false;
  std::string reason;  // why it failed; empty on success
  std::vector<std::string> requesters;
  std::string executor;  // node that ran the successful (or last) fencing action
  std::string origin;    // the node whose fencer ran the operation
  FenceResultCode code;  // Pacemaker's result code and status word (CRM_alert_rc)
};

using FencerEffect = std::variant<RunAgentEffect, CancelAgentEffect, FenceOutcome>;

class Fencer {
 public:
  // `origin` is this node's name: it prefixes operation ids.
  Fencer(FencerConfig config, std::string origin);

  // The cluster members that can run fence agents. A run whose node is no longer a member
  // fails ("left the cluster") and the operation goes on with the next device or level.
  void SetMembers(std::vector<FenceMember> members, FenceClock now);

  // Starts (or joins) an operation; returns its id. Errors: empty target, action not
  // reboot/off/on.
  std::expected<std::string, Error> Request(const FenceRequest& request, FenceClock now);

  // The exit of a run started by a RunAgentEffect. Unknown or cancelled run ids are ignored
  // (returns false): a late result after a timeout changes nothing.
  bool AgentDone(uint64_t run_id, const AgentExit& exit, FenceClock now);

  // Fails runs whose timeout has passed (emitting CancelAgentEffect) and starts steps whose
  // pcmk_delay has passed.
  void Tick(FenceClock now);
  // The earliest run deadline or delay end (monotonic ms), for the caller's timer.
  std::optional<int64_t> NextDeadline() const;

  std::vector<FencerEffect> TakeEffects();

  // Completed and in-flight records, sorted by (requested_ms, id).
  std::vector<FenceRecord> History() const;
  // Adopts records from another node (e.g. the previous DC); merged deterministically.
  void MergeHistory(const std::vector<FenceRecord>& records);
  // Forgets completed records beyond the newest `per_target` per target.
  void TrimHistory(size_t per_target);
  size_t ActiveOperations() const { return ops_.size(); }

 private:
  struct Stage {
    int level = 0;  // 0: no topology, one device
    std::vector<std::string> devices;
  };
  struct Step {
    std::string device;
    FenceAction action;
  };
  struct Run {
    uint64_t id = 0;
    std::string node, device, word;
    FenceAction action;
    bool is_check = false;
    int64_t started_ms = 0;   // wall clock, for the history
    int64_t deadline_ms = 0;  // monotonic clock
  };
  struct Op {
    FenceRecord record;
    FenceAction action;
    bool queued = false;
    std::vector<Stage> stages;
    size_t stage = 0;
    bool checking = true;
    std::map<std::string, bool> able;  // device -> can fence target (current stage)
    std::vector<Step> steps;
    size_t step = 0;
    std::optional<Run> run;
    bool any_able = false;
    bool finished = false;
    std::vector<std::string> failures;
    std::optional<FenceResultCode> failed_code;  // of the last failed fencing run
    std::vector<std::string> on_failures;  // power-on steps of a split reboot that failed
    std::optional<int64_t> wait_until_ms;  // a pcmk_delay before the current step (monotonic)
    std::pair<size_t, size_t> delayed_step{SIZE_MAX, SIZE_MAX};  // (stage, step) already delayed
  };

  // The levels for `target` (FencingLevelsFor), or every device when none apply.
  std::expected<std::vector<Stage>, Error> StagesFor(const std::string& target) const;
  const FenceDeviceConfig* Device(const std::string& id) const;
  std::optional<std::string> ChooseExecutor(const std::string& target) const;
  void Advance(Op& op, FenceClock now);
  bool CheckStage(Op& op, FenceClock now);
  void StartRun(Op& op, const std::string& device, FenceAction action, bool is_check,
                FenceClock now);
  void RunEnded(Op& op, const AgentExit& exit, FenceClock now);
  void FailStage(Op& op, const std::string& reason);
  void Finish(Op& op, bool success, const std::string& reason, FenceClock now);
  std::string FinalReason(const Op& op) const;
  void Sweep(FenceClock now);

  FencerConfig config_;
  std::string origin_;
  std::vector<FenceMember> members_;  // sorted by id
  std::list<Op> ops_;                 // active and queued, in request order; stable references
  std::vector<FenceRecord> done_;
  std::vector<FencerEffect> effects_;
  uint64_t next_run_ = 1;
  uint64_t next_op_ = 1;
};

}  // namespace keel
