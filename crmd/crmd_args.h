#pragma once
// crmd's command line: `--name VALUE` or `--name=VALUE` for each DaemonOptions text, -f /
// --foreground, -h / --help. Pure; crmd_main.cc acts on the result. (Written by hand: Boost's
// program_options library cost each crmd 0.4 MB of resident memory for this.)

#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "crmd/daemon.h"
#include "xml/base/error.h"

namespace keel {

struct CrmdArgs {
  DaemonOptions options;
  bool foreground = false;
  bool help = false;
};

// `args` without the program name; `defaults` supplies every option not given.
std::expected<CrmdArgs, Error> ParseCrmdArgs(const std::vector<std::string_view>& args,
                                             DaemonOptions defaults);

// The --help text, showing the defaults.
std::string CrmdUsage(const DaemonOptions& defaults);

}  // namespace keel
