// vip_sampler: samples, every INTERVAL ms, whether each given network namespace has an IPv4
// address, and prints every change as "TIME_MS NAME 0|1" (wall clock, ms since the epoch;
// one time per round, a round's losses before its gains).
// A test tool for the partition loop (tests/lab/partition_loop_test.sh).
//
//   vip_sampler --addr 198.18.0.100 [--interval-ms 10] [--max-seconds 900] NAME=/run/netns/X...
//
// One NETLINK_ROUTE socket per namespace, opened inside it (setns) at start: a socket keeps its
// namespace, so each sample is one RTM_GETADDR dump per node, with no process started. Runs
// until SIGTERM/SIGINT or --max-seconds, then prints "# samples N rounds, interval max X ms,
// over Y ms" (the largest gap between two rounds shows whether the cadence held).

#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sched.h>
#include <signal.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace {

volatile sig_atomic_t g_stop = 0;
void OnSignal(int) { g_stop = 1; }

int64_t NowMs(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return int64_t{ts.tv_sec} * 1000 + ts.tv_nsec / 1'000'000;
}

struct Target {
  std::string name;
  int sock = -1;
  int state = -1;  // unknown before the first sample
};

// A NETLINK_ROUTE socket inside the namespace at `path`; the caller's namespace is restored.
std::expected<int, std::string> SocketIn(const std::string& path, int home) {
  int ns = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (ns < 0) return std::unexpected(path + ": " + std::strerror(errno));
  if (setns(ns, CLONE_NEWNET) != 0) {
    close(ns);
    return std::unexpected(path + ": setns: " + std::strerror(errno));
  }
  close(ns);
  int sock = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
  int saved = errno;
  if (setns(home, CLONE_NEWNET) != 0) std::abort();  // cannot go on in the wrong namespace
  if (sock < 0) return std::unexpected(path + ": socket: " + std::strerror(saved));
  timeval tv{1, 0};  // a dump never takes a second; do not hang if one is lost
  setsockopt(sock, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  return sock;
}

// 1 when an IPv4 address equal to `addr` is configured in the socket's namespace, 0 when not,
// -1 on error.
int HasAddress(int sock, in_addr addr, uint32_t seq) {
  struct {
    nlmsghdr nh;
    ifaddrmsg ifa;
  } req{};
  req.nh.nlmsg_len = NLMSG_LENGTH(sizeof(ifaddrmsg));
  req.nh.nlmsg_type = RTM_GETADDR;
  req.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  req.nh.nlmsg_seq = seq;
  req.ifa.ifa_family = AF_INET;
  if (send(sock, &req, req.nh.nlmsg_len, 0) < 0) return -1;
  int found = 0;
  alignas(nlmsghdr) char buf[16384];
  for (int reads = 0; reads < 64; ++reads) {
    ssize_t n = recv(sock, buf, sizeof buf, 0);
    if (n <= 0) return -1;
    for (auto* nh = reinterpret_cast<nlmsghdr*>(buf); NLMSG_OK(nh, n); nh = NLMSG_NEXT(nh, n)) {
      if (nh->nlmsg_seq != seq) continue;  // a late answer to an earlier request
      if (nh->nlmsg_type == NLMSG_DONE) return found;
      if (nh->nlmsg_type == NLMSG_ERROR) return -1;
      if (nh->nlmsg_type != RTM_NEWADDR) continue;
      auto* ifa = static_cast<ifaddrmsg*>(NLMSG_DATA(nh));
      int len = static_cast<int>(IFA_PAYLOAD(nh));
      for (auto* rta = IFA_RTA(ifa); RTA_OK(rta, len); rta = RTA_NEXT(rta, len)) {
        if ((rta->rta_type == IFA_LOCAL || rta->rta_type == IFA_ADDRESS) &&
            RTA_PAYLOAD(rta) == sizeof(in_addr) &&
            std::memcmp(RTA_DATA(rta), &addr, sizeof addr) == 0) {
          found = 1;
        }
      }
    }
  }
  return -1;
}

int Usage() {
  std::fprintf(stderr,
               "usage: vip_sampler --addr IPV4 [--interval-ms N] [--max-seconds N] "
               "NAME=/run/netns/X...\n");
  return 2;
}

struct Options {
  in_addr addr{};
  int64_t interval_ms = 10;
  int64_t max_seconds = 900;
  std::vector<Target> targets;
  std::vector<std::string> paths;
};

bool ParseArgs(int argc, char** argv, Options& o) {
  std::string addr_text;
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    if (a == "--addr" && i + 1 < argc) {
      addr_text = argv[++i];
    } else if (a == "--interval-ms" && i + 1 < argc) {
      o.interval_ms = std::atoll(argv[++i]);
    } else if (a == "--max-seconds" && i + 1 < argc) {
      o.max_seconds = std::atoll(argv[++i]);
    } else if (auto eq = a.find('='); eq != std::string_view::npos && eq > 0) {
      o.targets.push_back(Target{std::string(a.substr(0, eq))});
      o.paths.emplace_back(a.substr(eq + 1));
    } else {
      return false;
    }
  }
  return !o.targets.empty() && inet_pton(AF_INET, addr_text.c_str(), &o.addr) == 1 &&
         o.interval_ms >= 1 && o.interval_ms <= 1000 && o.max_seconds >= 1;
}

