// CrmdCore: the recurring monitor of a stonith primitive runs its fence agent's `monitor`
// action on the node where the device is started (as Pacemaker's fencer does), so a broken
// device shows as a failed monitor (fail count, crm status) and the DC recovers it. Start,
// stop and probes stay bookkeeping (RunDeviceAction in crmd_core_fencing_node.cc). Runs go
// through sinks.run_fence_agent off the loop; times come from the fence timer.

#include "crmd/crmd_core.h"
#include "crmd/crmd_core_fencing_state.h"
#include "fencing/agent_exit.h"
#include "fencing/fencer_config.h"
#include "xml/cib_parse.h"

namespace keel {

void CrmdCore::StartDeviceMonitor(const ActionMessage& m, int expected_rc,
                                  const std::string& type) {
  FencingState& f = Fencing();
  DeviceMonitor& mon = f.device_monitors[m.resource];
  mon = DeviceMonitor{};
  mon.seq = ++f.device_monitor_seq;
  mon.interval_ms = m.interval_ms;
  mon.timeout_ms = m.timeout_ms > 0 ? m.timeout_ms : 20000;
  mon.key = m.key;
  mon.expected_rc = expected_rc;
  mon.agent = type;
  RunDeviceMonitor(m.resource);
}

void CrmdCore::StopDeviceMonitor(const std::string& rsc) { Fencing().device_monitors.erase(rsc); }

void CrmdCore::RunDeviceMonitor(const std::string& rsc) {
  FencingState& f = Fencing();
  DeviceMonitor& mon = f.device_monitors.at(rsc);
  mon.in_flight = true;
  auto fail_now = [&](const std::string& reason) {
    AgentExit exit;
    exit.how = AgentExit::How::kNotStarted;
    exit.start_error = reason;
    DeviceMonitorDone(rsc, mon.seq, exit);
  };
  auto parsed = CibFromXml(member_.cib(), "cib");
  if (!parsed) return fail_now("the CIB does not parse");
  auto config = FencerConfigFromCib(parsed->cib.configuration, "cib");
  if (!config) return fail_now("the fencing configuration is invalid: " + JoinErrors(config.error()));
  const FenceDeviceConfig* device = nullptr;
  for (const FenceDeviceConfig& d : config->devices) {
    if (d.id == rsc) device = &d;
  }
  if (device == nullptr) return fail_now("no fence device " + rsc);
  auto word = device->action_words.find(FenceAction::kMonitor);
  auto stdin_text =
      BuildAgentStdin(word == device->action_words.end() ? "monitor" : word->second,
                      device->params, "", "", device->host_argument);
  if (!stdin_text) return fail_now(stdin_text.error().message);
  RunAgentEffect run;
  run.node = SelfName();
  run.device = rsc;
  run.agent = device->agent;
  run.action = FenceAction::kMonitor;
  run.stdin_text = *stdin_text;
  auto timeout = device->action_timeouts_ms.find(FenceAction::kMonitor);
  run.timeout_ms = timeout != device->action_timeouts_ms.end() ? timeout->second : mon.timeout_ms;
  uint64_t seq = mon.seq;
  sinks_.run_fence_agent(run, [this, rsc, seq](const AgentExit& exit) {
    DeviceMonitorDone(rsc, seq, exit);
  });
}

void CrmdCore::DeviceMonitorDone(const std::string& rsc, uint64_t seq, const AgentExit& exit) {
  FencingState& f = Fencing();
  auto it = f.device_monitors.find(rsc);
  if (it == f.device_monitors.end() || it->second.seq != seq) return;  // stopped meanwhile
  DeviceMonitor& mon = it->second;
  mon.in_flight = false;
  AgentVerdict verdict = JudgeAgentExit(FenceAction::kMonitor, exit);
  ActionResult r;
  r.rsc_id = rsc;
  r.action = "monitor";
  r.interval_ms = mon.interval_ms;
  r.call_id = ++f.device_calls;
  r.op_status = exit.how == AgentExit::How::kTimedOut ? OpStatus::kTimedOut : OpStatus::kDone;
  r.rc = verdict.ok ? ocf_rc::kOk : ocf_rc::kErrGeneric;
  if (!verdict.ok) r.exit_reason = "fence agent " + mon.agent + " monitor: " + verdict.reason;
  r.start_ms = r.end_ms = NowMs();
  // Like the executor's recurring monitors: the first result completes the transition's
  // action, later ones are reported only when the outcome changes.
  if (!mon.key.empty() || r.rc != mon.last_rc || r.op_status != mon.last_status) {
    if (sinks_.log && !verdict.ok) sinks_.log("fencing: device " + rsc + " " + r.exit_reason);
    PerformLrm(
        lrm_.Report(r, mon.key, AgentSpec{AgentClass::kHeartbeat, "", mon.agent}, mon.expected_rc));
  }
  mon.key.clear();
  mon.last_rc = r.rc;
  mon.last_status = r.op_status;
  mon.next_ms = NowMs() + mon.interval_ms;
  ArmFenceTimer();
}

void CrmdCore::RunDueDeviceMonitors(int64_t now) {
  std::vector<std::string> due;
  for (const auto& [rsc, mon] : Fencing().device_monitors) {
    if (!mon.in_flight && mon.next_ms <= now) due.push_back(rsc);
  }
  for (const std::string& rsc : due) RunDeviceMonitor(rsc);
}

std::optional<int64_t> CrmdCore::NextDeviceMonitor() {
  std::optional<int64_t> next;
  for (const auto& [rsc, mon] : Fencing().device_monitors) {
    if (!mon.in_flight && (!next || mon.next_ms < *next)) next = mon.next_ms;
  }
  return next;
}

}  // namespace keel
