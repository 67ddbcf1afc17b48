#pragma once
// Runs another program (systemctl, corosync-cfgtool, corosync, crmd) without a shell: its exit
// status and what it wrote (stdout and stderr together), bounded in time.

#include <expected>
#include <string>
#include <vector>

#include "xml/base/error.h"

namespace keel {

struct ProgramResult {
  int exit_code = 0;  // 128 + N when killed by signal N
  std::string output;
};

// `argv[0]` is looked up in PATH. After `timeout_ms` the program is killed and an error returned.
// Without `capture`, its output goes to /dev/null and only its exit is awaited (for daemons,
// whose background process would keep a pipe open).
std::expected<ProgramResult, Error> RunProgram(const std::vector<std::string>& argv, int timeout_ms,
                                               bool capture = true);

}  // namespace keel
