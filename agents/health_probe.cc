#include "agents/health_probe.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <sstream>

#include "agents/ipv4.h"
#include "agents/process.h"

namespace keel {
namespace {

using Clock = std::chrono::steady_clock;

int MsLeft(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return left.count() > 0 ? static_cast<int>(left.count()) : 0;
}

// A connected TCP socket, or an invalid fd on failure or timeout.
UniqueFd Connect(uint32_t ip, uint16_t port, Clock::time_point deadline) {
  UniqueFd fd(socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!fd.valid()) return {};
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(port);
  to.sin_addr.s_addr = htonl(ip);
  if (connect(fd.get(), reinterpret_cast<sockaddr*>(&to), sizeof to) == 0) return fd;
  if (errno != EINPROGRESS) return {};
  pollfd p{fd.get(), POLLOUT, 0};
  if (poll(&p, 1, MsLeft(deadline)) != 1) return {};
  int error = 0;
  socklen_t len = sizeof error;
  if (getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &error, &len) != 0 || error != 0) return {};
  return fd;
}

// Sends the request and reads the whole response (up to 1 MiB) until EOF or the deadline.
std::string Exchange(int fd, const std::string& request, Clock::time_point deadline) {
  size_t sent = 0;
  while (sent < request.size()) {
    pollfd p{fd, POLLOUT, 0};
    if (poll(&p, 1, MsLeft(deadline)) != 1) return {};
    ssize_t n = send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return {};
    sent += static_cast<size_t>(n);
  }
  std::string response;
  char buf[8192];
  while (response.size() < (1u << 20)) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, MsLeft(deadline)) != 1) return {};  // timeout: incomplete
    ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n < 0 && errno == EAGAIN) continue;
    if (n <= 0) break;
    response.append(buf, static_cast<size_t>(n));
  }
  return response;
}

bool HttpCheck(const IpvsConfig& config, uint32_t ip, uint16_t port, Clock::time_point deadline) {
  UniqueFd fd = Connect(ip, port, deadline);
  if (!fd.valid()) return false;
  std::string request = "GET " + config.http_path + " HTTP/1.0\r\nHost: " + FormatIpv4(ip) +
                        "\r\nUser-Agent: keel-ipvs-checker\r\nConnection: close\r\n\r\n";
  std::string response = Exchange(fd.get(), request, deadline);
  // "HTTP/1.x NNN ..."
  if (response.size() < 12 || !response.starts_with("HTTP/")) return false;
  size_t space = response.find(' ');
  if (space == std::string::npos || response.substr(space + 1, 3) !=
                                        std::to_string(config.http_status)) {
    return false;
  }
  if (config.http_digest.empty()) return true;
  size_t body = response.find("\r\n\r\n");
  if (body == std::string::npos) return false;
  auto md5 = RunProcess({"md5sum"}, std::chrono::milliseconds(MsLeft(deadline) + 100),
                        std::string_view(response).substr(body + 4));
  return md5 && md5->exit_code == 0 && md5->out.starts_with(config.http_digest);
}

ProbeOutcome MiscCheck(const IpvsConfig& config, const RealServer& server) {
  std::vector<std::string> argv;
  std::istringstream words(config.misc_path);
  for (std::string word; words >> word;) {
    for (auto [key, value] : {std::pair<std::string, std::string>{"%ip", FormatIpv4(server.ip)},
                              {"%port", std::to_string(server.port)}}) {
      for (size_t at; (at = word.find(key)) != std::string::npos;) word.replace(at, key.size(), value);
    }
    argv.push_back(word);
  }
  auto result = RunProcess(argv, std::chrono::milliseconds(config.connect_timeout_ms));
  if (!result || result->timed_out) return {false, std::nullopt};
  return MapMiscExit(result->exit_code, config.misc_dynamic);
}

}  // namespace

ProbeOutcome ProbeRealServer(const IpvsConfig& config, const RealServer& server) {
  auto deadline = Clock::now() + std::chrono::milliseconds(config.connect_timeout_ms);
  uint16_t port = config.check_port > 0 ? static_cast<uint16_t>(config.check_port) : server.port;
  switch (config.check) {
    case CheckType::kNone:
      return {true, std::nullopt};
    case CheckType::kTcp:
      return {Connect(server.ip, port, deadline).valid(), std::nullopt};
    case CheckType::kHttpGet:
      return {HttpCheck(config, server.ip, port, deadline), std::nullopt};
    case CheckType::kMisc:
      return MiscCheck(config, server);
  }
  return {false, std::nullopt};
}

}  // namespace keel
