#include "bench/lab_probe.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <poll.h>
#include <sched.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <optional>
#include <thread>

#include "bench/lab_driver.h"

namespace keel::bench {
namespace {

uint16_t Checksum(const unsigned char* data, size_t len) {
  uint32_t sum = 0;
  for (size_t i = 0; i + 1 < len; i += 2) sum += static_cast<uint32_t>(data[i] << 8 | data[i + 1]);
  if (len % 2) sum += static_cast<uint32_t>(data[len - 1] << 8);
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return htons(static_cast<uint16_t>(~sum));
}

}  // namespace

std::expected<IcmpProbe, std::string> IcmpProbe::Open(const std::string& netns) {
  int fd = -1;
  std::string error;
  std::thread opener([&] {
    int ns = open(("/run/netns/" + netns).c_str(), O_RDONLY | O_CLOEXEC);
    if (ns < 0) {
      error = "cannot open /run/netns/" + netns;
      return;
    }
    // setns(CLONE_NEWNET) moves only this thread; the socket keeps the namespace.
    if (setns(ns, CLONE_NEWNET) != 0) {
      error = "setns into " + netns + ": " + std::strerror(errno);
    } else {
      fd = socket(AF_INET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_ICMP);
      if (fd < 0) error = std::string("raw ICMP socket: ") + std::strerror(errno);
    }
    close(ns);
  });
  opener.join();
  if (fd < 0) return std::unexpected(error);
  return IcmpProbe(fd);
}

IcmpProbe::IcmpProbe(int fd) : fd_(fd), id_(static_cast<uint16_t>(getpid() & 0xffff)) {}

IcmpProbe::IcmpProbe(IcmpProbe&& other) noexcept
    : fd_(other.fd_), id_(other.id_), seq_(other.seq_), sent_us_(std::move(other.sent_us_)) {
  other.fd_ = -1;
}

IcmpProbe::~IcmpProbe() {
  if (fd_ >= 0) close(fd_);
}

bool IcmpProbe::Send(uint32_t addr) {
  unsigned char packet[16] = {};
  icmphdr* h = reinterpret_cast<icmphdr*>(packet);
  h->type = ICMP_ECHO;
  h->un.echo.id = htons(id_);
  h->un.echo.sequence = htons(++seq_);
  h->checksum = Checksum(packet, sizeof(packet));
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_addr.s_addr = addr;
  sent_us_[seq_] = NowUs();
  if (sent_us_.size() > 60000) sent_us_.erase(sent_us_.begin());
  return sendto(fd_, packet, sizeof(packet), 0, reinterpret_cast<sockaddr*>(&to), sizeof(to)) > 0;
}

std::optional<int64_t> IcmpProbe::MatchReply(const unsigned char* buf, size_t len,
                                             uint32_t addr) const {
  if (len < sizeof(iphdr)) return std::nullopt;
  const iphdr* ip = reinterpret_cast<const iphdr*>(buf);
  size_t header = static_cast<size_t>(ip->ihl) * 4;
  if (ip->saddr != addr || len < header + sizeof(icmphdr)) return std::nullopt;
  const icmphdr* h = reinterpret_cast<const icmphdr*>(buf + header);
  if (h->type != ICMP_ECHOREPLY || ntohs(h->un.echo.id) != id_) return std::nullopt;
  auto it = sent_us_.find(ntohs(h->un.echo.sequence));
  if (it == sent_us_.end()) return std::nullopt;
  return it->second;
}

std::expected<int64_t, std::string> IcmpProbe::WaitForReply(const std::string& ip, int64_t since_us,
                                                            std::chrono::milliseconds interval,
                                                            std::chrono::milliseconds deadline) {
  in_addr addr{};
  if (inet_pton(AF_INET, ip.c_str(), &addr) != 1) return std::unexpected("bad address " + ip);
  int64_t end_us = NowUs() + deadline.count() * 1000;
  int64_t next_send = 0;
  unsigned char buf[1500];
  while (NowUs() < end_us && !Interrupted()) {
    int64_t now = NowUs();
    if (now >= next_send) {
      Send(addr.s_addr);
      next_send = now + interval.count() * 1000;
    }
    pollfd p{fd_, POLLIN, 0};
    int wait_ms = static_cast<int>(std::max<int64_t>(0, (next_send - NowUs()) / 1000));
    if (poll(&p, 1, wait_ms) <= 0) continue;
    ssize_t n;
    while ((n = recv(fd_, buf, sizeof(buf), 0)) > 0) {
      auto sent = MatchReply(buf, static_cast<size_t>(n), addr.s_addr);
      if (sent && *sent >= since_us) return NowUs();
    }
  }
  return std::unexpected(Interrupted() ? "interrupted"
                                       : "no echo reply from " + ip + " within " +
                                             std::to_string(deadline.count()) + " ms");
}

double IcmpProbe::LongestGapMs(const std::string& ip, const std::atomic<bool>& stop,
                               std::chrono::milliseconds interval,
                               std::chrono::milliseconds deadline) {
  in_addr addr{};
  if (inet_pton(AF_INET, ip.c_str(), &addr) != 1) return -1;
  int64_t start = NowUs();
  int64_t end_us = start + deadline.count() * 1000;
  int64_t last_reply = start, longest = 0, next_send = 0;
  unsigned char buf[1500];
  while (!stop && NowUs() < end_us && !Interrupted()) {
    int64_t now = NowUs();
    if (now >= next_send) {
      Send(addr.s_addr);
      next_send = now + interval.count() * 1000;
    }
    pollfd p{fd_, POLLIN, 0};
    int wait_ms = static_cast<int>(std::max<int64_t>(0, (next_send - NowUs()) / 1000));
    if (poll(&p, 1, wait_ms) <= 0) continue;
    ssize_t n;
    while ((n = recv(fd_, buf, sizeof(buf), 0)) > 0) {
      if (!MatchReply(buf, static_cast<size_t>(n), addr.s_addr)) continue;
      int64_t at = NowUs();
      longest = std::max(longest, at - last_reply);
      last_reply = at;
    }
  }
  longest = std::max(longest, NowUs() - last_reply);
  return static_cast<double>(longest) / 1000.0;
}

}  // namespace keel::bench
