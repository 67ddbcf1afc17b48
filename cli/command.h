#pragma once
// One crm subcommand: arguments after the command word, output streams, exit status.

#include <ostream>
#include <string>
#include <vector>

namespace keel {

using CommandArgs = std::vector<std::string>;

// `crm simulate --xml-file FILE [--json] [--scores] [--explain RSC]` (cli/simulate_command.cc).
int RunSimulateCommand(const CommandArgs& args, std::ostream& out, std::ostream& err);

// `crm configure [--force] [COMMAND ARGS...]`: one-shot (commits at once), or the shell at the
// configure level when no command is given (cli/configure_command.cc).
int RunConfigureCommand(const CommandArgs& args, std::ostream& out, std::ostream& err);

// `crm resource ...` and `crm node ...` one-shots (cli/configure_command.cc).
int RunResourceCommand(const CommandArgs& args, std::ostream& out, std::ostream& err);
int RunNodeCommand(const CommandArgs& args, std::ostream& out, std::ostream& err);
// `crm node list [--json]` and `crm node show [NODE] [--json]` (cli/node_command.cc).
int RunNodeShowCommand(const CommandArgs& args, std::ostream& out, std::ostream& err);
// `crm node attribute|utilization NODE set NAME VALUE | delete NAME | show [NAME]`: permanent
// node attributes / utilization in <nodes> (cli/node_attribute_command.cc).
int RunNodeAttributeCommand(const CommandArgs& args, std::ostream& out, std::ostream& err);
// `crm resource cleanup|restart|move|clear|status ...` (cli/resource_command.cc).
int RunResourceOpsCommand(const CommandArgs& args, std::ostream& out, std::ostream& err);

// `crm fencing history [NODE] [--json] [--verbose]` and `crm node fence NODE [reboot|off|on]
// [--wait SECONDS]` (cli/fence_command.cc).
int RunFencingCommand(const CommandArgs& args, std::ostream& out, std::ostream& err);
int RunNodeFenceCommand(const CommandArgs& args, std::ostream& out, std::ostream& err);

// crm lint: the same as crm configure verify (cli/verify_command.cc).
int RunLintCommand(const CommandArgs& args, std::ostream& out, std::ostream& err);

// `crm import haresources|keepalived FILE ...` (cli/import_command.cc).
int RunImportCommand(const CommandArgs& args, std::ostream& out, std::ostream& err);

// `crm status [--json]`: nodes, quorum, DC, resources from the local crmd (cli/status_command.cc).
int RunStatusCommand(const CommandArgs& args, std::ostream& out, std::ostream& err);

// `crm cib query`: the whole CIB from the local crmd, as XML (cli/cib_command.cc).
int RunCibCommand(const CommandArgs& args, std::ostream& out, std::ostream& err);

// `crm cluster init NAME --nodes n1=ADDR,... [--two-node | --qdevice HOST] [--token MS]
// [--dir DIR] [--force]`: corosync.conf, authkey, first CIB (cli/cluster_command.cc).
int RunClusterCommand(const CommandArgs& args, std::ostream& out, std::ostream& err);

// `crm help [COMMAND] | --markdown | --man` (cli/help_command.cc).
int RunHelpCommand(const CommandArgs& args, std::ostream& out, std::ostream& err);

// `crm complete [WORD...] PARTIAL`: candidates for PARTIAL after WORDs, one per line (for the
// bash completion script cli/completion/crm.bash; cli/complete_command.cc).
int RunCompleteCommand(const CommandArgs& args, std::ostream& out, std::ostream& err);

// The interactive shell, starting at `level` ("" top, "configure", ...) (cli/shell_main.cc).
int RunShell(const std::string& level, bool force, std::ostream& out, std::ostream& err);

}  // namespace keel
