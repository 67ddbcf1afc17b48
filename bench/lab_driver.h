// The lab seen from a benchmark: runs commands with deadlines, drives lab/lab.sh (up, heal,
// reboot, down), enters a node's namespaces with nsenter, and reads a node's files. Root only.
// Every child runs in its own process group and is killed by PID when its deadline passes or
// the bench is interrupted; Lab's destructor tears the lab down (lab.sh down kills by PID).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <expected>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace keel::bench {

// SIGINT / SIGTERM / SIGHUP set a flag that every wait here checks; nothing is killed by name.
void InstallInterruptHandlers();
bool Interrupted();

// Polls fn every poll_ms until it holds (true), or the timeout passes or the bench is
// interrupted (false).
bool WaitUntil(std::chrono::milliseconds timeout, const std::function<bool()>& fn,
               int poll_ms = 20);

// Microseconds since the epoch on the system clock: the clock of crmd's log stamps.
int64_t NowUs();

struct CommandResult {
  int exit_code = -1;  // -1 when killed by a signal
  std::string output;  // stdout and stderr, capped at 1 MB
};

// Runs argv (argv[0] found in PATH) with stdin from /dev/null. Errors: could not start, deadline
// passed or (when interruptible) interrupted; the child's process group is then SIGKILLed.
std::expected<CommandResult, std::string> RunCommand(const std::vector<std::string>& argv,
                                                     std::chrono::milliseconds timeout,
                                                     bool interruptible = true);

struct LabSettings {
  std::string lab_sh;     // lab/lab.sh
  std::string crmd;       // crmd binary
  std::string crm;        // crm binary
  std::string name;       // LAB_NAME, unique per run
  std::string dir;        // LAB_DIR
  std::string crmd_args;  // LAB_CRMD_ARGS
  std::string net = "198.18.0";
  int nodes = 3;
  int token_ms = 1000;
};

class Lab {
 public:
  // Exports the LAB_* settings for lab.sh; starts nothing.
  explicit Lab(LabSettings settings);
  ~Lab();
  Lab(const Lab&) = delete;
  Lab& operator=(const Lab&) = delete;

  const LabSettings& settings() const { return s_; }
  std::expected<void, std::string> Up();
  // lab.sh down: SIGTERM then SIGKILL to every PID in the lab's namespaces; idempotent.
  void Down();
  // `lab.sh SUB ARGS...` with a deadline; the error carries lab.sh's output.
  std::expected<std::string, std::string> LabSh(const std::vector<std::string>& args,
                                                std::chrono::milliseconds timeout);
  // The switch port of node k down: the exact command `lab.sh cut k` runs, without bash's
  // start-up time in the measurement.
  std::expected<void, std::string> CutLink(int k);
  std::expected<CommandResult, std::string> InNode(int k, const std::vector<std::string>& argv,
                                                   std::chrono::milliseconds timeout);
  std::expected<CommandResult, std::string> Crm(int k, const std::vector<std::string>& args);
  // Whether node k's eth0 holds ip (checked from the root namespace with `ip -n`).
  bool HasAddress(int k, const std::string& ip);
  // The PID in node k's DAEMON.pid when that process is alive (not a zombie).
  std::optional<pid_t> DaemonPid(int k, const std::string& daemon) const;

  std::string NodeDir(int k) const { return s_.dir + "/n" + std::to_string(k); }
  std::string CrmdLog(int k) const { return NodeDir(k) + "/log/crmd.log"; }
  std::string CorosyncLog(int k) const { return NodeDir(k) + "/log/corosync.log"; }
  std::string SwitchNs() const { return s_.name + "-sw"; }
  std::string NodeNs(int k) const { return s_.name + "-n" + std::to_string(k); }

 private:
  LabSettings s_;
  bool up_ = false;
};

// The whole file, or "" when it cannot be read.
std::string ReadFile(const std::string& path);
// A size in bytes, or 0.
int64_t FileSize(const std::string& path);
// "VmRSS" / "VmHWM" of /proc/PID/status in kB, or nullopt.
std::optional<int64_t> ProcStatusKb(pid_t pid, const std::string& field);

}  // namespace keel::bench
