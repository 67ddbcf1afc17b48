#pragma once
// Writes the CIB to disk without the event loop waiting for the disk. The loop stages the CIB
// it hands over (CibStore::Stage): its text is held in memory while small, else streamed into a
// new temp file through a small buffer (write(2) into the page cache; the 6.7 MB text at
// 16 x 1,000 is never held whole, nor is a copy of the tree). A writer thread commits the
// newest staged CIB: its file written if it was held, fsync, rename to the next version,
// fsync of the directory (older ones still waiting are skipped, their files removed: each save
// is a whole, atomic version). The loop never waits for fsync; durability of an acknowledged
// change comes from the partition's other members holding it too, and from the flush at
// shutdown (see doc/cluster.md). A CIB that could not be staged (disk full) is reported like a
// failed save and left stale(): the owner submits the current CIB again when due().
//
// A configuration change (admin_epoch or epoch differs from the last CIB saved), or a CIB
// submitted `at_once`, is written at once. A status-only change (num_updates) waits until the
// status interval has passed since the last save: `base` plus `per_mb` for each MB that save
// wrote, at most `max` (a burst of resource results costs one write per interval, and a large
// CIB is written less often: at 16 nodes x 1,000 resources each save is 6.7 MB). Flush() and
// destruction write what waits without delay.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <expected>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "xml/base/error.h"
#include "xml/xml_node.h"

namespace keel {

struct StatusWriteInterval {
  using Duration = std::chrono::steady_clock::duration;
  Duration base = Duration::zero();
  Duration per_mb = Duration::zero();
  Duration max = Duration::max();
  // After a save of `bytes`.
  Duration After(size_t bytes) const;
};

class CibWriter {
 public:
  // A CIB written but not yet durable (CibStore::StagedCib): calling it makes it durable and
  // names it (CibStore::Commit) and returns the bytes written. Destroyed uncalled, it removes
  // its file.
  using Staged = std::move_only_function<std::expected<size_t, Error>()>;
  // Writes the CIB without waiting for the disk (CibStore::Stage).
  using StageFn = std::function<std::expected<Staged, Error>(const XmlNode& cib)>;

  using Clock = std::chrono::steady_clock;

  // `stage` runs on the thread that calls Submit or Offer; the Staged it returns is called on
  // the writer thread (at the same time as the next `stage`).
  CibWriter(StageFn stage, StatusWriteInterval status_interval);
  explicit CibWriter(StageFn stage, Clock::duration status_interval = Clock::duration::zero())
      : CibWriter(std::move(stage), StatusWriteInterval{status_interval}) {}
  ~CibWriter();  // writes what is pending, then stops

  CibWriter(const CibWriter&) = delete;
  CibWriter& operator=(const CibWriter&) = delete;

  // Stages `cib` and queues it to be committed; replaces a queued one that was not committed
  // yet. `at_once`: not held by the status interval. A staging error goes to TakeErrors and
  // leaves the writer stale().
  void Submit(const XmlNode& cib, bool at_once = false);
  // Submit without staging when it would only wait: a status-only change (not `at_once`)
  // while the status interval runs, or while a CIB of the same configuration waits, is only
  // noted (stale()); writing the whole CIB per status message costs more than the message
  // at scale. The owner resubmits the current CIB when due() says so (the daemon checks each
  // second), and when stale() before the last flush.
  void Offer(const XmlNode& cib, bool at_once = false);
  bool stale() const;
  // stale(), nothing waits, and the status interval is over: Submit the current CIB now.
  bool due() const;
  // Returns once everything submitted before the call is on disk (or failed).
  void Flush();
  // Errors of stages and saves since the last call (to be logged by the loop).
  std::vector<Error> TakeErrors();
  size_t saves() const;

 private:
  void Run();
  // Whether the pending CIB may be written now (mu_ held); else when it may.
  std::optional<Clock::time_point> HeldUntil() const;
  // When the status interval after the last save ends (mu_ held); nullopt: nothing saved.
  std::optional<Clock::time_point> StatusDue() const;

  StageFn stage_;
  StatusWriteInterval status_interval_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::optional<Staged> pending_;                       // the newest staged CIB
  std::pair<std::string, std::string> pending_config_;  // its admin_epoch, epoch
  bool pending_at_once_ = false;
  uint64_t submitted_ = 0;
  uint64_t written_ = 0;
  size_t saves_ = 0;
  bool stop_ = false;
  bool flushing_ = false;
  bool saving_ = false;
  bool stale_ = false;  // a newer CIB than pending_ (or the last save) was offered or not staged
  std::optional<std::pair<std::string, std::string>> saved_config_;  // admin_epoch, epoch
  Clock::time_point last_save_{};  // or the last staging that failed
  size_t last_bytes_ = 0;
  std::vector<Error> errors_;
  std::thread thread_;
};

}  // namespace keel
