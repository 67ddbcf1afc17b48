#pragma once
// "#default" as the value of a name/value pair, read as Pacemaker reads it.

#include <string_view>

namespace keel {

// True for "#default" (any case): the pair unsets its name, and drops the value an earlier
// set gave it; a later set may set it again (FindNvValue in cib.h, the scheduler's NvValue).
bool IsDefaultValue(std::string_view value);

}  // namespace keel
