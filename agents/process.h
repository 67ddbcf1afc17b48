#pragma once
// Child processes for agents: argv vectors executed directly (never through a shell),
// bounded in time, with captured output; detached daemons; pid files.

#include <sys/types.h>

#include <chrono>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "xml/base/error.h"

namespace keel {

// An owned file descriptor, closed on destruction.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(UniqueFd&& other) noexcept : fd_(other.Release()) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept;
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd();

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  int Release();

 private:
  int fd_ = -1;
};

struct ProcessResult {
  int exit_code = -1;  // -1 when killed by a signal (see `signal`)
  int signal = 0;
  bool timed_out = false;  // killed with SIGKILL after the timeout
  std::string out;
  std::string err;
};

// The full path of `program` (taken as is when it contains '/', else searched in $PATH), or
// a kNotFound error when there is no such executable.
std::expected<std::string, Error> FindExecutable(std::string_view program);

// Runs argv[0] with argv, feeding `input` on stdin, capturing stdout and stderr (each up to
// 4 MiB). The child is SIGKILLed when `timeout` expires. Errors only when it cannot start.
std::expected<ProcessResult, Error> RunProcess(const std::vector<std::string>& argv,
                                               std::chrono::milliseconds timeout,
                                               std::string_view input = {});

// Starts argv in a new session (setsid) with stdin from /dev/null and stdout/stderr appended to
// `log_path` (or /dev/null when empty); does not wait for it. Returns its pid.
std::expected<pid_t, Error> SpawnDetached(const std::vector<std::string>& argv,
                                          const std::string& log_path);

// The pid stored in a pid file; nullopt when the file is missing or holds no number.
std::optional<pid_t> ReadPidFile(const std::string& path);
// Writes "<pid>\n" atomically (temp file + rename).
std::expected<void, Error> WritePidFile(const std::string& path, pid_t pid);
// True when a process with that pid exists (kill(pid, 0) succeeds or fails with EPERM).
bool ProcessAlive(pid_t pid);
// The process' argv[0] basename from /proc/<pid>/cmdline; empty when it does not exist.
std::string ProcessName(pid_t pid);
// Sends `sig`, then polls until the process is gone or `timeout` passes. True when gone.
bool SignalAndWait(pid_t pid, int sig, std::chrono::milliseconds timeout);
// mkdir -p with mode 0755.
std::expected<void, Error> MakeDirs(const std::string& path);

}  // namespace keel
