#include "agents/process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <thread>

namespace keel {
namespace {

constexpr size_t kMaxCapture = 4 << 20;

Error IoError(std::string message) {
  return Error{ErrorCode::kIo, message + ": " + std::strerror(errno), ""};
}

std::vector<char*> CArgv(const std::vector<std::string>& argv) {
  std::vector<char*> out;
  for (const std::string& arg : argv) out.push_back(const_cast<char*>(arg.c_str()));
  out.push_back(nullptr);
  return out;
}

// Reads what is available from fd into `sink`; false at EOF or error.
bool Drain(int fd, std::string& sink) {
  char buf[8192];
  ssize_t n = read(fd, buf, sizeof buf);
  if (n > 0) {
    if (sink.size() < kMaxCapture) sink.append(buf, static_cast<size_t>(n));
    return true;
  }
  return n < 0 && (errno == EINTR || errno == EAGAIN);
}

// Feeds stdin and collects stdout/stderr until both close or the timeout kills the child.
ProcessResult Pump(pid_t pid, UniqueFd in_w, UniqueFd out_r, UniqueFd err_r,
                   std::chrono::milliseconds timeout, std::string_view input) {
  signal(SIGPIPE, SIG_IGN);
  fcntl(in_w.get(), F_SETFL, O_NONBLOCK);
  if (input.empty()) in_w = UniqueFd();
  ProcessResult result;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  bool out_open = true, err_open = true;
  size_t written = 0;
  while (out_open || err_open) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      kill(pid, SIGKILL);
      result.timed_out = true;
      break;
    }
    pollfd fds[3] = {{out_open ? out_r.get() : -1, POLLIN, 0},
                     {err_open ? err_r.get() : -1, POLLIN, 0},
                     {in_w.valid() ? in_w.get() : -1, POLLOUT, 0}};
    if (poll(fds, 3, static_cast<int>(left.count())) < 0 && errno != EINTR) break;
    if (fds[0].revents != 0) out_open = Drain(out_r.get(), result.out);
    if (fds[1].revents != 0) err_open = Drain(err_r.get(), result.err);
    if (fds[2].revents != 0) {
      ssize_t n = write(in_w.get(), input.data() + written, input.size() - written);
      if (n > 0) written += static_cast<size_t>(n);
      if (n < 0 && errno != EAGAIN) written = input.size();
      if (written >= input.size()) in_w = UniqueFd();
    }
  }
  return result;
}

}  // namespace

UniqueFd& UniqueFd::operator=(UniqueFd&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) close(fd_);
    fd_ = other.Release();
  }
  return *this;
}

UniqueFd::~UniqueFd() {
  if (fd_ >= 0) close(fd_);
}

int UniqueFd::Release() {
  int fd = fd_;
  fd_ = -1;
  return fd;
}

std::expected<std::string, Error> FindExecutable(std::string_view program) {
  std::string name(program);
  if (name.empty()) return std::unexpected(Error{ErrorCode::kNotFound, "empty program name", ""});
  if (name.find('/') != std::string::npos) {
    if (access(name.c_str(), X_OK) == 0) return name;
    return std::unexpected(Error{ErrorCode::kNotFound, "not executable: " + name, ""});
  }
  const char* path_env = std::getenv("PATH");
  std::string path = path_env != nullptr ? path_env : "/usr/local/bin:/usr/bin:/bin";
  path += ":/usr/local/sbin:/usr/sbin:/sbin";
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find(':', start);
    if (end == std::string::npos) end = path.size();
    std::string dir = path.substr(start, end - start);
    if (!dir.empty()) {
      std::string candidate = dir + "/" + name;
      if (access(candidate.c_str(), X_OK) == 0) return candidate;
    }
    start = end + 1;
  }
  return std::unexpected(Error{ErrorCode::kNotFound, "program not found in PATH: " + name, ""});
}

