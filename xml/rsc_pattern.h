#pragma once
// rsc-pattern of <rsc_location>: a POSIX extended regular expression over the ids of the
// top-level resources; with a leading '!' the constraint applies to the ids it does NOT match.
// Submatches of a match may be named in the constraint's rules as %0 (the whole match) to %9:
// in an expression's attribute and in score-attribute, as Pacemaker reads them. Pure.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace keel {

// Why `pattern` is not a valid rsc-pattern (empty, or the regex library's message); nullopt
// when it is valid.
std::optional<std::string> RscPatternError(std::string_view pattern);

// Whether `pattern` selects the resource `id`: the submatches (%0 .. %N) when it matches, an
// empty list when an inverted pattern selects it by not matching; nullopt when not selected
// (or the pattern is invalid).
std::optional<std::vector<std::string>> SelectByRscPattern(std::string_view pattern,
                                                           std::string_view id);

// `text` with %0 .. %9 replaced by those submatches (one that did not take part reads as
// empty); unchanged when `submatches` is empty.
std::string ExpandSubmatches(std::string_view text, const std::vector<std::string>& submatches);

}  // namespace keel
