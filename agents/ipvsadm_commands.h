#pragma once
// The ipvsadm backend of IPVSDirector: the ipvsadm command lines (argv vectors, run without a
// shell) that create, update and remove the virtual service. Pure.

#include <string>
#include <vector>

#include "agents/health_state.h"
#include "agents/ipvs_config.h"

namespace keel {

using CommandLine = std::vector<std::string>;

// Create the service (-A) and add every destination (-a).
std::vector<CommandLine> IpvsadmCreate(const IpvsConfig& config,
                                       const std::vector<Destination>& destinations);
// Move from `before` to `after`: -d for removed, -a for added, -e for a changed weight.
std::vector<CommandLine> IpvsadmUpdate(const IpvsConfig& config,
                                       const std::vector<Destination>& before,
                                       const std::vector<Destination>& after);
// Remove the service and its destinations (-D).
std::vector<CommandLine> IpvsadmDelete(const IpvsConfig& config);

// One command line as text, for logs and the recorded expectation in tests.
std::string FormatCommandLine(const CommandLine& argv);

}  // namespace keel