// Samples until a signal or max_seconds; prints changes, then the cadence summary.
void SampleLoop(Options& o) {
  const int64_t begin = NowMs(CLOCK_MONOTONIC);
  int64_t rounds = 0, last = begin, max_gap = 0, late = 0;
  uint32_t seq = 1;
  while (!g_stop && NowMs(CLOCK_MONOTONIC) - begin < o.max_seconds * 1000) {
    int64_t now = NowMs(CLOCK_MONOTONIC);
    if (rounds > 0) {
      if (now - last > max_gap) max_gap = now - last;
      if (now - last > 2 * o.interval_ms) ++late;
    }
    last = now;
    int64_t wall = NowMs(CLOCK_REALTIME);
    std::vector<const Target*> gained;
    for (Target& t : o.targets) {
      int has = HasAddress(t.sock, o.addr, seq++);
      if (has < 0) continue;  // keep the last known state; an error is rare and brief
      if (has == 1 && t.state != 1) gained.push_back(&t);
      if (has == 0 && t.state != 0) {
        std::printf("%lld %s 0\n", static_cast<long long>(wall), t.name.c_str());
      }
      t.state = has;
    }
    // A round's losses before its gains: a move from a node read later to one read earlier
    // within one round is no moment with two holders for a reader going line by line.
    for (const Target* t : gained) {
      std::printf("%lld %s 1\n", static_cast<long long>(wall), t->name.c_str());
    }
    ++rounds;
    int64_t wait = last + o.interval_ms - NowMs(CLOCK_MONOTONIC);
    if (wait > 0) {
      timespec next{wait / 1000, (wait % 1000) * 1'000'000};
      nanosleep(&next, nullptr);
    }
  }
  std::printf("# samples %lld rounds, interval max %lld ms, %lld gaps over %lld ms, over %lld ms\n",
              static_cast<long long>(rounds), static_cast<long long>(max_gap),
              static_cast<long long>(late), static_cast<long long>(2 * o.interval_ms),
              static_cast<long long>(NowMs(CLOCK_MONOTONIC) - begin));
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  if (!ParseArgs(argc, argv, o)) return Usage();
  int home = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
  if (home < 0) {
    std::perror("vip_sampler: /proc/self/ns/net");
    return 1;
  }
  for (size_t i = 0; i < o.targets.size(); ++i) {
    auto sock = SocketIn(o.paths[i], home);
    if (!sock) {
      std::fprintf(stderr, "vip_sampler: %s\n", sock.error().c_str());
      return 1;
    }
    o.targets[i].sock = *sock;
  }
  signal(SIGTERM, OnSignal);
  signal(SIGINT, OnSignal);
  setvbuf(stdout, nullptr, _IOLBF, 0);
  SampleLoop(o);
  return 0;
}
