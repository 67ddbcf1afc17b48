#include "crmd/executor/posix_process_runner.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace keel {

namespace {

constexpr size_t kReadChunk = 16 * 1024;
constexpr int kMaxReadsPerWakeup = 8;  // keeps one chatty child from starving the loop

void CloseFd(int& fd) {
  if (fd >= 0) close(fd);
  fd = -1;
}

// The parent's ends are non-blocking and close-on-exec; the child's ends get dup2'ed to 1 and 2.
bool MakePipe(int fds[2]) {
  if (pipe2(fds, O_CLOEXEC) != 0) return false;
  fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK);
  return true;
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
  void Prepare(int out_w, int err_w, const std::string& working_dir) {
    sigset_t none, all;
    sigemptyset(&none);
    sigfillset(&all);
    sigdelset(&all, SIGKILL);
    sigdelset(&all, SIGSTOP);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &all);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK |
                                        POSIX_SPAWN_SETSIGDEF);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, out_w, 1);
    posix_spawn_file_actions_adddup2(&actions, err_w, 2);
    posix_spawn_file_actions_addclosefrom_np(&actions, 3);
    if (!working_dir.empty()) posix_spawn_file_actions_addchdir_np(&actions, working_dir.c_str());
  }
};

}  // namespace

std::expected<ProcessRunner::ChildId, SpawnError> PosixProcessRunner::Spawn(
    const SpawnRequest& request, ChildHandlers handlers) {
  int out[2], err[2];
  if (!MakePipe(out)) return std::unexpected(SpawnError{errno, "pipe: " + std::string(strerror(errno))});
  if (!MakePipe(err)) {
    int e = errno;
    close(out[0]);
    close(out[1]);
    return std::unexpected(SpawnError{e, "pipe: " + std::string(strerror(e))});
  }
  auto child = std::make_unique<Child>();
  child->handlers = std::move(handlers);
  child->out_fd = out[0];
  child->err_fd = err[0];
  SpawnSetup setup;
  setup.Prepare(out[1], err[1], request.working_dir);
  std::vector<char*> argv = CStrings(request.argv);
  std::vector<char*> envp = CStrings(request.env);
  int rc = posix_spawn(&child->pid, request.path.c_str(), &setup.actions, &setup.attr,
                       argv.data(), envp.data());
  close(out[1]);
  close(err[1]);
  if (rc != 0) {
    CloseFd(child->out_fd);
    CloseFd(child->err_fd);
    return std::unexpected(SpawnError{rc, request.path + ": " + strerror(rc)});
  }
  // The raw syscall: glibc 2.36's <sys/pidfd.h> lacks C linkage for C++.
  child->pidfd = static_cast<int>(syscall(SYS_pidfd_open, child->pid, 0));
  if (child->pidfd < 0) {
    int e = errno;
    kill(-child->pid, SIGKILL);
    waitpid(child->pid, nullptr, 0);
    CloseFd(child->out_fd);
    CloseFd(child->err_fd);
    return std::unexpected(SpawnError{e, "pidfd_open: " + std::string(strerror(e))});
  }
  const ChildId id = next_id_++;
  Child& c = *child;
  children_.emplace(id, std::move(child));
  loop_.WatchFd(c.out_fd, [this, id] { OnPipeReady(id, true); });
  loop_.WatchFd(c.err_fd, [this, id] { OnPipeReady(id, false); });
  loop_.WatchFd(c.pidfd, [this, id] { OnExit(id); });
  return id;
}

void PosixProcessRunner::OnPipeReady(ChildId id, bool is_stdout) {
  auto it = children_.find(id);
  if (it == children_.end()) return;
  Child& c = *it->second;
  int& fd = is_stdout ? c.out_fd : c.err_fd;
  char buf[kReadChunk];
  for (int i = 0; i < kMaxReadsPerWakeup && fd >= 0; ++i) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n > 0) {
      auto& handler = is_stdout ? c.handlers.on_stdout : c.handlers.on_stderr;
      if (handler) handler(std::string_view(buf, static_cast<size_t>(n)));
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) return;
    loop_.UnwatchFd(fd);  // EOF or a hard error: this stream is over
    CloseFd(fd);
  }
}

void PosixProcessRunner::OnExit(ChildId id) {
  auto it = children_.find(id);
  if (it == children_.end()) return;
  int status = 0;
  const pid_t reaped = waitpid(it->second->pid, &status, WNOHANG);
  if (reaped == 0) return;  // spurious wakeup
  // Output written before the exit is still in the pipes: deliver it first. Grandchildren may
  // keep the pipes open, so read only what is there now.
  OnPipeReady(id, true);  // a pipe holds at most 64 KiB: one bounded pass empties it
  OnPipeReady(id, false);
  std::unique_ptr<Child> child = std::move(it->second);
  children_.erase(it);
  for (int* fd : {&child->out_fd, &child->err_fd, &child->pidfd}) {
    if (*fd >= 0) loop_.UnwatchFd(*fd);
    CloseFd(*fd);
  }
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

PosixProcessRunner::~PosixProcessRunner() {
  for (auto& [id, child] : children_) {
    kill(-child->pid, SIGKILL);
    waitpid(child->pid, nullptr, 0);
    for (int* fd : {&child->out_fd, &child->err_fd, &child->pidfd}) {
      if (*fd >= 0) loop_.UnwatchFd(*fd);
      CloseFd(*fd);
    }
  }
}

}  // namespace keel
