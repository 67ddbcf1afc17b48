#pragma once
// For tests that run real processes: reading a small file, and whether a process is gone.

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

namespace keel::testing {

inline std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

// True when the pid is gone or a zombie (killed, waiting for a reaper that may be slow).
inline bool DeadOrZombie(pid_t pid) {
  std::string stat = ReadFile("/proc/" + std::to_string(pid) + "/stat");
  if (stat.empty()) return true;
  size_t paren = stat.rfind(')');
  return paren != std::string::npos && paren + 2 < stat.size() && stat[paren + 2] == 'Z';
}

// SIGKILL is delivered asynchronously: a killed process can still show as running for a
// moment, so this waits (at most `bound`) for every pid to be dead or a zombie.
template <typename... Pids>
bool AllDieWithin(std::chrono::milliseconds bound, Pids... pids) {
  const auto end = std::chrono::steady_clock::now() + bound;
  while (!(DeadOrZombie(pids) && ...)) {
    if (std::chrono::steady_clock::now() >= end) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

}  // namespace keel::testing
