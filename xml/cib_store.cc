#include "xml/cib_store.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>

namespace keel {

// ---- SHA-256 (FIPS 180-4) ------------------------------------------------------------------

namespace {

constexpr std::array<uint32_t, 64> kRound = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

constexpr uint32_t Rotr(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

void Compress(std::array<uint32_t, 8>& h, const unsigned char* block) {
  uint32_t w[64];
  for (int i = 0; i < 16; ++i) {
    w[i] = uint32_t{block[4 * i]} << 24 | uint32_t{block[4 * i + 1]} << 16 |
           uint32_t{block[4 * i + 2]} << 8 | uint32_t{block[4 * i + 3]};
  }
  for (int i = 16; i < 64; ++i) {
    uint32_t s0 = Rotr(w[i - 15], 7) ^ Rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
    uint32_t s1 = Rotr(w[i - 2], 17) ^ Rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
    w[i] = w[i - 16] + s0 + w[i - 7] + s1;
  }
  uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
  for (int i = 0; i < 64; ++i) {
    uint32_t t1 =
        k + (Rotr(e, 6) ^ Rotr(e, 11) ^ Rotr(e, 25)) + ((e & f) ^ (~e & g)) + kRound[i] + w[i];
    uint32_t t2 = (Rotr(a, 2) ^ Rotr(a, 13) ^ Rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
    k = g;
    g = f;
    f = e;
    e = d + t1;
    d = c;
    c = b;
    b = a;
    a = t1 + t2;
  }
  h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e, h[5] += f, h[6] += g, h[7] += k;
}

}  // namespace

std::string Sha256Hex(std::string_view data) {
  std::array<uint32_t, 8> h = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                               0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  const auto* bytes = reinterpret_cast<const unsigned char*>(data.data());
  std::size_t full = data.size() / 64 * 64;
  for (std::size_t i = 0; i < full; i += 64) Compress(h, bytes + i);
  // The tail, the 0x80 marker, zero padding and the bit length fill one or two more blocks.
  unsigned char tail[128] = {};
  std::size_t rest = data.size() - full;
  std::copy(bytes + full, bytes + data.size(), tail);
  tail[rest] = 0x80;
  std::size_t blocks = rest < 56 ? 1 : 2;
  uint64_t bits = static_cast<uint64_t>(data.size()) * 8;
  for (int i = 0; i < 8; ++i)
    tail[blocks * 64 - 1 - i] = static_cast<unsigned char>(bits >> (8 * i));
  for (std::size_t b = 0; b < blocks; ++b) Compress(h, tail + 64 * b);
  std::string hex;
  for (uint32_t word : h) {
    char buf[9];
    std::snprintf(buf, sizeof buf, "%08x", word);
    hex += buf;
  }
  return hex;
}

// ---- Sealed files --------------------------------------------------------------------------

namespace {

constexpr std::string_view kTrailerStart = "<!-- keel-digest sha256=";
constexpr std::string_view kTrailerEnd = " -->\n";
// What SealCibText appends at most: a line end, the trailer, 64 hex digits, " length=" and 20
// digits.
static_assert(1 + kTrailerStart.size() + 64 + 8 + 20 + kTrailerEnd.size() <= kCibSealBytes);

Error Damaged(std::string_view file, std::string message) {
  return Error{ErrorCode::kInvalid, std::move(message), std::string(file)};
}

}  // namespace

// By value: the CIB's text (megabytes at scale) gets its trailer in place, not in a copy.
std::string SealCibText(std::string xml_text) {
  std::string out = std::move(xml_text);
  if (!out.empty() && out.back() != '\n') out += '\n';
  std::string digest = Sha256Hex(out);
  std::size_t length = out.size();
  out += kTrailerStart;
  out += digest;
  out += " length=" + std::to_string(length);
  out += kTrailerEnd;
  return out;
}

std::expected<std::string_view, Error> UnsealCibText(std::string_view content,
                                                     std::string_view file) {
  std::size_t at = content.rfind(kTrailerStart);
  if (at == std::string_view::npos || !content.ends_with(kTrailerEnd)) {
    return std::unexpected(Damaged(file, "truncated (no digest trailer)"));
  }
  std::string_view fields = content.substr(at + kTrailerStart.size());
  fields.remove_suffix(kTrailerEnd.size());
  std::string_view digest = fields.substr(0, std::min<std::size_t>(64, fields.size()));
  std::string_view length_text = fields.substr(digest.size());
  uint64_t length = 0;
  bool ok = digest.size() == 64 && digest.find_first_not_of("0123456789abcdef") == digest.npos &&
            length_text.starts_with(" length=");
  if (ok) {
    length_text.remove_prefix(8);
    auto [end, ec] =
        std::from_chars(length_text.data(), length_text.data() + length_text.size(), length);
    ok =
        !length_text.empty() && ec == std::errc() && end == length_text.data() + length_text.size();
  }
  if (!ok) return std::unexpected(Damaged(file, "damaged digest trailer"));
  if (length != at) {
    return std::unexpected(Damaged(file, "truncated or damaged: " + std::to_string(at) +
                                             " bytes before the digest, the trailer says " +
                                             std::to_string(length)));
  }
  std::string_view text = content.substr(0, at);
  if (Sha256Hex(text) != digest) return std::unexpected(Damaged(file, "digest mismatch"));
  return text;
}

// ---- The store -----------------------------------------------------------------------------

CibStore::CibStore(FileStore& files, CibStoreOptions options) : files_(files), options_(options) {
  options_.keep = std::max<std::size_t>(options_.keep, 1);
}

std::string CibStore::FileName(uint64_t sequence) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "cib-%08llu.xml", static_cast<unsigned long long>(sequence));
  return buf;
}

std::optional<uint64_t> CibStore::SequenceOf(std::string_view file) {
  if (!file.starts_with("cib-") || !file.ends_with(".xml")) return std::nullopt;
  std::string_view digits = file.substr(4, file.size() - 8);
  uint64_t sequence = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), sequence);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size()) {
    return std::nullopt;
  }
  // Only the canonical spelling counts, so two names never share a number.
  if (FileName(sequence) != file) return std::nullopt;
  return sequence;
}

