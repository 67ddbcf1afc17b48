#include "bench/lab_driver.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

namespace keel::bench {
namespace {

volatile std::sig_atomic_t interrupted = 0;

void OnSignal(int) { interrupted = 1; }

constexpr size_t kOutputCap = 1 << 20;

[[noreturn]] void ExecChild(const std::vector<std::string>& argv, int out_fd) {
  setpgid(0, 0);
  int null_fd = open("/dev/null", O_RDONLY);
  if (null_fd >= 0) dup2(null_fd, STDIN_FILENO);
  dup2(out_fd, STDOUT_FILENO);
  dup2(out_fd, STDERR_FILENO);
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  execvp(args[0], args.data());
  _exit(127);
}

// Reads what is available without blocking longer than wait_ms.
void Drain(int fd, int wait_ms, std::string& out) {
  pollfd p{fd, POLLIN, 0};
  if (poll(&p, 1, wait_ms) <= 0) return;
  char buf[4096];
  ssize_t n = read(fd, buf, sizeof(buf));
  if (n > 0 && out.size() < kOutputCap) out.append(buf, static_cast<size_t>(n));
}

}  // namespace

void InstallInterruptHandlers() {
  struct sigaction sa {};
  sa.sa_handler = OnSignal;
  sigemptyset(&sa.sa_mask);
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) sigaction(sig, &sa, nullptr);
}

bool Interrupted() { return interrupted != 0; }

bool WaitUntil(std::chrono::milliseconds timeout, const std::function<bool()>& fn, int poll_ms) {
  int64_t end = NowUs() + timeout.count() * 1000;
  while (!Interrupted()) {
    if (fn()) return true;
    if (NowUs() > end) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(poll_ms));
  }
  return false;
}

int64_t NowUs() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::expected<CommandResult, std::string> RunCommand(const std::vector<std::string>& argv,
                                                     std::chrono::milliseconds timeout,
                                                     bool interruptible) {
  if (argv.empty()) return std::unexpected("empty command");
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return std::unexpected("pipe failed");
  pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    return std::unexpected("fork failed");
  }
  if (pid == 0) ExecChild(argv, fds[1]);
  close(fds[1]);
  setpgid(pid, pid);  // both sides set it: no race with an early kill
  auto deadline = std::chrono::steady_clock::now() + timeout;
  CommandResult result;
  int status = 0;
  std::string failure;
  for (;;) {
    Drain(fds[0], 5, result.output);
    pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    bool late = std::chrono::steady_clock::now() > deadline;
    if (late || (interruptible && Interrupted())) {
      failure = late ? "timed out after " + std::to_string(timeout.count()) + " ms" : "interrupted";
      kill(-pid, SIGKILL);
      waitpid(pid, &status, 0);
      break;
    }
  }
  for (int i = 0; i < 100 && result.output.size() < kOutputCap; ++i) {
    size_t before = result.output.size();
    Drain(fds[0], 0, result.output);
    if (result.output.size() == before) break;
  }
  close(fds[0]);
  if (!failure.empty()) return std::unexpected(argv[0] + ": " + failure);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

Lab::Lab(LabSettings settings) : s_(std::move(settings)) {
  setenv("LAB_NAME", s_.name.c_str(), 1);
  setenv("LAB_DIR", s_.dir.c_str(), 1);
  setenv("LAB_NODES", std::to_string(s_.nodes).c_str(), 1);
  setenv("LAB_NET", s_.net.c_str(), 1);
  setenv("LAB_TOKEN", std::to_string(s_.token_ms).c_str(), 1);
  setenv("LAB_TRANSPORT", "knet", 1);
  setenv("LAB_CRMD", s_.crmd.c_str(), 1);
  setenv("LAB_CRMD_ARGS", s_.crmd_args.c_str(), 1);
}

Lab::~Lab() { Down(); }

std::expected<void, std::string> Lab::Up() {
  up_ = true;  // a half-made lab is torn down too
  auto out = LabSh({"up"}, std::chrono::seconds(120));
  if (!out) return std::unexpected(out.error());
  return {};
}

void Lab::Down() {
  if (!up_) return;
  auto out = RunCommand({s_.lab_sh, "down"}, std::chrono::seconds(60), false);
  if (!out || out->exit_code != 0) {
    std::fprintf(stderr, "failover_bench: lab.sh down failed: %s\n",
                 out ? out->output.c_str() : out.error().c_str());
  }
  up_ = false;
}

std::expected<std::string, std::string> Lab::LabSh(const std::vector<std::string>& args,
                                                   std::chrono::milliseconds timeout) {
  std::vector<std::string> argv{s_.lab_sh};
  argv.insert(argv.end(), args.begin(), args.end());
  auto out = RunCommand(argv, timeout);
  if (!out) return std::unexpected("lab.sh " + args.front() + ": " + out.error());
  if (out->exit_code != 0) {
    return std::unexpected("lab.sh " + args.front() + " exited " + std::to_string(out->exit_code) +
                           ": " + out->output);
  }
  return out->output;
}

std::expected<void, std::string> Lab::CutLink(int k) {
  auto out = RunCommand({"ip", "-n", SwitchNs(), "link", "set", "p" + std::to_string(k), "down"},
                        std::chrono::seconds(10));
  if (!out) return std::unexpected(out.error());
  if (out->exit_code != 0)
    return std::unexpected("cutting n" + std::to_string(k) + ": " + out->output);
  return {};
}

std::expected<CommandResult, std::string> Lab::InNode(int k, const std::vector<std::string>& argv,
                                                      std::chrono::milliseconds timeout) {
  std::vector<std::string> full{"nsenter", "--mount=" + NodeDir(k) + "/ns.mnt",
                                "--uts=" + NodeDir(k) + "/ns.uts", "--net=/run/netns/" + NodeNs(k),
                                "--"};
  full.insert(full.end(), argv.begin(), argv.end());
  return RunCommand(full, timeout);
}

std::expected<CommandResult, std::string> Lab::Crm(int k, const std::vector<std::string>& args) {
  std::vector<std::string> argv{s_.crm};
  argv.insert(argv.end(), args.begin(), args.end());
  return InNode(k, argv, std::chrono::seconds(30));
}

bool Lab::HasAddress(int k, const std::string& ip) {
  auto out = RunCommand({"ip", "-n", NodeNs(k), "-4", "-o", "addr", "show", "dev", "eth0"},
                        std::chrono::seconds(5));
  return out && out->exit_code == 0 && out->output.find(" " + ip + "/") != std::string::npos;
}

std::optional<pid_t> Lab::DaemonPid(int k, const std::string& daemon) const {
  std::string text = ReadFile(NodeDir(k) + "/" + daemon + ".pid");
  pid_t pid = static_cast<pid_t>(std::atol(text.c_str()));
  if (pid <= 0 || kill(pid, 0) != 0) return std::nullopt;
  // A zombie is gone too (lab daemons are reparented; whoever adopted them may reap late).
  std::string stat = ReadFile("/proc/" + std::to_string(pid) + "/stat");
  size_t paren = stat.rfind(')');
  if (paren != std::string::npos && paren + 2 < stat.size() && stat[paren + 2] == 'Z')
    return std::nullopt;
  return pid;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "";
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

int64_t FileSize(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  return in ? static_cast<int64_t>(in.tellg()) : 0;
}

std::optional<int64_t> ProcStatusKb(pid_t pid, const std::string& field) {
  std::istringstream in(ReadFile("/proc/" + std::to_string(pid) + "/status"));
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(field + ":", 0) == 0) return std::atoll(line.c_str() + field.size() + 1);
  }
  return std::nullopt;
}

}  // namespace keel::bench
