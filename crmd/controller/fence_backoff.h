#pragma once
// When the DC may try again to fence a target whose fencing failed (pure; times are inputs).
// After the Nth failure in a row the next attempt waits 5 s * 2^(N-1), at most 60 s:
// 5, 10, 20, 40, 60, 60, ... A success, a configuration change (the device may be fixed) or
// the target coming back as a member clears it.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace keel {

class FenceBackoff {
 public:
  static constexpr int64_t kFirstMs = 5000;
  static constexpr int64_t kCapMs = 60000;

  // Records a failure; returns when the next attempt may start.
  int64_t Failed(const std::string& target, int64_t now_ms);
  void Clear(const std::string& target) { entries_.erase(target); }
  void ClearAll() { entries_.clear(); }

  // True when `target` may be fenced now (no failure pending a wait).
  bool Ready(const std::string& target, int64_t now_ms) const;
  std::optional<int64_t> RetryAt(const std::string& target) const;
  int Failures(const std::string& target) const;

  // Targets whose wait has ended and that have not been handed out by Due yet; each is
  // returned once per failure (the caller re-plans for it).
  std::vector<std::string> TakeDue(int64_t now_ms);
  // The earliest wait end not yet handed out by TakeDue, for the caller's timer.
  std::optional<int64_t> NextDue() const;

 private:
  struct Entry {
    int failures = 0;
    int64_t retry_at_ms = 0;
    bool due_taken = false;
  };
  std::map<std::string, Entry> entries_;
};

}  // namespace keel
