#pragma once
// The DC controller: what the acting DC (elected, CIB synced) does about planning. It owns the
// Controller (crmd/controller/controller.h) and decides when it plans:
// - on becoming DC, on membership, quorum and configuration changes, on members' attribute
//   changes, cleanups, fencing retries and results (its own transition);
// - not before every member has re-announced its node_state after the sync (the synced
//   status may be another partition's stale view): the plan is deferred, and members still
//   silent after 5 s are asked again ("status-request"), every 5 s;
// - not without quorum, unless no-quorum-policy=ignore;
// - with fencing enabled, the first plan after this crmd started waits until every configured
//   node it would fence has been a member, or dc-deadtime (default 20 s) has passed, as
//   Pacemaker's DC waits for its peers (crmd_core's CheckProgress ends that wait);
// - and it holds a plan while the quorum gate waits for corosync's quorum report;
// - again when a failure-timeout expires (the plan's recheck time; Pacemaker's recheck timer).
//
// It reads the node only through DcControllerPort (the node shell implements it).

#include <cstdint>
#include <expected>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "crmd/controller/controller.h"
#include "crmd/membership/cluster_bus.h"
#include "crmd/node/node_directory.h"
#include "crmd/protocol/bus_messages.h"
#include "xml/base/error.h"
#include "xml/cib.h"
#include "xml/cib_parse.h"
#include "xml/xml_node.h"

namespace keel {

class DcControllerPort {
 public:
  virtual ~DcControllerPort() = default;
  virtual const XmlNode& CibXml() const = 0;  // the CIB replica's document
  // Its typed model without operation history (crmd/cib/cib_model.h), `unlisted` after the
  // configured nodes; valid until the next call.
  virtual std::expected<const Cib*, Errors> TypedCib(std::span<const Node> unlisted) const = 0;
  virtual std::expected<void, Error> Send(const std::string& payload) = 0;
  virtual void Log(const std::string& line) = 0;
  virtual void RearmFenceTimer() = 0;
  // The running transition's fence actions go to the fence service.
  virtual void StartFence(const FenceActionStart& fence) = 0;
  // The CIB replica's members and quorum; whether this node is the acting DC.
  virtual std::vector<NodeId> Members() const = 0;
  virtual bool Quorate() const = 0;
  virtual bool IsActingDc() const = 0;
  // Why the quorum gate holds plans ("" when it does not).
  virtual std::string QuorumHoldReason() const = 0;
  virtual int64_t NowS() const = 0;    // epoch seconds, for the plan
  virtual int64_t MonoMs() const = 0;  // monotonic ms, for the startup wait
};

// What changed in the CIB replica (after its effects were performed).
struct DcChange {
  bool acting = false;  // this node is the acting DC now
  bool membership_changed = false;
  bool quorum_changed = false;
  bool config_changed = false;   // admin_epoch or epoch moved
  CibVersion version;            // the replica's version now
  bool quorum_report_in = true;  // the quorum gate does not wait for a report
};

class DcController {
 public:
  // `manages_resources` false: this node takes no part in resource management (no executor)
  // and never plans. Port and nodes must outlive it.
  DcController(DcControllerPort& port, const NodeDirectory& nodes, int first_transition,
               bool manages_resources);

  const Controller& controller() const { return controller_; }
  bool plan_held() const { return controller_.plan_held(); }
  // This node acted as DC at the last change (AfterChange).
  bool acting() const { return acting_; }
  // A transition runs, or a plan waits for members' status.
  bool busy() const { return controller_.running() || !deferred_why_.empty(); }

  // This crmd joined the cluster at `mono_ms` (the startup wait counts from here).
  void Start(int64_t mono_ms) { started_mono_ms_ = mono_ms; }
  void OnMembership(const std::vector<NodeId>& members);
  // At every change, before anything else: the startup wait ends for good once nothing holds it.
  void NoteStartupWait();
  void AfterChange(const DcChange& change);
  // The acting DC plans now (when quorum allows).
  void Trigger(const std::string& why);
  // The acting DC plans again, or once every member's status is in.
  void Replan(const std::string& why);
  // A member's node_state arrived: the deferred plan runs once every member's is in.
  void OnNodeState(NodeId from);
  void OnResult(const ResultMessage& m);
  void OnFenceDone(const FenceActionStart& fence, bool success, const std::string& reason);
  // CheckProgress: the startup wait may be over; members still silent are asked again.
  void CheckStartupWait();
  void CheckStatusWait(int64_t mono_ms);
  // When the newest plan goes stale on its own (a failure-timeout expires; on the monotonic
  // clock, fixed when the plan was made): the shell's timer calls CheckRecheck then, which
  // plans again once that time has come. nullopt: nothing to wait for.
  std::optional<int64_t> RecheckDueMs() const { return recheck_due_ms_; }
  void CheckRecheck(int64_t mono_ms);

 private:
  // What a ControllerInput points to besides the port's typed CIB (without its resource
  // history, which the scheduler reads from the CIB tree: no typed copy of the whole status,
  // 9 MB at 16 x 1,000, and no parse of the configuration per plan).
  struct InputHolder {
    std::optional<XmlHistorySource> history;
  };
  ControllerInput Input(InputHolder& holder) const;
  void Perform(ControllerEffects fx);
  // After a new plan: the time it goes stale (recheck_due_ms_), the shell's timer rearmed.
  void NoteRecheck();
  std::string NoQuorumPolicy() const;  // "stop" when the CIB does not parse
  // What the first plan still waits for ("" when nothing).
  std::string StartupWaitReason() const;
  // Why the DC would fence configured node `id` while it is not a member; "" for offline.
  std::string UncleanReason(NodeId id, bool fencing_enabled, bool startup_fencing) const;

  DcControllerPort& port_;
  const NodeDirectory& nodes_;
  Controller controller_;
  bool manages_resources_;
  bool acting_ = false;
  std::set<NodeId> awaiting_states_;  // members whose post-sync node_state the DC waits for
  std::string deferred_why_;          // the plan held back until they all arrived
  std::optional<int64_t> status_wait_since_;
  int64_t next_status_report_ms_ = 0;
  int64_t started_mono_ms_ = 0;
  bool startup_wait_over_ = false;
  int plans_seen_ = 0;  // controller_.plans() when recheck_due_ms_ was set
  std::optional<int64_t> recheck_due_ms_;
  std::set<NodeId> seen_since_start_;  // every node that was a member since Start
};

}  // namespace keel
