#pragma once
// The fencing history: one value record per fencing operation, XML to persist it in the CIB
// status or replicate it, and a deterministic merge of several nodes' copies (after a DC
// change every node may hold a different subset).

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "xml/base/error.h"
#include "xml/xml_node.h"

namespace keel {

enum class FenceState { kPending, kSuccess, kFailed };
std::string_view FenceStateName(FenceState state);  // "pending", "success", "failed"

// One agent run for an operation (a host-check query or a fencing action).
struct DeviceAttempt {
  std::string device;
  std::string node;    // where the agent ran
  std::string action;  // the word sent: off, reboot, list, status, ...
  bool ok = false;
  std::string reason;  // why it failed; empty when ok
  int64_t started_ms = 0;
  int64_t ended_ms = 0;
  friend bool operator==(const DeviceAttempt&, const DeviceAttempt&) = default;
};

struct FenceRecord {
  std::string id;  // unique cluster-wide: "<origin>-<requested_ms>-<sequence>"
  std::string target;
  std::string action;  // reboot, off, on
  std::string origin;  // the node whose fencer ran the operation (the DC at the time)
  std::vector<std::string> requesters;  // sorted, unique
  std::string executor;                 // node of the last fencing-action attempt
  std::vector<DeviceAttempt> attempts;  // in order
  FenceState state = FenceState::kPending;
  std::string reason;        // the failure in words; empty on success
  std::optional<int> rc;     // Pacemaker's result code once completed (FenceResultCode)
  int64_t requested_ms = 0;  // wall-clock epoch ms, from the fencer's clock
  std::optional<int64_t> completed_ms;
  friend bool operator==(const FenceRecord&, const FenceRecord&) = default;
};

// <fencing-history><fence-op id= target= action= origin= executor= state= reason=
// rc= requested= completed=><requester name=/><attempt .../></fence-op></fencing-history>
XmlNode FenceHistoryToXml(const std::vector<FenceRecord>& records);

// The inverse; every problem is reported with source:line and the record id. A wrong root
// element is an error, unknown attributes are ignored (newer writers).
std::expected<std::vector<FenceRecord>, Errors> FenceHistoryFromXml(const XmlNode& root,
                                                                    std::string_view source);

// Union by id. For the same id a completed record beats a pending one; between two completed
// (or two pending) ones the later completion, then more attempts, then the greater XML text
// wins; requesters are united. Commutative and idempotent: every node that merges the same
// copies gets the same list, sorted by (requested_ms, id).
std::vector<FenceRecord> MergeFenceHistories(const std::vector<FenceRecord>& a,
                                             const std::vector<FenceRecord>& b);

// After a DC change: the new fencer marks the records left pending by a node that is no
// longer running them as failed ("interrupted: ..."), completed at `now_ms`, so the
// controller retries instead of waiting forever.
std::vector<FenceRecord> FailInterrupted(std::vector<FenceRecord> records,
                                         std::string_view old_origin, int64_t now_ms);

// Keeps the newest `per_target` records of each target (by requested_ms, id).
std::vector<FenceRecord> TrimFenceHistory(std::vector<FenceRecord> records, size_t per_target);

}  // namespace keel
