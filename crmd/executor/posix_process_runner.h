#pragma once
// ProcessRunner on Linux: posix_spawn with POSIX_SPAWN_SETSID (the child leads a new session and
// process group), signals reset to default, stdin /dev/null, stdout/stderr on non-blocking pipes
// and the exit seen through a pidfd, all watched by the EventLoop. No SIGCHLD handler is needed,
// but SIGCHLD must not be set to SIG_IGN in this process (children would be reaped away).

#include <sys/types.h>

#include <map>
#include <memory>
#include <utility>

#include "xml/base/event_loop.h"
#include "xml/base/process_runner.h"

namespace keel {

class PosixProcessRunner : public ProcessRunner {
 public:
  // `loop` must outlive the runner.
  explicit PosixProcessRunner(EventLoop& loop) : loop_(loop) {}
  // SIGKILLs the groups of children still running and reaps them (their handlers are not called).
  ~PosixProcessRunner() override;
  PosixProcessRunner(const PosixProcessRunner&) = delete;
  PosixProcessRunner& operator=(const PosixProcessRunner&) = delete;

  std::expected<ChildId, SpawnError> Spawn(const SpawnRequest& request,
                                           ChildHandlers handlers) override;
  void SignalGroup(ChildId id, int sig) override;
  bool CanExecute(const std::string& path) const override;

  size_t running_count() const { return children_.size(); }

 private:
  // An owned file descriptor, closed on destruction.
  class Fd {
   public:
    Fd() = default;
    explicit Fd(int fd) : fd_(fd) {}
    Fd(Fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
    Fd& operator=(Fd&& other) noexcept {
      if (this != &other) {
        Reset();
        fd_ = std::exchange(other.fd_, -1);
      }
      return *this;
    }
    ~Fd() { Reset(); }
    int get() const { return fd_; }
    bool valid() const { return fd_ >= 0; }
    void Reset();

   private:
    int fd_ = -1;
  };
  struct Child {
    pid_t pid = -1;
    Fd pidfd;
    Fd out;  // the parent's read ends; reset at EOF
    Fd err;
    ChildHandlers handlers;
  };
  void OnPipeReady(ChildId id, bool is_stdout);
  void OnExit(ChildId id);
  // Unwatches and closes; fds must leave the loop before they are closed.
  void Drop(Fd& fd);

  EventLoop& loop_;
  ChildId next_id_ = 1;
  std::map<ChildId, std::unique_ptr<Child>> children_;
};

}  // namespace keel
