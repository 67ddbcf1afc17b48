// crm lint: an alias of `crm configure verify` (cli/verify.h).
#include "cli/command.h"

namespace keel {

int RunLintCommand(const CommandArgs& args, std::ostream& out, std::ostream& err) {
  if (!args.empty()) {
    err << "usage: crm lint (the same as crm configure verify; no arguments)\n";
    return 2;
  }
  return RunConfigureCommand({"verify"}, out, err);
}

}  // namespace keel
