#pragma once
// The bus's outgoing messages while corosync refuses them for a while (CS_ERR_TRY_AGAIN
// while it syncs a membership or applies flow control): they wait here, in order, and are
// retried with backoff from the event loop; nothing is sent out of order, nothing blocks the
// loop. A message leaves the queue only by being sent, or by one of these rules, each of
// which the owner reports with a log line:
// - corosync refused it for good (any error but TRY_AGAIN): returned by Pump();
// - the membership changed before it went out and the owner's rule says it no longer makes
//   sense (DropUnless);
// - the queue is full (Limits): Send() refuses the new message, the queue keeps the old ones.
// Pure: the owner transmits, keeps the clock (monotonic ms) and arms the retry timer.

#include <cstdint>
#include <deque>
#include <expected>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "xml/base/error.h"

namespace keel {

enum class TransmitStatus { kSent, kTryAgain, kFailed };

struct TransmitResult {
  TransmitStatus status = TransmitStatus::kSent;
  Error error;  // why, when not kSent
};

struct SendQueueLimits {
  int64_t first_retry_ms = 5;   // doubled after each refusal of the same message...
  int64_t max_retry_ms = 100;   // ...up to this
  size_t max_messages = 10000;  // beyond either bound Send() refuses new messages
  size_t max_bytes = size_t{64} << 20;
  int64_t warn_after_ms = 2000;  // a message waiting this long is logged (again at each doubling)
};

// A message that left the queue without being sent, and why.
struct DroppedSend {
  std::string payload;
  Error error;
};

// A message's first line (its type), for log lines; at most 40 bytes.
std::string_view MessageHead(std::string_view payload);

class SendQueue {
 public:
  using Transmit = std::function<TransmitResult(std::string_view payload)>;

  explicit SendQueue(Transmit transmit, SendQueueLimits limits = {});

  // Transmits `payload` now when nothing is waiting, else queues it behind the others (also
  // when corosync answers TRY_AGAIN). An error only when it can never be sent: corosync
  // refused it for good, or the queue is full.
  std::expected<void, Error> Send(std::string_view payload, int64_t now_ms);

  struct PumpResult {
    std::vector<DroppedSend> failed;  // refused for good
    std::vector<std::string> logs;    // waits worth an operator's attention, recoveries
  };
  // Retries the waiting messages in order until one is refused with TRY_AGAIN. Call at
  // next_attempt_ms() (earlier calls retry nothing).
  PumpResult Pump(int64_t now_ms);

  // The membership changed: every waiting message for which `keep` is false is removed (the
  // others keep their order). Returns the removed payloads, in order.
  std::vector<std::string> DropUnless(const std::function<bool(std::string_view)>& keep);

  // When Pump() should run next; nullopt when nothing waits.
  std::optional<int64_t> next_attempt_ms() const;
  size_t size() const { return waiting_.size(); }
  size_t bytes() const { return bytes_; }

 private:
  struct Waiting {
    std::string payload;
    int64_t queued_ms = 0;
  };
  void NoteRefusal(int64_t now_ms, const Error& why, std::vector<std::string>& logs);

  Transmit transmit_;
  SendQueueLimits limits_;
  std::deque<Waiting> waiting_;
  size_t bytes_ = 0;
  int64_t retry_delay_ms_ = 0;
  int64_t next_attempt_ms_ = 0;
  int64_t next_warning_ms_ = 0;  // waiting time of the head that earns the next log line
  std::string last_refusal_;
};

}  // namespace keel
