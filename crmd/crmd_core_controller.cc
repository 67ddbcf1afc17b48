// CrmdCore's routing to this node's resources (crmd/node/local_resources.h), the DC
// controller (crmd/node/dc_controller.h) and the quorum gate (crmd/node/quorum_gate.h).

#include <algorithm>

#include "crmd/crmd_core.h"
#include "xml/cib_parse.h"
#include "xml/cib_write.h"

namespace keel {

bool CrmdCore::IsActingDc() const { return member_.dc() == bus_.LocalId() && !member_.syncing(); }

void CrmdCore::AfterChange(bool membership_changed, const CibVersion& before, bool was_quorate) {
  if (!manages_resources()) return;  // a CIB-only member: no part in resource management
  dc_.NoteStartupWait();
  if (was_quorate && !member_.quorate()) ApplyNoQuorumPolicy();
  bool acting = IsActingDc();
  CibVersion current = member_.version();
  FencingUpdate(acting, acting && !dc_.acting(),
                current.admin_epoch != before.admin_epoch || current.epoch != before.epoch);
  DcChange change;
  change.acting = acting;
  change.membership_changed = membership_changed;
  change.quorum_changed = was_quorate != member_.quorate();
  CibVersion now = member_.version();
  change.config_changed = now.admin_epoch != before.admin_epoch || now.epoch != before.epoch;
  change.version = now;
  change.quorum_report_in = quorum_.report_confirmed();
  dc_.AfterChange(change);
}

std::string CrmdCore::NoQuorumPolicy() const {
  auto model = Model();
  return model ? NoQuorumPolicyOf(**model) : "stop";
}

void CrmdCore::ApplyNoQuorumPolicy() {
  NoQuorumSteps steps = QuorumGate::OnQuorumLost(NoQuorumPolicy(), lrm_.Active());
  Log(steps.log);
  if (steps.self_fence) return fence_host_.SelfFence();
  for (const std::string& rsc : steps.stops) StopResource(rsc);
}

void CrmdCore::OnAction(const ActionMessage& m) {
  if (m.node != SelfName() || !manages_resources()) return;
  if (shutdown_.leaving()) {
    // Sent before the DC saw the leave: run here, it would outlive this node in the status.
    sinks_.log("shutdown: not running " + m.resource + " " + m.task +
               ": this node is leaving the cluster (expected down)");
    return;
  }
  RunAction(m);
}

void CrmdCore::RunAction(const ActionMessage& m) {
  auto model = Model();
  if (!model) {
    PerformLrm(lrm_.Fail(m, ocf_rc::kErrGeneric, OpStatus::kError, "the CIB does not parse"));
    return;
  }
  if (m.task == "clear_failcount") {
    PerformLrm(WithoutFailureAttributes({m.resource}, lrm_.ClearFailure(m)));
    return;
  }
  if (m.task == "cancel") {
    bool was_running = manages_resources() &&
                       sinks_.resources->cancel_recurring(m.resource, "monitor", m.interval_ms);
    PerformLrm(lrm_.Cancelled(m, was_running));
    return;
  }
  PerformLrm(lrm_.Run(m, **model));
}

void CrmdCore::PerformLrm(LrmEffects fx) {
  fx = WithFailureAttributes(std::move(fx));
  for (const std::string& line : fx.logs) {
    sinks_.log(line);
  }
  if (fx.publish && !fx.publish->name.empty()) {
    UpdateOwnState(std::move(*fx.publish));
  } else if (!fx.publish_resources.empty()) {
    UpdateOwnResources(fx.publish_resources);
  }
  for (const std::string& payload : fx.sends) {
    if (auto sent = bus_.Send(payload); !sent && sinks_.log) {
      sinks_.log("bus: result not sent: " + sent.error().message);
    }
  }
  RaiseAlerts(fx.alerts);
}

void CrmdCore::OnStatusRequest(const StatusRequestMessage& m) {
  std::vector<std::string> ids = SplitList(m.nodes);
  if (std::find(ids.begin(), ids.end(), std::to_string(bus_.LocalId())) == ids.end()) return;
  sinks_.log("controller: the DC asked for this node's status again");
  PublishOwnState();
}

void CrmdCore::UpdateOwnResources(const std::vector<std::string>& rscs) {
  std::vector<XmlNode> entries;
  for (const std::string& rsc : rscs) {
    auto entry = lrm_.ResourceXml(rsc);
    if (!entry) return PublishOwnState();
    entries.push_back(std::move(*entry));
  }
  auto fx = member_.UpdateOwnResources(std::move(entries));
  if (!fx) return PublishOwnState();  // no entries held yet: the whole state
  Perform(std::move(*fx));
}

void CrmdCore::PublishOwnState() {
  XmlNode state = lrm_.StateXml();
  if (!state.name.empty()) UpdateOwnState(std::move(state));
}

void CrmdCore::OnExecutorResult(const ActionResult& result) {
  bool known = false;
  PerformLrm(lrm_.OnExecutorResult(result, known));
  if (!known) return;
  PerformCleanup(cleanup_.OnProbeDone(result.call_id));
  // A start that ends after quorum was lost (sent while quorate): policy stop applies.
  if (result.action == "start" && result.rc == ocf_rc::kOk &&
      QuorumGate::StopAfterStart(member_.quorate(), NoQuorumPolicy())) {
    sinks_.log("controller: " + result.rsc_id + " started without quorum; stopping it");
    StopResource(result.rsc_id);
  }
  fence_host_.CheckExitAfterStops();
  AdvanceShutdown();
}

void CrmdCore::OnResult(const ResultMessage& m) {
  if (!IsActingDc() || !manages_resources()) return;
  dc_.OnResult(m);
  AdvanceShutdown();  // this DC's transition may be over
}

}  // namespace keel
