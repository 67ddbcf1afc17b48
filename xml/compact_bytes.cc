#include "xml/compact_bytes.h"

#include <algorithm>
#include <cstring>
#include <functional>
#include <stdexcept>
#include <string>

namespace keel {

CompactBytes::CompactBytes(const CompactBytes& other) {
  if (other.empty()) return;
  Reallocate(other.size());
  append(other.view());
}

CompactBytes& CompactBytes::operator=(const CompactBytes& other) {
  if (this != &other) *this = CompactBytes(other);
  return *this;
}

size_t CompactBytes::Read(int field) const {
  if (!block_) return 0;
  uint32_t value;
  std::memcpy(&value, block_.get() + field * sizeof(uint32_t), sizeof value);
  return value;
}

void CompactBytes::Write(int field, size_t value) {
  const auto narrow = static_cast<uint32_t>(value);
  std::memcpy(block_.get() + field * sizeof(uint32_t), &narrow, sizeof narrow);
}

std::string_view CompactBytes::view() const {
  if (!block_) return {};
  return std::string_view(block_.get() + kHeader, size());
}

void CompactBytes::Reallocate(size_t capacity) {
  if (capacity > UINT32_MAX) throw std::length_error("CompactBytes: over 4 GiB");
  const size_t used = size();
  std::unique_ptr<char[]> block(new char[kHeader + capacity]);
  if (used > 0) std::memcpy(block.get() + kHeader, data(), used);
  block_ = std::move(block);
  Write(0, used);
  Write(1, capacity);
}

void CompactBytes::reserve(size_t bytes) {
  if (bytes > capacity()) Reallocate(bytes);
}

void CompactBytes::append(std::string_view bytes) { replace(size(), 0, bytes); }

void CompactBytes::replace(size_t pos, size_t count, std::string_view bytes) {
  if (block_ && !bytes.empty() && std::less_equal<>()(block_.get(), bytes.data()) &&
      std::less<>()(bytes.data(), block_.get() + kHeader + capacity())) {
    const std::string copy(bytes);  // a view of these very bytes
    replace(pos, count, copy);
    return;
  }
  const size_t old_size = size();
  const size_t new_size = old_size - count + bytes.size();
  // Grown by half at least: an element built one attribute at a time is not copied each time.
  if (new_size > capacity()) Reallocate(std::max(new_size, capacity() + capacity() / 2));
  if (new_size == 0) {
    if (block_) Write(0, 0);
    return;
  }
  char* at = data() + pos;
  std::memmove(at + bytes.size(), at + count, old_size - pos - count);
  if (!bytes.empty()) std::memcpy(at, bytes.data(), bytes.size());
  Write(0, new_size);
}

void CompactBytes::clear() { block_.reset(); }

void CompactBytes::shrink_to_fit() {
  if (empty()) {
    block_.reset();
  } else if (capacity() > size()) {
    Reallocate(size());
  }
}

}  // namespace keel
