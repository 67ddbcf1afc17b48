#include "fencing/posix_agent_runner.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <utility>

namespace keel {
namespace {

class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(UniqueFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept {
    Reset(std::exchange(other.fd_, -1));
    return *this;
  }
  ~UniqueFd() { Reset(); }
  int Get() const { return fd_; }
  void Reset(int fd = -1) {
    if (fd_ >= 0) close(fd_);
    fd_ = fd;
  }

 private:
  int fd_ = -1;
};

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

bool MakePipe(UniqueFd& read_end, UniqueFd& write_end) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return false;
  read_end.Reset(fds[0]);
  write_end.Reset(fds[1]);
  return true;
}

// The child side: a new session, the pipes on 0/1/2, all other fds closed at exec, default
// signal state. Only async-signal-safe calls after fork.
[[noreturn]] void ExecChild(const char* path, char* const argv[], char* const envp[], int in,
                            int out, int err, int report) {
  setsid();
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  for (int sig = 1; sig < NSIG; ++sig) {  // ignored signals survive exec: give defaults back
    if (sig != SIGKILL && sig != SIGSTOP) signal(sig, SIG_DFL);
  }
  dup2(in, 0);
  dup2(out, 1);
  dup2(err, 2);
  for (int fd : {0, 1, 2}) fcntl(fd, F_SETFD, 0);
  execve(path, argv, envp);
  const int code = errno;
  [[maybe_unused]] ssize_t written = write(report, &code, sizeof code);
  _exit(127);
}

// One running agent: its pid, pipes, deadlines and what it has said so far.
class Run {
 public:
  Run(const AgentInvocation& invocation, AgentExit& result)
      : invocation_(invocation), result_(result) {}

  bool Start();
  void Pump();

 private:
  void Signal(int sig) { kill(-pid_, sig); }
  void CheckDeadlines(int64_t now);
  void PollOnce(int timeout_ms);
  void ReadInto(UniqueFd& fd, std::string& sink);
  void WriteStdin();
  void Reap(int status);

