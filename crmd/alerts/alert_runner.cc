#include "crmd/alerts/alert_runner.h"

#include <csignal>
#include <memory>

namespace keel {

namespace {

constexpr size_t kOutputKept = 200;

std::string OneLine(std::string text) {
  for (char& c : text) {
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  }
  return text;
}

}  // namespace

std::string DescribeAlertRun(const AlertRun& run) {
  std::string out = "alert " + run.alert_id;
  if (!run.recipient.empty()) out += " (recipient " + run.recipient + ")";
  return out;
}

AlertRunner::AlertRunner(EventLoop& loop, ProcessRunner& runner, Log log, AlertRunnerLimits limits)
    : loop_(loop), runner_(runner), log_(std::move(log)), limits_(std::move(limits)) {}

AlertRunner::~AlertRunner() {
  for (auto& [id, r] : running_) {
    loop_.CancelTimer(r.timer);
    runner_.SignalGroup(id, SIGKILL);
  }
}

void AlertRunner::Submit(AlertRun run) {
  if (running_.size() < limits_.max_running) {
    Start(std::move(run));
    return;
  }
  if (queue_.size() >= limits_.max_queued) {
    ++dropped_;
    log_(DescribeAlertRun(run) + " dropped: " + std::to_string(running_.size()) +
         " alerts running and " + std::to_string(queue_.size()) + " waiting (the limit)");
    return;
  }
  queue_.push_back(std::move(run));
}

void AlertRunner::Start(AlertRun run) {
  SpawnRequest request;
  request.path = run.argv.empty() ? "" : run.argv.front();
  request.argv = run.argv;
  request.env.push_back("PATH=" + limits_.path);
  for (const auto& [name, value] : run.env) request.env.push_back(name + "=" + value);
  // The id is known only after Spawn returns; handlers are never called from inside Spawn.
  auto id_slot = std::make_shared<ProcessRunner::ChildId>(0);
  auto keep = [this, id_slot](std::string_view chunk) {
    auto it = running_.find(*id_slot);
    if (it == running_.end() || it->second.output.size() >= kOutputKept) return;
    it->second.output.append(chunk.substr(0, kOutputKept - it->second.output.size()));
  };
  ChildHandlers handlers{keep, keep, [this, id_slot](ChildExit exit) { OnExit(*id_slot, exit); }};
  auto child = runner_.Spawn(request, std::move(handlers));
  if (!child) {
    log_(DescribeAlertRun(run) + " failed: cannot run " + request.path + ": " +
         child.error().message);
    return;
  }
  *id_slot = *child;
  const ProcessRunner::ChildId id = *child;
  const int64_t timeout_ms = run.timeout_ms;
  Running& r = running_[id];
  r.run = std::move(run);
  r.timer = loop_.AddTimer(timeout_ms, [this, id] {
    auto it = running_.find(id);
    if (it == running_.end()) return;
    it->second.timed_out = true;
    it->second.timer = 0;
    runner_.SignalGroup(id, SIGKILL);
  });
}

void AlertRunner::OnExit(ProcessRunner::ChildId id, ChildExit exit) {
  auto it = running_.find(id);
  if (it == running_.end()) return;
  Running r = std::move(it->second);
  running_.erase(it);
  if (r.timer != 0) loop_.CancelTimer(r.timer);
  const std::string what = DescribeAlertRun(r.run);
  if (r.timed_out) {
    log_(what + " timed out after " + std::to_string(r.run.timeout_ms) +
         " ms: its process group was killed");
  } else if (exit.signal != 0) {
    log_(what + " failed: killed by signal " + std::to_string(exit.signal));
  } else if (exit.exit_code != 0) {
    std::string line = what + " failed: exit code " + std::to_string(exit.exit_code);
    if (!r.output.empty()) line += ": " + OneLine(r.output);
    log_(line);
  }
  StartQueued();
}

void AlertRunner::StartQueued() {
  while (!queue_.empty() && running_.size() < limits_.max_running) {
    AlertRun next = std::move(queue_.front());
    queue_.pop_front();
    Start(std::move(next));
  }
}

}  // namespace keel
