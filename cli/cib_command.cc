// `crm cib query`: the whole CIB (from the local crmd, or CIB_file), as XML.

#include "cli/cib_client.h"
#include "cli/command.h"
#include "cli/shadow_cib.h"

namespace keel {

int RunCibCommand(const CommandArgs& args, std::ostream& out, std::ostream& err) {
  if (!args.empty() && args[0] != "query") return RunShadowCommand(args, out, err);
  if (args.size() != 1 || args[0] != "query") {
    err << "usage: crm cib query   (prints the whole CIB as XML)\n";
    return 2;
  }
  auto cib = MakeDefaultCibClient()->Query();  // CIB_file when set, else the local crmd
  if (!cib) {
    err << "crm cib: " << cib.error().ToString() << "\n";
    return 1;
  }
  out << *cib;
  if (!cib->empty() && cib->back() != '\n') out << "\n";
  return 0;
}

}  // namespace keel
