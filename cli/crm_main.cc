// crm: the operator's shell. Dispatches `crm WORD ...` to the command that handles WORD.

#include <iostream>
#include <string>
#include <vector>

#include "cli/command.h"

namespace {

struct CommandEntry {
  const char* word;
  int (*run)(const keel::CommandArgs&, std::ostream&, std::ostream&);
  const char* summary;
};

constexpr CommandEntry kCommands[] = {
    {"simulate", keel::RunSimulateCommand, "run the scheduler on a CIB file and show its plan"},
};

void PrintUsage(std::ostream& out) {
  out << "usage: crm COMMAND [ARGS...]\n\ncommands:\n";
  for (const CommandEntry& c : kCommands) out << "  " << c.word << "\t" << c.summary << "\n";
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "help" || args[0] == "--help" || args[0] == "-h") {
    PrintUsage(std::cout);
    return args.empty() ? 1 : 0;
  }
  for (const CommandEntry& c : kCommands) {
    if (args[0] == c.word) {
      return c.run(keel::CommandArgs(args.begin() + 1, args.end()), std::cout, std::cerr);
    }
  }
  std::cerr << "crm: unknown command '" << args[0] << "' (try 'crm help')\n";
  return 2;
}