std::expected<ProcessResult, Error> RunProcess(const std::vector<std::string>& argv,
                                               std::chrono::milliseconds timeout,
                                               std::string_view input) {
  if (argv.empty()) return std::unexpected(Error{ErrorCode::kInvalid, "empty argv", ""});
  auto exe = FindExecutable(argv[0]);
  if (!exe) return std::unexpected(exe.error());
  int in_pipe[2], out_pipe[2], err_pipe[2];
  if (pipe2(in_pipe, O_CLOEXEC) != 0) return std::unexpected(IoError("pipe"));
  UniqueFd in_r(in_pipe[0]), in_w(in_pipe[1]);
  if (pipe2(out_pipe, O_CLOEXEC) != 0) return std::unexpected(IoError("pipe"));
  UniqueFd out_r(out_pipe[0]), out_w(out_pipe[1]);
  if (pipe2(err_pipe, O_CLOEXEC) != 0) return std::unexpected(IoError("pipe"));
  UniqueFd err_r(err_pipe[0]), err_w(err_pipe[1]);
  std::vector<char*> c_argv = CArgv(argv);
  pid_t pid = fork();
  if (pid < 0) return std::unexpected(IoError("fork"));
  if (pid == 0) {
    dup2(in_r.get(), 0);
    dup2(out_w.get(), 1);
    dup2(err_w.get(), 2);
    signal(SIGPIPE, SIG_DFL);
    execv(exe->c_str(), c_argv.data());
    _exit(127);
  }
  in_r = UniqueFd();
  out_w = UniqueFd();
  err_w = UniqueFd();
  ProcessResult result = Pump(pid, std::move(in_w), std::move(out_r), std::move(err_r), timeout,
                              input);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
  return result;
}

std::expected<pid_t, Error> SpawnDetached(const std::vector<std::string>& argv,
                                          const std::string& log_path) {
  if (argv.empty()) return std::unexpected(Error{ErrorCode::kInvalid, "empty argv", ""});
  auto exe = FindExecutable(argv[0]);
  if (!exe) return std::unexpected(exe.error());
  std::vector<char*> c_argv = CArgv(argv);
  std::string out_path = log_path.empty() ? "/dev/null" : log_path;
  pid_t pid = fork();
  if (pid < 0) return std::unexpected(IoError("fork"));
  if (pid == 0) {
    setsid();
    int null_fd = open("/dev/null", O_RDONLY);
    int log_fd = open(out_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0640);
    if (null_fd >= 0) dup2(null_fd, 0);
    if (log_fd >= 0) {
      dup2(log_fd, 1);
      dup2(log_fd, 2);
    }
    close_range(3, ~0U, 0);
    signal(SIGPIPE, SIG_DFL);
    execv(exe->c_str(), c_argv.data());
    _exit(127);
  }
  return pid;
}

std::optional<pid_t> ReadPidFile(const std::string& path) {
  std::ifstream in(path);
  long pid = 0;
  if (!(in >> pid) || pid <= 0) return std::nullopt;
  return static_cast<pid_t>(pid);
}

std::expected<void, Error> WritePidFile(const std::string& path, pid_t pid) {
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << pid << "\n";
    if (!out) return std::unexpected(Error{ErrorCode::kIo, "cannot write pid file", tmp});
  }
  if (rename(tmp.c_str(), path.c_str()) != 0) return std::unexpected(IoError("rename " + path));
  return {};
}

bool ProcessAlive(pid_t pid) {
  if (pid <= 0) return false;
  if (kill(pid, 0) == 0 || errno == EPERM) {
    // A zombie has exited: treat it as gone.
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    std::getline(stat, line);
    size_t paren = line.rfind(')');
    return !(paren != std::string::npos && paren + 2 < line.size() && line[paren + 2] == 'Z');
  }
  return false;
}

std::string ProcessName(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/cmdline");
  std::string arg0;
  std::getline(in, arg0, '\0');
  size_t slash = arg0.rfind('/');
  return slash == std::string::npos ? arg0 : arg0.substr(slash + 1);
}

bool SignalAndWait(pid_t pid, int sig, std::chrono::milliseconds timeout) {
  if (!ProcessAlive(pid)) return true;
  kill(pid, sig);
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    // Reap it when it is our own child; harmless otherwise.
    waitpid(pid, nullptr, WNOHANG);
    if (!ProcessAlive(pid)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return !ProcessAlive(pid);
}

std::expected<void, Error> MakeDirs(const std::string& path) {
  for (size_t pos = 1; pos <= path.size(); ++pos) {
    if (pos == path.size() || path[pos] == '/') {
      std::string prefix = path.substr(0, pos);
      if (mkdir(prefix.c_str(), 0755) != 0 && errno != EEXIST) {
        return std::unexpected(IoError("mkdir " + prefix));
      }
    }
  }
  return {};
}

}  // namespace keel
