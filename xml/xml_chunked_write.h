#pragma once
// SerializeXml's text handed out in pieces, for a tree whose text is too large to hold whole
// (a CIB at 16 nodes x 1,000 resources is 6.7 MB): it is streamed to a file instead.

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "xml/xml_node.h"

namespace keel {

// Calls `sink` with consecutive pieces of exactly SerializeXml(node, pretty)'s bytes: every
// piece but the last holds `chunk_bytes` (at least 1), the last holds the rest (none for an
// empty text). A piece lasts until `sink` returns. Holds one piece of memory, never the text.
void SerializeXmlChunked(const XmlNode& node, bool pretty, std::size_t chunk_bytes,
                         const std::function<void(std::string_view)>& sink);

// SHA-256 (64 hex digits) of SerializeXml(node, pretty), computed over the pieces: a CIB's
// digest without its whole text in memory.
std::string SerializedXmlSha256(const XmlNode& node, bool pretty);

}  // namespace keel
