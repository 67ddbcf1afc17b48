#pragma once
// One crm subcommand: arguments after the command word, output streams, exit status.

#include <ostream>
#include <string>
#include <vector>

namespace keel {

using CommandArgs = std::vector<std::string>;

// `crm simulate --xml-file FILE [--json] [--scores] [--explain RSC]` (cli/simulate_command.cc).
int RunSimulateCommand(const CommandArgs& args, std::ostream& out, std::ostream& err);

}  // namespace keel
