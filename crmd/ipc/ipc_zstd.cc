#include "crmd/ipc/ipc_zstd.h"

#include <zstd.h>

#include <memory>

#include "xml/xml_chunked_write.h"

namespace keel {

namespace {

constexpr int kLevel = 1;
// A 128 KiB window: compressing the 16 x 1,000 CIB needs ~0.5 MB instead of ~1.3 MB at the
// level's own 512 KiB, for 3% more output.
constexpr int kWindowLog = 17;
constexpr std::size_t kPieceBytes = 64 * 1024;

struct CCtxFree {
  void operator()(ZSTD_CCtx* c) const { ZSTD_freeCCtx(c); }
};
struct DCtxFree {
  void operator()(ZSTD_DCtx* d) const { ZSTD_freeDCtx(d); }
};

Error ZstdError(std::string what, size_t code) {
  return Error{ErrorCode::kInvalid, what + ": " + ZSTD_getErrorName(code), ""};
}

}  // namespace

std::expected<std::string, Error> CompressedXmlText(const XmlNode& node) {
  std::unique_ptr<ZSTD_CCtx, CCtxFree> ctx(ZSTD_createCCtx());
  if (!ctx) return std::unexpected(Error{ErrorCode::kInvalid, "zstd: out of memory", ""});
  ZSTD_CCtx_setParameter(ctx.get(), ZSTD_c_compressionLevel, kLevel);
  ZSTD_CCtx_setParameter(ctx.get(), ZSTD_c_windowLog, kWindowLog);
  ZSTD_CCtx_setParameter(ctx.get(), ZSTD_c_checksumFlag, 1);
  std::string out;
  std::string room(ZSTD_CStreamOutSize(), '\0');
  size_t failed = 0;
  auto push = [&](std::string_view piece, ZSTD_EndDirective mode) {
    ZSTD_inBuffer in{piece.data(), piece.size(), 0};
    for (;;) {
      ZSTD_outBuffer o{room.data(), room.size(), 0};
      size_t left = ZSTD_compressStream2(ctx.get(), &o, &in, mode);
      if (ZSTD_isError(left)) {
        failed = left;
        return;
      }
      out.append(room.data(), o.pos);
      bool done = mode == ZSTD_e_end ? left == 0 : in.pos == in.size;
      if (done) return;
    }
  };
  SerializeXmlChunked(node, true, kPieceBytes, [&](std::string_view piece) {
    if (failed == 0) push(piece, ZSTD_e_continue);
  });
  if (failed == 0) push({}, ZSTD_e_end);
  if (failed != 0) return std::unexpected(ZstdError("zstd compression failed", failed));
  return out;
}

std::expected<std::string, Error> DecompressedText(std::string_view frame, std::size_t limit) {
  auto bad = [](std::string why) {
    return std::unexpected(Error{ErrorCode::kParse, "compressed answer: " + why, ""});
  };
  std::unique_ptr<ZSTD_DCtx, DCtxFree> ctx(ZSTD_createDCtx());
  if (!ctx) return bad("zstd: out of memory");
  // Refuses a frame that asks for a window larger than ours needs (memory the peer chooses).
  ZSTD_DCtx_setParameter(ctx.get(), ZSTD_d_windowLogMax, kWindowLog + 3);
  std::string out;
  std::string room(ZSTD_DStreamOutSize(), '\0');
  ZSTD_inBuffer in{frame.data(), frame.size(), 0};
  size_t left = 1;  // nonzero until the frame ends
  while (in.pos < in.size) {
    ZSTD_outBuffer o{room.data(), room.size(), 0};
    left = ZSTD_decompressStream(ctx.get(), &o, &in);
    if (ZSTD_isError(left))
      return bad(std::string("not a valid zstd frame (") + ZSTD_getErrorName(left) + ")");
    if (out.size() + o.pos > limit) return bad("more than " + std::to_string(limit) + " bytes");
    out.append(room.data(), o.pos);
    if (left == 0) break;
  }
  // Output the decoder still holds once the input is used up.
  while (left != 0) {
    ZSTD_outBuffer o{room.data(), room.size(), 0};
    left = ZSTD_decompressStream(ctx.get(), &o, &in);
    if (ZSTD_isError(left))
      return bad(std::string("not a valid zstd frame (") + ZSTD_getErrorName(left) + ")");
    if (o.pos == 0) break;
    if (out.size() + o.pos > limit) return bad("more than " + std::to_string(limit) + " bytes");
    out.append(room.data(), o.pos);
  }
  if (left != 0) return bad("truncated");
  if (in.pos != in.size) return bad(std::to_string(in.size - in.pos) + " bytes after the frame");
  return out;
}

}  // namespace keel
