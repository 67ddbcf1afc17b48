#pragma once
// The CIB as a query answer compressed as one LZ4 frame (IpcQuery's encoding "lz4"). crmd holds
// an answer until the client has read every piece of it; the 16 x 1,000 CIB is 7.4 MB of text
// and 0.9 MB compressed, serialized and compressed piece by piece without the whole text in
// memory. LZ4 rather than zstd (0.4 MB): liblz4 is loaded anyway (libqb -> libsystemd) and its
// compressor is small; zstd's left 0.4 MB more of crmd resident once it had answered one query.

#include <cstddef>
#include <expected>
#include <string>
#include <string_view>

#include "xml/base/error.h"
#include "xml/xml_node.h"

namespace keel {

// One LZ4 frame (64 KiB linked blocks, content checksum) holding SerializeXml(node)'s bytes.
// `expected_bytes` (the last answer's size, say) is reserved up front: growing the frame by
// doubling held up to 1.5 times its size while it grew.
std::expected<std::string, Error> CompressedXmlText(const XmlNode& node,
                                                    std::size_t expected_bytes = 0);

// The bytes of one whole LZ4 frame as CompressedXmlText makes them; an error for anything else
// (not LZ4, other block sizes, truncated, bytes after the frame, damaged: the checksum) and for
// more than `limit` bytes.
std::expected<std::string, Error> DecompressedText(std::string_view frame, std::size_t limit);

}  // namespace keel
