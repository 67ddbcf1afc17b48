#pragma once
// A ClusterBus that sends what its owner says in one turn of the event loop as one message
// (protocol 3, crmd/protocol/batch_message.h), over another bus (CorosyncBus in the daemon).
// Every CPG message is multicast to every node, and corosync's cost is per message: batching
// turns a DC's N actions of a turn into one message, and a node's result with its status
// patch into one (issue #21).
//
// Rules:
//   - Send() queues the payload and arms a timer of 0 ms (the end of the current loop turn);
//     the timer, or the next Send() that would not fit, flushes. Nothing waits longer.
//   - A flush of one payload sends it as it is; of several, one batch. Payloads are never
//     reordered.
//   - Only while `batch_allowed` says so (every member announced protocol 3); otherwise, and
//     at a flush when it no longer says so, every payload goes alone at once: the old path.
//   - A batch holds only payloads that the owner's keep_across_membership rule treats alike
//     (so the inner bus's queue can keep or drop a batch whole at a membership change), and
//     at most kMaxBatchBytes.
//   - At a membership change the payloads still waiting here follow that rule too (dropped
//     ones are logged), before the owner hears of the change.
//   - A payload whose send fails reaches on_send_failed alone, also when it was part of a
//     batch.
//   - Pacing (optional, BusPacing): while the cluster is busy (at least `cluster_busy` CPG
//     messages carrying status, batches included, delivered within `window_ms`), a paceable
//     payload (a result, a status patch) waits for the next multiple of `period_ms` on the wall
//     clock instead of the end of the turn. Every node's ticks fall at the same moments (NTP
//     keeps the clocks within milliseconds), so their messages share corosync's token
//     rotations: after each message totem keeps the token circling at full speed for about
//     30 rotations (seqno_unchanged_const) before it holds it, and that spinning, not the
//     messages themselves, was most of corosync's CPU in the 16-node lab (issue #21). Any
//     other payload (an action, a commit, a sync) flushes at the end of its turn and takes
//     the paced ones along. For `window_ms` after a membership change nothing is paced (a
//     failover's results go at once), and only the traffic since counts. Nothing waits
//     longer than `period_ms`.
// Known limit: a batch already waiting in the inner bus's queue (corosync said TRY_AGAIN) when
// a member of an older protocol joins reaches that member as a message it ignores; the sync
// that follows a membership change re-sends every member's whole state.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <vector>

#include "crmd/membership/cluster_bus.h"
#include "xml/base/event_loop.h"

namespace keel {

// A batch's bound. CPG carries messages up to about 1 MB; a batch of 64 KiB already holds
// 200-300 actions or results (the per-message cost is shared by that many, so larger batches
// save next to nothing), and it keeps each message to a few dozen totem frames so that other
// nodes' messages do not wait long behind it. A larger payload goes alone.
inline constexpr size_t kMaxBatchBytes = size_t{64} << 10;

// Off while period_ms is 0 or paceable is unset.
struct BusPacing {
  int64_t period_ms = 0;
  int cluster_busy = 10;  // status-carrying messages delivered per window: the cluster is busy
  int64_t window_ms = 1000;
  std::function<bool(std::string_view payload)> paceable;
};

// crmd's pacing: results and status patches wait for the next even second of the wall clock
// (a 2 s tick) while at least 10 status-carrying messages were delivered in the last 2 s
// (16 x 100 Dummy resources: corosync's CPU 33.7 -> 17.0 s, all running 26.5 -> 18.4 s with
// 500 ms ticks, 200 ms saved less; 1 s ticks: corosync's CPU 8.2-10.4 -> 4.7-6.8 s, all running
// 6.4-9.6 s; 16 x 1,000: 2 s ticks, corosync's CPU per node 2.0-2.2 -> 1.5-1.8 s, see
// doc/benchmarks.md).
BusPacing StatusPacing();

class BatchingBus : public ClusterBus {
 public:
  // `inner` and `loop` must outlive this bus. `batch_allowed` is asked at each Send() and
  // flush (unset: never batch).
  BatchingBus(ClusterBus& inner, EventLoop& loop, std::function<bool()> batch_allowed,
              size_t max_batch_bytes = kMaxBatchBytes, BusPacing pacing = {});
  // Sends what still waits (the loop may have stopped before its timer ran), without
  // reporting failures (the owner may be gone): the owner calls Flush() first while it lives.
  ~BatchingBus() override;
  BatchingBus(const BatchingBus&) = delete;
  BatchingBus& operator=(const BatchingBus&) = delete;

  std::expected<void, Error> Join(BusCallbacks callbacks) override;
  // An error only for a payload sent at once (the old path, or one too large to batch); a
  // queued payload that cannot be sent reaches on_send_failed.
  std::expected<void, Error> Send(std::string_view payload) override;
  NodeId LocalId() const override { return inner_.LocalId(); }
  std::string NodeName(NodeId id) const override { return inner_.NodeName(id); }
  std::vector<NodeId> ConfiguredNodes() const override { return inner_.ConfiguredNodes(); }

  // Sends what waits now.
  void Flush();
  size_t waiting() const { return pending_.size(); }
  // Messages handed to the inner bus, and how many payloads they carried (the log's figures).
  size_t messages_sent() const { return messages_sent_; }
  size_t payloads_sent() const { return payloads_sent_; }
  // Flushes that waited for a pacing tick.
  size_t paced_flushes() const { return paced_flushes_; }

 private:
  bool Keep(std::string_view payload) const;
  bool Allowed() const { return batch_allowed_ && batch_allowed_(); }
  void SendAlone(const std::string& payload);
  bool Paceable(std::string_view payload) const;
  // The cluster sent much status lately (forgets what is older than the window).
  bool Busy();
  void NoteDelivered(std::string_view payload);
  // The flush timer fires within `delay_ms` (an earlier one stays).
  void ArmFlush(int64_t delay_ms);
  void OnMembership(const std::vector<NodeId>& members);
  void Log(const std::string& line) const;

  ClusterBus& inner_;
  EventLoop& loop_;
  std::function<bool()> batch_allowed_;
  size_t max_batch_bytes_;
  BusCallbacks callbacks_;  // the owner's
  std::vector<std::string> pending_;
  size_t pending_bytes_ = 0;
  bool pending_keep_ = true;  // the keep_across_membership answer of every pending payload
  EventLoop::TimerId timer_ = 0;
  int64_t timer_due_ms_ = 0;  // monotonic
  bool timer_paced_ = false;
  BusPacing pacing_;
  std::deque<int64_t> recent_deliveries_;  // of status-carrying messages, monotonic ms
  int64_t unpaced_until_ms_ = 0;           // monotonic: a membership change was this recent
  size_t paced_flushes_ = 0;
  size_t messages_sent_ = 0;
  size_t payloads_sent_ = 0;
};

}  // namespace keel
