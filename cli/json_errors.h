#pragma once
// A command asked for --json answers in JSON also when it fails, so that a program reading its
// standard output always gets one JSON document and the exit status says which kind.

#include <ostream>
#include <string_view>

#include "cli/command.h"

namespace keel {

using CommandFunction = int (*)(const CommandArgs&, std::ostream&, std::ostream&);

// True when one of `args` is "--json".
bool WantsJson(const CommandArgs& args);

// Runs `run`. Without --json, or when it exits 0, its output passes through unchanged (warnings
// stay text on `err`). When a --json run fails, what it wrote to `out` is dropped and `out` gets
//   {"error": {"command": "crm WORD", "exit_code": N, "messages": ["LINE", ...]}}
// with one message per line it wrote to its error stream, which `err` still gets as text (for
// people and for scripts that read standard error). The exit status is the command's.
int RunWithJsonErrors(std::string_view word, CommandFunction run, const CommandArgs& args,
                      std::ostream& out, std::ostream& err);

}  // namespace keel
