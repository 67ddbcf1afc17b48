// `crm cib query`: the whole CIB from the local crmd, as XML.

#include "cli/command.h"
#include "cli/ipc_client_name.h"
#include "cli/ipc_connection.h"

namespace keel {

int RunCibCommand(const CommandArgs& args, std::ostream& out, std::ostream& err) {
  if (args.size() != 1 || args[0] != "query") {
    err << "usage: crm cib query   (prints the whole CIB as XML)\n";
    return 2;
  }
  auto c = IpcConnection::Connect(IpcClientName());
  if (!c) {
    err << "crm cib: " << c.error().ToString() << "\n";
    return 1;
  }
  auto cib = (*c)->Call(IpcRequest{"query", ""}, 10'000);
  if (!cib) {
    err << "crm cib: " << cib.error().ToString() << "\n";
    return 1;
  }
  out << *cib;
  if (!cib->empty() && cib->back() != '\n') out << "\n";
  return 0;
}

}  // namespace keel
