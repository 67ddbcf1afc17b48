#include "xml/sha256.h"
#include "xml/xml_chunked_write.h"

namespace keel {

std::string SerializedXmlSha256(const XmlNode& node, bool pretty) {
  constexpr std::size_t kPieceBytes = 64 << 10;
  Sha256 sha;
  SerializeXmlChunked(node, pretty, kPieceBytes, [&](std::string_view piece) { sha.Update(piece); });
  return sha.Hex();
}

}  // namespace keel
