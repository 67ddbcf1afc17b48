#pragma once
// SHA-256 (FIPS 180-4), fed in pieces: a CIB's digest is computed as its text is written out,
// without holding the whole text.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace keel {

class Sha256 {
 public:
  // Appends `data` to the message.
  void Update(std::string_view data);
  // The digest of everything given so far, as 64 lowercase hex digits; Update may go on after.
  std::string Hex() const;

 private:
  std::array<uint32_t, 8> state_ = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                    0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  std::array<unsigned char, 64> block_{};  // the bytes of an unfinished block
  std::size_t block_used_ = 0;
  uint64_t length_ = 0;  // bytes given so far
};

// SHA-256 of `data` as 64 lowercase hex digits.
std::string Sha256Hex(std::string_view data);

// Whether the CPU's SHA extensions are used (x86-64 with SHA-NI; else portable code). For tests
// and benches: UseSha256CpuExtensions(false) forces the portable code, true restores them
// where the CPU has them. Not to be switched while another thread digests.
bool Sha256UsesCpuExtensions();
void UseSha256CpuExtensions(bool use);

}  // namespace keel
