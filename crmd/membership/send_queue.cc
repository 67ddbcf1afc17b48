#include "crmd/membership/send_queue.h"

#include <algorithm>
#include <cstdio>

namespace keel {
namespace {

std::string Seconds(int64_t ms) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f s", static_cast<double>(ms) / 1000.0);
  return text;
}

}  // namespace

std::string_view MessageHead(std::string_view payload) {
  return payload.substr(0, std::min<size_t>(payload.find('\n'), 40));
}

SendQueue::SendQueue(Transmit transmit, SendQueueLimits limits)
    : transmit_(std::move(transmit)), limits_(limits) {}

std::expected<void, Error> SendQueue::Send(std::string_view payload, int64_t now_ms) {
  if (waiting_.empty()) {
    TransmitResult sent = transmit_(payload);
    if (sent.status == TransmitStatus::kSent) return {};
    if (sent.status == TransmitStatus::kFailed) return std::unexpected(sent.error);
    retry_delay_ms_ = limits_.first_retry_ms;
    next_attempt_ms_ = now_ms + retry_delay_ms_;
    next_warning_ms_ = limits_.warn_after_ms;
    last_refusal_ = sent.error.message;
  } else if (waiting_.size() >= limits_.max_messages ||
             bytes_ + payload.size() > limits_.max_bytes) {
    return std::unexpected(Error{ErrorCode::kIo,
                                 "send queue full: " + std::to_string(waiting_.size()) +
                                     " message(s), " + std::to_string(bytes_) + " bytes waiting " +
                                     Seconds(now_ms - waiting_.front().queued_ms) +
                                     " for corosync (" + last_refusal_ + ")",
                                 "bus"});
  }
  waiting_.push_back(Waiting{std::string(payload), now_ms});
  bytes_ += payload.size();
  return {};
}

void SendQueue::NoteRefusal(int64_t now_ms, const Error& why, std::vector<std::string>& logs) {
  last_refusal_ = why.message;
  retry_delay_ms_ = std::min(retry_delay_ms_ * 2, limits_.max_retry_ms);
  next_attempt_ms_ = now_ms + retry_delay_ms_;
  int64_t waited = now_ms - waiting_.front().queued_ms;
  if (waited >= next_warning_ms_) {
    logs.push_back("bus: " + std::to_string(waiting_.size()) + " message(s) waiting " +
                   Seconds(waited) + " for corosync to take them: " + why.message);
    next_warning_ms_ = std::max(next_warning_ms_ * 2, waited + 1);
  }
}

SendQueue::PumpResult SendQueue::Pump(int64_t now_ms) {
  PumpResult out;
  if (waiting_.empty() || now_ms < next_attempt_ms_) return out;
  const int64_t first_queued = waiting_.front().queued_ms;
  size_t sent = 0;
  while (!waiting_.empty()) {
    TransmitResult result = transmit_(waiting_.front().payload);
    if (result.status == TransmitStatus::kTryAgain) {
      NoteRefusal(now_ms, result.error, out.logs);
      return out;
    }
    Waiting done = std::move(waiting_.front());
    waiting_.pop_front();
    bytes_ -= done.payload.size();
    if (result.status == TransmitStatus::kFailed) {
      out.failed.push_back(DroppedSend{std::move(done.payload), result.error});
    } else {
      ++sent;
    }
  }
  if (now_ms - first_queued >= limits_.warn_after_ms) {
    out.logs.push_back("bus: corosync took the " + std::to_string(sent) +
                       " waiting message(s) after " + Seconds(now_ms - first_queued));
  }
  return out;
}

std::vector<std::string> SendQueue::DropUnless(const std::function<bool(std::string_view)>& keep) {
  std::vector<std::string> dropped;
  std::deque<Waiting> kept;
  for (Waiting& w : waiting_) {
    if (keep(w.payload)) {
      kept.push_back(std::move(w));
    } else {
      bytes_ -= w.payload.size();
      dropped.push_back(std::move(w.payload));
    }
  }
  waiting_ = std::move(kept);
  return dropped;
}

std::optional<int64_t> SendQueue::next_attempt_ms() const {
  if (waiting_.empty()) return std::nullopt;
  return next_attempt_ms_;
}

}  // namespace keel
