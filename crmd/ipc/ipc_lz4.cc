#include "crmd/ipc/ipc_lz4.h"

#include <lz4frame.h>

#include <memory>

#include "xml/xml_chunked_write.h"

namespace keel {

namespace {

constexpr std::size_t kPieceBytes = 64 * 1024;

struct CCtxFree {
  void operator()(LZ4F_cctx* c) const { LZ4F_freeCompressionContext(c); }
};
struct DCtxFree {
  void operator()(LZ4F_dctx* d) const { LZ4F_freeDecompressionContext(d); }
};

LZ4F_preferences_t Preferences() {
  LZ4F_preferences_t prefs{};
  prefs.frameInfo.blockSizeID = LZ4F_max64KB;
  prefs.frameInfo.blockMode = LZ4F_blockLinked;
  prefs.frameInfo.contentChecksumFlag = LZ4F_contentChecksumEnabled;
  return prefs;
}

}  // namespace

std::expected<std::string, Error> CompressedXmlText(const XmlNode& node,
                                                    std::size_t expected_bytes) {
  auto fail = [](std::string what, size_t code) {
    return std::unexpected(Error{ErrorCode::kInvalid,
                                 "lz4 compression failed: " + what + ": " + LZ4F_getErrorName(code),
                                 ""});
  };
  LZ4F_cctx* raw = nullptr;
  if (size_t rc = LZ4F_createCompressionContext(&raw, LZ4F_VERSION); LZ4F_isError(rc)) {
    return fail("context", rc);
  }
  std::unique_ptr<LZ4F_cctx, CCtxFree> ctx(raw);
  const LZ4F_preferences_t prefs = Preferences();
  std::string room(std::max<size_t>(LZ4F_compressBound(kPieceBytes, &prefs), LZ4F_HEADER_SIZE_MAX),
                   '\0');
  std::string out;
  out.reserve(expected_bytes);
  size_t rc = LZ4F_compressBegin(ctx.get(), room.data(), room.size(), &prefs);
  if (LZ4F_isError(rc)) return fail("header", rc);
  out.append(room.data(), rc);
  SerializeXmlChunked(node, true, kPieceBytes, [&](std::string_view piece) {
    if (LZ4F_isError(rc)) return;
    rc = LZ4F_compressUpdate(ctx.get(), room.data(), room.size(), piece.data(), piece.size(),
                             nullptr);
    if (!LZ4F_isError(rc)) out.append(room.data(), rc);
  });
  if (LZ4F_isError(rc)) return fail("block", rc);
  rc = LZ4F_compressEnd(ctx.get(), room.data(), room.size(), nullptr);
  if (LZ4F_isError(rc)) return fail("end", rc);
  out.append(room.data(), rc);
  return out;
}

std::expected<std::string, Error> DecompressedText(std::string_view frame, std::size_t limit) {
  auto bad = [](std::string why) {
    return std::unexpected(Error{ErrorCode::kParse, "compressed answer: " + why, ""});
  };
  LZ4F_dctx* raw = nullptr;
  if (LZ4F_isError(LZ4F_createDecompressionContext(&raw, LZ4F_VERSION)))
    return bad("lz4: no memory");
  std::unique_ptr<LZ4F_dctx, DCtxFree> ctx(raw);
  size_t pos = 0;
  // The header first: a frame with larger blocks than ours would make the decoder allocate
  // what the peer chose.
  LZ4F_frameInfo_t info{};
  size_t used = frame.size();
  size_t hint = LZ4F_getFrameInfo(ctx.get(), &info, frame.data(), &used);
  if (LZ4F_isError(hint)) {
    return bad(frame.empty()
                   ? std::string("truncated")
                   : std::string("not a valid LZ4 frame (") + LZ4F_getErrorName(hint) + ")");
  }
  if (info.blockSizeID != LZ4F_max64KB && info.blockSizeID != LZ4F_default) {
    return bad("not a valid LZ4 frame (blocks larger than 64 KiB)");
  }
  pos += used;
  std::string out;
  std::string room(kPieceBytes, '\0');
  while (hint != 0) {
    size_t in = frame.size() - pos;
    size_t produced = room.size();
    hint = LZ4F_decompress(ctx.get(), room.data(), &produced, frame.data() + pos, &in, nullptr);
    if (LZ4F_isError(hint))
      return bad(std::string("not a valid LZ4 frame (") + LZ4F_getErrorName(hint) + ")");
    pos += in;
    if (out.size() + produced > limit) return bad("more than " + std::to_string(limit) + " bytes");
    out.append(room.data(), produced);
    if (hint != 0 && in == 0 && produced == 0) return bad("truncated");
  }
  if (pos != frame.size())
    return bad(std::to_string(frame.size() - pos) + " bytes after the frame");
  return out;
}

}  // namespace keel
