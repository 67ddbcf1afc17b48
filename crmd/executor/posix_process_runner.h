#pragma once
// ProcessRunner on Linux: posix_spawn with POSIX_SPAWN_SETSID (the child leads a new session and
// process group), signals reset to default, stdin /dev/null, stdout/stderr on non-blocking pipes
// and the exit seen through a pidfd, all watched by the EventLoop. No SIGCHLD handler is needed,
// but SIGCHLD must not be set to SIG_IGN in this process (children would be reaped away).

#include <sys/types.h>

#include <map>
#include <memory>

#include "crmd/executor/event_loop.h"
#include "crmd/executor/process_runner.h"

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

  size_t running_count() const { return children_.size(); }

 private:
  struct Child {
    pid_t pid = -1;
    int pidfd = -1;
    int out_fd = -1;  // parent's read ends, -1 once at EOF
    int err_fd = -1;
    ChildHandlers handlers;
  };
  void OnPipeReady(ChildId id, bool is_stdout);
  void OnExit(ChildId id);

  EventLoop& loop_;
  ChildId next_id_ = 1;
  std::map<ChildId, std::unique_ptr<Child>> children_;
};

}  // namespace keel
