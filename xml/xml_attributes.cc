#include "xml/xml_attributes.h"

#include <array>
#include <cstdint>
#include <iterator>

namespace keel {
namespace {

// Names stored as one byte, (index << 1) | 1; any other name is stored as (length << 1) and
// its text. At most 64 keep every code one byte. The codes never leave the process.
// clang-format off
constexpr std::string_view kCommonNames[] = {
    "id", "operation_key", "operation", "crm-debug-origin", "crm_feature_set", "transition-key",
    "transition-magic", "exit-reason", "on_node", "call-id", "rc-code", "op-status", "interval",
    "last-rc-change", "last-run", "exec-time", "queue-time", "op-digest", "op-restart-digest",
    "op-force-restart", "op-secure-params", "op-secure-digest", "type", "class", "provider",
    "uname", "in_ccm", "crmd", "join", "expected", "shutdown", "name", "value", "score", "rsc",
    "node", "timeout", "with-rsc", "first", "then", "role", "admin_epoch", "epoch",
    "num_updates", "validate-with", "description", "kind", "rsc-role", "with-rsc-role",
    "boolean-op", "attribute", "operation-id", "on-fail", "start-delay", "shutdown-lock",
    "first-action", "then-action", "score-attribute", "cib-last-written", "update-origin",
    "update-client", "have-quorum", "dc-uuid", "id-ref"};
// clang-format on
static_assert(std::size(kCommonNames) <= 64);

// The common names' indices by length (a name outgrowing the table fails the build): every
// attribute lookup encodes its name, and a scan of all 64 was 7% of crmd's CPU at 16 x 1,000.
struct NamesByLength {
  static constexpr size_t kLengths = 32;
  static constexpr size_t kPerLength = 16;
  std::array<std::array<uint8_t, kPerLength>, kLengths> index{};
  std::array<uint8_t, kLengths> count{};
};

constexpr NamesByLength BuildNamesByLength() {
  NamesByLength table;
  for (size_t i = 0; i < std::size(kCommonNames); ++i) {
    const size_t length = kCommonNames[i].size();
    table.index[length][table.count[length]++] = static_cast<uint8_t>(i);
  }
  return table;
}
constexpr NamesByLength kNamesByLength = BuildNamesByLength();

std::optional<size_t> CommonCode(std::string_view name) {
  if (name.size() >= NamesByLength::kLengths) return std::nullopt;
  const auto& candidates = kNamesByLength.index[name.size()];
  for (size_t k = 0; k < kNamesByLength.count[name.size()]; ++k) {
    if (kCommonNames[candidates[k]] == name) return candidates[k];
  }
  return std::nullopt;
}

size_t LengthBytes(size_t n) {
  size_t bytes = 1;
  for (; n >= 0x80; n >>= 7) ++bytes;
  return bytes;
}

template <typename Out>
void AppendLength(size_t n, Out& out) {
  while (n >= 0x80) {
    out.push_back(static_cast<char>((n & 0x7f) | 0x80));
    n >>= 7;
  }
  out.push_back(static_cast<char>(n));
}

// Reads a length written by AppendLength at `pos` and moves past it.
size_t ReadLength(std::string_view bytes, size_t& pos) {
  size_t n = 0;
  for (int shift = 0;; shift += 7) {
    const auto byte = static_cast<unsigned char>(bytes[pos++]);
    n |= static_cast<size_t>(byte & 0x7f) << shift;
    if (byte < 0x80) return n;
  }
}

template <typename Out>
void AppendEntry(std::string_view name, std::string_view value, Out& out) {
  if (const auto code = CommonCode(name)) {
    AppendLength((*code << 1) | 1, out);
  } else {
    AppendLength(name.size() << 1, out);
    out.append(name);
  }
  AppendLength(value.size(), out);
  out.append(value);
}

// Reads the entry at `pos` and moves past it.
XmlAttributeView ReadEntry(std::string_view all, size_t& pos) {
  XmlAttributeView entry;
  const size_t tag = ReadLength(all, pos);
  if (tag & 1) {
    entry.name = kCommonNames[tag >> 1];
  } else {
    entry.name = all.substr(pos, tag >> 1);
    pos += tag >> 1;
  }
  const size_t value_size = ReadLength(all, pos);
  entry.value = all.substr(pos, value_size);
  pos += value_size;
  return entry;
}

}  // namespace

XmlAttributeView XmlAttributes::Iterator::operator*() const {
  size_t at = pos_;
  return ReadEntry(bytes_, at);
}

XmlAttributes::Iterator& XmlAttributes::Iterator::operator++() {
  ReadEntry(bytes_, pos_);
  return *this;
}

XmlAttributes::XmlAttributes(std::initializer_list<XmlAttributeView> attributes) {
  for (const XmlAttributeView& a : attributes) Set(a.name, a.value);
}

size_t XmlAttributes::size() const { return std::distance(begin(), end()); }

std::optional<XmlAttributes::Span> XmlAttributes::Locate(std::string_view name) const {
  const std::string_view bytes = bytes_.view();
  const auto code = CommonCode(name);
  const size_t wanted = code ? (*code << 1) | 1 : name.size() << 1;
  size_t at = 0;
  while (at < bytes.size()) {
    const size_t start = at;
    const size_t tag = ReadLength(bytes, at);
    bool match = tag == wanted;
    if (!(tag & 1)) {
      match = match && bytes.substr(at, tag >> 1) == name;
      at += tag >> 1;
    }
    const size_t value_size = ReadLength(bytes, at);
    if (match) return Span{start, at, value_size, at + value_size};
    at += value_size;
  }
  return std::nullopt;
}

std::optional<std::string_view> XmlAttributes::Find(std::string_view name) const {
  const auto span = Locate(name);
  if (!span) return std::nullopt;
  return bytes_.view().substr(span->value, span->value_size);
}

void XmlAttributes::Set(std::string_view name, std::string_view value) {
  const auto span = Locate(name);
  if (!span) {
    Append(name, value);
    return;
  }
  if (span->value_size == value.size()) {
    bytes_.replace(span->value, value.size(), value);
    return;
  }
  std::string entry;
  AppendEntry(name, value, entry);
  bytes_.replace(span->start, span->end - span->start, entry);
}

void XmlAttributes::Append(std::string_view name, std::string_view value) {
  AppendEntry(name, value, bytes_);
}

bool XmlAttributes::Remove(std::string_view name) {
  const auto span = Locate(name);
  if (!span) return false;
  bytes_.erase(span->start, span->end - span->start);
  return true;
}

size_t XmlAttributes::EncodedSize(std::string_view name, std::string_view value) {
  const size_t name_bytes = CommonCode(name) ? 1 : LengthBytes(name.size() << 1) + name.size();
  return name_bytes + LengthBytes(value.size()) + value.size();
}

void XmlAttributes::Clear() { bytes_.clear(); }

}  // namespace keel
