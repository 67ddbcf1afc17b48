#pragma once
// Runs a command on another node of the cluster, for `crm cluster start|stop|restart --all`.
// SshRunner does it as crmsh does, `ssh -o BatchMode=yes root@NODE COMMAND...` (keys set up
// beforehand; a password prompt is a failure, not a wait), or, when KEEL_REMOTE_SHELL is set,
// with its words instead: `WORDS... NODE COMMAND...`. Unit tests use a fake.

#include <expected>
#include <string>
#include <vector>

#include "cli/program_runner.h"
#include "xml/base/error.h"

namespace keel {

class RemoteRunner {
 public:
  virtual ~RemoteRunner() = default;
  // Runs `argv` on `node` and waits at most `timeout_ms`: its exit status and output, or why
  // it could not be run.
  virtual std::expected<ProgramResult, Error> Run(const std::string& node,
                                                  const std::vector<std::string>& argv,
                                                  int timeout_ms) = 0;
};

class SshRunner : public RemoteRunner {
 public:
  std::expected<ProgramResult, Error> Run(const std::string& node,
                                          const std::vector<std::string>& argv,
                                          int timeout_ms) override;
  // The ssh command line Run uses (argv's words are passed as they are: no quoting is added,
  // so they must be plain words).
  static std::vector<std::string> SshArgv(const std::string& node,
                                          const std::vector<std::string>& argv);
  // The words of a KEEL_REMOTE_SHELL value, split at white space; none (unset or blank): ssh.
  static std::vector<std::string> ShellWords(const char* value);
  // The command line with those words instead of ssh.
  static std::vector<std::string> ShellArgv(std::vector<std::string> shell, const std::string& node,
                                            const std::vector<std::string>& argv);
};

}  // namespace keel
