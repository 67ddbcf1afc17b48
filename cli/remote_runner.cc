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

std::vector<std::string> SshRunner::ShellArgv(std::string_view shell, const std::string& node,
                                              const std::vector<std::string>& argv) {
  std::vector<std::string> out;
  std::istringstream words{std::string(shell)};
  for (std::string word; words >> word;) out.push_back(word);
  out.push_back(node);
  out.insert(out.end(), argv.begin(), argv.end());
  return out;
}

std::expected<ProgramResult, Error> SshRunner::Run(const std::string& node,
                                                   const std::vector<std::string>& argv,
                                                   int timeout_ms) {
  const char* shell = std::getenv("KEEL_REMOTE_SHELL");
  const bool custom = shell != nullptr &&
                      std::string_view(shell).find_first_not_of(" \t") != std::string_view::npos;
  return RunProgram(custom ? ShellArgv(shell, node, argv) : SshArgv(node, argv), timeout_ms);
}

}  // namespace keel
