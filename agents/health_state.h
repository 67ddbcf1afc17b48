#pragma once
// The real-server health state machine of keel-ipvs-checker, pure: time is an input.
// A server starts alive with its configured weight, is checked every delay_loop (the first
// checks spread over warmup), leaves after `retry` consecutive failures and returns after one
// success. The service's quorum (sum of live weights) flips with hysteresis; when it is lost,
// or nothing is alive, the sorry server takes the traffic.

#include <cstdint>
#include <optional>
#include <vector>

#include "agents/ipvs_config.h"

namespace keel {

// One check's result: success, and (MISC_CHECK with misc_dynamic) a new weight.
struct ProbeOutcome {
  bool success = false;
  std::optional<int> weight;
};

// keepalived's MISC_CHECK exit codes. Without `dynamic`: 0 success, else failure. With it:
// 0 success (weight unchanged), 1 failure, 2-255 success with weight = code - 2.
ProbeOutcome MapMiscExit(int exit_code, bool dynamic);

// Where traffic goes: a real server (or the sorry server) with its current weight.
struct Destination {
  uint32_t ip = 0;
  uint16_t port = 0;
  int weight = 0;
  bool sorry = false;
  friend bool operator==(const Destination&, const Destination&) = default;
};

class HealthTracker {
 public:
  HealthTracker(const IpvsConfig& config, int64_t now_ms);

  // Indexes (into config.real_servers) of the servers whose check is due at `now_ms`.
  std::vector<size_t> Due(int64_t now_ms) const;
  // The earliest time a check is due.
  int64_t NextDue() const;
  // Records a check of server `index` done at `now_ms`; schedules the next one.
  // True when the destinations changed.
  bool Record(size_t index, const ProbeOutcome& outcome, int64_t now_ms);

  // The destinations in real-server order. Dead servers appear with weight 0 under
  // inhibit_on_failure and are left out otherwise. When quorum is lost or no server with a
  // weight is alive and there is a sorry server, it is the only destination.
  std::vector<Destination> Destinations() const;
  bool alive(size_t index) const { return servers_[index].alive; }
  int weight(size_t index) const { return servers_[index].weight; }
  bool quorum_up() const { return quorum_up_; }

 private:
  struct ServerState {
    bool alive = true;
    int failures = 0;
    int weight = 1;
    int64_t next_check_ms = 0;
  };
  int LiveWeight() const;
  void UpdateQuorum();

  IpvsConfig config_;
  std::vector<ServerState> servers_;
  bool quorum_up_ = true;
};

}  // namespace keel
