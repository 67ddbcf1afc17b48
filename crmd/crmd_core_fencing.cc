// CrmdCore's fencing, DC side (the node side is crmd_core_fencing_node.cc). The elected DC
// owns a Fencer built from the CIB (kept across syncs, rebuilt when the configuration changes
// and nothing is in flight) with the members as executors. The
// controller's fence actions and `crm node fence` requests become fencer requests; each agent
// run goes over the bus ("fence-run") to the chosen node, which runs it through
// sinks.run_fence_agent and answers "fence-run-result". An outcome completes the transition's
// fence action; a success marks the target down with its history cleared ("peer_state"), a
// failure starts a backoff after which the DC plans again. This file also keeps the quorum
// report gate: after a membership change the DC plans nothing (so fences nothing) until
// corosync's quorum report has come, or 1 s without one. The history is kept in the CIB status
// ("fence_history"), so a new DC adopts it.

#include <algorithm>
#include <set>

#include "crmd/cib/dc_status.h"
#include "crmd/controller/fence_backoff.h"
#include "crmd/crmd_core.h"
#include "crmd/crmd_core_fencing_state.h"
#include "crmd/protocol/bus_message.h"
#include "fencing/fence_wire.h"
#include "xml/cib_parse.h"

namespace keel {

using namespace fencing_internal;

CrmdCore::~CrmdCore() = default;

CrmdCore::FencingState& CrmdCore::Fencing() {
  if (!fencing_) fencing_ = std::make_shared<FencingState>();
  return *fencing_;
}

const Fencer* CrmdCore::fencer() const { return fencing_ ? fencing_->fencer.get() : nullptr; }

int64_t CrmdCore::NowMs() const {
  if (sinks_.now_ms) return sinks_.now_ms();
  return Now() * 1000;
}

void CrmdCore::NoteMembershipForFencing() {
  FencingState& f = Fencing();
  f.quorum_confirmed = false;
  f.unconfirmed_since_ms = NowMs();
}

void CrmdCore::NoteQuorumForFencing() { Fencing().quorum_confirmed = true; }

// Called after every change. The fencer lives while this node is the elected DC, syncing or
// not (a membership change must not lose operations in flight); `acting` only tells whether
// the CIB is synced (status messages sent while syncing are dropped by the members).
void CrmdCore::FencingUpdate(bool acting, bool became, bool config_changed) {
  FencingState& f = Fencing();
  if (member_.dc() != f.last_dc) {
    // The old DC's fencer is gone with its operations: its clients would wait for nothing.
    if (f.last_dc && sinks_.fence_reply) {
      for (RequestId id : f.client_requests) {
        sinks_.fence_reply(
            id, std::unexpected(Error{ErrorCode::kIo,
                                      "the DC changed while fencing was under way; the outcome is "
                                      "in 'crm fencing history'",
                                      ""}));
      }
      f.client_requests.clear();
    }
    f.last_dc = member_.dc();
  }
  bool elected = member_.dc() == bus_.LocalId();
  if (!elected) {
    if (f.fencer && sinks_.log) sinks_.log("fencing: no longer DC; dropping the fencer");
    f.fencer.reset();
    f.config_error.clear();
    f.waiting.clear();
    f.backoff.ClearAll();
    f.fenced_down.clear();
    f.rebuild_pending = false;
    f.last_history.clear();
    ArmFenceTimer();  // what is left: this node's device monitors, a self-fence exit
    return;
  }
  if (!f.fencer && f.config_error.empty()) {
    BuildFencer();
  } else if (config_changed) {
    f.backoff.ClearAll();  // the device may have been fixed: try again at once
    if (!f.fencer || f.fencer->ActiveOperations() == 0) {
      BuildFencer();
    } else {
      f.rebuild_pending = true;
    }
  }
  std::vector<FenceMember> members;
  std::set<std::string> names;
  for (NodeId id : member_.members()) {
    std::string name = nodes_.Name(id);
    members.push_back(FenceMember{name, id});
    names.insert(name);
  }
  for (const std::string& name : names) {
    if (f.members.contains(name)) continue;
    f.backoff.Clear(name);  // back as a member: no longer lost
    f.fenced_down.erase(name);
  }
  f.members = names;
  if (acting && became) {
    AdoptCibHistory();
    f.last_history.clear();  // what was sent while syncing was dropped: send it again
    for (const auto& [target, down] : f.fenced_down) {
      if (auto sent = bus_.Send(EncodePeerState(down)); !sent && sinks_.log) {
        sinks_.log("bus: peer_state not sent: " + sent.error().message);
      }
    }
  }
  if (f.fencer) {
    f.fencer->SetMembers(std::move(members), NowMs());
    if (acting) PublishFenceHistory();
    DrainFencer();
  }
}

void CrmdCore::AdoptCibHistory() {
  FencingState& f = Fencing();
  const XmlNode* stored = FindFenceHistory(member_.cib());
  if (!f.fencer || stored == nullptr) return;
  auto records = FenceHistoryFromXml(*stored, "cib status");
  if (!records) {
    if (sinks_.log) {
      sinks_.log("fencing: ignoring the stored history: " + records.error().front().ToString());
    }
    return;
  }
  // Operations left pending by another DC (or an earlier run of this crmd) are over: they
  // read as failed ("interrupted") and are retried rather than waited for.
  std::set<std::string> ours;
  for (const FenceRecord& r : f.fencer->History()) ours.insert(r.id);
  std::vector<FenceRecord> keep, stale;
  for (FenceRecord& r : *records) {
    bool interrupted = r.state == FenceState::kPending && !ours.contains(r.id);
    (interrupted ? stale : keep).push_back(std::move(r));
  }
  std::set<std::string> origins;
  for (const FenceRecord& r : stale) origins.insert(r.origin);
  for (const std::string& origin : origins)
    stale = FailInterrupted(std::move(stale), origin, NowMs());
  f.fencer->MergeHistory(MergeFenceHistories(keep, stale));
}

void CrmdCore::BuildFencer() {
  FencingState& f = Fencing();
  f.rebuild_pending = false;
  std::vector<FenceRecord> history;
  if (f.fencer) history = f.fencer->History();
  auto parsed = CibFromXml(member_.cib(), "cib");
  std::expected<FencerConfig, Errors> config =
      parsed ? FencerConfigFromCib(parsed->cib.configuration, "cib")
             : std::expected<FencerConfig, Errors>(std::unexpected(parsed.error()));
  if (!config) {
    f.config_error = "the fencing configuration is invalid: " + JoinErrors(config.error());
    if (sinks_.log) sinks_.log("fencing: " + f.config_error);
    f.fencer.reset();
    return;
  }
  f.config_error.clear();
  f.fencer = std::make_unique<Fencer>(std::move(*config), SelfName());
  ++f.generation;
  f.fencer->MergeHistory(history);
  if (sinks_.log) {
    sinks_.log("fencing: fencer ready (generation " + std::to_string(f.generation) + ", " +
               std::to_string(history.size()) + " history record(s))");
  }
}

void CrmdCore::StartFence(const FenceActionStart& fence) {
  FencingState& f = Fencing();
  auto fail = [&](const std::string& reason) {
    if (sinks_.log) sinks_.log("fencing: cannot fence " + fence.target + ": " + reason);
    std::optional<Cib> holder;
    ControllerInput in = Input(holder);
    PerformController(controller_.OnFenceDone(in, fence.transition, fence.index, false, reason));
  };
  if (auto down = f.fenced_down.find(fence.target); down != f.fenced_down.end()) {
    if (sinks_.log)
      sinks_.log("fencing: " + fence.target + " was already fenced since it was lost");
    std::optional<Cib> holder;
    ControllerInput in = Input(holder);
    PerformController(controller_.OnFenceDone(in, fence.transition, fence.index, true, ""));
    return;
  }
  int64_t now = NowMs();
  if (!f.backoff.Ready(fence.target, now)) {
    return fail("fencing it failed " + std::to_string(f.backoff.Failures(fence.target)) +
                " time(s); next attempt in " +
                std::to_string((*f.backoff.RetryAt(fence.target) - now + 999) / 1000) + " s");
  }
  if (!f.fencer) return fail(f.config_error.empty() ? "no fencer" : f.config_error);
  auto op = f.fencer->Request(FenceRequest{fence.target, std::nullopt, kCrmdRequester}, now);
  if (!op) return fail(op.error().message);
  f.waiting[*op].push_back(fence);
  DrainFencer();
}

void CrmdCore::DrainFencer() {
  FencingState& f = Fencing();
  if (!f.fencer) return;
  std::vector<FenceOutcome> outcomes;
  bool changed = false;
  for (FencerEffect& effect : f.fencer->TakeEffects()) {
    changed = true;
    if (auto* run = std::get_if<RunAgentEffect>(&effect)) {
      if (sinks_.log) {
        sinks_.log("fencing: " + std::string(FenceActionName(run->action)) + " with " +
                   run->device + " (" + run->agent + ") on " + run->node + " for " + run->op_id);
      }
      FenceRunMessage m{SelfName(), std::to_string(f.generation),
                        SerializeXml(FenceRunToXml(*run), false)};
      if (auto sent = bus_.Send(Encode(m)); !sent) {
        AgentExit exit;
        exit.start_error = "could not send the run to " + run->node + ": " + sent.error().message;
        f.fencer->AgentDone(run->run_id, exit, NowMs());
      }
    } else if (auto* cancel = std::get_if<CancelAgentEffect>(&effect)) {
      // The runner ends the agent itself at its timeout; its late result is ignored.
      if (sinks_.log) sinks_.log("fencing: run " + std::to_string(cancel->run_id) + " timed out");
    } else {
      outcomes.push_back(std::get<FenceOutcome>(effect));
    }
  }
  if (changed) PublishFenceHistory();
  for (const FenceOutcome& o : outcomes) OnFenceOutcome(o);
  if (!outcomes.empty()) DrainFencer();  // an outcome may have started queued operations
  ArmFenceTimer();
}

void CrmdCore::OnFenceOutcome(const FenceOutcome& o) {
  FencingState& f = Fencing();
  std::string what = std::string(FenceActionName(o.action)) + " of " + o.target;
  if (sinks_.log) {
    sinks_.log("fencing: " + what +
               (o.success ? " succeeded (executor " + o.executor + ")" : " FAILED: " + o.reason));
  }
  bool from_crmd =
      std::find(o.requesters.begin(), o.requesters.end(), kCrmdRequester) != o.requesters.end();
  if (o.success) {
    f.backoff.Clear(o.target);
    if (o.action != FenceAction::kOn) {
      // It is off: nothing runs there. Marked down before any start elsewhere is sent.
      std::optional<NodeId> id;
      for (NodeId n : bus_.ConfiguredNodes()) {
        if (nodes_.Name(n) == o.target) id = n;
      }
      std::string id_text = id ? std::to_string(*id) : o.target;
      XmlNode down = DownNodeState(id_text, o.target, FindNodeState(member_.cib(), id_text), false);
      if (!f.members.contains(o.target)) f.fenced_down[o.target] = down;
      if (auto sent = bus_.Send(EncodePeerState(down)); !sent && sinks_.log) {
        sinks_.log("bus: peer_state not sent: " + sent.error().message);
      }
    }
  } else if (from_crmd) {
    int64_t at = f.backoff.Failed(o.target, NowMs());
    if (sinks_.log) {
      sinks_.log("fencing: retrying " + o.target + " in " + std::to_string((at - NowMs()) / 1000) +
                 " s (failure " + std::to_string(f.backoff.Failures(o.target)) +
                 "); it stays unclean");
    }
  }
  PublishFenceHistory();
  FenceOutcomeMessage outcome{o.op_id, o.target, o.success, o.reason, JoinComma(o.requesters)};
  if (std::any_of(o.requesters.begin(), o.requesters.end(),
                  [](const std::string& r) { return r.starts_with("crm@"); })) {
    if (auto sent = bus_.Send(Encode(outcome)); !sent && sinks_.log) {
      sinks_.log("bus: fence-outcome not sent: " + sent.error().message);
    }
  }
  auto it = f.waiting.find(o.op_id);
  if (it != f.waiting.end()) {
    std::vector<FenceActionStart> actions = std::move(it->second);
    f.waiting.erase(it);
    for (const FenceActionStart& a : actions) {
      std::optional<Cib> holder;
      ControllerInput in = Input(holder);
      PerformController(controller_.OnFenceDone(in, a.transition, a.index, o.success, o.reason));
    }
  }
  if (f.rebuild_pending && f.fencer && f.fencer->ActiveOperations() == 0) BuildFencer();
}

void CrmdCore::PublishFenceHistory() {
  FencingState& f = Fencing();
  if (!f.fencer) return;
  XmlNode xml = FenceHistoryToXml(TrimFenceHistory(f.fencer->History(), kHistoryPerTarget));
  std::string body = SerializeXml(xml, false);
  if (body == f.last_history) return;
  f.last_history = body;
  if (auto sent = bus_.Send(EncodeFenceHistory(xml)); !sent && sinks_.log) {
    sinks_.log("bus: fence_history not sent: " + sent.error().message);
  }
}

void CrmdCore::ArmFenceTimer() {
  if (!sinks_.fence_timer) return;
  FencingState& f = Fencing();
  std::optional<int64_t> next = f.backoff.NextDue();
  if (controller_.plan_held() && !f.quorum_confirmed) {
    int64_t fallback = f.unconfirmed_since_ms + kQuorumReportWaitMs;
    if (!next || fallback < *next) next = fallback;
  }
  if (f.fencer) {
    if (auto d = f.fencer->NextDeadline(); d && (!next || *d < *next)) next = d;
  }
  if (f.exit_when_stopped && (!next || f.exit_deadline_ms < *next)) next = f.exit_deadline_ms;
  if (auto m = NextDeviceMonitor(); m && (!next || *m < *next)) next = m;
  sinks_.fence_timer(next);
}

void CrmdCore::OnFenceTimer() {
  FencingState& f = Fencing();
  int64_t now = NowMs();
  if (f.exit_when_stopped && now >= f.exit_deadline_ms) {
    ExitAfterSelfFenceFailed("stops did not finish within 30 s");
    return;
  }
  if (f.fencer) {
    f.fencer->Tick(now);
    DrainFencer();
  }
  if (controller_.plan_held() && !f.quorum_confirmed &&
      now >= f.unconfirmed_since_ms + kQuorumReportWaitMs) {
    f.quorum_confirmed = true;  // go on with the last known state
    if (sinks_.log) {
      sinks_.log(std::string("quorum: no quorum report after the membership change within 1 s; "
                             "going on as ") + (member_.quorate() ? "quorate" : "not quorate"));
    }
    TriggerController("no quorum report after the membership change");
  }
  RunDueDeviceMonitors(now);
  std::vector<std::string> due = f.backoff.TakeDue(now);
  if (!due.empty() && IsActingDc()) TriggerController("retrying fencing of " + JoinComma(due));
  ArmFenceTimer();
}

void CrmdCore::TriggerController(const std::string& why) {
  if (!sinks_.submit || !IsActingDc()) return;
  if (!member_.quorate() && NoQuorumPolicy() != "ignore") return;
  std::optional<Cib> holder;
  ControllerInput in = Input(holder);
  PerformController(controller_.Trigger(in, why));
  if (controller_.plan_held()) ArmFenceTimer();  // the fallback if no quorum report comes
}

}  // namespace keel
