#include "crmd/cib/cib_writer.h"

#include <utility>

namespace keel {

namespace {

std::pair<std::string, std::string> ConfigVersion(const XmlNode& cib) {
  return {cib.AttrOr("admin_epoch", "0"), cib.AttrOr("epoch", "0")};
}

}  // namespace

CibWriter::CibWriter(SaveFn save, Clock::duration status_interval)
    : save_(std::move(save)), status_interval_(status_interval), thread_([this] { Run(); }) {}

CibWriter::~CibWriter() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void CibWriter::Submit(XmlNode cib) {
  {
    std::lock_guard lock(mu_);
    pending_ = std::move(cib);
    stale_ = false;
    ++submitted_;
  }
  cv_.notify_all();
}

void CibWriter::Offer(const XmlNode& cib) {
  {
    std::lock_guard lock(mu_);
    if (pending_ && ConfigVersion(*pending_) == ConfigVersion(cib) && HeldUntil()) {
      stale_ = true;
      return;
    }
  }
  Submit(cib);
}

bool CibWriter::stale() const {
  std::lock_guard lock(mu_);
  return stale_;
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

std::optional<CibWriter::Clock::time_point> CibWriter::HeldUntil() const {
  if (stop_ || flushing_ || !saved_config_ || *saved_config_ != ConfigVersion(*pending_)) {
    return std::nullopt;
  }
  auto until = last_save_ + status_interval_;
  if (Clock::now() >= until) return std::nullopt;
  return until;
}

void CibWriter::Run() {
  std::unique_lock lock(mu_);
  while (true) {
    cv_.wait(lock, [&] { return stop_ || pending_.has_value(); });
    if (!pending_) return;  // stopping with nothing left to write
    if (auto until = HeldUntil()) {
      // Status only: wait out the interval, or a flush, a stop or a configuration change.
      cv_.wait_until(lock, *until);
      continue;
    }
    XmlNode cib = std::move(*pending_);
    pending_.reset();
    uint64_t upto = submitted_;
    auto config = ConfigVersion(cib);
    lock.unlock();
    auto saved = save_(cib);
    lock.lock();
    ++saves_;
    saved_config_ = std::move(config);
    last_save_ = Clock::now();
    if (!saved) errors_.push_back(saved.error());
    written_ = upto;
    cv_.notify_all();
  }
}

}  // namespace keel
