#pragma once
// The fence service: fencing on the elected DC. It owns a Fencer built from the CIB (kept
// across syncs, rebuilt when the configuration changes and nothing is in flight) with the
// members as executors. The controller's fence actions and `crm node fence` requests become
// fencer requests; each agent run goes over the bus ("fence-run") to the chosen node, whose
// fence-agent host runs it and answers "fence-run-result". An outcome completes the
// transition's fence action; a success marks the target down with its history cleared
// ("peer_state"), a failure starts a backoff after which the DC plans again. The history is
// kept in the CIB status ("fence_history"), so a new DC adopts it.
//
// It reads the node only through FenceServicePort (the node shell implements it).

#include <cstdint>
#include <expected>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "crmd/controller/controller.h"
#include "crmd/controller/fence_backoff.h"
#include "crmd/node/node_directory.h"
#include "crmd/protocol/bus_messages.h"
#include "fencing/fencer.h"
#include "xml/base/error.h"
#include "xml/xml_node.h"

namespace keel {

class FenceServicePort {
 public:
  virtual ~FenceServicePort() = default;
  virtual const XmlNode& CibXml() const = 0;  // the CIB replica's document
  virtual std::expected<void, Error> Send(const std::string& payload) = 0;
  virtual void Log(const std::string& line) = 0;
  virtual int64_t WallMs() const = 0;  // epoch ms: the fence history's times (into the CIB)
  virtual int64_t MonoMs() const = 0;  // monotonic ms: every deadline and backoff
  // A transition's fence action is over: the DC controller goes on.
  virtual void FenceActionDone(const FenceActionStart& fence, bool success,
                               const std::string& reason) = 0;
  // A deadline of the service may have changed.
  virtual void RearmFenceTimer() = 0;
  // An operation ended, succeeded or not (fencing alerts). Default: nothing.
  virtual void FencingEnded(const FenceOutcome& /*outcome*/) {}
};

// What the service is told after every change of the CIB replica.
struct FenceServiceView {
  bool elected =
      false;            // this node is the elected DC (the fencer lives while it is, synced or not)
  bool acting = false;  // ... and the CIB is synced (status sent while syncing is dropped)
  bool became = false;  // ... since this change
  bool config_changed = false;
  std::vector<FenceMember> members;
};

class FenceService {
 public:
  // Both must outlive the service.
  FenceService(FenceServicePort& port, const NodeDirectory& nodes);

  // The fencer (nullptr when this node is not the elected DC or the configuration is invalid).
  const Fencer* fencer() const { return fencer_.get(); }
  void Update(const FenceServiceView& view);
  // The controller's fence action (an acting DC's).
  void Start(const FenceActionStart& fence);
  // A fence-request (this node is the elected DC).
  void OnRequest(const FenceRequestMessage& m);
  void OnRunResult(const FenceRunResultMessage& m);
  // The fence timer: fencer timeouts.
  void Tick(FenceClock now);
  // Targets whose fencing backoff is over at `mono_ms` (each once per failure): the DC plans
  // again.
  std::vector<std::string> TakeDueRetries(int64_t mono_ms) { return backoff_.TakeDue(mono_ms); }
  // The earliest fencer deadline or retry (monotonic ms).
  std::optional<int64_t> NextDeadline() const;

 private:
  void Build();
  void AdoptCibHistory();
  void Drain();
  void OnOutcome(const FenceOutcome& outcome);
  void PublishHistory();
  void SendOrLog(const std::string& payload, const std::string& what);
  FenceClock Now() const { return FenceClock{port_.WallMs(), port_.MonoMs()}; }

  FenceServicePort& port_;
  const NodeDirectory& nodes_;
  std::unique_ptr<Fencer> fencer_;
  std::string config_error_;  // why there is no fencer while DC
  uint64_t generation_ = 0;   // tags runs, so a late result of an older fencer is ignored
  bool rebuild_pending_ = false;
  std::map<std::string, std::vector<FenceActionStart>> waiting_;  // op id -> transition actions
  FenceBackoff backoff_;
  std::set<std::string> members_;  // names, to notice a target coming back
  std::string last_history_;       // last fence_history body sent
  // Targets fenced since they were lost (not members since): their down state is re-sent
  // after a sync and a new fence action for them completes at once.
  std::map<std::string, XmlNode> fenced_down_;
};

}  // namespace keel
