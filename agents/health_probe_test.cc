#include "agents/health_probe.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "agents/ipvs_test_util.h"
#include "agents/process.h"

namespace keel {
namespace {

constexpr uint32_t kLoopback = 0x7f000001;

// A loopback server answering every connection with `response`, at most `max_accepts` times.
class FakeHttpServer {
 public:
  FakeHttpServer(std::string response, int max_accepts) : response_(std::move(response)) {
    fd_ = UniqueFd(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(kLoopback);
    bind(fd_.get(), reinterpret_cast<sockaddr*>(&address), sizeof address);
    listen(fd_.get(), 8);
    socklen_t len = sizeof address;
    getsockname(fd_.get(), reinterpret_cast<sockaddr*>(&address), &len);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this, max_accepts] {
      for (int i = 0; i < max_accepts; ++i) {
        UniqueFd client(accept(fd_.get(), nullptr, nullptr));
        if (!client.valid()) return;
        char buf[4096];
        (void)recv(client.get(), buf, sizeof buf, 0);
        (void)send(client.get(), response_.data(), response_.size(), MSG_NOSIGNAL);
      }
    });
  }
  ~FakeHttpServer() {
    shutdown(fd_.get(), SHUT_RDWR);
    thread_.join();
  }
  uint16_t port() const { return port_; }

 private:
  std::string response_;
  UniqueFd fd_;
  uint16_t port_ = 0;
  std::thread thread_;
};

IpvsConfig Config(std::map<std::string, std::string> extra) {
  std::map<std::string, std::string> values{{"vip", "198.18.0.100"},
                                            {"real_servers", "127.0.0.1:1"},
                                            {"connect_timeout", "500ms"}};
  for (auto& [key, value] : extra) values[key] = value;
  return TestIpvsConfig(values);
}

TEST(HealthProbe, TcpCheckUpAndDown) {
  FakeHttpServer server("x", 1);
  EXPECT_TRUE(ProbeRealServer(Config({}), {kLoopback, server.port(), 1}).success);
  // Nothing listens on port 1 of the loopback.
  EXPECT_FALSE(ProbeRealServer(Config({}), {kLoopback, 1, 1}).success);
}

TEST(HealthProbe, HttpGetStatusAndDigest) {
  // md5("hello\n") = b1946ac92492d2347c6235b4d2611184
  std::string ok = "HTTP/1.0 200 OK\r\nContent-Length: 6\r\n\r\nhello\n";
  FakeHttpServer server(ok, 3);
  RealServer rs{kLoopback, server.port(), 1};
  EXPECT_TRUE(ProbeRealServer(Config({{"check_type", "HTTP_GET"}}), rs).success);
  EXPECT_TRUE(ProbeRealServer(Config({{"check_type", "HTTP_GET"},
                                      {"http_digest", "b1946ac92492d2347c6235b4d2611184"}}),
                              rs)
                  .success);
  EXPECT_FALSE(ProbeRealServer(Config({{"check_type", "HTTP_GET"},
                                       {"http_digest", "00000000000000000000000000000000"}}),
                               rs)
                   .success);
}

TEST(HealthProbe, HttpGetWrongStatusFails) {
  FakeHttpServer server("HTTP/1.0 503 Busy\r\n\r\n", 1);
  EXPECT_FALSE(ProbeRealServer(Config({{"check_type", "HTTP_GET"}}),
                               {kLoopback, server.port(), 1})
                   .success);
}

TEST(HealthProbe, MiscCheckExitCodesAndPlaceholders) {
  std::string script = testing::TempDir() + "keel_misc_check.sh";
  {
    std::ofstream out(script);
    out << "#!/bin/sh\n[ \"$1\" = 127.0.0.1 ] && [ \"$2\" = 8080 ] || exit 1\nexit \"$3\"\n";
  }
  std::filesystem::permissions(script, std::filesystem::perms::owner_all);
  RealServer rs{kLoopback, 8080, 5};
  auto probe = [&](const std::string& code, const std::string& dynamic) {
    return ProbeRealServer(Config({{"check_type", "MISC_CHECK"},
                                   {"misc_path", script + " %ip %port " + code},
                                   {"misc_dynamic", dynamic}}),
                           rs);
  };
  EXPECT_TRUE(probe("0", "true").success);
  EXPECT_FALSE(probe("1", "true").success);
  EXPECT_EQ(probe("9", "true").weight, 7);
  EXPECT_FALSE(probe("9", "false").success);
  std::filesystem::remove(script);
}

}  // namespace
}  // namespace keel
