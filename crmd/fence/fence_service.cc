#include "crmd/fence/fence_service.h"

#include <algorithm>

#include "crmd/cib/cib_document.h"
#include "crmd/cib/cib_model.h"
#include "crmd/cib/dc_status.h"
#include "crmd/protocol/bus_message.h"
#include "fencing/fence_protocol.h"
#include "fencing/fence_wire.h"
#include "xml/cib_parse.h"

namespace keel {
namespace {

constexpr size_t kHistoryPerTarget = 10;
constexpr const char* kCrmdRequester = "crmd";

}  // namespace

FenceService::FenceService(FenceServicePort& port, const NodeDirectory& nodes)
    : port_(port), nodes_(nodes) {}

void FenceService::SendOrLog(const std::string& payload, const std::string& what) {
  if (auto sent = port_.Send(payload); !sent) {
    port_.Log("bus: " + what + " not sent: " + sent.error().message);
  }
}

void FenceService::Update(const FenceServiceView& view) {
  if (!view.elected) {
    if (fencer_) port_.Log("fencing: no longer DC; dropping the fencer");
    fencer_.reset();
    config_error_.clear();
    waiting_.clear();
    backoff_.ClearAll();
    fenced_down_.clear();
    rebuild_pending_ = false;
    last_history_.clear();
    port_.RearmFenceTimer();  // what is left: this node's device monitors, a self-fence exit
    return;
  }
  if (!fencer_ && config_error_.empty()) {
    Build();
  } else if (view.config_changed) {
    backoff_.ClearAll();  // the device may have been fixed: try again at once
    if (!fencer_ || fencer_->ActiveOperations() == 0) {
      Build();
    } else {
      rebuild_pending_ = true;
    }
  }
  std::set<std::string> names;
  for (const FenceMember& m : view.members) names.insert(m.name);
  for (const std::string& name : names) {
    if (members_.contains(name)) continue;
    backoff_.Clear(name);  // back as a member: no longer lost
    fenced_down_.erase(name);
  }
  members_ = names;
  if (view.acting && view.became) {
    AdoptCibHistory();
    last_history_.clear();  // what was sent while syncing was dropped: send it again
    for (const auto& [target, down] : fenced_down_) SendOrLog(EncodePeerState(down), "peer_state");
  }
  if (fencer_) {
    fencer_->SetMembers(view.members, Now());
    if (view.acting) PublishHistory();
    Drain();
  }
}

void FenceService::AdoptCibHistory() {
  const XmlNode* stored = FindFenceHistory(port_.CibXml());
  if (!fencer_ || stored == nullptr) return;
  auto records = FenceHistoryFromXml(*stored, "cib status");
  if (!records) {
    port_.Log("fencing: ignoring the stored history: " + records.error().front().ToString());
    return;
  }
  // Operations left pending by another DC (or an earlier run of this crmd) are over: they
  // read as failed ("interrupted") and are retried rather than waited for.
  std::set<std::string> ours;
  for (const FenceRecord& r : fencer_->History()) ours.insert(r.id);
  std::vector<FenceRecord> keep, stale;
  for (FenceRecord& r : *records) {
    bool interrupted = r.state == FenceState::kPending && !ours.contains(r.id);
    (interrupted ? stale : keep).push_back(std::move(r));
  }
  std::set<std::string> origins;
  for (const FenceRecord& r : stale) origins.insert(r.origin);
  for (const std::string& origin : origins)
    stale = FailInterrupted(std::move(stale), origin, port_.WallMs());
  fencer_->MergeHistory(MergeFenceHistories(keep, stale));
}

void FenceService::Build() {
  rebuild_pending_ = false;
  std::vector<FenceRecord> history;
  if (fencer_) history = fencer_->History();
  auto parsed = ConfigurationFromXml(port_.CibXml());
  std::expected<FencerConfig, Errors> config =
      parsed ? FencerConfigFromCib(parsed->cib.configuration, "cib")
             : std::expected<FencerConfig, Errors>(std::unexpected(parsed.error()));
  if (!config) {
    config_error_ = "the fencing configuration is invalid:";
    for (const Error& e : config.error()) config_error_ += " " + e.ToString() + ";";
    config_error_.pop_back();
    port_.Log("fencing: " + config_error_);
    fencer_.reset();
    return;
  }
  config_error_.clear();
  fencer_ = std::make_unique<Fencer>(std::move(*config), nodes_.SelfName());
  ++generation_;
  fencer_->MergeHistory(history);
  port_.Log("fencing: fencer ready (generation " + std::to_string(generation_) + ", " +
            std::to_string(history.size()) + " history record(s))");
}

void FenceService::Start(const FenceActionStart& fence) {
  auto fail = [&](const std::string& reason) {
    port_.Log("fencing: cannot fence " + fence.target + ": " + reason);
    port_.FenceActionDone(fence, false, reason);
  };
  if (fenced_down_.contains(fence.target)) {
    port_.Log("fencing: " + fence.target + " was already fenced since it was lost");
    port_.FenceActionDone(fence, true, "");
    return;
  }
  int64_t now = port_.MonoMs();
  if (!backoff_.Ready(fence.target, now)) {
    return fail("fencing it failed " + std::to_string(backoff_.Failures(fence.target)) +
                " time(s); next attempt in " +
                std::to_string((*backoff_.RetryAt(fence.target) - now + 999) / 1000) + " s");
  }
  if (!fencer_) return fail(config_error_.empty() ? "no fencer" : config_error_);
  auto op = fencer_->Request(FenceRequest{fence.target, std::nullopt, kCrmdRequester}, Now());
  if (!op) return fail(op.error().message);
  waiting_[*op].push_back(fence);
  Drain();
}

void FenceService::OnRequest(const FenceRequestMessage& m) {
  std::optional<FenceAction> action;
  if (m.action) action = ParseFenceAction(*m.action);
  std::expected<std::string, Error> op =
      fencer_ ? fencer_->Request(FenceRequest{m.target, action, m.requester}, Now())
              : std::unexpected(Error{
                    ErrorCode::kInvalid,
                    config_error_.empty() ? "the DC has no fencer yet" : config_error_, m.target});
  port_.Log("fencing: " + m.requester + " asks to fence " + m.target +
            (op ? " (" + *op + ")" : ": refused: " + op.error().message));
  if (!op) {
    FenceOutcomeMessage refused{"", m.target, false, op.error().message, m.requester};
    (void)port_.Send(Encode(refused));
    return;
  }
  Drain();
}

void FenceService::OnRunResult(const FenceRunResultMessage& m) {
  if (!fencer_ || m.dc != nodes_.SelfName() || m.gen != std::to_string(generation_)) {
    return;  // for another DC or an older fencer
  }
  auto xml = ParseXml(m.xml, "fence-run-result");
  auto result = xml ? FenceRunResultFromXml(*xml)
                    : std::expected<FenceRunResult, Error>(std::unexpected(xml.error()));
  if (!result) {
    port_.Log("fencing: bad fence-run-result: " + result.error().ToString());
    return;
  }
  fencer_->AgentDone(result->run_id, result->exit, Now());
  Drain();
}

void FenceService::Tick(FenceClock now) {
  if (!fencer_) return;
  fencer_->Tick(now);
  Drain();
}

std::optional<int64_t> FenceService::NextDeadline() const {
  std::optional<int64_t> next = backoff_.NextDue();
  if (fencer_) {
    if (auto d = fencer_->NextDeadline(); d && (!next || *d < *next)) next = d;
  }
  return next;
}

void FenceService::Drain() {
  if (!fencer_) return;
  std::vector<FenceOutcome> outcomes;
  bool changed = false;
  for (FencerEffect& effect : fencer_->TakeEffects()) {
    changed = true;
    if (auto* run = std::get_if<RunAgentEffect>(&effect)) {
      port_.Log("fencing: " + std::string(FenceActionName(run->action)) + " with " + run->device +
                " (" + run->agent + ") on " + run->node + " for " + run->op_id);
      FenceRunMessage m{nodes_.SelfName(), std::to_string(generation_),
                        SerializeXml(FenceRunToXml(*run), false)};
      if (auto sent = port_.Send(Encode(m)); !sent) {
        AgentExit exit;
        exit.start_error = "could not send the run to " + run->node + ": " + sent.error().message;
        fencer_->AgentDone(run->run_id, exit, Now());
      }
    } else if (auto* cancel = std::get_if<CancelAgentEffect>(&effect)) {
      // The runner ends the agent itself at its timeout; its late result is ignored.
      port_.Log("fencing: run " + std::to_string(cancel->run_id) + " timed out");
    } else {
      outcomes.push_back(std::get<FenceOutcome>(effect));
    }
  }
  if (changed) PublishHistory();
  for (const FenceOutcome& o : outcomes) OnOutcome(o);
  if (!outcomes.empty()) Drain();  // an outcome may have started queued operations
  port_.RearmFenceTimer();
}

void FenceService::OnOutcome(const FenceOutcome& o) {
  std::string what = std::string(FenceActionName(o.action)) + " of " + o.target;
  port_.Log("fencing: " + what +
            (o.success ? " succeeded (executor " + o.executor + ")" : " FAILED: " + o.reason));
  port_.FencingEnded(o);
  bool from_crmd =
      std::find(o.requesters.begin(), o.requesters.end(), kCrmdRequester) != o.requesters.end();
  if (o.success) {
    backoff_.Clear(o.target);
    if (o.action != FenceAction::kOn) {
      // It is off: nothing runs there. Marked down before any start elsewhere is sent.
      std::optional<NodeId> id = nodes_.ConfiguredId(o.target);
      std::string id_text = id ? std::to_string(*id) : o.target;
      XmlNode down =
          DownNodeState(id_text, o.target, FindNodeState(port_.CibXml(), id_text), false);
      if (!members_.contains(o.target)) fenced_down_[o.target] = down;
      SendOrLog(EncodePeerState(down), "peer_state");
    }
  } else if (from_crmd) {
    int64_t at = backoff_.Failed(o.target, port_.MonoMs());
    port_.Log("fencing: retrying " + o.target + " in " +
              std::to_string((at - port_.MonoMs()) / 1000) + " s (failure " +
              std::to_string(backoff_.Failures(o.target)) + "); it stays unclean");
  }
  PublishHistory();
  FenceOutcomeMessage outcome{o.op_id, o.target, o.success, o.reason, JoinList(o.requesters)};
  if (std::any_of(o.requesters.begin(), o.requesters.end(),
                  [](const std::string& r) { return r.starts_with("crm@"); })) {
    SendOrLog(Encode(outcome), "fence-outcome");
  }
  if (auto it = waiting_.find(o.op_id); it != waiting_.end()) {
    std::vector<FenceActionStart> actions = std::move(it->second);
    waiting_.erase(it);
    for (const FenceActionStart& a : actions) port_.FenceActionDone(a, o.success, o.reason);
  }
  if (rebuild_pending_ && fencer_ && fencer_->ActiveOperations() == 0) Build();
}

void FenceService::PublishHistory() {
  if (!fencer_) return;
  XmlNode xml = FenceHistoryToXml(TrimFenceHistory(fencer_->History(), kHistoryPerTarget));
  std::string body = SerializeXml(xml, false);
  if (body == last_history_) return;
  last_history_ = body;
  SendOrLog(EncodeFenceHistory(xml), "fence_history");
}

}  // namespace keel
