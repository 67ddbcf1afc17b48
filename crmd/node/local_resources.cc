#include "crmd/node/local_resources.h"

#include <algorithm>

#include "crmd/controller/controller_messages.h"
#include "crmd/controller/lrm_history.h"
#include "crmd/node/alert_feed.h"
#include "xml/cib_write.h"

namespace keel {
namespace {

ActionResult ResultFor(const ActionMessage& m, int rc, OpStatus status, const std::string& reason) {
  ActionResult r;
  r.rsc_id = m.resource;
  r.action = m.task;
  r.interval_ms = m.interval_ms;
  r.rc = rc;
  r.op_status = status;
  r.exit_reason = reason;
  return r;
}

}  // namespace

LocalResources::LocalResources(const NodeDirectory& nodes, Submit submit,
                               std::function<int64_t()> now_s)
    : nodes_(nodes), submit_(std::move(submit)), now_s_(std::move(now_s)) {
  own_.id = std::to_string(nodes.self());
  own_.uname = nodes.SelfName();
}

std::vector<std::string> LocalResources::Active() const { return ActiveResources(own_); }

std::vector<std::string> LocalResources::Unsettled() const {
  std::vector<std::string> unsettled = NotStoppedResources(own_);
  size_t one_shot = std::count_if(pending_.begin(), pending_.end(),
                                  [](const auto& p) { return !p.second.recurring; });
  if (one_shot > 0) unsettled.push_back(std::to_string(one_shot) + " action(s) under way");
  return unsettled;
}

LrmEffects LocalResources::SetAttribute(const std::string& name,
                                        const std::optional<std::string>& value) {
  if (value) {
    SetTransientAttribute(own_, name, *value);
  } else {
    for (NvSet& set : own_.transient_attributes) {
      std::erase_if(set.pairs, [&](const NvPair& p) { return p.name == name; });
    }
  }
  LrmEffects fx;
  fx.publish = StateXml();
  return fx;
}

XmlNode LocalResources::StateXml() const { return NodeStateToXml(own_); }

std::optional<XmlNode> LocalResources::ResourceXml(std::string_view rsc) const {
  for (const LrmResource& r : own_.lrm_resources) {
    if (r.id == rsc) return LrmResourceToXml(r);
  }
  return std::nullopt;
}

LrmEffects LocalResources::Run(const ActionMessage& m, const Cib& cib) {
  auto key = ParseTransitionKey(m.key);
  int expected_rc = key ? key->target_rc : ocf_rc::kOk;
  auto request = BuildRequest(cib, m);
  if (!request) return Fail(m, ocf_rc::kErrConfigured, OpStatus::kError, request.error().message);
  auto call = submit_(*request);
  if (!call) return Fail(m, ocf_rc::kErrGeneric, OpStatus::kError, call.error().message);
  pending_[*call] = Pending{m.key, request->agent, expected_rc, m.interval_ms > 0};
  LrmEffects fx;
  if (m.task == "start" || m.task == "stop") {
    RecordPending(own_, m.resource, m.task,
                  ResultContext{request->agent, nodes_.SelfName(), m.key, expected_rc, Now()});
    fx.publish_resources.push_back(m.resource);
  }
  return fx;
}

LrmEffects LocalResources::Cancelled(const ActionMessage& m, bool was_running) {
  LrmEffects fx;
  RecordCancelled(own_, m.resource, m.interval_ms,
                  ResultContext{AgentSpec{}, nodes_.SelfName(), m.key, ocf_rc::kOk, Now()});
  fx.logs.push_back("controller: " + m.resource + " monitor every " +
                    std::to_string(m.interval_ms) + " ms cancelled (maintenance)" +
                    (was_running ? "" : "; it was not running"));
  fx.publish = StateXml();
  fx.sends.push_back(EncodeResult(ResultMessage{m.key, nodes_.SelfName(), m.resource, m.task,
                                                m.interval_ms, ocf_rc::kOk, 0, false}));
  return fx;
}

LrmEffects LocalResources::ClearFailure(const ActionMessage& m) {
  LrmEffects fx;
  ForgetLastFailure(own_, m.resource);
  fx.logs.push_back("controller: " + m.resource + "'s failures on " + nodes_.SelfName() +
                    " expired (failure-timeout): fail counts cleared");
  fx.publish = StateXml();
  fx.sends.push_back(EncodeResult(
      ResultMessage{m.key, nodes_.SelfName(), m.resource, m.task, 0, ocf_rc::kOk, 0, false}));
  return fx;
}

LrmEffects LocalResources::Fail(const ActionMessage& m, int rc, OpStatus status,
                                const std::string& reason) {
  LrmEffects fx;
  fx.logs.push_back("controller: cannot run " + m.resource + " " + m.task + ": " + reason);
  auto key = ParseTransitionKey(m.key);
  ReportInto(ResultFor(m, rc, status, reason),
             Pending{m.key, AgentSpec{}, key ? key->target_rc : ocf_rc::kOk}, fx);
  return fx;
}

LrmEffects LocalResources::OnExecutorResult(const ActionResult& result, bool& known) {
  LrmEffects fx;
  auto it = pending_.find(result.call_id);
  known = it != pending_.end();
  if (!known) {
    fx.logs.push_back("controller: result for unknown call " + result.Summary());
    return fx;
  }
  ReportInto(result, it->second, fx);
  it->second.key.clear();  // later reports of a recurring monitor belong to no transition
  if (result.interval_ms == 0 || result.op_status == OpStatus::kCancelled) pending_.erase(it);
  return fx;
}

void LocalResources::ReportInto(const ActionResult& result, const Pending& pending,
                                LrmEffects& fx) {
  if (result.action == "notify") {
    ReportNotify(result, pending, fx);
    return;
  }
  ResultContext context{pending.agent, nodes_.SelfName(), pending.key, pending.expected_rc, Now()};
  RecordResult(own_, result, context);
  fx.logs.push_back("executor: " + result.Summary());
  fx.publish_resources.push_back(result.rsc_id);
  if (result.op_status == OpStatus::kCancelled) return;  // nobody waits for a cancellation
  fx.alerts.push_back(ResourceAlert(nodes_.SelfName(), result, pending.expected_rc));
  bool failed = IsFailure(result, pending.expected_rc);
  if (failed) fx.failures.push_back(result);
  if (failed && pending.agent.agent_class == AgentClass::kStonith && result.interval_ms > 0) {
    fx.logs.push_back("fencing: device " + result.rsc_id + " " + result.exit_reason);
  }
  ResultMessage m{pending.key,
                  nodes_.SelfName(),
                  result.rsc_id,
                  result.action,
                  result.interval_ms,
                  result.rc,
                  OpStatusCode(result.op_status),
                  failed};
  fx.sends.push_back(EncodeResult(m));
}

// A notification changes nothing the history records, and its outcome never fails the
// resource (as Pacemaker ignores a notify's rc): logged, and reported as done.
void LocalResources::ReportNotify(const ActionResult& result, const Pending& pending,
                                  LrmEffects& fx) {
  const bool failed = IsFailure(result, pending.expected_rc);
  fx.logs.push_back("executor: " + result.Summary() +
                    (failed ? " (a failed notification is ignored)" : ""));
  if (result.op_status == OpStatus::kCancelled) return;
  fx.sends.push_back(EncodeResult(ResultMessage{pending.key, nodes_.SelfName(), result.rsc_id,
                                                result.action, result.interval_ms, result.rc,
                                                OpStatusCode(result.op_status), false}));
}

LrmEffects LocalResources::Forget(const std::vector<std::string>& rscs) {
  for (const std::string& rsc : rscs) ForgetResource(own_, rsc);
  LrmEffects fx;
  fx.publish = StateXml();
  return fx;
}

std::expected<int, Error> LocalResources::Probe(const Cib& cib, const std::string& rsc,
                                                int64_t timeout_ms) {
  auto built =
      BuildRequest(cib, ActionMessage{"", nodes_.SelfName(), "monitor", rsc, 0, timeout_ms});
  if (!built) return std::unexpected(built.error());
  auto call = submit_(*built);
  if (call) pending_[*call] = Pending{"", built->agent, ocf_rc::kOk};
  return call;
}

}  // namespace keel
