#pragma once
// The seam to child processes (agents, fence agents). The real one is PosixProcessRunner
// (crmd/executor/posix_process_runner.h); unit tests use
// crmd/executor/testing/fake_process_runner.h.

#include <cstdint>
#include <expected>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace keel {

struct SpawnRequest {
  std::string path;               // executed directly, never through a shell
  std::vector<std::string> argv;  // argv[0] included
  std::vector<std::string> env;   // the complete environment, "NAME=value"
  std::string working_dir = "/";
  // Written to the child's stdin before it starts, which then reads end of file (fence agents
  // take their arguments there). Empty: stdin is /dev/null. At most 64 KiB (one pipe's worth).
  std::string stdin_text;
};

struct ChildExit {
  int exit_code = -1;  // -1 when killed by a signal
  int signal = 0;
};

// Why a child could not start: the errno of the failed exec (ENOENT, EACCES, ...) and words.
struct SpawnError {
  int err = 0;
  std::string message;
};

struct ChildHandlers {
  std::function<void(std::string_view)> on_stdout;  // chunks as they arrive
  std::function<void(std::string_view)> on_stderr;
  // Exactly once, after the output read so far has been delivered. The child id is invalid
  // afterwards.
  std::function<void(ChildExit)> on_exit;
};

class ProcessRunner {
 public:
  using ChildId = uint64_t;
  virtual ~ProcessRunner() = default;

  // Starts the child as the leader of a new session and process group, stdin from
  // request.stdin_text (or /dev/null).
  // Handlers are never called from inside Spawn.
  virtual std::expected<ChildId, SpawnError> Spawn(const SpawnRequest& request,
                                                   ChildHandlers handlers) = 0;
  // Sends `sig` to the child's whole process group; a no-op once it has been reported exited.
  virtual void SignalGroup(ChildId id, int sig) = 0;
  // True when `path` is a file this process may execute (for agents that are never run to
  // learn about them, e.g. lsb meta-data).
  virtual bool CanExecute(const std::string& path) const = 0;
};

}  // namespace keel
