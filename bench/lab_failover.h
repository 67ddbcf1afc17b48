// One failover round of the failover bench on a running lab: cut the link of the node holding
// the VIP, probe the VIP from the LAN until it answers from another node, then read the
// timeline out of the survivors' crmd and corosync logs and the CIB status. With fencing the
// cut node is fenced by the cluster and rebooted by lab.sh afterwards; without, it is healed.
#pragma once

#include <expected>
#include <optional>
#include <string>

#include "bench/lab_driver.h"
#include "bench/lab_probe.h"

namespace keel::bench {

struct RoundSetup {
  std::string vip;          // the VIP's address
  std::string rsc = "vip";  // its resource id
  bool fencing = false;
  int nodes = 3;
};

// Milliseconds between events; nullopt where an event was not found in the logs.
struct FailoverTimes {
  int holder = 0, new_holder = 0, dc = 0;
  double cut_to_answer = 0;                     // the bench's own clock and probe
  std::optional<double> cut_to_corosync;        // corosync's "A new membership" on the DC
  std::optional<double> cut_to_membership;      // crmd's "sync: membership" on the DC
  std::optional<double> membership_to_planned;  // "controller: transition ... with"
  std::optional<double> planned_to_sent;        // "controller: sending RSC_start_0"
  std::optional<double> sent_to_began;          // began = start done - exec-time
  std::optional<double> agent_exec;             // exec-time of the start in the CIB status
  std::optional<double> membership_to_done;     // "executor: RSC_start_0 ... ok" on the new holder
  std::optional<double> done_to_answer;
  std::optional<double> membership_to_answer;
  std::optional<double> overhead;  // membership_to_done - agent_exec
  // While the cut node comes back (heal or reboot, rejoin, the transitions that follow).
  double rejoin_gap = 0;    // longest time the VIP did not answer the prober
  bool moved_back = false;  // the VIP ended on another node than new_holder
  int holder_after = 0;
  // Fencing only.
  std::optional<double> membership_to_fence_sent;  // "fencing: reboot with ..." on the DC
  std::optional<double> fence_duration;            // sent -> "fencing: reboot of nK succeeded"
  std::optional<double> fenced_to_sent;            // fence done -> start sent
  std::optional<double> overhead_without_fence;    // overhead - fence_duration
};

// The node holding setup.vip (exactly one), or an error naming where it is.
std::expected<int, std::string> VipHolder(Lab& lab, const RoundSetup& setup);

// Cuts the holder, waits for the VIP to answer (bounded), extracts the timeline, then heals (or,
// with fencing, waits for the fence and reboots the node) and waits until all nodes are members
// again, synced, with the VIP on exactly one node and the logs quiet.
std::expected<FailoverTimes, std::string> RunFailoverRound(Lab& lab, IcmpProbe& probe,
                                                           const RoundSetup& setup);

// Every node's `crm status --json`: quorate, synced, all nodes online, the same DC.
bool ClusterSynced(Lab& lab, int nodes);
// Every crmd log unchanged for quiet_ms (the transitions after a change are over), bounded.
bool LogsQuiet(Lab& lab, int nodes, int quiet_ms, std::chrono::milliseconds timeout);

// All nodes quorate and synced with the same DC, every node online, the VIP on one node.
std::expected<void, std::string> WaitClusterSettled(Lab& lab, const RoundSetup& setup,
                                                    std::chrono::milliseconds timeout);

}  // namespace keel::bench
