#include "xml/sha256.h"

#include <gtest/gtest.h>

#include <map>

namespace keel {
namespace {

std::string Pattern(int n, int mul, int add) {
  std::string data;
  for (int i = 0; i < n; ++i) data += static_cast<char>((i * mul + add) % 256);
  return data;
}

TEST(Sha256Test, MatchesKnownDigests) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(Sha256Hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  // Lengths around the padding boundaries (bytes (i*7+3) mod 256), checked with Python hashlib.
  std::map<int, std::string> expected = {
      {55, "e7313d333c272e639f790978283f9eb392e843d0f29b7016828bb1daa4aac70b"},
      {56, "4324d65f3c103567f5589c710bc08f8523f929a9272e3af36fc968e52abc6c27"},
      {63, "81c80242132f230c3bd41b3e63bbcff16107339549214a99614ff26664625055"},
      {64, "39e3d7b6b5d075d37d053ad89b24b41bef4f3c29760c84447cab3f3be1882241"},
      {65, "aacca6ff74fdbb296d165a45cecfa04e5127bc008770fbbdd48006f2d2fae95e"},
      {119, "9ce7368e4daf32341631b492e80359dc9f594b48453cd0dd5bf0b19279cc177e"},
      {120, "7836b787757e95e58b3ca5aec90b1b004e8deba1e50e9675af9cabf1a13a04b5"}};
  for (const auto& [n, digest] : expected) EXPECT_EQ(Sha256Hex(Pattern(n, 7, 3)), digest) << n;
}

TEST(Sha256Test, PiecesGiveTheDigestOfTheWhole) {
  // 1,000 bytes (i*13+5) mod 256, checked with Python hashlib.
  const std::string data = Pattern(1000, 13, 5);
  const std::string digest = "7994e00959d889b2edd138584884b26ecd04053d86779cb88d89202dea18e599";
  ASSERT_EQ(Sha256Hex(data), digest);
  // Pieces that end just before, on and after the 64-byte block boundaries, and empty ones.
  for (std::size_t piece : {1u, 3u, 55u, 56u, 63u, 64u, 65u, 127u, 128u, 129u, 999u}) {
    Sha256 sha;
    for (std::size_t at = 0; at < data.size(); at += piece) {
      sha.Update(std::string_view(data).substr(at, piece));
      sha.Update("");
    }
    EXPECT_EQ(sha.Hex(), digest) << piece;
  }
  // Two cuts at every pair of offsets around the first two blocks.
  for (std::size_t a = 0; a < 140; ++a) {
    for (std::size_t b = a; b < 140; b += 7) {
      Sha256 sha;
      sha.Update(std::string_view(data).substr(0, a));
      sha.Update(std::string_view(data).substr(a, b - a));
      sha.Update(std::string_view(data).substr(b));
      ASSERT_EQ(sha.Hex(), digest) << a << " " << b;
    }
  }
}

TEST(Sha256Test, HexDoesNotEndTheMessage) {
  Sha256 sha;
  sha.Update("ab");
  EXPECT_EQ(sha.Hex(), Sha256Hex("ab"));
  sha.Update("c");
  EXPECT_EQ(sha.Hex(), Sha256Hex("abc"));
}

}  // namespace
}  // namespace keel

namespace keel {
namespace {

// The tests above with the portable code, when the CPU's extensions were used.
class Sha256PortableTest : public ::testing::Test {
 protected:
  void SetUp() override { UseSha256CpuExtensions(false); }
  void TearDown() override { UseSha256CpuExtensions(true); }
};

TEST_F(Sha256PortableTest, MatchesTheCpuExtensionsAndKnownDigests) {
  ASSERT_FALSE(Sha256UsesCpuExtensions());
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  for (int n = 0; n < 300; ++n) {
    const std::string data = Pattern(n, 7, 3);
    UseSha256CpuExtensions(false);
    const std::string portable = Sha256Hex(data);
    UseSha256CpuExtensions(true);
    EXPECT_EQ(Sha256Hex(data), portable) << n;
  }
  UseSha256CpuExtensions(false);
  Sha256 sha;
  sha.Update("ab");
  sha.Update("c");
  EXPECT_EQ(sha.Hex(), Sha256Hex("abc"));
}

}  // namespace
}  // namespace keel
