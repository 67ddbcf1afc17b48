#pragma once
// What a location constraint applies to, before the scheduler weighs it (internal to
// crmd/scheduler): an rsc-pattern becomes one location per top-level resource it selects,
// with %0 .. %9 in its rules' attributes and score-attributes replaced by that resource's
// submatches; an expression with value-source="param" or "meta" reads the resource the
// location names (ValueSources in rules.h), as Pacemaker evaluates them. Pure.

#include <optional>
#include <string>
#include <vector>

#include "crmd/scheduler/rules.h"
#include "xml/cib.h"

namespace keel {

// One location per top-level resource of `config` that `loc.rsc_pattern` selects, in
// document order, with rsc set and the pattern cleared; empty when it selects none.
std::vector<LocationConstraint> ExpandRscPattern(const LocationConstraint& loc,
                                                 const Configuration& config);

// Whether a rule of `loc` (nested ones included) takes a value from the resource.
bool UsesValueSource(const LocationConstraint& loc);

// Where value-source expressions of a location on resource `rsc` (a primitive, group or
// clone, however nested) read: its instance and meta attributes, then rsc_defaults.
// Pointers into `config`; nullopt when no resource has that id.
std::optional<ValueSources> ValueSourcesOf(const Configuration& config, const std::string& rsc);

}  // namespace keel
