#pragma once
// An element's attributes in document order, packed into one buffer: per attribute its name
// (one byte for the CIB's common names, else its length and text), then its value's length
// and text (lengths as LEB128). A CIB with 15,000 operation entries of 14 attributes each held
// them as two std::strings per attribute (64 bytes plus a heap block for anything over 15
// characters, about 1 KB per entry); packed, an entry costs less than its text. Names and
// values are read as string_views (into the buffer, or a static table of names): a view stays
// valid until the attributes change.

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>

#include "xml/compact_bytes.h"

namespace keel {

struct XmlAttributeView {
  std::string_view name;
  std::string_view value;
  friend bool operator==(const XmlAttributeView&, const XmlAttributeView&) = default;
};

class XmlAttributes {
 public:
  class Iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = XmlAttributeView;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = XmlAttributeView;

    Iterator() = default;
    XmlAttributeView operator*() const;
    Iterator& operator++();
    Iterator operator++(int) {
      Iterator before = *this;
      ++*this;
      return before;
    }
    friend bool operator==(const Iterator& a, const Iterator& b) { return a.pos_ == b.pos_; }

   private:
    friend class XmlAttributes;
    Iterator(std::string_view bytes, size_t pos) : bytes_(bytes), pos_(pos) {}
    std::string_view bytes_;
    size_t pos_ = 0;  // where the current attribute starts
  };

  XmlAttributes() = default;
  XmlAttributes(std::initializer_list<XmlAttributeView> attributes);

  Iterator begin() const { return Iterator(bytes_.view(), 0); }
  Iterator end() const { return Iterator(bytes_.view(), bytes_.size()); }
  size_t size() const;  // counts them
  bool empty() const { return bytes_.empty(); }

  // nullopt when absent.
  std::optional<std::string_view> Find(std::string_view name) const;
  // Replaces the value, or appends the attribute.
  void Set(std::string_view name, std::string_view value);
  // Appends without looking for `name` first: the caller knows it is new (the parser does).
  void Append(std::string_view name, std::string_view value);
  bool Remove(std::string_view name);
  void Clear();
  // Room for `bytes` more, a sum of EncodedSize (the parser reserves exactly what it appends).
  void Reserve(size_t bytes) { bytes_.reserve(bytes_.size() + bytes); }
  static size_t EncodedSize(std::string_view name, std::string_view value);
  // The heap bytes the buffer holds (for memory figures).
  size_t capacity() const { return bytes_.capacity(); }

  // Same attributes, same order.
  friend bool operator==(const XmlAttributes& a, const XmlAttributes& b) {
    return a.bytes_ == b.bytes_;
  }

 private:
  // Where `name`'s entry starts and ends in bytes_, and where its value starts; nullopt if absent.
  struct Span {
    size_t start, value, value_size, end;
  };
  std::optional<Span> Locate(std::string_view name) const;

  CompactBytes bytes_;
};

}  // namespace keel
