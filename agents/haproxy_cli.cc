#include "agents/haproxy_cli.h"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <sstream>

#include "agents/process.h"

namespace keel {
namespace {

std::vector<std::string> SplitCsv(const std::string& line) {
  std::vector<std::string> fields;
  std::string field;
  std::istringstream in(line);
  while (std::getline(in, field, ',')) fields.push_back(field);
  return fields;
}

}  // namespace

std::vector<HaproxyProcess> ParseShowProc(std::string_view output) {
  std::vector<HaproxyProcess> processes;
  std::istringstream in{std::string(output)};
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream words(line);
    HaproxyProcess process;
    std::string reloads;
    if (!(words >> process.pid >> process.type >> reloads)) continue;
    if (process.type != "master" && process.type != "worker") continue;
    process.reloads = std::atoi(reloads.c_str());
    processes.push_back(process);
  }
  return processes;
}

std::vector<FrontendStatus> ParseFrontends(std::string_view csv) {
  std::vector<FrontendStatus> frontends;
  std::istringstream in{std::string(csv)};
  std::string line;
  size_t status_column = 17;  // "status" in the documented column order; the header wins
  while (std::getline(in, line)) {
    if (line.starts_with("# ")) {
      std::vector<std::string> header = SplitCsv(line.substr(2));
      for (size_t i = 0; i < header.size(); ++i) {
        if (header[i] == "status") status_column = i;
      }
      continue;
    }
    std::vector<std::string> fields = SplitCsv(line);
    if (fields.size() > status_column && fields[1] == "FRONTEND") {
      frontends.push_back({fields[0], fields[status_column]});
    }
  }
  return frontends;
}

std::expected<std::string, Error> MasterCli(const std::string& path, const std::string& command,
                                            std::chrono::milliseconds timeout) {
  UniqueFd fd(socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (path.size() >= sizeof address.sun_path) {
    return std::unexpected(Error{ErrorCode::kInvalid, "socket path too long", path});
  }
  std::strcpy(address.sun_path, path.c_str());
  if (!fd.valid() ||
      connect(fd.get(), reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    return std::unexpected(
        Error{ErrorCode::kRefused, std::string("cannot connect: ") + std::strerror(errno), path});
  }
  std::string request = command + "; quit\n";
  if (send(fd.get(), request.data(), request.size(), MSG_NOSIGNAL) !=
      static_cast<ssize_t>(request.size())) {
    return std::unexpected(Error{ErrorCode::kIo, "cannot send to the master CLI", path});
  }
  auto deadline = std::chrono::steady_clock::now() + timeout;
  std::string answer;
  char buf[16384];
  while (answer.size() < (4u << 20)) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    pollfd p{fd.get(), POLLIN, 0};
    if (left.count() <= 0 || poll(&p, 1, static_cast<int>(left.count())) != 1) {
      return std::unexpected(Error{ErrorCode::kIo, "master CLI did not answer in time", path});
    }
    ssize_t n = recv(fd.get(), buf, sizeof buf, 0);
    if (n <= 0) break;
    answer.append(buf, static_cast<size_t>(n));
  }
  return answer;
}

}  // namespace keel
