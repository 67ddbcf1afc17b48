#pragma once
// The CIB as a query answer compressed with zstd (IpcQuery's encoding "zstd"). crmd holds an
// answer until the client has read every piece of it; the 16 x 1,000 CIB is 7.4 MB of text and
// 0.4 MB compressed, serialized and compressed piece by piece without the whole text in memory.

#include <cstddef>
#include <expected>
#include <string>
#include <string_view>

#include "xml/base/error.h"
#include "xml/xml_node.h"

namespace keel {

// One zstd frame holding SerializeXml(node)'s bytes.
std::expected<std::string, Error> CompressedXmlText(const XmlNode& node);

// The bytes of one whole zstd frame; an error for anything else (not zstd, truncated, bytes
// after the frame, damaged: the frame carries a checksum) and for more than `limit` bytes.
std::expected<std::string, Error> DecompressedText(std::string_view frame, std::size_t limit);

}  // namespace keel
