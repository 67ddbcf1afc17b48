#include "crmd/membership/batching_bus.h"

#include <utility>

#include "crmd/membership/send_queue.h"
#include "crmd/protocol/batch_message.h"
#include "crmd/protocol/bus_messages.h"

namespace keel {
namespace {

// The items of a batch payload; nullopt for any other payload (or a batch that does not
// decode, which this node never sends).
std::optional<std::vector<std::string>> ItemsOf(std::string_view payload) {
  if (PayloadType(payload) != BatchMessage::kType) return std::nullopt;
  auto batch = Decode<BatchMessage>(payload);
  if (!batch) return std::nullopt;
  return std::move(batch->payloads);
}

// The batch's own framing beyond its items ("batch\ncount=N\nproto=3\n\n").
constexpr size_t kBatchHeaderBytes = 32;

}  // namespace

BusPacing StatusPacing() {
  BusPacing pacing;
  pacing.period_ms = 2000;
  pacing.cluster_busy = 10;
  pacing.window_ms = 2000;
  pacing.paceable = [](std::string_view payload) {
    const std::string type = PayloadType(payload);
    return type == ResultMessage::kType || type == NodeStatePatchMessage::kType;
  };
  return pacing;
}

BatchingBus::BatchingBus(ClusterBus& inner, EventLoop& loop, std::function<bool()> batch_allowed,
                         size_t max_batch_bytes, BusPacing pacing)
    : inner_(inner),
      loop_(loop),
      batch_allowed_(std::move(batch_allowed)),
      max_batch_bytes_(max_batch_bytes),
      pacing_(std::move(pacing)) {}

// The owner may be gone already: failures are no longer reported.
BatchingBus::~BatchingBus() {
  callbacks_.on_send_failed = nullptr;
  callbacks_.on_log = nullptr;
  Flush();
}

std::expected<void, Error> BatchingBus::Join(BusCallbacks callbacks) {
  callbacks_ = std::move(callbacks);
  BusCallbacks inner = callbacks_;
  inner.on_membership = [this](const std::vector<NodeId>& members) { OnMembership(members); };
  if (callbacks_.on_deliver) {
    inner.on_deliver = [this](NodeId from, std::string_view payload) {
      NoteDelivered(payload);
      callbacks_.on_deliver(from, payload);
    };
  }
  if (callbacks_.keep_across_membership) {
    inner.keep_across_membership = [this](std::string_view payload) {
      auto items = ItemsOf(payload);
      if (!items) return Keep(payload);
      for (const std::string& item : *items) {
        if (!Keep(item)) return false;
      }
      return true;
    };
  }
  if (callbacks_.on_send_failed) {
    inner.on_send_failed = [this](std::string_view payload, const Error& why) {
      auto items = ItemsOf(payload);
      if (!items) return callbacks_.on_send_failed(payload, why);
      for (const std::string& item : *items) callbacks_.on_send_failed(item, why);
    };
  }
  return inner_.Join(std::move(inner));
}

bool BatchingBus::Keep(std::string_view payload) const {
  return !callbacks_.keep_across_membership || callbacks_.keep_across_membership(payload);
}

std::expected<void, Error> BatchingBus::Send(std::string_view payload) {
  const size_t size = BatchItemSize(payload);
  if (!Allowed() || size + kBatchHeaderBytes > max_batch_bytes_) {
    Flush();
    ++messages_sent_;
    ++payloads_sent_;
    return inner_.Send(payload);
  }
  const bool keep = Keep(payload);
  if (!pending_.empty() &&
      (keep != pending_keep_ || pending_bytes_ + size + kBatchHeaderBytes > max_batch_bytes_)) {
    Flush();
  }
  const bool paced = Paceable(payload) && Busy();
  pending_.emplace_back(payload);
  pending_bytes_ += size;
  pending_keep_ = keep;
  if (!paced) {
    ArmFlush(0);
    return {};
  }
  // The next tick of the wall clock, the same moment on every node: in (0, period].
  const int64_t wall = loop_.WallMs();
  const int64_t period = pacing_.period_ms;
  const int64_t remainder = ((wall % period) + period) % period;
  ArmFlush(period - remainder);
  return {};
}

bool BatchingBus::Paceable(std::string_view payload) const {
  return pacing_.period_ms > 0 && pacing_.paceable && pacing_.paceable(payload);
}

namespace {

// Forgets the times at or before `since`; how many remain.
int CountSince(std::deque<int64_t>& times, int64_t since) {
  while (!times.empty() && times.front() <= since) times.pop_front();
  return static_cast<int>(times.size());
}

// Only the count within a window matters: a few more entries than any threshold suffice.
constexpr size_t kMaxRemembered = 256;

}  // namespace

bool BatchingBus::Busy() {
  if (loop_.MonotonicMs() < unpaced_until_ms_) return false;
  const int64_t since = loop_.MonotonicMs() - pacing_.window_ms;
  return CountSince(recent_deliveries_, since) >= pacing_.cluster_busy;
}

void BatchingBus::NoteDelivered(std::string_view payload) {
  if (pacing_.period_ms <= 0 || !pacing_.paceable) return;
  if (PayloadType(payload) != BatchMessage::kType && !pacing_.paceable(payload)) return;
  recent_deliveries_.push_back(loop_.MonotonicMs());
  if (recent_deliveries_.size() > kMaxRemembered) recent_deliveries_.pop_front();
}

void BatchingBus::ArmFlush(int64_t delay_ms) {
  const int64_t due = loop_.MonotonicMs() + delay_ms;
  if (timer_ != 0) {
    if (timer_due_ms_ <= due) return;
    loop_.CancelTimer(timer_);
  }
  timer_due_ms_ = due;
  timer_paced_ = delay_ms > 0;
  timer_ = loop_.AddTimer(delay_ms, [this] {
    timer_ = 0;
    if (timer_paced_) ++paced_flushes_;
    Flush();
  });
}

void BatchingBus::Flush() {
  if (timer_ != 0) {
    loop_.CancelTimer(timer_);
    timer_ = 0;
  }
  if (pending_.empty()) return;
  std::vector<std::string> items = std::exchange(pending_, {});
  pending_bytes_ = 0;
  if (items.size() == 1 || !Allowed()) {
    for (const std::string& payload : items) SendAlone(payload);
    return;
  }
  ++messages_sent_;
  payloads_sent_ += items.size();
  BatchMessage batch{std::move(items)};
  if (auto sent = inner_.Send(Encode(batch)); !sent) {
    Log("bus: a batch of " + std::to_string(batch.payloads.size()) +
        " messages not sent: " + sent.error().message);
    if (callbacks_.on_send_failed) {
      for (const std::string& payload : batch.payloads) {
        callbacks_.on_send_failed(payload, sent.error());
      }
    }
  }
}

void BatchingBus::SendAlone(const std::string& payload) {
  ++messages_sent_;
  ++payloads_sent_;
  if (auto sent = inner_.Send(payload); !sent && callbacks_.on_send_failed) {
    callbacks_.on_send_failed(payload, sent.error());
  }
}

void BatchingBus::OnMembership(const std::vector<NodeId>& members) {
  // A new membership is a failover or a join: its results go at once for a window, and then
  // only the traffic since counts.
  recent_deliveries_.clear();
  unpaced_until_ms_ = loop_.MonotonicMs() + pacing_.window_ms;
  if (!pending_.empty() && callbacks_.keep_across_membership) {
    std::vector<std::string> kept;
    size_t bytes = 0;
    for (std::string& payload : pending_) {
      if (Keep(payload)) {
        bytes += BatchItemSize(payload);
        kept.push_back(std::move(payload));
      } else {
        Log("bus: membership changed: dropped unsent \"" + std::string(MessageHead(payload)) +
            "\" message (bound to the old membership)");
      }
    }
    pending_ = std::move(kept);
    pending_bytes_ = bytes;
  }
  if (callbacks_.on_membership) callbacks_.on_membership(members);
}

void BatchingBus::Log(const std::string& line) const {
  if (callbacks_.on_log) callbacks_.on_log(line);
}

}  // namespace keel
