#pragma once
// crmd's operator log through libqb: one line per decision, each stamped with the wall
// clock to the microsecond (the benches compare it with corosync's log).

#include <string>

namespace keel {

// Sends lines to `log_file` (when not empty) and to stderr (when `to_stderr`).
// Returns false (with a message on stderr) when the file cannot be opened.
bool InitLogging(const std::string& log_file, bool to_stderr);
void Log(const std::string& line);
void CloseLogging();

}  // namespace keel
