#pragma once
// A byte string that costs one pointer: empty, nothing on the heap; otherwise one heap block
// holding its size, its capacity and the bytes. An element's attribute buffer as a std::string
// took 32 bytes in every XmlNode (33,000 elements at 16 nodes x 1,000 resources, a megabyte).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

namespace keel {

class CompactBytes {
 public:
  CompactBytes() = default;
  CompactBytes(const CompactBytes& other);  // capacity = size
  CompactBytes& operator=(const CompactBytes& other);
  CompactBytes(CompactBytes&&) noexcept = default;
  CompactBytes& operator=(CompactBytes&&) noexcept = default;

  std::string_view view() const;
  size_t size() const { return Read(0); }
  size_t capacity() const { return Read(1); }
  bool empty() const { return size() == 0; }

  // Room for `bytes` in all, exactly (never shrinks).
  void reserve(size_t bytes);
  void append(std::string_view bytes);
  void push_back(char byte) { append(std::string_view(&byte, 1)); }
  // Replaces `count` bytes at `pos` with `bytes` (which may view this buffer).
  void replace(size_t pos, size_t count, std::string_view bytes);
  void erase(size_t pos, size_t count) { replace(pos, count, {}); }
  void clear();
  void shrink_to_fit();

  friend bool operator==(const CompactBytes& a, const CompactBytes& b) {
    return a.view() == b.view();
  }

 private:
  static constexpr size_t kHeader = 2 * sizeof(uint32_t);  // size, capacity
  size_t Read(int field) const;
  void Write(int field, size_t value);
  char* data() { return block_.get() + kHeader; }
  // A block of `capacity` holding the current bytes.
  void Reallocate(size_t capacity);

  std::unique_ptr<char[]> block_;  // null while nothing was ever stored
};

}  // namespace keel
