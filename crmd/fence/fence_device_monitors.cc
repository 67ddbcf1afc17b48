// FenceAgentHost's stonith primitives. Start, stop and probes are bookkeeping (the DC's fencer
// uses every configured device); the recurring monitor runs the fence agent's `monitor` action
// on the node where the device is started (as Pacemaker's fencer does), so a broken device
// shows as a failed monitor (fail count, crm status) and the DC recovers it. Times come from
// the fence timer.

#include <algorithm>

#include "crmd/fence/fence_agent_host.h"
#include "fencing/agent_exit.h"
#include "fencing/fence_protocol.h"
#include "fencing/fencer_config.h"
#include "xml/base/ocf_rc.h"
#include "xml/cib_parse.h"

namespace keel {
namespace {

const Primitive* TopPrimitive(const Cib& cib, const std::string& id) {
  for (const Resource& r : cib.configuration.resources) {
    const auto* p = std::get_if<Primitive>(&r);
    if (p != nullptr && p->id == id) return p;
  }
  return nullptr;
}

}  // namespace

bool FenceAgentHost::IsFenceDevice(const Cib& cib, const std::string& rsc) {
  const Primitive* p = TopPrimitive(cib, rsc);
  return p != nullptr && p->resource_class == "stonith";
}

void FenceAgentHost::DeviceAction(const ActionMessage& m, int expected_rc) {
  auto parsed = CibFromXml(port_.CibXml(), "cib");
  std::string type;
  if (parsed) {
    if (const Primitive* p = TopPrimitive(parsed->cib, m.resource)) type = p->type;
  }
  port_.EnsureDeviceEntry(m.resource, type);
  std::vector<std::string> active = port_.ActiveResources();
  bool running = std::find(active.begin(), active.end(), m.resource) != active.end();
  if (m.task == "stop") monitors_.erase(m.resource);
  if (m.task == "monitor" && m.interval_ms > 0 && running && run_) {
    return StartMonitor(m, expected_rc, type);  // the agent's own monitor
  }
  ActionResult r;
  r.rsc_id = m.resource;
  r.action = m.task;
  r.interval_ms = m.interval_ms;
  r.call_id = ++device_calls_;
  r.op_status = OpStatus::kDone;
  bool probe = m.task == "monitor" && m.interval_ms == 0;
  r.rc = probe && !running ? ocf_rc::kNotRunning : ocf_rc::kOk;
  int64_t now = port_.WallMs();
  r.start_ms = now;
  r.end_ms = now;
  port_.ReportDeviceResult(r, m.key, type, expected_rc);
}

void FenceAgentHost::StartMonitor(const ActionMessage& m, int expected_rc,
                                  const std::string& type) {
  DeviceMonitor& mon = monitors_[m.resource];
  mon = DeviceMonitor{};
  mon.seq = ++monitor_seq_;
  mon.interval_ms = m.interval_ms;
  mon.timeout_ms = m.timeout_ms > 0 ? m.timeout_ms : 20000;
  mon.key = m.key;
  mon.expected_rc = expected_rc;
  mon.agent = type;
  RunMonitor(m.resource);
}

void FenceAgentHost::RunMonitor(const std::string& rsc) {
  DeviceMonitor& mon = monitors_.at(rsc);
  mon.in_flight = true;
  auto fail_now = [&](const std::string& reason) {
    AgentExit exit;
    exit.how = AgentExit::How::kNotStarted;
    exit.start_error = reason;
    MonitorDone(rsc, mon.seq, exit);
  };
  auto parsed = CibFromXml(port_.CibXml(), "cib");
  if (!parsed) return fail_now("the CIB does not parse");
  auto config = FencerConfigFromCib(parsed->cib.configuration, "cib");
  if (!config)
    return fail_now("the fencing configuration is invalid: " + JoinErrors(config.error()));
  const FenceDeviceConfig* device = nullptr;
  for (const FenceDeviceConfig& d : config->devices) {
    if (d.id == rsc) device = &d;
  }
  if (device == nullptr) return fail_now("no fence device " + rsc);
  auto word = device->action_words.find(FenceAction::kMonitor);
  auto stdin_text = BuildAgentStdin(word == device->action_words.end() ? "monitor" : word->second,
                                    device->params, "", "", device->host_argument);
  if (!stdin_text) return fail_now(stdin_text.error().message);
  RunAgentEffect run;
  run.node = nodes_.SelfName();
  run.device = rsc;
  run.agent = device->agent;
  run.action = FenceAction::kMonitor;
  run.stdin_text = *stdin_text;
  auto timeout = device->action_timeouts_ms.find(FenceAction::kMonitor);
  run.timeout_ms = timeout != device->action_timeouts_ms.end() ? timeout->second : mon.timeout_ms;
  uint64_t seq = mon.seq;
  run_(run, [this, rsc, seq](const AgentExit& exit) { MonitorDone(rsc, seq, exit); });
}

void FenceAgentHost::MonitorDone(const std::string& rsc, uint64_t seq, const AgentExit& exit) {
  auto it = monitors_.find(rsc);
  if (it == monitors_.end() || it->second.seq != seq) return;  // stopped meanwhile
  DeviceMonitor& mon = it->second;
  mon.in_flight = false;
  AgentVerdict verdict = JudgeAgentExit(FenceAction::kMonitor, exit);
  ActionResult r;
  r.rsc_id = rsc;
  r.action = "monitor";
  r.interval_ms = mon.interval_ms;
  r.call_id = ++device_calls_;
  r.op_status = exit.how == AgentExit::How::kTimedOut ? OpStatus::kTimedOut : OpStatus::kDone;
  r.rc = verdict.ok ? ocf_rc::kOk : ocf_rc::kErrGeneric;
  if (!verdict.ok) r.exit_reason = "fence agent " + mon.agent + " monitor: " + verdict.reason;
  r.start_ms = r.end_ms = port_.WallMs();
  // Like the executor's recurring monitors: the first result completes the transition's
  // action, later ones are reported only when the outcome changes.
  if (!mon.key.empty() || r.rc != mon.last_rc || r.op_status != mon.last_status) {
    if (!verdict.ok) port_.Log("fencing: device " + rsc + " " + r.exit_reason);
    port_.ReportDeviceResult(r, mon.key, mon.agent, mon.expected_rc);
  }
  mon.key.clear();
  mon.last_rc = r.rc;
  mon.last_status = r.op_status;
  mon.next_ms = port_.MonoMs() + mon.interval_ms;
  port_.RearmFenceTimer();
}

void FenceAgentHost::RunDueMonitors(int64_t mono_ms) {
  std::vector<std::string> due;
  for (const auto& [rsc, mon] : monitors_) {
    if (!mon.in_flight && mon.next_ms <= mono_ms) due.push_back(rsc);
  }
  for (const std::string& rsc : due) RunMonitor(rsc);
}

}  // namespace keel
