#pragma once
// Shadow CIBs (`crm cib new|delete|list|diff|commit|use NAME`), as crmsh and Pacemaker's
// crm_shadow offer: a copy of the CIB in $CIB_shadow_dir/shadow.NAME that commands work on
// when CIB_shadow=NAME is set, so that changes can be staged and simulated before they go live.
// Beside each shadow, shadow.NAME.origin holds the live version it was copied from; commit
// refuses when the live CIB moved on since (the shadow would undo someone else's change).

#include <expected>
#include <optional>
#include <string>
#include <vector>

#include "xml/base/error.h"

namespace keel {

// The line diff of `before` and `after` ("-" and "+" lines, " " for context), or "" when equal.
std::string LineDiff(const std::string& before, const std::string& after);

// crm cib SUBCOMMAND ARGS (all but `query`): 0 on success.
int RunShadowCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace keel
