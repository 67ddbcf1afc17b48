#include "cli/remote_runner.h"

#include <cstdlib>
#include <sstream>

namespace keel {

std::vector<std::string> SshRunner::SshArgv(const std::string& node,
                                            const std::vector<std::string>& argv) {
  std::vector<std::string> out{"ssh", "-o", "BatchMode=yes", "root@" + node};
  out.insert(out.end(), argv.begin(), argv.end());
  return out;
}

std::vector<std::string> SshRunner::ShellWords(const char* value) {
  std::vector<std::string> out;
  std::istringstream words{std::string(value == nullptr ? "" : value)};
  for (std::string word; words >> word;) out.push_back(word);
  return out;
}

std::vector<std::string> SshRunner::ShellArgv(std::vector<std::string> shell,
                                              const std::string& node,
                                              const std::vector<std::string>& argv) {
  shell.push_back(node);
  shell.insert(shell.end(), argv.begin(), argv.end());
  return shell;
}

std::expected<ProgramResult, Error> SshRunner::Run(const std::string& node,
                                                   const std::vector<std::string>& argv,
                                                   int timeout_ms) {
  std::vector<std::string> shell = ShellWords(std::getenv("KEEL_REMOTE_SHELL"));
  return RunProgram(shell.empty() ? SshArgv(node, argv) : ShellArgv(std::move(shell), node, argv),
                    timeout_ms);
}

}  // namespace keel
