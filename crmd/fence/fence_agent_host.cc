#include "crmd/fence/fence_agent_host.h"

#include "crmd/cib/cib_model.h"
#include "crmd/protocol/bus_message.h"
#include "fencing/fence_device.h"
#include "fencing/fence_protocol.h"
#include "fencing/fence_wire.h"
#include "xml/cib_parse.h"

namespace keel {
namespace {

constexpr int64_t kStopBeforeExitMs = 30000;

}  // namespace

bool FenceAgentHost::IsFenceDevice(const Cib& cib, const std::string& rsc) {
  for (const Resource& r : cib.configuration.resources) {
    const auto* p = std::get_if<Primitive>(&r);
    if (p != nullptr && p->id == rsc) return p->resource_class == "stonith";
  }
  return false;
}

FenceAgentHost::FenceAgentHost(FenceAgentPort& port, const NodeDirectory& nodes, RunFenceAgent run)
    : port_(port), nodes_(nodes), run_(std::move(run)) {}

void FenceAgentHost::OnRun(const FenceRunMessage& m) {
  auto xml = ParseXml(m.xml, "fence-run");
  auto run = xml ? FenceRunFromXml(*xml)
                 : std::expected<RunAgentEffect, Error>(std::unexpected(xml.error()));
  if (!run) {
    port_.Log("fencing: bad fence-run: " + run.error().ToString());
    return;
  }
  if (run->node != nodes_.SelfName()) return;
  uint64_t run_id = run->run_id;
  std::string what =
      run->agent + " (" + std::string(FenceActionName(run->action)) + ") for " + run->op_id;
  auto answer = [this, dc = m.dc, gen = m.gen, run_id, what, action = run->action,
                 started = port_.MonoMs()](const AgentExit& exit) {
    // The executor's side of the fencing timeline (scripts/lb_timeline.py reads it).
    AgentVerdict verdict = JudgeAgentExit(action, exit);
    port_.Log("fencing: " + what + " done after " + std::to_string(port_.MonoMs() - started) +
              " ms: " + (verdict.ok ? "ok" : verdict.reason));
    FenceRunResultMessage result{
        dc, gen, SerializeXml(FenceRunResultToXml(FenceRunResult{run_id, exit}), false)};
    if (auto sent = port_.Send(Encode(result)); !sent) {
      port_.Log("bus: fence-run-result not sent: " + sent.error().message);
    }
  };
  port_.Log("fencing: running " + what + " as asked by " + m.dc);
  if (!run_) {
    AgentExit exit;
    exit.start_error = "crmd on " + nodes_.SelfName() + " cannot run fence agents";
    answer(exit);
    return;
  }
  run_(*run, answer);
}

// no-quorum-policy=fence (suicide): the only case where a node runs a fence agent against
// itself. The first device whose static configuration can fence this node (host list or map,
// or pcmk_host_check=none; devices that must ask the agent are tried too) is run here with the
// default fencing action. If there is none, or it fails, the node stops what runs here at once
// and crmd exits with an error: a partition without quorum keeps nothing running.
void FenceAgentHost::SelfFence() {
  if (self_fencing_ || exit_when_stopped_) return;
  std::string self = nodes_.SelfName();
  auto parsed = ConfigurationFromXml(port_.CibXml());
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
  if (device == nullptr || !run_) {
    return StopAllAndExit(device == nullptr ? "no fence device can fence " + self
                                            : "this crmd cannot run fence agents");
  }
  auto input = DeviceStdin(*device, config->default_action, self);
  if (!input) return StopAllAndExit("cannot fence myself: " + input.error().message);
  RunAgentEffect run;
  run.op_id = "self-" + self + "-" + std::to_string(port_.WallMs());
  run.node = self;
  run.device = device->id;
  run.agent = device->agent;
  run.action = config->default_action;
  run.stdin_text = *input;
  run.timeout_ms = config->timeout_ms;
  self_fencing_ = true;
  port_.Log("fencing: quorum lost with no-quorum-policy=fence: fencing myself (" + self +
            ") with " + device->id + " (" + device->agent + ")");
  run_(run, [this](const AgentExit& exit) {
    self_fencing_ = false;
    AgentVerdict verdict = JudgeAgentExit(FenceAction::kOff, exit);
    if (verdict.ok) {
      port_.Log("fencing: self-fencing reported success; still running?");
      return;
    }
    StopAllAndExit("self-fencing failed: " + verdict.reason);
  });
}

void FenceAgentHost::StopAllAndExit(const std::string& why) {
  std::vector<std::string> active = port_.ActiveResources();
  port_.Log("fencing: " + why + "; stopping " + std::to_string(active.size()) +
            " resource(s) here and exiting (no-quorum-policy=fence)");
  exit_when_stopped_ = true;
  exit_deadline_ms_ = port_.MonoMs() + kStopBeforeExitMs;
  for (const std::string& rsc : active) port_.StopResource(rsc);
  port_.RearmFenceTimer();
  CheckExitAfterStops();
}

void FenceAgentHost::CheckExitAfterStops() {
  if (!exit_when_stopped_ || !port_.ActiveResources().empty()) return;
  ExitAfterSelfFenceFailed("every resource here is stopped");
}

bool FenceAgentHost::ExitIfDue(int64_t mono_ms) {
  if (!exit_when_stopped_ || mono_ms < exit_deadline_ms_) return false;
  ExitAfterSelfFenceFailed("stops did not finish within 30 s");
  return true;
}

void FenceAgentHost::ExitAfterSelfFenceFailed(const std::string& why) {
  exit_when_stopped_ = false;
  port_.Log("fencing: exiting: " + why + " (no quorum, no self-fencing)");
  port_.Exit(1);
}

std::optional<int64_t> FenceAgentHost::NextDeadline() const {
  if (exit_when_stopped_) return exit_deadline_ms_;
  return std::nullopt;
}

}  // namespace keel
