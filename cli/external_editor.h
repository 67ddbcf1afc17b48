#pragma once
// Runs the user's editor on a temporary file (edit command). Side effect at the edge.

#include <expected>
#include <string>

#include "xml/base/error.h"

namespace keel {

// Writes `text` to a private temporary file, runs `editor FILE` through /bin/sh, waits for it
// and returns the file's new contents. The file is removed afterwards.
std::expected<std::string, Error> EditText(const std::string& editor, const std::string& text);

}  // namespace keel
