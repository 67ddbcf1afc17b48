// An ICMP echo prober living in a network namespace (e.g. the lab's switch namespace, with an
// address on its bridge: a client on the lab's LAN). The raw socket is created by a thread that
// entered the namespace, so the rest of the bench stays in the root namespace.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <expected>
#include <map>
#include <optional>
#include <string>

namespace keel::bench {

class IcmpProbe {
 public:
  // netns: a name under /run/netns. Root (raw socket).
  static std::expected<IcmpProbe, std::string> Open(const std::string& netns);
  IcmpProbe(IcmpProbe&& other) noexcept;
  IcmpProbe& operator=(IcmpProbe&&) = delete;
  ~IcmpProbe();

  // Sends an echo request to ip every `interval` and returns the receive time (NowUs) of the
  // first echo reply from ip to a request sent at or after since_us. Errors: the deadline
  // passed or the bench was interrupted.
  std::expected<int64_t, std::string> WaitForReply(const std::string& ip, int64_t since_us,
                                                   std::chrono::milliseconds interval,
                                                   std::chrono::milliseconds deadline);

  // Pings ip every `interval` until stop is set or the deadline passes, and returns the longest
  // time without an echo reply from ip: between the call and the first reply, between two
  // replies, and from the last reply to the end.
  double LongestGapMs(const std::string& ip, const std::atomic<bool>& stop,
                      std::chrono::milliseconds interval, std::chrono::milliseconds deadline);

 private:
  explicit IcmpProbe(int fd);
  bool Send(uint32_t addr);
  // A reply's send time when the packet in buf is an echo reply of ours from addr.
  std::optional<int64_t> MatchReply(const unsigned char* buf, size_t len, uint32_t addr) const;

  int fd_ = -1;
  uint16_t id_;
  uint16_t seq_ = 0;
  std::map<uint16_t, int64_t> sent_us_;  // sequence -> send time
};

}  // namespace keel::bench
