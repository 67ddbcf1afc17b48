#pragma once
// Normalizations for comparing configurations in tests and round trips.

#include "xml/cib.h"

namespace keel {

// The configuration with every source line set to 0 (lines differ between spellings): xml's
// WithoutSourceLines, kept under this name for the cli tests.
Configuration WithoutLines(Configuration config);

// Also clears the ids crm syntax cannot carry (nvpair, rule expression, resource set, fencing level
// ids),
// for round trips of configurations written by other tools.
Configuration WithoutUnwrittenIds(Configuration config);

}  // namespace keel
