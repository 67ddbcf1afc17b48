#include "cli/crm_dispatch_table.h"

namespace keel {

namespace {

constexpr CrmDispatchEntry kCommands[] = {
    {"configure", RunConfigureCommand, true}, {"import", RunImportCommand, true},
    {"resource", RunResourceCommand, false},  {"node", RunNodeCommand, false},
    {"help", RunHelpCommand, false},          {"simulate", RunSimulateCommand, false},
    {"status", RunStatusCommand, false},      {"cib", RunCibCommand, false},
    {"fencing", RunFencingCommand, false},    {"lint", RunLintCommand, false},
    {"complete", RunCompleteCommand, false},  {"cluster", RunClusterCommand, false},
};

}  // namespace

std::span<const CrmDispatchEntry> CrmDispatchTable() { return kCommands; }

}  // namespace keel
