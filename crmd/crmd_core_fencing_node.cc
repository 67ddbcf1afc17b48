// CrmdCore's fencing, node side: `crm node fence` requests forwarded to the DC and answered,
// fence-run messages run here through sinks.run_fence_agent, stonith primitives' bookkeeping
// actions, and no-quorum-policy=fence (self-fencing, or stop everything and exit).

#include <algorithm>

#include "crmd/crmd_core.h"
#include "crmd/crmd_core_fencing_state.h"
#include "crmd/protocol/bus_message.h"
#include "fencing/fence_wire.h"
#include "xml/cib_parse.h"

namespace keel {

using namespace fencing_internal;

void CrmdCore::RequestFence(RequestId request, const std::string& target,
                            std::optional<FenceAction> action) {
  auto refuse = [&](ErrorCode code, const std::string& message) {
    if (sinks_.fence_reply)
      sinks_.fence_reply(request, std::unexpected(Error{code, message, target}));
  };
  if (target.empty()) return refuse(ErrorCode::kInvalid, "fence: no target node given");
  Fencing().client_requests.insert(request);
  FenceRequestMessage m{target, ClientRequester(SelfName(), request), std::nullopt};
  if (action) m.action = std::string(FenceActionName(*action));
  if (auto sent = bus_.Send(Encode(m)); !sent) {
    Fencing().client_requests.erase(request);
    refuse(ErrorCode::kIo, "fence: could not reach the cluster: " + sent.error().message);
  }
}

void CrmdCore::OnFenceRunResult(const FenceRunResultMessage& m) {
  FencingState& f = Fencing();
  if (!f.fencer || m.dc != SelfName() || m.gen != std::to_string(f.generation)) {
    return;  // for another DC or an older fencer
  }
  auto xml = ParseXml(m.xml, "fence-run-result");
  auto result = xml ? FenceRunResultFromXml(*xml)
                    : std::expected<FenceRunResult, Error>(std::unexpected(xml.error()));
  if (!result) {
    if (sinks_.log) sinks_.log("fencing: bad fence-run-result: " + result.error().ToString());
    return;
  }
  f.fencer->AgentDone(result->run_id, result->exit, NowMs());
  DrainFencer();
}

void CrmdCore::OnFenceRequest(const FenceRequestMessage& m) {
  if (member_.dc() != bus_.LocalId()) return;  // the elected DC owns the fencer, synced or not
  FencingState& f = Fencing();
  std::optional<FenceAction> action;
  if (m.action) action = ParseFenceAction(*m.action);
  std::expected<std::string, Error> op =
      f.fencer
          ? f.fencer->Request(FenceRequest{m.target, action, m.requester}, NowMs())
          : std::unexpected(Error{
                ErrorCode::kInvalid,
                f.config_error.empty() ? "the DC has no fencer yet" : f.config_error, m.target});
  if (sinks_.log) {
    sinks_.log("fencing: " + m.requester + " asks to fence " + m.target +
               (op ? " (" + *op + ")" : ": refused: " + op.error().message));
  }
  if (!op) {
    FenceOutcomeMessage refused{"", m.target, false, op.error().message, m.requester};
    (void)bus_.Send(Encode(refused));
    return;
  }
  DrainFencer();
}

void CrmdCore::OnFenceOutcome(const FenceOutcomeMessage& m) {
  FencingState& f = Fencing();
  for (const std::string& r : SplitList(m.requesters)) {
    std::string prefix = "crm@" + SelfName() + "#";
    if (!r.starts_with(prefix)) continue;
    RequestId id = std::strtoull(r.c_str() + prefix.size(), nullptr, 10);
    if (f.client_requests.erase(id) == 0 || !sinks_.fence_reply) continue;
    if (m.success) {
      sinks_.fence_reply(id, m.op);
    } else {
      sinks_.fence_reply(id, std::unexpected(Error{ErrorCode::kIo, m.reason, m.target}));
    }
  }
}

void CrmdCore::OnFenceRun(const FenceRunMessage& m) {
  auto xml = ParseXml(m.xml, "fence-run");
  auto run = xml ? FenceRunFromXml(*xml)
                 : std::expected<RunAgentEffect, Error>(std::unexpected(xml.error()));
  if (!run) {
    if (sinks_.log) sinks_.log("fencing: bad fence-run: " + run.error().ToString());
    return;
  }
  if (run->node != SelfName()) return;
  uint64_t run_id = run->run_id;
  auto answer = [this, dc = m.dc, gen = m.gen, run_id](const AgentExit& exit) {
    FenceRunResultMessage result{
        dc, gen, SerializeXml(FenceRunResultToXml(FenceRunResult{run_id, exit}), false)};
    if (auto sent = bus_.Send(Encode(result)); !sent && sinks_.log) {
      sinks_.log("bus: fence-run-result not sent: " + sent.error().message);
    }
  };
  if (sinks_.log) {
    sinks_.log("fencing: running " + run->agent + " (" + std::string(FenceActionName(run->action)) +
               ") for " + run->op_id + " as asked by " + m.dc);
  }
  if (!sinks_.run_fence_agent) {
    AgentExit exit;
    exit.start_error = "crmd on " + SelfName() + " cannot run fence agents";
    answer(exit);
    return;
  }
  sinks_.run_fence_agent(*run, answer);
}

namespace {

// Stonith primitives are top-level (the fencer refuses them inside groups and clones).
const Primitive* TopPrimitive(const Cib& cib, const std::string& id) {
  for (const Resource& r : cib.configuration.resources) {
    const auto* p = std::get_if<Primitive>(&r);
    if (p != nullptr && p->id == id) return p;
  }
  return nullptr;
}

}  // namespace

bool CrmdCore::IsFenceDevice(const Cib& cib, const std::string& rsc) {
  const Primitive* p = TopPrimitive(cib, rsc);
  return p != nullptr && p->resource_class == "stonith";
}

void CrmdCore::RunDeviceAction(const ActionMessage& m, int expected_rc) {
  auto parsed = CibFromXml(member_.cib(), "cib");
  std::string type;
  if (parsed) {
    if (const Primitive* p = TopPrimitive(parsed->cib, m.resource)) type = p->type;
  }
  lrm_.EnsureEntry(m.resource, "stonith", type);
  std::vector<std::string> active = lrm_.Active();
  bool running = std::find(active.begin(), active.end(), m.resource) != active.end();
  if (m.task == "stop") StopDeviceMonitor(m.resource);
  if (m.task == "monitor" && m.interval_ms > 0 && running && sinks_.run_fence_agent) {
    return StartDeviceMonitor(m, expected_rc, type);  // the agent's own monitor
  }
  ActionResult r;
  r.rsc_id = m.resource;
  r.action = m.task;
  r.interval_ms = m.interval_ms;
  r.call_id = ++Fencing().device_calls;
  r.op_status = OpStatus::kDone;
  bool probe = m.task == "monitor" && m.interval_ms == 0;
  r.rc = probe && !running ? ocf_rc::kNotRunning : ocf_rc::kOk;
  int64_t now = NowMs();
  r.start_ms = now;
  r.end_ms = now;
  PerformLrm(lrm_.Report(r, m.key, AgentSpec{AgentClass::kHeartbeat, "", type}, expected_rc));
}

// no-quorum-policy=fence (suicide): the only case where a node runs a fence agent against
// itself. The first device whose static configuration can fence this node (host list or map,
// or pcmk_host_check=none; devices that must ask the agent are tried too) is run here with the
// default fencing action. If there is none, or it fails, the node stops what runs here at once
// and crmd exits with an error: a partition without quorum keeps nothing running.
void CrmdCore::SelfFence() {
  FencingState& f = Fencing();
  if (f.self_fencing || f.exit_when_stopped) return;
  std::string self = SelfName();
  auto parsed = CibFromXml(member_.cib(), "cib");
  auto config = parsed ? FencerConfigFromCib(parsed->cib.configuration, "cib")
                       : std::expected<FencerConfig, Errors>(std::unexpected(parsed.error()));
  const FenceDeviceConfig* device = nullptr;
  if (config) {
    for (const FenceDeviceConfig& d : config->devices) {
      if (StaticCapability(d, self) != Capability::kNo) {
        device = &d;
        break;
      }
    }
  }
  if (device == nullptr || !sinks_.run_fence_agent) {
    return StopAllAndExit(device == nullptr ? "no fence device can fence " + self
                                            : "this crmd cannot run fence agents");
  }
  auto input = DeviceStdin(*device, config->default_action, self);
  if (!input) return StopAllAndExit("cannot fence myself: " + input.error().message);
  RunAgentEffect run;
  run.op_id = "self-" + self + "-" + std::to_string(NowMs());
  run.node = self;
  run.device = device->id;
  run.agent = device->agent;
  run.action = config->default_action;
  run.stdin_text = *input;
  run.timeout_ms = config->timeout_ms;
  f.self_fencing = true;
  if (sinks_.log) {
    sinks_.log("fencing: quorum lost with no-quorum-policy=fence: fencing myself (" + self +
               ") with " + device->id + " (" + device->agent + ")");
  }
  sinks_.run_fence_agent(run, [this](const AgentExit& exit) {
    Fencing().self_fencing = false;
    AgentVerdict verdict = JudgeAgentExit(FenceAction::kOff, exit);
    if (verdict.ok) {
      if (sinks_.log) sinks_.log("fencing: self-fencing reported success; still running?");
      return;
    }
    StopAllAndExit("self-fencing failed: " + verdict.reason);
  });
}

void CrmdCore::StopAllAndExit(const std::string& why) {
  FencingState& f = Fencing();
  std::vector<std::string> active = lrm_.Active();
  if (sinks_.log) {
    sinks_.log("fencing: " + why + "; stopping " + std::to_string(active.size()) +
               " resource(s) here and exiting (no-quorum-policy=fence)");
  }
  f.exit_when_stopped = true;
  f.exit_deadline_ms = NowMs() + kStopBeforeExitMs;
  for (const std::string& rsc : active) {
    RunAction(ActionMessage{"", SelfName(), "stop", rsc, 0, 20000});
  }
  ArmFenceTimer();
  CheckExitAfterStops();
}

void CrmdCore::CheckExitAfterStops() {
  FencingState& f = Fencing();
  if (!f.exit_when_stopped || !lrm_.Active().empty()) return;
  ExitAfterSelfFenceFailed("every resource here is stopped");
}

void CrmdCore::ExitAfterSelfFenceFailed(const std::string& why) {
  FencingState& f = Fencing();
  f.exit_when_stopped = false;
  if (sinks_.log) sinks_.log("fencing: exiting: " + why + " (no quorum, no self-fencing)");
  if (sinks_.exit) sinks_.exit(1);
}

}  // namespace keel
