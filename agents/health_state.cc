#include "agents/health_state.h"

#include <algorithm>
#include <limits>

namespace keel {

ProbeOutcome MapMiscExit(int exit_code, bool dynamic) {
  if (exit_code == 0) return {true, std::nullopt};
  if (!dynamic || exit_code == 1 || exit_code < 0 || exit_code > 255) return {false, std::nullopt};
  return {true, exit_code - 2};
}

HealthTracker::HealthTracker(const IpvsConfig& config, int64_t now_ms) : config_(config) {
  size_t count = config_.real_servers.size();
  for (size_t i = 0; i < count; ++i) {
    ServerState state;
    state.weight = config_.real_servers[i].weight;
    // Spread the first checks evenly over the warmup instead of keepalived's random delay, so
    // that the schedule is reproducible.
    state.next_check_ms =
        now_ms + (config_.warmup_ms * static_cast<int64_t>(i)) / static_cast<int64_t>(count);
    servers_.push_back(state);
  }
  quorum_up_ = LiveWeight() >= config_.quorum;
}

std::vector<size_t> HealthTracker::Due(int64_t now_ms) const {
  std::vector<size_t> due;
  for (size_t i = 0; i < servers_.size(); ++i) {
    if (servers_[i].next_check_ms <= now_ms) due.push_back(i);
  }
  return due;
}

int64_t HealthTracker::NextDue() const {
  int64_t next = std::numeric_limits<int64_t>::max();
  for (const ServerState& state : servers_) next = std::min(next, state.next_check_ms);
  return next;
}

bool HealthTracker::Record(size_t index, const ProbeOutcome& outcome, int64_t now_ms) {
  std::vector<Destination> before = Destinations();
  ServerState& state = servers_[index];
  state.next_check_ms = now_ms + config_.delay_loop_ms;
  if (outcome.success) {
    state.failures = 0;
    state.alive = true;
    if (outcome.weight) state.weight = *outcome.weight;
  } else {
    state.failures = std::min(state.failures + 1, config_.retry);
    if (state.failures >= config_.retry) state.alive = false;
  }
  UpdateQuorum();
  return Destinations() != before;
}

int HealthTracker::LiveWeight() const {
  int sum = 0;
  for (const ServerState& state : servers_) {
    if (state.alive) sum += state.weight;
  }
  return sum;
}

void HealthTracker::UpdateQuorum() {
  int live = LiveWeight();
  if (quorum_up_ && live < config_.quorum - config_.hysteresis) quorum_up_ = false;
  if (!quorum_up_ && live >= config_.quorum + config_.hysteresis) quorum_up_ = true;
}

std::vector<Destination> HealthTracker::Destinations() const {
  std::vector<Destination> out;
  bool any_live = false;
  for (size_t i = 0; i < servers_.size(); ++i) {
    const RealServer& server = config_.real_servers[i];
    const ServerState& state = servers_[i];
    if (state.alive) {
      out.push_back({server.ip, server.port, state.weight, false});
      any_live = any_live || state.weight > 0;
    } else if (config_.inhibit_on_failure || server.inhibit) {
      out.push_back({server.ip, server.port, 0, false});
    }
  }
  if (config_.sorry_server && (!quorum_up_ || !any_live)) {
    // The sorry server replaces the real servers while it is in use.
    return {{config_.sorry_server->ip, config_.sorry_server->port, 1, true}};
  }
  return out;
}

}  // namespace keel
