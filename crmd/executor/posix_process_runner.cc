#include "crmd/executor/posix_process_runner.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace keel {

namespace {

constexpr size_t kReadChunk = 16 * 1024;
constexpr int kMaxReadsPerWakeup = 8;  // keeps one chatty child from starving the loop

SpawnError Errno(int err, const std::string& what) {
  return SpawnError{err, what + ": " + strerror(err)};
}

std::vector<char*> CStrings(const std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (const auto& s : strings) out.push_back(const_cast<char*>(s.c_str()));
  out.push_back(nullptr);
  return out;
}

// Owns posix_spawn's attribute and file-action objects for one call.
struct SpawnSetup {
  posix_spawnattr_t attr;
  posix_spawn_file_actions_t actions;
  SpawnSetup() {
    posix_spawnattr_init(&attr);
    posix_spawn_file_actions_init(&actions);
  }
  ~SpawnSetup() {
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
  }
  void Prepare(int in_r, int out_w, int err_w, const std::string& working_dir) {
    sigset_t none, all;
    sigemptyset(&none);
    sigfillset(&all);
    sigdelset(&all, SIGKILL);
    sigdelset(&all, SIGSTOP);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &all);
    posix_spawnattr_setflags(&attr,
                             POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    if (in_r >= 0) {
      posix_spawn_file_actions_adddup2(&actions, in_r, 0);
    } else {
      posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    }
    posix_spawn_file_actions_adddup2(&actions, out_w, 1);
    posix_spawn_file_actions_adddup2(&actions, err_w, 2);
    posix_spawn_file_actions_addclosefrom_np(&actions, 3);
    if (!working_dir.empty()) posix_spawn_file_actions_addchdir_np(&actions, working_dir.c_str());
  }
};

// A pipe's read end holding `text`, its write end closed: the child reads it, then end of file.
// The text must fit in the pipe, so that writing it never blocks the loop.
std::expected<int, SpawnError> StdinPipe(const std::string& text) {
  int in[2];
  if (pipe2(in, O_CLOEXEC) != 0) return std::unexpected(Errno(errno, "pipe"));
  fcntl(in[1], F_SETFL, O_NONBLOCK);
  size_t written = 0;
  while (written < text.size()) {
    const ssize_t n = write(in[1], text.data() + written, text.size() - written);
    if (n > 0) {
      written += static_cast<size_t>(n);
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else {
      const int e = n < 0 && errno != EAGAIN ? errno : E2BIG;
      close(in[0]);
      close(in[1]);
      return std::unexpected(Errno(e, "stdin of " + std::to_string(text.size()) + " bytes"));
    }
  }
  close(in[1]);
  return in[0];
}

}  // namespace

void PosixProcessRunner::Fd::Reset() {
  if (fd_ >= 0) close(fd_);
  fd_ = -1;
}

void PosixProcessRunner::Drop(Fd& fd) {
  if (!fd.valid()) return;
  loop_.UnwatchFd(fd.get());
  fd.Reset();
}

std::expected<ProcessRunner::ChildId, SpawnError> PosixProcessRunner::Spawn(
    const SpawnRequest& request, ChildHandlers handlers) {
  // Parent's ends non-blocking and close-on-exec; the child's ends are dup2'ed to 1 and 2.
  int out[2], err[2];
  if (pipe2(out, O_CLOEXEC) != 0) return std::unexpected(Errno(errno, "pipe"));
  Fd out_r(out[0]), out_w(out[1]);
  if (pipe2(err, O_CLOEXEC) != 0) return std::unexpected(Errno(errno, "pipe"));
  Fd err_r(err[0]), err_w(err[1]);
  for (const Fd* fd : {&out_r, &err_r}) fcntl(fd->get(), F_SETFL, O_NONBLOCK);
  Fd in_r;
  if (!request.stdin_text.empty()) {
    auto in = StdinPipe(request.stdin_text);
    if (!in) return std::unexpected(in.error());
    in_r = Fd(*in);
  }

  auto child = std::make_unique<Child>();
  SpawnSetup setup;
  setup.Prepare(in_r.get(), out_w.get(), err_w.get(), request.working_dir);
  std::vector<char*> argv = CStrings(request.argv);
  std::vector<char*> envp = CStrings(request.env);
  const int rc = posix_spawn(&child->pid, request.path.c_str(), &setup.actions, &setup.attr,
                             argv.data(), envp.data());
  if (rc != 0) return std::unexpected(Errno(rc, request.path));
  // The raw syscall: glibc 2.36's <sys/pidfd.h> lacks C linkage for C++.
  child->pidfd = Fd(static_cast<int>(syscall(SYS_pidfd_open, child->pid, 0)));
  if (!child->pidfd.valid()) {
    const int e = errno;
    kill(-child->pid, SIGKILL);
    waitpid(child->pid, nullptr, 0);
    return std::unexpected(Errno(e, "pidfd_open"));
  }
  child->out = std::move(out_r);
  child->err = std::move(err_r);
  child->handlers = std::move(handlers);
  const ChildId id = next_id_++;
  Child& c = *children_.emplace(id, std::move(child)).first->second;
  const bool watched = loop_.WatchFd(c.out.get(), [this, id] { OnPipeReady(id, true); }) &&
                       loop_.WatchFd(c.err.get(), [this, id] { OnPipeReady(id, false); }) &&
                       loop_.WatchFd(c.pidfd.get(), [this, id] { OnExit(id); });
  if (!watched) {  // without the loop nobody would ever see it finish
    kill(-c.pid, SIGKILL);
    waitpid(c.pid, nullptr, 0);
    for (Fd* fd : {&c.out, &c.err, &c.pidfd}) Drop(*fd);
    children_.erase(id);
    return std::unexpected(SpawnError{EMFILE, "the event loop refused the child's fds"});
  }
  return id;
}

void PosixProcessRunner::OnPipeReady(ChildId id, bool is_stdout) {
  auto it = children_.find(id);
  if (it == children_.end()) return;
  Child& c = *it->second;
  Fd& fd = is_stdout ? c.out : c.err;
  char buf[kReadChunk];
  for (int i = 0; i < kMaxReadsPerWakeup && fd.valid(); ++i) {
    const ssize_t n = read(fd.get(), buf, sizeof buf);
    if (n > 0) {
      auto& handler = is_stdout ? c.handlers.on_stdout : c.handlers.on_stderr;
      if (handler) handler(std::string_view(buf, static_cast<size_t>(n)));
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) return;
    Drop(fd);  // EOF or a hard error: this stream is over
  }
}

void PosixProcessRunner::OnExit(ChildId id) {
  auto it = children_.find(id);
  if (it == children_.end()) return;
  int status = 0;
  const pid_t reaped = waitpid(it->second->pid, &status, WNOHANG);
  if (reaped == 0) return;  // spurious wakeup
  // Output written before the exit may still sit in the pipes. Grandchildren may keep them
  // open, so read only what is there now: a pipe holds at most 64 KiB, one bounded pass.
  OnPipeReady(id, true);
  OnPipeReady(id, false);
  std::unique_ptr<Child> child = std::move(it->second);
  children_.erase(it);
  for (Fd* fd : {&child->out, &child->err, &child->pidfd}) Drop(*fd);
  ChildExit exit;  // stays {-1, 0} when the status is lost (someone else reaped the child)
  if (reaped > 0 && WIFEXITED(status)) exit.exit_code = WEXITSTATUS(status);
  if (reaped > 0 && WIFSIGNALED(status)) exit.signal = WTERMSIG(status);
  if (child->handlers.on_exit) child->handlers.on_exit(exit);
}

void PosixProcessRunner::SignalGroup(ChildId id, int sig) {
  auto it = children_.find(id);
  // Until OnExit reaps the leader, its pid (and so its group id) cannot be reused.
  if (it != children_.end()) kill(-it->second->pid, sig);
}

bool PosixProcessRunner::CanExecute(const std::string& path) const {
  struct stat st {};
  return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && access(path.c_str(), X_OK) == 0;
}

PosixProcessRunner::~PosixProcessRunner() {
  for (auto& [id, child] : children_) {
    kill(-child->pid, SIGKILL);
    waitpid(child->pid, nullptr, 0);
    for (Fd* fd : {&child->out, &child->err, &child->pidfd}) Drop(*fd);
  }
}

}  // namespace keel
