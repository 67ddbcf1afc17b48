#include "crmd/controller/fence_backoff.h"

#include <algorithm>

namespace keel {

int64_t FenceBackoff::Failed(const std::string& target, int64_t now_ms) {
  Entry& e = entries_[target];
  ++e.failures;
  int64_t wait = kFirstMs;
  for (int i = 1; i < e.failures && wait < kCapMs; ++i) wait *= 2;
  e.retry_at_ms = now_ms + std::min(wait, kCapMs);
  e.due_taken = false;
  return e.retry_at_ms;
}

bool FenceBackoff::Ready(const std::string& target, int64_t now_ms) const {
  auto it = entries_.find(target);
  return it == entries_.end() || now_ms >= it->second.retry_at_ms;
}

std::optional<int64_t> FenceBackoff::RetryAt(const std::string& target) const {
  auto it = entries_.find(target);
  if (it == entries_.end()) return std::nullopt;
  return it->second.retry_at_ms;
}

int FenceBackoff::Failures(const std::string& target) const {
  auto it = entries_.find(target);
  return it == entries_.end() ? 0 : it->second.failures;
}

std::vector<std::string> FenceBackoff::TakeDue(int64_t now_ms) {
  std::vector<std::string> due;
  for (auto& [target, e] : entries_) {
    if (e.due_taken || now_ms < e.retry_at_ms) continue;
    e.due_taken = true;
    due.push_back(target);
  }
  return due;
}

std::optional<int64_t> FenceBackoff::NextDue() const {
  std::optional<int64_t> next;
  for (const auto& [target, e] : entries_) {
    if (e.due_taken) continue;
    if (!next || e.retry_at_ms < *next) next = e.retry_at_ms;
  }
  return next;
}

}  // namespace keel
