#include "xml/xml_attributes.h"

namespace keel {
namespace {

void AppendLength(size_t n, std::string& out) {
  while (n >= 0x80) {
    out += static_cast<char>((n & 0x7f) | 0x80);
    n >>= 7;
  }
  out += static_cast<char>(n);
}

// Reads a length written by AppendLength at `pos` and moves past it.
size_t ReadLength(const std::string& bytes, size_t& pos) {
  size_t n = 0;
  for (int shift = 0;; shift += 7) {
    const auto byte = static_cast<unsigned char>(bytes[pos++]);
    n |= static_cast<size_t>(byte & 0x7f) << shift;
    if (byte < 0x80) return n;
  }
}

void AppendEntry(std::string_view name, std::string_view value, std::string& out) {
  AppendLength(name.size(), out);
  out += name;
  AppendLength(value.size(), out);
  out += value;
}

// Reads the entry at `pos` and moves past it.
XmlAttributeView ReadEntry(const std::string& bytes, size_t& pos) {
  const std::string_view all(bytes);
  XmlAttributeView entry;
  const size_t name_size = ReadLength(bytes, pos);
  entry.name = all.substr(pos, name_size);
  pos += name_size;
  const size_t value_size = ReadLength(bytes, pos);
  entry.value = all.substr(pos, value_size);
  pos += value_size;
  return entry;
}

}  // namespace

XmlAttributeView XmlAttributes::Iterator::operator*() const {
  size_t at = pos_;
  return ReadEntry(*bytes_, at);
}

XmlAttributes::Iterator& XmlAttributes::Iterator::operator++() {
  ReadEntry(*bytes_, pos_);
  return *this;
}

XmlAttributes::XmlAttributes(std::initializer_list<XmlAttributeView> attributes) {
  for (const XmlAttributeView& a : attributes) Set(a.name, a.value);
}

std::optional<XmlAttributes::Span> XmlAttributes::Locate(std::string_view name) const {
  size_t at = 0;
  while (at < bytes_.size()) {
    const size_t start = at;
    const size_t name_size = ReadLength(bytes_, at);
    const bool match = std::string_view(bytes_).substr(at, name_size) == name;
    at += name_size;
    const size_t value_size = ReadLength(bytes_, at);
    if (match) return Span{start, at, value_size, at + value_size};
    at += value_size;
  }
  return std::nullopt;
}

std::optional<std::string_view> XmlAttributes::Find(std::string_view name) const {
  const auto span = Locate(name);
  if (!span) return std::nullopt;
  return std::string_view(bytes_).substr(span->value, span->value_size);
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
  ++count_;
}

bool XmlAttributes::Remove(std::string_view name) {
  const auto span = Locate(name);
  if (!span) return false;
  bytes_.erase(span->start, span->end - span->start);
  --count_;
  return true;
}

void XmlAttributes::Reserve(size_t text_bytes, size_t count) {
  // Two length bytes per attribute cover every name and value under 128 characters.
  bytes_.reserve(bytes_.size() + text_bytes + 2 * count);
}

void XmlAttributes::Clear() {
  bytes_.clear();
  count_ = 0;
}

}  // namespace keel