  const AgentInvocation& invocation_;
  AgentExit& result_;
  pid_t pid_ = -1;
  UniqueFd in_, out_, err_;
  UniqueFd exit_fd_;  // pidfd: readable once the agent exited (-1 on kernels before 5.3)
  size_t written_ = 0;
  bool exited_ = false, term_sent_ = false, kill_sent_ = false;
  int64_t deadline_ = 0, kill_at_ = 0, drain_until_ = 0;
};

bool Run::Start() {
  UniqueFd in_r, out_w, err_w, report_r, report_w;
  if (!MakePipe(in_r, in_) || !MakePipe(out_, out_w) || !MakePipe(err_, err_w) ||
      !MakePipe(report_r, report_w)) {
    result_.start_error = std::string("pipe: ") + strerror(errno);
    return false;
  }
  std::vector<std::string> env = invocation_.env;
  if (env.empty()) env = {"PATH=/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL=C"};
  std::vector<char*> envp;
  for (std::string& entry : env) envp.push_back(entry.data());
  envp.push_back(nullptr);
  std::string path = invocation_.path;
  char* argv[] = {path.data(), nullptr};
  pid_ = fork();
  if (pid_ < 0) {
    result_.start_error = std::string("fork: ") + strerror(errno);
    return false;
  }
  if (pid_ == 0) {
    ExecChild(path.c_str(), argv, envp.data(), in_r.Get(), out_w.Get(), err_w.Get(),
              report_w.Get());
  }
  report_w.Reset();
  int code = 0;
  ssize_t got;
  do {
    got = read(report_r.Get(), &code, sizeof code);
  } while (got < 0 && errno == EINTR);
  if (got == sizeof code) {  // exec failed: the child wrote errno and exits 127
    int status = 0;
    waitpid(pid_, &status, 0);
    result_.start_error = invocation_.path + ": " + strerror(code);
    return false;
  }
  for (int fd : {in_.Get(), out_.Get(), err_.Get()}) fcntl(fd, F_SETFL, O_NONBLOCK);
  // glibc 2.36's <sys/pidfd.h> declares pidfd_open without C linkage: the syscall itself.
  exit_fd_.Reset(static_cast<int>(syscall(SYS_pidfd_open, pid_, 0)));
  deadline_ = NowMs() + invocation_.timeout_ms;
  return true;
}

void Run::CheckDeadlines(int64_t now) {
  if (exited_) return;
  if (!term_sent_ && now >= deadline_) {
    Signal(SIGTERM);
    term_sent_ = true;
    kill_at_ = now + invocation_.kill_grace_ms;
  }
  if (term_sent_ && !kill_sent_ && now >= kill_at_) {
    Signal(SIGKILL);
    kill_sent_ = true;
  }
}

void Run::WriteStdin() {
  const std::string& text = invocation_.stdin_text;
  while (written_ < text.size()) {
    ssize_t n = write(in_.Get(), text.data() + written_, text.size() - written_);
    if (n > 0) {
      written_ += n;
      continue;
    }
    if (n < 0 && errno == EAGAIN) return;
    break;  // EPIPE (the agent closed stdin) or another error: stop feeding it
  }
  in_.Reset();
}

void Run::ReadInto(UniqueFd& fd, std::string& sink) {
  char buffer[4096];
  for (;;) {
    ssize_t n = read(fd.Get(), buffer, sizeof buffer);
    if (n > 0) {
      size_t room = invocation_.output_cap > sink.size() ? invocation_.output_cap - sink.size() : 0;
      if (static_cast<size_t>(n) > room) result_.truncated = true;
      sink.append(buffer, std::min<size_t>(n, room));
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) return;
    fd.Reset();  // EOF or error
    return;
  }
}

void Run::PollOnce(int timeout_ms) {
  pollfd fds[4];
  int count = 0;
  auto add = [&](UniqueFd& fd, short events) {
    if (fd.Get() >= 0) fds[count++] = pollfd{fd.Get(), events, 0};
  };
  add(in_, POLLOUT);
  add(out_, POLLIN);
  add(err_, POLLIN);
  // The exit wakes the poll: otherwise it is seen only at the next timeout once the pipes closed.
  if (!exited_) add(exit_fd_, POLLIN);
  if (count == 0) {
    usleep(timeout_ms * 1000);
    return;
  }
  if (poll(fds, count, timeout_ms) <= 0) return;
  for (int i = 0; i < count; ++i) {
    if (fds[i].revents == 0) continue;
    if (fds[i].fd == in_.Get())
      WriteStdin();
    else if (fds[i].fd == out_.Get())
      ReadInto(out_, result_.out);
    else if (fds[i].fd == err_.Get())
      ReadInto(err_, result_.err);
    // The exit fd needs nothing here: Pump reaps the agent right after.
  }
}

void Run::Reap(int status) {
  exited_ = true;
  drain_until_ = NowMs() + 200;  // a grandchild may hold the pipes: do not wait for it
  if (term_sent_) {
    result_.how = AgentExit::How::kTimedOut;
  } else if (WIFSIGNALED(status)) {
    result_.how = AgentExit::How::kSignaled;
    result_.signal = WTERMSIG(status);
  } else {
    result_.how = AgentExit::How::kExited;
    result_.exit_code = WEXITSTATUS(status);
  }
}

void Run::Pump() {
  if (invocation_.stdin_text.empty()) in_.Reset();
  const int64_t hard_stop = deadline_ + invocation_.kill_grace_ms + 5000;
  for (;;) {
    const int64_t now = NowMs();
    CheckDeadlines(now);
    if (exited_ && ((out_.Get() < 0 && err_.Get() < 0) || now >= drain_until_)) break;
    if (!exited_ && now >= hard_stop) {  // unkillable (D state): give up waiting politely
      Signal(SIGKILL);
      int status = 0;
      waitpid(pid_, &status, 0);
      Reap(status);
      break;
    }
    PollOnce(exited_ ? 10 : 20);
    int status = 0;
    if (!exited_ && waitpid(pid_, &status, WNOHANG) == pid_) Reap(status);
  }
}

}  // namespace

AgentExit PosixAgentRunner::Run(const AgentInvocation& invocation) {
  AgentExit result;
  // Writing to an agent that closed stdin must not kill us: block SIGPIPE in this thread and
  // swallow one raised here.
  sigset_t pipe_set, old_set, pending;
  sigemptyset(&pipe_set);
  sigaddset(&pipe_set, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe_set, &old_set);
  sigpending(&pending);
  const bool was_pending = sigismember(&pending, SIGPIPE);
  {
    class Run run(invocation, result);
    if (run.Start()) run.Pump();
  }
  sigpending(&pending);
  if (!was_pending && sigismember(&pending, SIGPIPE)) {
    timespec zero{0, 0};
    sigtimedwait(&pipe_set, nullptr, &zero);
  }
  pthread_sigmask(SIG_SETMASK, &old_set, nullptr);
  return result;
}

}  // namespace keel
