#pragma once
// An element's name in one word: the CIB's common element names as a code into a static
// table, any other name in its own heap block (its size, then its bytes). As a std::string it
// took 32 bytes in every XmlNode (36,000 elements at 16 nodes x 1,000 resources: 0.9 MB of
// every crmd's CIB replica). Read it as a string_view; compare it with text directly.

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>

namespace keel {

class XmlName {
 public:
  XmlName() = default;
  XmlName(std::string_view name) { Assign(name); }    // NOLINT: reads like text
  XmlName(const char* name) { Assign(name); }         // NOLINT
  XmlName(const std::string& name) { Assign(name); }  // NOLINT
  XmlName(const XmlName& other) { Assign(other.view()); }
  XmlName(XmlName&& other) noexcept : bits_(other.bits_) { other.bits_ = 0; }
  XmlName& operator=(const XmlName& other);
  XmlName& operator=(XmlName&& other) noexcept;
  XmlName& operator=(std::string_view name);
  XmlName& operator=(const std::string& name) { return *this = std::string_view(name); }
  XmlName& operator=(const char* name) { return *this = std::string_view(name); }
  ~XmlName() { Release(); }

  std::string_view view() const;
  operator std::string_view() const { return view(); }  // NOLINT: reads like the text it is
  std::string str() const { return std::string(view()); }
  bool empty() const { return bits_ == 0; }
  size_t size() const { return view().size(); }

  friend bool operator==(const XmlName& a, const XmlName& b) { return a.view() == b.view(); }
  friend bool operator==(const XmlName& a, std::string_view b) { return a.view() == b; }
  friend bool operator==(const XmlName& a, const char* b) { return a.view() == b; }
  friend bool operator==(const XmlName& a, const std::string& b) { return a.view() == b; }
  friend auto operator<=>(const XmlName& a, const XmlName& b) { return a.view() <=> b.view(); }
  friend std::string operator+(const XmlName& a, std::string_view b) { return a.str().append(b); }
  friend std::string operator+(std::string_view a, const XmlName& b) {
    return std::string(a).append(b.view());
  }
  friend std::string operator+(const char* a, const XmlName& b) {
    return std::string(a).append(b.view());
  }
  friend std::string operator+(const std::string& a, const XmlName& b) {
    return std::string(a).append(b.view());
  }
  friend std::ostream& operator<<(std::ostream& out, const XmlName& name);

 private:
  void Assign(std::string_view name);
  void Release();
  // 0: empty; (code << 1) | 1: a common name; else a heap block of uint32 size and bytes.
  uintptr_t bits_ = 0;
};

}  // namespace keel
