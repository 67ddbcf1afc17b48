// crm: the operator's shell. Global options (Boost.Program_options) come before the command
// word; `crm WORD ...` dispatches to the command that handles WORD; `crm` alone opens the shell.

#include <boost/program_options.hpp>
#include <iostream>
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/crm_dispatch_table.h"
#include "cli/json_errors.h"
#include "cli/suggest.h"

int main(int argc, char** argv) {
  namespace po = boost::program_options;
  // Options end at the command word: what follows belongs to the command (and may look like
  // an option, e.g. "-inf:" in a constraint).
  int first_word = 1;
  while (first_word < argc && argv[first_word][0] == '-') ++first_word;
  po::options_description options("options");
  options.add_options()("help,h", "show help")("force,F", "accept agents that are not installed");
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(first_word, argv).options(options).run(), vm);
  } catch (const po::error& e) {
    std::cerr << "crm: " << e.what() << " (try 'crm help')\n";
    return 2;
  }
  bool force = vm.count("force") > 0;
  std::vector<std::string> args(argv + first_word, argv + argc);
  if (vm.count("help")) return keel::RunHelpCommand(args, std::cout, std::cerr);
  if (args.empty()) return keel::RunShell("", force, std::cout, std::cerr);
  std::vector<std::string> words;
  for (const keel::CrmDispatchEntry& c : keel::CrmDispatchTable()) {
    words.push_back(c.word);
    if (args[0] != c.word) continue;
    keel::CommandArgs rest(args.begin() + 1, args.end());
    if (force && c.takes_force) rest.insert(rest.begin(), "--force");
    return keel::RunWithJsonErrors(c.word, c.run, rest, std::cout, std::cerr);
  }
  std::cerr << "crm: " << keel::UnknownWordMessage("command", args[0], words)
            << " (try 'crm help')\n";
  return 2;
}
