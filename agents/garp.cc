#include "agents/garp.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

#include "agents/process.h"

namespace keel {
namespace {

Error NetError(const std::string& what, const std::string& nic) {
  return Error{ErrorCode::kIo, what + ": " + std::strerror(errno), nic};
}

}  // namespace

std::expected<void, Error> SendGratuitousArp(const std::string& nic, uint32_t address) {
  UniqueFd fd(socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(ETH_P_ARP)));
  if (!fd.valid()) return std::unexpected(NetError("AF_PACKET socket", nic));
  ifreq ifr{};
  std::strncpy(ifr.ifr_name, nic.c_str(), IFNAMSIZ - 1);
  if (ioctl(fd.get(), SIOCGIFHWADDR, &ifr) != 0) {
    return std::unexpected(NetError("cannot read the MAC address", nic));
  }
  std::array<uint8_t, 6> mac;
  std::memcpy(mac.data(), ifr.ifr_hwaddr.sa_data, 6);
  unsigned index = if_nametoindex(nic.c_str());
  if (index == 0) return std::unexpected(NetError("no such interface", nic));

  std::array<uint8_t, 42> frame{};
  uint8_t* p = frame.data();
  std::memset(p, 0xff, 6);                   // destination: broadcast
  std::memcpy(p + 6, mac.data(), 6);         // source
  p[12] = 0x08; p[13] = 0x06;                // ethertype ARP
  p[14] = 0x00; p[15] = 0x01;                // hardware type Ethernet
  p[16] = 0x08; p[17] = 0x00;                // protocol IPv4
  p[18] = 6; p[19] = 4;                      // address lengths
  p[20] = 0x00; p[21] = 0x01;                // request
  uint32_t net_address = htonl(address);
  std::memcpy(p + 22, mac.data(), 6);        // sender MAC
  std::memcpy(p + 28, &net_address, 4);      // sender IP
  std::memset(p + 32, 0, 6);                 // target MAC: unknown
  std::memcpy(p + 38, &net_address, 4);      // target IP = sender IP: gratuitous

  sockaddr_ll to{};
  to.sll_family = AF_PACKET;
  to.sll_protocol = htons(ETH_P_ARP);
  to.sll_ifindex = static_cast<int>(index);
  to.sll_halen = 6;
  std::memset(to.sll_addr, 0xff, 6);
  if (sendto(fd.get(), frame.data(), frame.size(), 0, reinterpret_cast<sockaddr*>(&to),
             sizeof to) < 0) {
    return std::unexpected(NetError("sending gratuitous ARP", nic));
  }
  return {};
}

std::expected<void, Error> AnnounceAddress(const std::string& nic, uint32_t address, int count,
                                           int interval_ms) {
  if (count <= 0) return {};
  if (auto sent = SendGratuitousArp(nic, address); !sent) return sent;
  if (count == 1) return {};
  pid_t pid = fork();
  if (pid < 0) return std::unexpected(NetError("fork", nic));
  if (pid > 0) return {};
  // Child: detach from the caller's pipes so that nobody waits for us, then repeat.
  setsid();
  int null_fd = open("/dev/null", O_RDWR);
  if (null_fd >= 0) {
    dup2(null_fd, 0);
    dup2(null_fd, 1);
    dup2(null_fd, 2);
  }
  close_range(3, ~0U, 0);
  for (int i = 1; i < count; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(interval_ms));
    (void)SendGratuitousArp(nic, address);
  }
  _exit(0);
}

}  // namespace keel
