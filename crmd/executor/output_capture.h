#pragma once
// Bounded capture of an agent's stdout or stderr: keeps the first `cap` bytes, counts the rest,
// and (for stderr) remembers the last "ocf-exit-reason:" line even when it falls past the cap.

#include <cstddef>
#include <string>
#include <string_view>

namespace keel {

inline constexpr size_t kDefaultOutputCap = 64 * 1024;
inline constexpr size_t kMaxExitReason = 512;  // longer reasons are cut

class OutputCapture {
 public:
  explicit OutputCapture(size_t cap = kDefaultOutputCap) : cap_(cap) {}

  // Feeds the next chunk as read from the pipe (lines may span chunks).
  void Append(std::string_view chunk);

  // The kept bytes, followed by "\n[... N bytes dropped]" when some were dropped.
  std::string Excerpt() const;
  // The text after the last "ocf-exit-reason:" prefix at the start of a line, trimmed.
  std::string ExitReason() const;
  size_t dropped() const { return dropped_; }

 private:
  void ScanLine(std::string_view line);

  size_t cap_;
  std::string kept_;
  size_t dropped_ = 0;
  std::string partial_line_;  // bounded: only its first kMaxExitReason + prefix bytes
  std::string exit_reason_;
};

}  // namespace keel
