#pragma once
// Writes the CIB to disk off the event loop: a writer thread saves the newest CIB handed to
// it (older ones still waiting are skipped: each save is a whole, atomic version). The loop
// never waits for fsync; durability of an acknowledged change comes from the partition's
// other members holding it too, and from the flush at shutdown (see doc/cluster.md).

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

  // `save` runs on the writer thread only.
  explicit CibWriter(SaveFn save);
  ~CibWriter();  // writes what is pending, then stops

  CibWriter(const CibWriter&) = delete;
  CibWriter& operator=(const CibWriter&) = delete;

  // Queues `cib` to be written; replaces a queued one that was not written yet.
  void Submit(XmlNode cib);
  // Returns once everything submitted before the call is on disk (or failed).
  void Flush();
  // Errors of saves since the last call (to be logged by the loop).
  std::vector<Error> TakeErrors();
  size_t saves() const;

 private:
  void Run();

  SaveFn save_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::optional<XmlNode> pending_;
  uint64_t submitted_ = 0;
  uint64_t written_ = 0;
  size_t saves_ = 0;
  bool stop_ = false;
  std::vector<Error> errors_;
  std::thread thread_;
};

}  // namespace keel
