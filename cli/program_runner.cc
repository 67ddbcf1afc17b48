#include "cli/program_runner.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>

namespace keel {

std::expected<ProgramResult, Error> RunProgram(const std::vector<std::string>& argv, int timeout_ms,
                                               bool capture) {
  const std::string what = argv.empty() ? "" : argv[0];
  if (argv.empty()) return std::unexpected(Error{ErrorCode::kInvalid, "no program to run", ""});
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    return std::unexpected(
        Error{ErrorCode::kIo, std::string("pipe: ") + std::strerror(errno), what});
  }
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    return std::unexpected(
        Error{ErrorCode::kIo, std::string("fork: ") + std::strerror(errno), what});
  }
  if (pid == 0) {
    int out = capture ? fds[1] : open("/dev/null", O_WRONLY);
    dup2(out, 1);
    dup2(out, 2);
    execvp(args[0], args.data());
    dprintf(2, "cannot run %s: %s\n", args[0], std::strerror(errno));
    _exit(127);
  }
  close(fds[1]);
  ProgramResult result;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  bool timed_out = false;
  char buffer[4096];
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                    deadline - std::chrono::steady_clock::now())
                    .count();
    if (left <= 0) {
      timed_out = true;
      break;
    }
    pollfd p{fds[0], POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(std::min<int64_t>(left, 100))) <= 0) continue;
    ssize_t n = read(fds[0], buffer, sizeof buffer);
    if (n <= 0) break;  // EOF: the program (and every child holding the pipe) is done
    if (result.output.size() < (1 << 20)) result.output.append(buffer, static_cast<size_t>(n));
  }
  close(fds[0]);
  int status = 0;
  while (!timed_out && waitpid(pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() >= deadline) {
      timed_out = true;
      break;
    }
    usleep(20'000);
  }
  if (timed_out) {
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    return std::unexpected(
        Error{ErrorCode::kIo,
              "did not finish within " +
                  (timeout_ms < 1000 ? std::to_string(timeout_ms) + " ms"
                                     : std::to_string(timeout_ms / 1000) + " s") +
                  "; killed",
              what});
  }
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

}  // namespace keel
