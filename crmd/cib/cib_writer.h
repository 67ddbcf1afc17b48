#pragma once
// Writes the CIB to disk off the event loop: a writer thread saves the newest CIB handed to
// it (older ones still waiting are skipped: each save is a whole, atomic version). The loop
// never waits for fsync; durability of an acknowledged change comes from the partition's
// other members holding it too, and from the flush at shutdown (see doc/cluster.md).
//
// A configuration change (admin_epoch or epoch differs from the last CIB saved) is written at
// once. A status-only change (num_updates) waits until `status_interval` has passed since the
// last save, so a burst of resource results costs one write per interval, not one per result;
// Flush() and destruction write what waits without delay.

#include <chrono>
#include <condition_variable>
#include <expected>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "xml/base/error.h"
#include "xml/xml_node.h"

namespace keel {

class CibWriter {
 public:
  using SaveFn = std::function<std::expected<void, Error>(const XmlNode& cib)>;

  using Clock = std::chrono::steady_clock;

  // `save` runs on the writer thread only.
  explicit CibWriter(SaveFn save, Clock::duration status_interval = Clock::duration::zero());
  ~CibWriter();  // writes what is pending, then stops

  CibWriter(const CibWriter&) = delete;
  CibWriter& operator=(const CibWriter&) = delete;

  // Queues `cib` to be written; replaces a queued one that was not written yet.
  void Submit(XmlNode cib);
  // Submit without the copy when it would only wait: a status-only change while the interval
  // holds a queued CIB of the same configuration marks that one stale instead (a copy of the
  // whole CIB per status message costs more than the message at scale). The owner resubmits
  // the current CIB when stale() says so (each second, and before the last flush).
  void Offer(const XmlNode& cib);
  bool stale() const;
  // Returns once everything submitted before the call is on disk (or failed).
  void Flush();
  // Errors of saves since the last call (to be logged by the loop).
  std::vector<Error> TakeErrors();
  size_t saves() const;

 private:
  void Run();
  // Whether the pending CIB may be written now (mu_ held); else when it may.
  std::optional<Clock::time_point> HeldUntil() const;

  SaveFn save_;
  Clock::duration status_interval_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::optional<XmlNode> pending_;
  uint64_t submitted_ = 0;
  uint64_t written_ = 0;
  size_t saves_ = 0;
  bool stop_ = false;
  bool flushing_ = false;
  bool stale_ = false;  // a newer status than pending_ (or the last save) was offered
  std::optional<std::pair<std::string, std::string>> saved_config_;  // admin_epoch, epoch
  Clock::time_point last_save_{};
  std::vector<Error> errors_;
  std::thread thread_;
};

}  // namespace keel
