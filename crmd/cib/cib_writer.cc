#include "crmd/cib/cib_writer.h"

#include <algorithm>
#include <utility>

namespace keel {

namespace {

std::pair<std::string, std::string> ConfigVersion(const XmlNode& cib) {
  return {cib.AttrOr("admin_epoch", "0"), cib.AttrOr("epoch", "0")};
}

}  // namespace

StatusWriteInterval::Duration StatusWriteInterval::After(size_t bytes) const {
  Duration extra = std::chrono::duration_cast<Duration>(per_mb * (bytes / 1048576.0));
  if (extra >= max - base) return max;
  return std::min(max, base + extra);
}

CibWriter::CibWriter(StageFn stage, StatusWriteInterval status_interval)
    : stage_(std::move(stage)), status_interval_(status_interval), thread_([this] { Run(); }) {}

CibWriter::~CibWriter() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void CibWriter::Submit(const XmlNode& cib, bool at_once) {
  std::expected<Staged, Error> staged = stage_(cib);
  std::optional<Staged> replaced;  // its file is removed outside the lock
  {
    std::lock_guard lock(mu_);
    if (!staged) {
      // As after a failed save: reported, and retried once the status interval is over.
      errors_.push_back(staged.error());
      saved_config_ = ConfigVersion(cib);
      last_save_ = Clock::now();
      stale_ = true;
      return;
    }
    pending_at_once_ = at_once || (pending_.has_value() && pending_at_once_);
    replaced = std::exchange(pending_, std::move(*staged));
    pending_config_ = ConfigVersion(cib);
    stale_ = false;
    ++submitted_;
  }
  cv_.notify_all();
}

void CibWriter::Offer(const XmlNode& cib, bool at_once) {
  {
    std::lock_guard lock(mu_);
    auto config = ConfigVersion(cib);
    bool status_only = !at_once && saved_config_ && *saved_config_ == config &&
                       (!pending_ || (pending_config_ == config && !pending_at_once_));
    auto due = StatusDue();
    bool waits = pending_ || saving_ || (due && Clock::now() < *due);
    if (status_only && waits && !stop_ && !flushing_) {
      stale_ = true;
      return;
    }
  }
  Submit(cib, at_once);
}

bool CibWriter::stale() const {
  std::lock_guard lock(mu_);
  return stale_;
}

bool CibWriter::due() const {
  std::lock_guard lock(mu_);
  if (!stale_ || pending_ || saving_) return false;
  auto due = StatusDue();
  return !due || Clock::now() >= *due;
}

void CibWriter::Flush() {
  std::unique_lock lock(mu_);
  uint64_t target = submitted_;
  flushing_ = true;
  cv_.notify_all();
  cv_.wait(lock, [&] { return written_ >= target; });
  flushing_ = false;
}

std::vector<Error> CibWriter::TakeErrors() {
  std::lock_guard lock(mu_);
  return std::exchange(errors_, {});
}

size_t CibWriter::saves() const {
  std::lock_guard lock(mu_);
  return saves_;
}

std::optional<CibWriter::Clock::time_point> CibWriter::StatusDue() const {
  if (!saved_config_) return std::nullopt;
  auto interval = status_interval_.After(last_bytes_);
  if (interval >= Clock::time_point::max() - last_save_) return Clock::time_point::max();
  return last_save_ + interval;
}

std::optional<CibWriter::Clock::time_point> CibWriter::HeldUntil() const {
  if (stop_ || flushing_ || pending_at_once_ || !saved_config_ ||
      *saved_config_ != pending_config_) {
    return std::nullopt;
  }
  auto until = StatusDue();
  if (!until || Clock::now() >= *until) return std::nullopt;
  return until;
}

void CibWriter::Run() {
  std::unique_lock lock(mu_);
  while (true) {
    cv_.wait(lock, [&] { return stop_ || pending_.has_value(); });
    if (!pending_) return;  // stopping with nothing left to write
    if (auto until = HeldUntil()) {
      // Status only: wait out the interval, or a flush, a stop or a configuration change.
      if (*until == Clock::time_point::max()) {
        cv_.wait(lock);
      } else {
        cv_.wait_until(lock, *until);
      }
      continue;
    }
    Staged staged = std::move(*pending_);
    pending_.reset();
    pending_at_once_ = false;
    uint64_t upto = submitted_;
    auto config = pending_config_;
    saving_ = true;
    lock.unlock();
    auto saved = staged();
    staged = nullptr;
    lock.lock();
    saving_ = false;
    ++saves_;
    saved_config_ = std::move(config);
    last_save_ = Clock::now();
    if (saved) last_bytes_ = *saved;
    if (!saved) errors_.push_back(saved.error());
    written_ = upto;
    cv_.notify_all();
  }
}

}  // namespace keel
