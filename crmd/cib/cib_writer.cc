#include "crmd/cib/cib_writer.h"

#include <utility>

namespace keel {

CibWriter::CibWriter(SaveFn save) : save_(std::move(save)), thread_([this] { Run(); }) {}

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
    ++submitted_;
  }
  cv_.notify_all();
}

void CibWriter::Flush() {
  std::unique_lock lock(mu_);
  uint64_t target = submitted_;
  cv_.wait(lock, [&] { return written_ >= target; });
}

std::vector<Error> CibWriter::TakeErrors() {
  std::lock_guard lock(mu_);
  return std::exchange(errors_, {});
}

size_t CibWriter::saves() const {
  std::lock_guard lock(mu_);
  return saves_;
}

void CibWriter::Run() {
  std::unique_lock lock(mu_);
  while (true) {
    cv_.wait(lock, [&] { return stop_ || pending_.has_value(); });
    if (!pending_) return;  // stopping with nothing left to write
    XmlNode cib = std::move(*pending_);
    pending_.reset();
    uint64_t upto = submitted_;
    lock.unlock();
    auto saved = save_(cib);
    lock.lock();
    ++saves_;
    if (!saved) errors_.push_back(saved.error());
    written_ = upto;
    cv_.notify_all();
  }
}

}  // namespace keel
