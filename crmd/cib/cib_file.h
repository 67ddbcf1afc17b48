#pragma once
// The CIB on disk: DIR/cib.xml, replaced atomically (temp file, fsync, rename, fsync DIR),
// so a crash leaves either the old or the new CIB, never a torn one.

#include <expected>
#include <optional>
#include <string>

#include "xml/error.h"
#include "xml/xml_node.h"

namespace keel {

// The stored CIB, or nullopt when DIR has none yet. Errors name the file (and line).
std::expected<std::optional<XmlNode>, Error> LoadCibFile(const std::string& dir);

std::expected<void, Error> SaveCibFile(const std::string& dir, const XmlNode& cib);

}  // namespace keel