std::expected<std::vector<uint64_t>, Error> CibStore::Sequences() const {
  std::expected<std::vector<std::string>, Error> names = files_.List();
  if (!names) return std::unexpected(names.error());
  std::vector<uint64_t> sequences;
  for (const std::string& name : *names) {
    if (std::optional<uint64_t> sequence = SequenceOf(name)) sequences.push_back(*sequence);
  }
  std::sort(sequences.begin(), sequences.end());
  return sequences;
}

std::expected<SavedCib, Error> CibStore::Save(const XmlNode& cib) {
  return SaveText(SerializeXml(cib, true, kCibSealBytes));
}

std::expected<SavedCib, Error> CibStore::SaveText(std::string cib_text) {
  std::expected<std::vector<uint64_t>, Error> sequences = Sequences();
  if (!sequences) return std::unexpected(sequences.error());
  SavedCib saved;
  saved.sequence = sequences->empty() ? 1 : sequences->back() + 1;
  saved.file = FileName(saved.sequence);
  // Data first, then the name: a crash leaves either no new version or a complete one.
  std::string text = SealCibText(std::move(cib_text));
  saved.bytes = text.size();
  std::expected<void, Error> step = files_.WriteDurably(kTempFile, std::move(text));
  if (step) step = files_.Rename(kTempFile, saved.file);
  if (step) step = files_.SyncDirectory();
  if (!step) return std::unexpected(step.error());

  sequences->push_back(saved.sequence);
  std::size_t excess = sequences->size() > options_.keep ? sequences->size() - options_.keep : 0;
  for (std::size_t i = 0; i < excess; ++i) {
    std::expected<void, Error> removed = files_.Remove(FileName((*sequences)[i]));
    if (!removed) saved.warnings.push_back(removed.error());
  }
  if (excess > 0) {
    std::expected<void, Error> synced = files_.SyncDirectory();
    if (!synced) saved.warnings.push_back(synced.error());
  }
  return saved;
}

std::expected<StoredCib, Error> CibStore::Load() const {
  std::expected<std::vector<uint64_t>, Error> sequences = Sequences();
  if (!sequences) return std::unexpected(sequences.error());
  if (sequences->empty()) {
    return std::unexpected(Error{ErrorCode::kNotFound, "no saved CIB", files_.Location()});
  }
  StoredCib stored;
  for (auto it = sequences->rbegin(); it != sequences->rend(); ++it) {
    std::string name = FileName(*it);
    std::string path = files_.Location() + "/" + name;
    std::expected<std::string, Error> content = files_.Read(name);
    if (!content) {
      stored.skipped.push_back(content.error());
      continue;
    }
    std::expected<std::string_view, Error> text = UnsealCibText(*content, path);
    if (!text) {
      stored.skipped.push_back(text.error());
      continue;
    }
    std::expected<XmlNode, Error> cib = ParseXml(*text, path);
    if (!cib) {
      stored.skipped.push_back(cib.error());
      continue;
    }
    stored.cib = std::move(*cib);
    stored.file = std::move(name);
    stored.sequence = *it;
    return stored;
  }
  std::string why;
  for (const Error& e : stored.skipped) why += "; " + e.ToString();
  return std::unexpected(
      Error{ErrorCode::kInvalid,
            "no intact CIB among " + std::to_string(sequences->size()) + " saved versions" + why,
            files_.Location()});
}

}  // namespace keel
