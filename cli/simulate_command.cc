#include "cli/command.h"

namespace keel {

int RunSimulateCommand(const CommandArgs&, std::ostream&, std::ostream& err) {
  err << "crm simulate: not implemented yet (the scheduler is issue #3)\n";
  return 2;
}

}  // namespace keel
