#include "cli/remote_runner.h"

namespace keel {

std::vector<std::string> SshRunner::SshArgv(const std::string& node,
                                            const std::vector<std::string>& argv) {
  std::vector<std::string> out{"ssh", "-o", "BatchMode=yes", "root@" + node};
  out.insert(out.end(), argv.begin(), argv.end());
  return out;
}

std::expected<ProgramResult, Error> SshRunner::Run(const std::string& node,
                                                   const std::vector<std::string>& argv,
                                                   int timeout_ms) {
  return RunProgram(SshArgv(node, argv), timeout_ms);
}

}  // namespace keel
